using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>
/// Each provider host classifies what it receives (submission, status, follow-up, download, upload, other) and how many
/// images a submission asks for; the journal carries both, and faults can target a phase.
/// </summary>
public sealed class RequestPhaseTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await EmuKit.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private (RequestPhase Phase, int Images)[] Journal(EmulatedProvider provider) =>
        [.. _emu.Control.GetJournal(provider).Select(e => (e.Phase, e.ImagesRequested))];

    [Fact]
    public async Task Ideogram_operations_are_submissions_with_their_image_count_and_image_urls_are_downloads()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        var generated = await WireKit.ExpectAsync(client, WireKit.IdeogramGenerate(3));
        await WireKit.DownloadAsync(client, generated.GetProperty("data")[0].GetProperty("url").GetString()!);
        await WireKit.ExpectAsync(client, EmuKit.Json(HttpMethod.Post, "/v1/ideogram-v3/generate", """{"prompt":"cat","num_images":2}""", ("Api-Key", WireKit.Key)));
        await WireKit.ExpectAsync(client, EmuKit.Multipart("/describe", WireKit.Key, ("image_file", "@png:8x8")));
        await WireKit.ExpectAsync(client, EmuKit.Multipart("/upscale", WireKit.Key, ("image_file", "@png:8x8"), ("image_request", """{"num_images":4}""")));
        await WireKit.ExpectAsync(client, EmuKit.Multipart("/v1/ideogram-v3/remix", WireKit.Key, ("prompt", "cat"), ("image", "@png:8x8")));

        Assert.Equal(
            [(RequestPhase.Submission, 3), (RequestPhase.Download, 0), (RequestPhase.Submission, 2), (RequestPhase.Submission, 0), (RequestPhase.Submission, 4), (RequestPhase.Submission, 1)],
            Journal(EmulatedProvider.Ideogram));
    }

    [Fact]
    public async Task Runflow_run_creation_is_the_submission_and_a_run_read_the_status()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Runflow);
        var run = await WireKit.ExpectAsync(client, WireKit.RunflowCreate(images: 2), 201);
        var read = await WireKit.ExpectAsync(client, WireKit.RunflowRead(run.GetProperty("id").GetString()!));
        await WireKit.DownloadAsync(client, read.GetProperty("output").GetProperty("outputs")[0].GetProperty("url").GetString()!);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/runs");
        list.Headers.Authorization = new("Bearer", WireKit.Key);
        await WireKit.ExpectAsync(client, list);

        Assert.Equal(
            [(RequestPhase.Submission, 2), (RequestPhase.Status, 0), (RequestPhase.Download, 0), (RequestPhase.Other, 0)],
            Journal(EmulatedProvider.Runflow));
    }

    [Fact]
    public async Task Segmind_status_and_result_reads_are_different_phases()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Segmind);
        var id = (await WireKit.ExpectAsync(client, WireKit.SegmindSubmit())).GetProperty("request_id").GetString();
        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}/status"));
        var result = await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}"));
        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v1/requests/{id}"));
        await WireKit.DownloadAsync(client, result.GetProperty("output").GetString()!);
        await WireKit.ExpectAsync(client, EmuKit.Json(HttpMethod.Post, "/v1/ideogram-describe", $$"""{"image_file":"{{Convert.ToBase64String(EmuKit.Png(8, 8))}}"}""", ("x-api-key", WireKit.Key)));
        await WireKit.ExpectAsync(client, WireKit.SegmindGet("/v1/get-user-credits"));

        Assert.Equal(
            [
                (RequestPhase.Submission, 1), (RequestPhase.Status, 0), (RequestPhase.FollowUp, 0), (RequestPhase.FollowUp, 0),
                (RequestPhase.Download, 0), (RequestPhase.Submission, 0), (RequestPhase.Other, 0),
            ],
            Journal(EmulatedProvider.Segmind));
    }

    [Fact]
    public async Task Runware_requests_are_classified_by_their_tasks()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Runware);
        var task = Guid.NewGuid().ToString();
        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareInference(task, images: 2, async: true), WireKit.RunwareInference(Guid.NewGuid().ToString(), images: 3, async: true)));
        var response = await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareGetResponse(task)));
        await WireKit.DownloadAsync(client, response.GetProperty("data")[0].GetProperty("imageURL").GetString()!);
        await WireKit.ExpectAsync(client, WireKit.Runware($$"""{"taskType":"imageUpload","taskUUID":"{{Guid.NewGuid()}}","image":"data:image/png;base64,{{Convert.ToBase64String(EmuKit.Png(8, 8))}}"}"""));
        await WireKit.ExpectAsync(client, EmuKit.Json(HttpMethod.Post, "/v1", "not json"), 400);

        Assert.Equal(
            [(RequestPhase.Submission, 5), (RequestPhase.FollowUp, 0), (RequestPhase.Download, 0), (RequestPhase.Upload, 0), (RequestPhase.Other, 0)],
            Journal(EmulatedProvider.Runware));
    }

    [Fact]
    public async Task Api_in_one_generation_is_the_submission_and_a_task_read_the_status()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.ApiInOne);
        var taskId = (await WireKit.ExpectAsync(client, WireKit.ApiInOneCreate())).GetProperty("data").GetProperty("task_id").GetString()!;
        var task = await WireKit.ExpectAsync(client, WireKit.ApiInOneRead(taskId));
        await WireKit.DownloadAsync(client, task.GetProperty("data").GetProperty("output").GetProperty("image_urls")[0].GetString()!);

        Assert.Equal([(RequestPhase.Submission, 1), (RequestPhase.Status, 0), (RequestPhase.Download, 0)], Journal(EmulatedProvider.ApiInOne));
    }

    [Fact]
    public async Task A_fault_on_the_Runware_follow_up_leaves_the_submission_alone()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Runware);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runware, Phase = RequestPhase.FollowUp, Kind = FaultKind.ServiceUnavailable });
        var task = Guid.NewGuid().ToString();

        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareInference(task, images: 1, async: true)));
        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareGetResponse(task)), 503);
        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareGetResponse(task)));

        var journal = _emu.Control.GetJournal(EmulatedProvider.Runware);
        Assert.Equal([null, FaultKind.ServiceUnavailable, null], journal.Select(e => e.Fault));
        Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Runware, RequestPhase.Submission));
    }

    [Fact]
    public async Task A_fault_on_the_Segmind_result_read_leaves_the_status_read_alone()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.Segmind);
        _emu.Control.AddFault(new FaultRule { Phase = RequestPhase.FollowUp, Kind = FaultKind.BadGateway, Count = 2 });
        var id = (await WireKit.ExpectAsync(client, WireKit.SegmindSubmit())).GetProperty("request_id").GetString();

        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}/status"));
        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}"), 502);
        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}"), 502);
        await WireKit.ExpectAsync(client, WireKit.SegmindGet($"/v2/requests/{id}"));
    }

    [Fact]
    public async Task A_download_fault_hits_image_urls_only()
    {
        using var client = WireKit.Client(_emu, EmulatedProvider.ApiInOne);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.ApiInOne, Phase = RequestPhase.Download, Kind = FaultKind.ServerError });
        var taskId = (await WireKit.ExpectAsync(client, WireKit.ApiInOneCreate())).GetProperty("data").GetProperty("task_id").GetString()!;
        var url = (await WireKit.ExpectAsync(client, WireKit.ApiInOneRead(taskId))).GetProperty("data").GetProperty("output").GetProperty("image_urls")[0].GetString()!;

        using var failed = await client.GetAsync(new Uri(url));
        Assert.Equal(500, (int)failed.StatusCode);
        EmuKit.VerifyPng(await WireKit.DownloadAsync(client, url));
    }

    [Fact]
    public async Task Paid_submissions_are_counted_per_provider_from_the_journal_whatever_answered_them()
    {
        using var ideogram = WireKit.Client(_emu, EmulatedProvider.Ideogram);
        using var segmind = WireKit.Client(_emu, EmulatedProvider.Segmind);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Phase = RequestPhase.Submission, Kind = FaultKind.RateLimit });

        await WireKit.ExpectAsync(ideogram, WireKit.IdeogramGenerate(1), 429);
        await WireKit.ExpectAsync(ideogram, WireKit.IdeogramGenerate(1));
        var id = (await WireKit.ExpectAsync(segmind, WireKit.SegmindSubmit())).GetProperty("request_id").GetString();
        await WireKit.ExpectAsync(segmind, WireKit.SegmindGet($"/v2/requests/{id}/status"));

        var ideogramSubmissions = _emu.Control.GetJournal(EmulatedProvider.Ideogram, RequestPhase.Submission);
        Assert.Equal(2, ideogramSubmissions.Count);
        Assert.Equal([false, true], ideogramSubmissions.Select(e => e.Handled));
        Assert.Equal([null, 200], ideogramSubmissions.Select(e => e.ProviderStatusCode));
        Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Segmind, RequestPhase.Submission));
        Assert.Equal(3, _emu.Control.GetJournal(phase: RequestPhase.Submission).Count);
    }
}
