using System.Net;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The wait, poll and watch loop as a caller sees it: how an ended job is reported (provider, job and status named),
/// polling options checked before anything is sent, completed jobs answered without a request, size limits on polled
/// results, and the metrics and span events a wait emits.
/// </summary>
public sealed class JobWaiterTests
{
    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

    private const string Output = """{"outputs":[{"type":"image","url":"https://cdn.runflow.test/a.png"}]}""";

    private static string Run(string status, string? output = null) =>
        $$"""{"id":"run_1","status_code":"{{status}}"{{(output is null ? "" : ",\"output\":" + output)}}}""";

    /// <summary>A client whose status reads answer from a script, so a wait can see statuses no provider adapter produces.</summary>
    private sealed class ScriptedClient(IdeogramClientOptions options, params ImageJobStatus[] statuses) : IdeogramClient(options, FunctionHandler.Forbidden())
    {
        public int Polls { get; private set; }

        public override Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default) =>
            Task.FromResult(statuses[Math.Min(Polls++, statuses.Length - 1)]);
    }

    // The clock advances itself on every delay, so a loop that should not have started still ends (on its deadline).
    private static IdeogramClientOptions Options() => new()
    {
        Provider = IdeogramProvider.Runflow,
        ApiKey = "rf-key",
        TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true },
        MaxRetries = 0,
        Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
    };

    [Fact]
    public async Task A_job_reported_as_succeeded_without_a_result_fails_the_wait_naming_provider_and_job()
    {
        using var client = new ScriptedClient(Options(), new ImageJobStatus(Job, ImageJobState.Running, "running"), new ImageJobStatus(Job, ImageJobState.Succeeded, "succeeded"));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.WaitAsync(Job));

        Assert.Equal("Runflow reported job 'run_1' as succeeded without a result.", e.Message);
        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.FailedOnRead);
        Assert.Equal(2, client.Polls);
    }

    [Theory]
    [InlineData("cancelled", "Runflow job 'run_1' ended as cancelled.")]
    [InlineData(null, "Runflow job 'run_1' ended as Canceled.")]
    public async Task A_job_that_ended_without_an_error_fails_the_wait_naming_its_status(string? providerStatus, string message)
    {
        using var client = new ScriptedClient(Options(), new ImageJobStatus(Job, ImageJobState.Canceled, providerStatus));

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(Job));

        Assert.Equal(message, e.Message);
        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.FailedOnRead);
    }

    [Fact]
    public async Task The_error_a_failed_job_carries_is_the_one_the_wait_throws()
    {
        var error = new IdeogramJobFailedException("model crashed");
        using var client = new ScriptedClient(Options(), new ImageJobStatus(Job, ImageJobState.Failed, "failed") { Error = error });

        Assert.Same(error, await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(Job)));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(2, 0)]
    [InlineData(2, -1)]
    public async Task Polling_options_of_one_call_are_checked_before_any_status_read(double backoff, int timeoutSeconds)
    {
        using var client = new ScriptedClient(Options(), new ImageJobStatus(Job, ImageJobState.Running, "running"));
        var polling = new PollingOptions { BackoffFactor = backoff, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

        var wait = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WaitAsync(Job, polling));
        var watch = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(Job, polling))
            {
            }
        });

        Assert.Equal("PollingOptions", wait.ParamName);
        Assert.Equal("PollingOptions", watch.ParamName);
        Assert.Equal(0, client.Polls);
    }

    [Fact]
    public async Task A_completed_job_is_answered_without_a_request_and_its_images_are_not_counted_again()
    {
        using var capture = new TelemetryCapture();
        var options = Options();
        capture.Configure(options);
        using var client = new IdeogramClient(options, FunctionHandler.Forbidden());
        var result = IdeogramModelFactory.ImageResult(images: IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.runflow.test/a.png")));
        var done = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_9", DateTimeOffset.UnixEpoch) { Result = result };

        var polled = await client.PollAsync(done);
        var watched = new List<ImageJobStatus>();
        await foreach (var s in client.WatchAsync(done))
        {
            watched.Add(s);
        }

        foreach (var status in new[] { polled, Assert.Single(watched) })
        {
            Assert.Equal((ImageJobState.Succeeded, "completed"), (status.State, status.ProviderStatus));
            Assert.Same(result, status.Result);
            Assert.Same(done, status.Job);
        }

        // The images were produced (and counted) by the call that completed the job, not by reading it again.
        Assert.Empty(capture.Of("ideogram.client.images"));
        Assert.Empty(capture.Of("ideogram.client.active_jobs"));
        Assert.Empty(capture.Of("ideogram.client.job.polls"));
        var watch = Assert.Single(capture.Spans, s => s.OperationName.StartsWith("watch", StringComparison.Ordinal) || s.DisplayName.StartsWith("watch", StringComparison.Ordinal));
        Assert.Equal(("run_9", "succeeded", "completed", 1), (watch.GetTagItem("ideogram.job.id"), watch.GetTagItem("ideogram.job.state"), watch.GetTagItem("ideogram.job.provider_status"), watch.GetTagItem("ideogram.response.num_images")));
    }

    [Fact]
    public async Task A_polled_result_with_inline_bytes_over_the_download_limit_is_refused_as_a_failure_of_the_job()
    {
        var png = CoreKit.Png(512);
        var output = $$"""{"outputs":[{"type":"image","url":"data:image/png;base64,{{Convert.ToBase64String(png)}}"}]}""";
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("succeeded", output)), o => o.MaxDownloadBytes = png.Length - 1);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.PollAsync(Job));

        Assert.Contains($"Runflow sent an image of {png.Length} bytes inline", e.Message, StringComparison.Ordinal);
        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.FailedOnRead);

        var (roomy, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("succeeded", output)), o => o.MaxDownloadBytes = png.Length);
        Assert.Equal(png, Assert.Single((await roomy.PollAsync(Job)).Result!.Images).Data!.Value.ToArray());
    }

    [Fact]
    public async Task A_wait_counts_its_job_in_flight_records_its_polls_and_adds_an_event_per_status_change()
    {
        using var capture = new TelemetryCapture();
        var (client, handler) = FunctionHandler.NewClient(
            IdeogramProvider.Runflow,
            "rf-key",
            (_, i) => FunctionHandler.Json(i switch { 0 => Run("queued"), 1 or 2 => Run("running"), _ => Run("succeeded", Output) }),
            capture.Configure);

        await client.WaitAsync(Job);

        Assert.Equal(4, handler.Requests.Count);
        var active = capture.Of("ideogram.client.active_jobs").ToList();
        Assert.Equal([1d, -1d], active.Select(m => m.Value));
        Assert.All(active, m => Assert.Equal(("runflow", "generate"), (m.Tag("gen_ai.provider.name"), m.Tag("ideogram.operation"))));
        var polls = Assert.Single(capture.Of("ideogram.client.job.polls"));
        Assert.Equal(4, polls.Value);
        Assert.Equal("succeeded", polls.Tag("ideogram.job.state"));
        Assert.Null(polls.Tag("error.type"));

        var wait = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        var events = wait.Events.Where(e => e.Name == "ideogram.job.status").ToList();
        Assert.Equal(["queued", "running", "succeeded"], events.Select(e => (string?)e.Tags.Single(t => t.Key == "ideogram.job.provider_status").Value));
        Assert.Equal(["queued", "running", "succeeded"], events.Select(e => (string?)e.Tags.Single(t => t.Key == "ideogram.job.state").Value));
        Assert.All(events, e => Assert.Equal("run_1", e.Tags.Single(t => t.Key == "ideogram.job.id").Value));
        Assert.Equal(3, capture.Logs.GetSnapshot().Count(l => l.Id.Name == "JobStateChanged"));
    }

    [Fact]
    public async Task A_wait_that_times_out_records_its_polls_with_the_error_and_one_stopped_before_any_poll_records_none()
    {
        using var capture = new TelemetryCapture();
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("running")), o =>
        {
            capture.Configure(o);
            o.TimeProvider = time;
        });

        await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() => client.WaitAsync(Job, new PollingOptions { InitialDelay = TimeSpan.FromSeconds(5), BackoffFactor = 1, Timeout = TimeSpan.FromSeconds(20) }));

        var polls = Assert.Single(capture.Of("ideogram.client.job.polls"));
        Assert.Equal(4, polls.Value);
        Assert.Equal("Ideogram.Sdk.IdeogramJobTimeoutException", polls.Tag("error.type"));
        Assert.Null(polls.Tag("ideogram.job.state"));
        Assert.Equal(0, capture.Of("ideogram.client.active_jobs").Sum(m => m.Value));

        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<IdeogramJobWaitCanceledException>(() => client.WaitAsync(Job, new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) }, cancel.Token));
        Assert.Single(capture.Of("ideogram.client.job.polls"));
        Assert.Equal(2, capture.Of("ideogram.client.active_jobs").Count(m => m.Value == 1));
    }

    [Fact]
    public async Task A_status_read_that_needs_a_follow_up_read_marks_only_the_first_request_as_the_status_read()
    {
        using var capture = new TelemetryCapture();
        var segmindJob = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "sg_1", DateTimeOffset.UnixEpoch);
        var (client, handler) = FunctionHandler.NewClient(
            IdeogramProvider.Segmind,
            "sg-key",
            (r, _) => FunctionHandler.Json(r.Path.EndsWith("/status", StringComparison.Ordinal)
                ? """{"status":"COMPLETED","request_id":"sg_1"}"""
                : """{"status":"COMPLETED","error":null,"metrics":{"inference_time":0.5},"output":"https://images.segmind.com/generations/result.jpeg"}"""),
            capture.Configure);

        var status = await client.PollAsync(segmindJob);

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(["/v2/requests/sg_1/status", "/v2/requests/sg_1"], handler.Requests.Select(r => r.Path));
        var poll = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        var reads = capture.Spans.Where(s => s.ParentSpanId == poll.SpanId).ToList();
        Assert.Equal([Telemetry.Name(RequestPurpose.Status), Telemetry.Name(RequestPurpose.FollowUp)], reads.Select(s => s.GetTagItem(Telemetry.RequestKind)));
    }
}
