using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class CoreControlTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _emu = await EmuKit.StartAsync();
        _client = EmuKit.Client(_emu, EmulatedProvider.Ideogram);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emu.DisposeAsync();
    }

    private Task<HttpResponseMessage> GenerateAsync() =>
        _client.SendAsync(EmuKit.Multipart("/v1/ideogram-v3/generate", "secret-key", ("prompt", "cat")));

    [Fact]
    public void Every_provider_has_its_own_loopback_port()
    {
        var addresses = Enum.GetValues<EmulatedProvider>().Select(_emu.BaseAddress).ToArray();
        Assert.All(addresses, a => Assert.Equal("127.0.0.1", a.Host));
        Assert.All(addresses, a => Assert.Equal("/", a.AbsolutePath));
        Assert.Equal(5, addresses.Select(a => a.Port).Distinct().Count());
    }

    [Theory]
    [InlineData(FaultKind.ServerError, 500)]
    [InlineData(FaultKind.BadGateway, 502)]
    [InlineData(FaultKind.ServiceUnavailable, 503)]
    public async Task Status_faults_fire_count_times_then_stop(FaultKind kind, int expected)
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Path = "/v1/ideogram-v3/*", Kind = kind, Count = 2 });
        Assert.Equal(expected, (int)(await GenerateAsync()).StatusCode);
        Assert.Equal(expected, (int)(await GenerateAsync()).StatusCode);
        Assert.Equal(200, (int)(await GenerateAsync()).StatusCode);
        Assert.Empty(_emu.Control.Faults);
    }

    [Fact]
    public async Task Rate_limit_sends_retry_after_and_only_matches_its_route()
    {
        _emu.Control.AddFault(new FaultRule { Path = "/v1/ideogram-v3/remix", Kind = FaultKind.RateLimit, RetryAfterSeconds = 7 });
        Assert.Equal(200, (int)(await GenerateAsync()).StatusCode);
        using var limited = await _client.SendAsync(EmuKit.Multipart("/v1/ideogram-v3/remix", "k", ("prompt", "cat"), ("image", "@png:8x8")));
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter!.Delta);
        Assert.Empty(_emu.Control.Faults);
    }

    [Fact]
    public async Task Abort_and_truncated_body_break_the_connection()
    {
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.Abort });
        await Assert.ThrowsAsync<HttpRequestException>(GenerateAsync);

        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.TruncatedBody });
        var exception = await Record.ExceptionAsync(async () =>
        {
            using var response = await GenerateAsync();
            await response.Content.ReadAsByteArrayAsync();
        });
        Assert.True(exception is HttpRequestException or IOException, exception?.ToString());
        Assert.Equal(200, (int)(await GenerateAsync()).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_and_html_error_pages()
    {
        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.MalformedJson });
        using var malformed = await GenerateAsync();
        Assert.Equal(200, (int)malformed.StatusCode);
        Assert.Equal("application/json", malformed.Content.Headers.ContentType!.MediaType);
        var text = await malformed.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));

        _emu.Control.AddFault(new FaultRule { Kind = FaultKind.HtmlError, StatusCode = 504 });
        using var html = await GenerateAsync();
        Assert.Equal(504, (int)html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<html>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_waits_on_the_emulator_clock()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch);
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        using var client = EmuKit.Client(emu, EmulatedProvider.Ideogram);
        emu.Control.AddFault(new FaultRule { Kind = FaultKind.Delay, Delay = TimeSpan.FromMinutes(5) });

        var pending = client.SendAsync(EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat")));
        // The fault's delay is the only wait on the emulator's clock: once it is scheduled, the request is waiting.
        // The bound is for real loopback I/O reaching the emulator; the wait itself is on the fake clock.
        await time.WhenDelaysScheduledAsync(1).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Journal_records_requests_with_secrets_masked()
    {
        _emu.Control.ClearJournal();
        using var segmind = EmuKit.Client(_emu, EmulatedProvider.Segmind);
        await GenerateAsync();
        await segmind.SendAsync(EmuKit.Json(HttpMethod.Post, "/v1/ideogram-3?x=1", """{"prompt":"cat","apiKey":"hidden-too"}""", ("x-api-key", "SG_secret"), ("Authorization", "Bearer tok")));

        var journal = _emu.Control.GetJournal();
        Assert.Equal(2, journal.Count);
        Assert.Equal(EmulatedProvider.Ideogram, journal[0].Provider);
        Assert.Equal("/v1/ideogram-v3/generate", journal[0].Path);
        Assert.Equal("***", journal[0].Headers["Api-Key"]);
        Assert.Equal(200, journal[0].StatusCode);
        Assert.Contains("cat", journal[0].BodyText, StringComparison.Ordinal);
        Assert.Equal(EmulatedProvider.Segmind, journal[1].Provider);
        Assert.Equal("?x=1", journal[1].Query);
        Assert.Equal("***", journal[1].Headers["x-api-key"]);
        Assert.Equal("***", journal[1].Headers["Authorization"]);
        Assert.DoesNotContain("hidden-too", journal[1].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", string.Join(" ", journal.SelectMany(e => e.Headers.Values)), StringComparison.Ordinal);
        Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Segmind));

        _emu.Control.ClearJournal();
        Assert.Empty(_emu.Control.GetJournal());
    }

    [Fact]
    public async Task Http_control_api_scripts_faults_and_reads_the_journal()
    {
        using var segmind = EmuKit.Client(_emu, EmulatedProvider.Segmind);
        using var add = await segmind.PostAsync("/_emulator/faults", new StringContent(
            """{"provider":"ideogram","method":"POST","path":"/v1/ideogram-v3/generate","kind":"rate-limit","count":1,"retryAfterSeconds":3}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)add.StatusCode);
        var rule = JsonDocument.Parse(await add.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate-limit", rule.GetProperty("kind").GetString());
        Assert.Equal(1, rule.GetProperty("remaining").GetInt32());

        using var limited = await GenerateAsync();
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("3", limited.Headers.GetValues("Retry-After").Single());

        using var journal = await _client.GetAsync("/_emulator/journal?provider=ideogram");
        var entries = JsonDocument.Parse(await journal.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToArray();
        var entry = entries.Last();
        Assert.Equal("ideogram", entry.GetProperty("provider").GetString());
        Assert.Equal(429, entry.GetProperty("statusCode").GetInt32());
        Assert.Equal("rate-limit", entry.GetProperty("fault").GetString());
        Assert.Equal("***", entry.GetProperty("headers").GetProperty("Api-Key").GetString());
        Assert.DoesNotContain(entries, e => e.GetProperty("path").GetString()!.StartsWith("/_emulator", StringComparison.Ordinal));

        using var bad = await _client.PostAsync("/_emulator/faults", new StringContent("""{"kind":"explode"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)bad.StatusCode);

        await _client.PostAsync("/_emulator/faults", new StringContent("""{"kind":"server-error","count":5}""", Encoding.UTF8, "application/json"));
        Assert.Single(_emu.Control.Faults);
        Assert.Equal(204, (int)(await _client.DeleteAsync("/_emulator/faults")).StatusCode);
        Assert.Empty(_emu.Control.Faults);
        Assert.Equal(204, (int)(await _client.DeleteAsync("/_emulator/journal")).StatusCode);
        Assert.Empty(_emu.Control.GetJournal());
    }

    [Fact]
    public async Task Program_prints_one_line_per_provider_then_ready()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Ideogram.Sdk.Emulator.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--port-base", "0", "--api-key", "k", "--job-step-ms", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (lines.LastOrDefault() != "ready")
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                lines.Add(line);
            }

            Assert.Equal(6, lines.Count);
            var names = new[] { "ideogram", "runflow", "segmind", "runware", "apiinone" };
            for (var i = 0; i < 5; i++)
            {
                var parts = lines[i].Split(' ');
                Assert.Equal(names[i], parts[0]);
                Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", parts[1]);
            }

            using var client = new HttpClient { BaseAddress = new Uri(lines[0].Split(' ')[1]), Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(200, (int)(await client.SendAsync(EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat")))).StatusCode);
            Assert.Equal(401, (int)(await client.SendAsync(EmuKit.Multipart("/v1/ideogram-v3/generate", "other", ("prompt", "cat")))).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
    }

    [Fact]
    public async Task Port_base_assigns_consecutive_ports_in_provider_order()
    {
        int basePort;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            basePort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        basePort = Math.Min(basePort, 65000);
        IdeogramEmulator? emu = null;
        try
        {
            emu = await EmuKit.StartAsync(o => o.PortBase = basePort);
        }
        catch (IOException)
        {
            // A port in the range was taken by another process; the behaviour is covered by the next run.
            return;
        }

        await using (emu)
        {
            foreach (var provider in Enum.GetValues<EmulatedProvider>())
            {
                Assert.Equal(basePort + (int)provider, emu.BaseAddress(provider).Port);
            }
        }
    }
}
