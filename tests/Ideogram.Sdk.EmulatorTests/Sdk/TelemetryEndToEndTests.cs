using System.Diagnostics;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>
/// Traces, metrics and logs of real calls through the emulator: one trace per job (the calls under the caller's span,
/// each provider request under its call), retries visible, failures typed, and the money line logged with a token that
/// finds the job again. The emulator and the client share one fake clock, so every job state is seen without waiting.
/// </summary>
public sealed class TelemetryEndToEndTests
{
    private const string Key = "rf-telemetry-key-5bd1";

    private static async Task<(IdeogramEmulator Emu, IdeogramClient Client)> StartAsync(
        IdeogramProvider provider, TelemetryCapture? capture, Action<IdeogramClientOptions>? configure = null)
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
        var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(2), TimeProvider = time });
        var options = new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = Key,
            BaseAddress = emu.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString())),
            TimeProvider = time,
            AllowPrivateNetworkInputs = true,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 1, MaxDelay = TimeSpan.FromSeconds(1) },
        };
        if (capture is not null)
        {
            capture.Configure(options);
        }

        configure?.Invoke(options);
        return (emu, new IdeogramClient(options));
    }

    private static object? Tag(Activity span, string key) => span.GetTagItem(key);

    [Fact]
    public async Task A_runflow_job_is_one_trace_the_submission_every_status_read_and_the_download_under_the_callers_span()
    {
        // OpenTelemetry's own SDK, set up as the README shows, with a root span of the caller's own.
        var exported = new List<Activity>();
        using var callerSource = new ActivitySource("Telemetry.Tests.Caller." + Guid.NewGuid().ToString("N"));
        using var tracing = global::OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(IdeogramTelemetry.SourceName, callerSource.Name).AddInMemoryExporter(exported).Build();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, null);
        await using var _ = emu;
        using var __ = client;

        ImageJob job;
        ImageResult result;
        long bytes;
        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var root = callerSource.StartActivity("make a poster")!)
        {
            traceId = root.TraceId;
            rootId = root.SpanId;
            job = await client.SubmitAsync(new GenerateRequest("A poster that says 'TRACE'"));
            result = await client.WaitAsync(job);
            using var image = new MemoryStream();
            bytes = await client.DownloadAsync(result.Images[0], image);
        }

        tracing.ForceFlush();
        List<Activity> spans;
        lock (exported)
        {
            spans = [.. exported.Where(a => a.TraceId == traceId && a.Source.Name == IdeogramTelemetry.SourceName)];
        }

        // The three calls sit directly under the caller's span, in order; nothing else does.
        var calls = spans.Where(s => s.ParentSpanId == rootId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["submit ideogram-3.0", "wait ideogram-3.0", "download ideogram-3.0"], calls.Select(s => s.DisplayName));
        var (submit, wait, download) = (calls[0], calls[1], calls[2]);
        Assert.All(calls, c => Assert.Equal(ActivityKind.Client, c.Kind));
        Assert.All(calls, c => Assert.Equal("runflow", Tag(c, "gen_ai.provider.name")));
        Assert.All(calls, c => Assert.Equal("ideogram-3.0", Tag(c, "gen_ai.request.model")));
        Assert.Equal(["submit", "wait", "download"], calls.Select(c => Tag(c, "gen_ai.operation.name")));

        // The paid submission is the submit call's one child.
        var submission = Assert.Single(spans, s => s.ParentSpanId == submit.SpanId);
        Assert.Equal("submission runflow", submission.DisplayName);
        Assert.Equal("submission", Tag(submission, "ideogram.request.kind"));
        Assert.Equal("POST", Tag(submission, "http.request.method"));
        Assert.Equal(job.Id, Tag(submit, "ideogram.job.id"));
        Assert.Equal("generate", Tag(submit, "ideogram.operation"));

        // Every status read of the wait is a request span of the wait, not a poll call of its own: one per GET the emulator saw.
        var reads = spans.Where(s => s.ParentSpanId == wait.SpanId).ToList();
        var gets = emu.Control.GetJournal(EmulatedProvider.Runflow, RequestPhase.Status).Count;
        Assert.True(gets >= 4, $"expected a read per job state, saw {gets}");
        Assert.Equal(gets, reads.Count);
        Assert.All(reads, r => Assert.Equal("status runflow", r.DisplayName));
        Assert.All(reads, r => Assert.Equal(job.Id, Tag(r, "ideogram.job.id")));
        Assert.All(reads, r => Assert.Equal(200, Tag(r, "http.response.status_code")));
        Assert.DoesNotContain(spans, s => s.DisplayName.StartsWith("poll", StringComparison.Ordinal));
        Assert.Equal(job.Id, Tag(wait, "ideogram.job.id"));
        Assert.Equal(1, Tag(wait, "ideogram.response.num_images"));

        // The wait's span tells the job's story, one event per state.
        Assert.Equal(
            ["queued", "dispatching", "running", "succeeded"],
            wait.Events.Where(e => e.Name == "ideogram.job.status").Select(e => e.Tags.First(t => t.Key == "ideogram.job.provider_status").Value));

        // The download is its own span, with no child (nothing is sent to the provider).
        Assert.Equal(bytes, Tag(download, "ideogram.download.bytes"));
        Assert.DoesNotContain(spans, s => s.ParentSpanId == download.SpanId);

        // Every span was stopped, and no span escaped the trace.
        Assert.Equal(1 + 1 + reads.Count + 1 + 1, spans.Count);
        Assert.All(spans, s => Assert.True(s.IsStopped));
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
    }

    [Fact]
    public async Task GenerateAsync_on_runflow_is_one_span_with_the_submission_and_every_status_read_beneath_it()
    {
        using var capture = new TelemetryCapture();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, capture);
        await using var _ = emu;
        using var __ = client;

        var result = await client.GenerateAsync(new GenerateRequest("A poster that says 'ONE SPAN'") { NumImages = 2, RenderingSpeed = RenderingSpeed.Turbo, Seed = 7 });

        var spans = capture.Spans;
        var generate = Assert.Single(spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal("generate ideogram-3.0", generate.DisplayName);
        Assert.Equal("generate", Tag(generate, "gen_ai.operation.name"));
        Assert.Equal("image", Tag(generate, "gen_ai.output.type"));
        Assert.Equal(2, Tag(generate, "ideogram.request.num_images"));
        Assert.Equal("TURBO", Tag(generate, "ideogram.request.rendering_speed"));
        Assert.Equal(7L, Tag(generate, "gen_ai.request.seed"));
        Assert.Equal(2, Tag(generate, "ideogram.response.num_images"));
        Assert.Equal(result.Job!.Id, Tag(generate, "ideogram.job.id"));

        var children = spans.Where(s => s.ParentSpanId == generate.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal("submission runflow", children[0].DisplayName);
        Assert.True(children.Count >= 5);
        Assert.All(children.Skip(1), c => Assert.Equal("status runflow", c.DisplayName));
        Assert.Equal(spans.Count, children.Count + 1);

        // Metrics: the call's duration, the images it made, one job in flight and back, and the polls it took.
        Assert.Single(capture.Of("ideogram.client.operation.duration"), m => m.Tag("gen_ai.operation.name") == "generate" && m.Tag("error.type") is null);
        Assert.Equal(2, capture.Of("ideogram.client.images").Single(m => m.Tag("ideogram.operation") == "generate").Value);
        Assert.Equal([1d, -1d], capture.Of("ideogram.client.active_jobs").Select(m => m.Value));
        var polls = Assert.Single(capture.Of("ideogram.client.job.polls"));
        Assert.Equal(children.Count - 1, polls.Value);
        Assert.Equal("succeeded", polls.Tag("ideogram.job.state"));
        Assert.Empty(capture.Of("ideogram.client.retries"));

        // Logs: the submission accepted with its job, and each state change.
        var logs = capture.Logs.GetSnapshot();
        var accepted = Assert.Single(logs, l => l.Id.Name == "SubmissionAccepted");
        Assert.Equal(LogLevel.Information, accepted.Level);
        Assert.Equal("Ideogram.Sdk.IdeogramClient", accepted.Category);
        Assert.Contains(result.Job.Id, accepted.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["queued", "dispatching", "running", "succeeded"],
            logs.Where(l => l.Id.Name == "JobStateChanged").Select(l => l.GetStructuredStateValue("ProviderStatus")));
    }

    [Fact]
    public async Task A_retried_503_is_an_event_on_the_submission_span_counted_and_logged()
    {
        using var capture = new TelemetryCapture();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, capture, o => o.MaxRetries = 2);
        await using var _ = emu;
        using var __ = client;
        emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runflow, Phase = RequestPhase.Submission, Kind = FaultKind.ServiceUnavailable, Count = 1 });

        await client.GenerateAsync(new GenerateRequest("A poster that says 'AGAIN'"));

        var spans = capture.Spans;
        var generate = Assert.Single(spans, s => s.ParentSpanId == capture.Root.SpanId);
        var submission = Assert.Single(spans, s => s.DisplayName == "submission runflow");
        Assert.Equal(generate.SpanId, submission.ParentSpanId);
        var retry = Assert.Single(submission.Events, e => e.Name == "ideogram.retry");
        Assert.Equal(1, retry.Tags.Single(t => t.Key == "ideogram.retry.attempt").Value);
        Assert.Equal(503, retry.Tags.Single(t => t.Key == "http.response.status_code").Value);
        Assert.Equal(1, Tag(submission, "ideogram.retry_count"));
        Assert.Equal(201, Tag(submission, "http.response.status_code"));
        Assert.Equal(1, Tag(generate, "ideogram.retry_count"));
        Assert.Equal(2, emu.Control.GetJournal(EmulatedProvider.Runflow, RequestPhase.Submission).Count);

        var counted = Assert.Single(capture.Of("ideogram.client.retries"));
        Assert.Equal(1, counted.Value);
        Assert.Equal("runflow", counted.Tag("gen_ai.provider.name"));
        Assert.Equal("submission", counted.Tag("ideogram.request.kind"));
        Assert.Equal("503", counted.Tag("http.response.status_code"));

        var logged = Assert.Single(capture.Logs.GetSnapshot(), l => l.Id.Name == "RetryScheduled");
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Equal("Ideogram.Sdk.Retries", logged.Category);
        Assert.Equal("1", logged.GetStructuredStateValue("Attempt"));
        Assert.Equal("503", logged.GetStructuredStateValue("StatusCode"));
    }

    [Fact]
    public async Task A_failed_job_sets_the_span_status_error_type_and_a_failure_log_with_status_and_job()
    {
        using var capture = new TelemetryCapture();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, capture);
        await using var _ = emu;
        using var __ = client;

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.GenerateAsync(new GenerateRequest("EMULATOR_FAIL a poster")));

        var generate = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal(ActivityStatusCode.Error, generate.Status);
        Assert.Null(generate.StatusDescription);
        Assert.Equal("Ideogram.Sdk.IdeogramJobFailedException", Tag(generate, "error.type"));
        Assert.Equal("accepted", Tag(generate, "ideogram.submission_state"));
        Assert.Equal(e.Job!.Id, Tag(generate, "ideogram.job.id"));
        Assert.DoesNotContain(generate.Events, ev => ev.Name == "exception");

        var duration = Assert.Single(capture.Of("ideogram.client.operation.duration"));
        Assert.Equal("Ideogram.Sdk.IdeogramJobFailedException", duration.Tag("error.type"));
        var polls = Assert.Single(capture.Of("ideogram.client.job.polls"));
        Assert.Equal("failed", polls.Tag("ideogram.job.state"));

        var failed = Assert.Single(capture.Logs.GetSnapshot(), l => l.Id.Name == "OperationFailed");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("Ideogram.Sdk.IdeogramJobFailedException", failed.GetStructuredStateValue("ErrorType"));
        Assert.Equal(e.Job.Id, failed.GetStructuredStateValue("JobId"));
        Assert.Equal("accepted", failed.GetStructuredStateValue("SubmissionState"));

        // A job that ran and failed has nothing left to collect.
        Assert.DoesNotContain(capture.Logs.GetSnapshot(), l => l.Id.Name == "AcceptedJobNotFinished");
    }

    [Fact]
    public async Task A_wait_that_times_out_logs_a_token_that_finds_the_paid_job_again()
    {
        using var capture = new TelemetryCapture();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, capture, o => o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(3) });
        await using var _ = emu;
        using var __ = client;

        var e = await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() => client.GenerateAsync(new GenerateRequest("A poster that takes its time")));

        var logs = capture.Logs.GetSnapshot();
        var accepted = Assert.Single(logs, l => l.Id.Name == "SubmissionAccepted");
        var notFinished = Assert.Single(logs, l => l.Id.Name == "AcceptedJobNotFinished");
        Assert.Equal(LogLevel.Warning, notFinished.Level);
        foreach (var line in new[] { accepted, notFinished })
        {
            var found = ImageJob.Parse(line.GetStructuredStateValue("JobToken")!);
            Assert.Equal(e.Job!.Id, found.Id);
            Assert.Equal(IdeogramProvider.Runflow, found.Provider);
        }

        // The token is enough: the job is collected from it after the failure.
        var result = await client.WaitAsync(ImageJob.Parse(notFinished.GetStructuredStateValue("JobToken")!), new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) });
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task WatchAsync_is_one_span_with_its_status_reads_ended_when_the_consumer_stops()
    {
        using var capture = new TelemetryCapture();
        var (emu, client) = await StartAsync(IdeogramProvider.Runflow, capture);
        await using var _ = emu;
        using var __ = client;
        var job = await client.SubmitAsync(new GenerateRequest("A poster that says 'WATCH'"));

        var seen = new List<string?>();
        await foreach (var status in client.WatchAsync(job))
        {
            seen.Add(status.ProviderStatus);
        }

        var another = await client.SubmitAsync(new GenerateRequest("A poster nobody waits for"));
        await foreach (var status in client.WatchAsync(another))
        {
            break;   // a consumer that stops after the first status ends the span too
        }

        var watches = capture.Spans.Where(s => s.DisplayName == "watch ideogram-3.0").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, watches.Count);
        Assert.All(watches, w => Assert.Equal(capture.Root.SpanId, w.ParentSpanId));
        var full = watches[0];
        Assert.Equal(["queued", "dispatching", "running", "succeeded"], seen);
        Assert.Equal("succeeded", Tag(full, "ideogram.job.state"));
        Assert.Equal(1, Tag(full, "ideogram.response.num_images"));
        var reads = capture.Spans.Where(s => s.ParentSpanId == full.SpanId).ToList();
        Assert.True(reads.Count >= 4);
        Assert.All(reads, r => Assert.Equal("status runflow", r.DisplayName));
        Assert.Equal(4, full.Events.Count(e => e.Name == "ideogram.job.status"));

        var stopped = watches[1];
        Assert.Equal("queued", Tag(stopped, "ideogram.job.state"));
        Assert.Equal(ActivityStatusCode.Unset, stopped.Status);

        // Only the watch that saw its job end made images; both watches are out of the jobs in flight.
        Assert.Equal(1, capture.Of("ideogram.client.images").Sum(m => m.Value));
        Assert.Equal([1d, -1d, 1d, -1d], capture.Of("ideogram.client.active_jobs").Select(m => m.Value));
    }
}

