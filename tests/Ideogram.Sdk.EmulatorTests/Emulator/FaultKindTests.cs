using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>
/// The faults a provider × fault × phase matrix needs: 504, empty and oversized bodies, and every fault either in the
/// provider's place (nothing runs) or after the provider handled the request (the job exists, the answer is lost or
/// mangled), as the journal records.
/// </summary>
public sealed partial class FaultKindTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await EmuKit.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private JournalEntry Last(EmulatedProvider provider) => _emu.Control.GetJournal(provider)[^1];

    [Fact]
    public async Task Gateway_timeout_answers_504_in_the_providers_place()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.GatewayTimeout });

        var body = await WireKit.ExpectAsync(client, WireKit.IdeogramGenerate(1), 504);

        Assert.Equal("Gateway timeout.", body.GetProperty("error").GetString());
        var entry = Last(EmulatedProvider.Ideogram);
        Assert.Equal((FaultKind?)FaultKind.GatewayTimeout, entry.Fault);
        Assert.False(entry.Handled);
        Assert.Null(entry.ProviderStatusCode);
    }

    [Fact]
    public async Task A_status_fault_after_handling_charges_the_submission_and_replaces_its_whole_answer()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Segmind);
        var before = await CreditsAsync(client);
        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.GatewayTimeout, AfterHandling = true });

        using var request = WireKit.SegmindSubmit();
        using var response = await client.SendAsync(request);

        Assert.Equal(504, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("x-remaining-credits"), "the provider's headers are replaced with the fault's");
        Assert.DoesNotContain("request_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await CreditsAsync(client) < before, "the submission ran and was charged");
        var entry = _emu.Control.GetJournal(EmulatedProvider.Segmind, RequestPhase.Submission).Single();
        Assert.True(entry.Handled);
        Assert.Equal(200, entry.ProviderStatusCode);
        Assert.Equal(504, entry.StatusCode);
    }

    [Fact]
    public async Task Empty_body_answers_200_with_no_content()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.EmptyBody });

        using var request = WireKit.IdeogramGenerate(1);
        using var response = await client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(Last(EmulatedProvider.Ideogram).Handled);
    }

    [Fact]
    public async Task Empty_body_after_handling_keeps_the_providers_status_and_headers()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Runflow);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runflow, Kind = FaultKind.EmptyBody, AfterHandling = true });

        using var request = WireKit.RunflowCreate(images: 1);
        using var response = await client.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var run = await WireKit.ExpectAsync(client, WireKit.RunflowRead(location.Split('/')[^1]));
        Assert.Equal("succeeded", run.GetProperty("status_code").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Oversized_body_is_as_large_as_asked_with_or_without_a_content_length(bool withoutContentLength)
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.OversizedBody, BodyBytes = 300_000, WithoutContentLength = withoutContentLength });

        using var request = WireKit.IdeogramGenerate(1);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var announced = response.Content.Headers.ContentLength;
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(withoutContentLength ? null : 300_000, announced);
        Assert.Equal(withoutContentLength, response.Headers.TransferEncodingChunked == true);
        Assert.Equal(300_000, body.Length);
        Assert.Equal("{}", Encoding.ASCII.GetString(body, 0, 2));
        Assert.All(body.Skip(2), b => Assert.Equal((byte)' ', b));
        using var parsed = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
    }

    [Fact]
    public async Task Oversized_download_after_handling_is_the_real_image_padded_with_zeros()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        var url = (await WireKit.ExpectAsync(client, WireKit.IdeogramGenerate(1))).GetProperty("data")[0].GetProperty("url").GetString()!;
        var png = await WireKit.DownloadAsync(client, url);
        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Download, Kind = FaultKind.OversizedBody, AfterHandling = true, BodyBytes = 200_000 });

        using var response = await client.GetAsync(new Uri(url));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(200_000, body.Length);
        Assert.Equal(png, body[..png.Length]);
        Assert.All(body[png.Length..], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_client_that_stops_reading_an_oversized_body_ends_it_without_harm()
    {
        using var client = new HttpClient { BaseAddress = _emu.BaseAddress(EmulatedProvider.Ideogram), MaxResponseContentBufferSize = 100_000, Timeout = TimeSpan.FromSeconds(10) };
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.OversizedBody, BodyBytes = 64L * 1024 * 1024, WithoutContentLength = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(WireKit.IdeogramGenerate(1)));

        using var next = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        await WireKit.ExpectAsync(next, WireKit.IdeogramGenerate(1));
    }

    [Fact]
    public async Task Abort_drops_the_connection_before_the_request_runs_and_after_handling_once_it_has_run()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Runware);
        var before = Guid.NewGuid().ToString();
        var after = Guid.NewGuid().ToString();

        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.Abort });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(WireKit.Runware(WireKit.RunwareInference(before, images: 1, async: true))));
        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.Abort, AfterHandling = true });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(WireKit.Runware(WireKit.RunwareInference(after, images: 1, async: true))));

        var notRun = await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareGetResponse(before)), 404);
        Assert.Equal("taskNotFound", notRun.GetProperty("errors")[0].GetProperty("code").GetString());
        var ran = await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareGetResponse(after)));
        Assert.Equal("success", ran.GetProperty("data")[0].GetProperty("status").GetString());

        var submissions = _emu.Control.GetJournal(EmulatedProvider.Runware, RequestPhase.Submission);
        Assert.Equal([false, true], submissions.Select(e => e.Handled));
        Assert.Equal([null, 200], submissions.Select(e => e.ProviderStatusCode));
        Assert.Equal([null, null], submissions.Select(e => e.StatusCode));
        Assert.All(submissions, e => Assert.Equal((FaultKind?)FaultKind.Abort, e.Fault));
    }

    [Fact]
    public async Task Truncated_body_after_handling_announces_the_real_length_and_sends_half()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.TruncatedBody, AfterHandling = true });

        using var request = WireKit.IdeogramGenerate(1);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var announced = response.Content.Headers.ContentLength;
        var received = new MemoryStream();
        var error = await Record.ExceptionAsync(() => response.Content.CopyToAsync(received));

        Assert.True(error is HttpRequestException or IOException, error?.ToString());
        Assert.InRange(announced!.Value, 100, 10_000);
        Assert.Equal(announced.Value / 2, received.Length);
        Assert.StartsWith("{\"created\":", Encoding.UTF8.GetString(received.ToArray()), StringComparison.Ordinal);
        Assert.True(Last(EmulatedProvider.Ideogram).Handled);
    }

    [Fact]
    public async Task Malformed_json_after_handling_is_the_first_half_of_the_real_answer_and_the_job_exists()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Segmind);
        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.MalformedJson, AfterHandling = true });

        using var request = WireKit.SegmindSubmit();
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        var id = RequestId().Match(text).Groups[1].Value;
        var status = await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}/status"));
        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delay_after_handling_runs_the_submission_at_once_and_holds_its_answer_on_the_emulator_clock()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        using var client = WireKit.Client(emu, EmulatedProvider.Runware);
        using var reader = WireKit.Client(emu, EmulatedProvider.Runware);
        emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.Delay, Delay = TimeSpan.FromMinutes(2), AfterHandling = true });
        var task = Guid.NewGuid().ToString();

        var submission = client.SendAsync(WireKit.Runware(WireKit.RunwareInference(task, images: 1, async: true)));
        // The bound is for real loopback I/O reaching the emulator; the delay itself is on the fake clock.
        await time.WhenDelaysScheduledAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        var collected = await WireKit.ExpectAsync(reader, WireKit.Runware(WireKit.RunwareGetResponse(task)));
        Assert.Equal("success", collected.GetProperty("data")[0].GetProperty("status").GetString());
        Assert.False(submission.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));
        using var answer = await submission.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Contains(task, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stalled_body_sends_half_the_answer_then_waits_on_the_emulator_clock_for_the_rest()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        using var client = WireKit.Client(emu, EmulatedProvider.Ideogram);
        var url = (await WireKit.ExpectAsync(client, WireKit.IdeogramGenerate(1))).GetProperty("data")[0].GetProperty("url").GetString()!;
        var png = await WireKit.DownloadAsync(client, url);
        emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Download, Kind = FaultKind.StalledBody, AfterHandling = true, Delay = TimeSpan.FromMinutes(1) });

        using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[png.Length];
        // The bounds are for real loopback I/O; the stall itself is on the fake clock.
        await time.WhenDelaysScheduledAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
        while (received.Length < png.Length / 2)
        {
            received.Write(buffer, 0, await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        var rest = body.ReadAsync(buffer).AsTask();
        Assert.Equal(png.Length, response.Content.Headers.ContentLength);
        Assert.Equal(png[..(png.Length / 2)], received.ToArray());
        Assert.False(rest.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        received.Write(buffer, 0, await rest.WaitAsync(TimeSpan.FromSeconds(10)));
        await body.CopyToAsync(received);
        Assert.Equal(png, received.ToArray());
    }

    [Fact]
    public void Rules_the_emulator_cannot_apply_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _emu.Control.AddFault(new FaultRule { Kind = FaultKind.OversizedBody, BodyBytes = 0 }));
        Assert.Throws<ArgumentException>(() => _emu.Control.AddFault(new FaultRule { Kind = FaultKind.Abort, Phase = (RequestPhase)42 }));
        Assert.Empty(_emu.Control.Faults);
    }

    [Fact]
    public async Task The_http_control_api_takes_phases_and_the_new_fields_and_filters_the_journal_by_phase()
    {
        using var control = WireKit.Client(_emu, EmulatedProvider.Runware);
        using var add = await control.PostAsync("/_emulator/faults", new StringContent(
            """{"phase":"follow-up","kind":"oversized-body","afterHandling":true,"bodyBytes":70000,"withoutContentLength":true}""",
            Encoding.UTF8, "application/json"));
        var rule = JsonDocument.Parse(await add.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(201, (int)add.StatusCode);
        Assert.Equal("runware", rule.GetProperty("provider").GetString());
        Assert.Equal("follow-up", rule.GetProperty("phase").GetString());
        Assert.Equal("oversized-body", rule.GetProperty("kind").GetString());
        Assert.True(rule.GetProperty("afterHandling").GetBoolean());
        Assert.Equal(70_000, rule.GetProperty("bodyBytes").GetInt64());
        Assert.True(rule.GetProperty("withoutContentLength").GetBoolean());

        var task = Guid.NewGuid().ToString();
        await WireKit.ExpectAsync(control, WireKit.Runware(WireKit.RunwareInference(task, images: 2, async: true)));
        using (var followUp = await control.SendAsync(WireKit.Runware(WireKit.RunwareGetResponse(task))))
        {
            var bytes = await followUp.Content.ReadAsByteArrayAsync();
            Assert.Equal(70_000, bytes.Length);
            using var parsed = JsonDocument.Parse(bytes);
            Assert.Equal(2, parsed.RootElement.GetProperty("data").GetArrayLength());
        }

        using var journal = await control.GetAsync("/_emulator/journal?provider=runware&phase=submission");
        var entries = JsonDocument.Parse(await journal.Content.ReadAsStringAsync()).RootElement;
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("submission", entry.GetProperty("phase").GetString());
        Assert.Equal(2, entry.GetProperty("imagesRequested").GetInt32());
        Assert.True(entry.GetProperty("handled").GetBoolean());
        Assert.Equal(200, entry.GetProperty("providerStatusCode").GetInt32());

        foreach (var bad in new[] { """{"kind":"abort","phase":"polling"}""", """{"kind":"abort","afterHandling":"yes"}""", """{"kind":"oversized-body","bodyBytes":0}""" })
        {
            using var refused = await control.PostAsync("/_emulator/faults", new StringContent(bad, Encoding.UTF8, "application/json"));
            Assert.Equal(400, (int)refused.StatusCode);
        }

        using var badFilter = await control.GetAsync("/_emulator/journal?phase=polling");
        Assert.Equal(400, (int)badFilter.StatusCode);
    }

    private static async Task<decimal> CreditsAsync(HttpClient segmind)
    {
        var credits = await WireKit.ExpectAsync(segmind, WireKit.SegmindGet("/v1/get-user-credits"));
        return credits.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Number).Value.GetDecimal();
    }

    [GeneratedRegex("\"request_id\":\"([0-9a-f-]{36})\"")]
    private static partial Regex RequestId();
}
