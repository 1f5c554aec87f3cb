using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>
/// What a failure says about money, through real HTTP on loopback: refusals, lost answers and split requests against
/// the emulator, checked against what the emulator's journal says it received.
/// </summary>
public sealed class MoneySafetyEndToEndTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await EmuKit.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private IdeogramClient Client(IdeogramProvider provider, EmulatedProvider host, Action<IdeogramClientOptions>? configure = null) =>
        EmuKit.SdkClient(_emu, provider, host, "money-key", configure: o =>
        {
            o.TimeProvider = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
            configure?.Invoke(o);
        });

    private int Posts(EmulatedProvider provider) => _emu.Control.GetJournal(provider).Count(e => e.Method == "POST");

    [Fact]
    public async Task A_refused_submission_is_retried_within_budget_and_reported_as_safe_to_send_again()
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Path = "/v1/ideogram-v3/*", Kind = FaultKind.ServiceUnavailable, Count = 3 });
        using var client = Client(IdeogramProvider.Ideogram, EmulatedProvider.Ideogram, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(3, Posts(EmulatedProvider.Ideogram));
        Assert.Equal(SubmissionState.Refused, e.Submission);
        Assert.False(e.MayHaveCharged);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task A_dropped_connection_on_a_paid_submission_is_not_re_sent_and_may_have_charged()
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Path = "/v1/ideogram-v3/*", Kind = FaultKind.Abort });
        using var client = Client(IdeogramProvider.Ideogram, EmulatedProvider.Ideogram, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(1, Posts(EmulatedProvider.Ideogram));
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.True(e.MayHaveCharged);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task A_runware_submission_whose_answer_is_lost_carries_the_task_uuid_it_was_sent_with()
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runware, Method = "POST", Kind = FaultKind.Abort });
        using var client = Client(IdeogramProvider.Runware, EmulatedProvider.Runware, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 3 }));

        var sent = Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Runware));
        var task = JsonNode.Parse(sent.BodyText!)!.AsArray().Single(t => (string?)t!["taskType"] == "imageInference")!;
        Assert.Equal((string?)task["taskUUID"], e.Job!.Id);
        Assert.Equal("3", e.Job.Properties["numberResults"]);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
    }

    [Fact]
    public async Task A_split_request_with_a_failed_call_keeps_every_finished_image()
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Path = "/v1/*", Kind = FaultKind.ServerError });
        using var client = Client(IdeogramProvider.Segmind, EmulatedProvider.Segmind);

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 4 }));

        var received = Posts(EmulatedProvider.Segmind);
        Assert.Equal(received - 1, e.PartialResult!.Images.Count);
        Assert.Equal(received - 1, e.Job!.Parts.Count);
        Assert.Equal(4 - received, e.ImagesNotSubmitted);
        Assert.All(e.PartialResult.Images, i => Assert.Equal(_emu.BaseAddress(EmulatedProvider.Segmind).Port, i.Url!.Port));
        Assert.Equal(SubmissionState.MayHaveRun, ((IdeogramException)Assert.Single(e.Failures)).Submission);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Waiting_on_a_split_job_with_an_unreadable_part_still_hands_over_the_finished_part()
    {
        using var client = Client(IdeogramProvider.ApiInOne, EmulatedProvider.ApiInOne);
        var job = await client.SubmitAsync(new GenerateRequest("fox") { NumImages = 2 });
        Assert.Equal(2, job.Parts.Count);
        _emu.Control.AddFault(new FaultRule
        {
            Provider = EmulatedProvider.ApiInOne,
            Method = "GET",
            Path = "/api/v1/tasks/" + job.Parts[1].Id,
            Kind = FaultKind.Status,
            StatusCode = 404,
            Count = 100,
        });

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.WaitAsync(ImageJob.Parse(job.ToToken())));

        var finished = Assert.Single(e.PartialResult!.Images);
        Assert.NotNull(finished.Url);
        Assert.Equal([job.Parts[0].Id, job.Parts[1].Id], e.Job!.Parts.Select(p => p.Id));
        Assert.True(e.Job.Parts[0].IsCompleted);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.IsRetryable);
    }
}