/// <summary>The Observability sample, run as the README shows it (its console exporter kept quiet): the trace it exports is the job's.</summary>
public sealed class ObservabilitySampleTests
{
    [Fact]
    public async Task The_sample_traces_a_runflow_job_with_its_retry_under_the_apps_span()
    {
        using var capture = new TelemetryCapture();

        var exit = await ObservabilitySample.RunAsync(OpenTelemetry.Exporter.ConsoleExporterOutputTargets.Debug, CancellationToken.None);

        Assert.Equal(0, exit);
        var spans = capture.Spans;
        var calls = spans.Where(s => s.DisplayName.EndsWith(" ideogram-3.0", StringComparison.Ordinal)).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["submit ideogram-3.0", "wait ideogram-3.0", "download ideogram-3.0"], calls.Select(c => c.DisplayName));
        Assert.Single(calls.Select(c => c.ParentSpanId).Distinct());
        Assert.NotEqual(capture.Root.SpanId, calls[0].ParentSpanId);   // the app's own "make a poster" span
        var submission = Assert.Single(spans, s => s.ParentSpanId == calls[0].SpanId);
        Assert.Single(submission.Events, e => e.Name == "ideogram.retry");
        Assert.Contains(spans, s => s.ParentSpanId == calls[1].SpanId && s.DisplayName == "status runflow");
    }
}
