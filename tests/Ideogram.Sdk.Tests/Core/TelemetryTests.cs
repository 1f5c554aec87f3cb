using System.Diagnostics;
using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using Ideogram.Sdk.Tests.Routing;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// The shape of the SDK's spans, metrics and logs over a scripted transport: which call is a span of its own, what nests
/// under it, where retries go, what a failure records, and what only the sensitive-data opt-in adds.
/// </summary>
public sealed class TelemetryTests
{
    private const string Output = """{"outputs":[{"type":"image","url":"https://cdn.runflow.test/a.png"}]}""";

    private static string Run(string status, string? output = null) =>
        $$"""{"id":"run_1","status_code":"{{status}}"{{(output is null ? "" : ",\"output\":" + output)}}}""";

    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

    /// <summary>A client whose public <see cref="PollAsync"/> is decorated, as a user's subclass may do.</summary>
    private sealed class CountingClient(IdeogramClientOptions options, HttpMessageHandler transport) : IdeogramClient(options, transport)
    {
        public int Polls { get; private set; }

        public override Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
        {
            Polls++;
            return base.PollAsync(job, cancellationToken);
        }
    }

    private static (CountingClient Client, FunctionHandler Handler) Runflow(TelemetryCapture capture, Action<IdeogramClientOptions>? configure, params string[] answers)
    {
        var handler = new FunctionHandler((_, i) => FunctionHandler.Json(answers[Math.Min(i, answers.Length - 1)]));
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = "rf-key-telemetry",
            TimeProvider = new FakeTimeProvider(),
            MaxRetries = 0,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
        };
        capture.Configure(options);
        configure?.Invoke(options);
        return (new CountingClient(options, handler), handler);
    }

    [Fact]
    public async Task The_reads_of_a_wait_are_request_spans_of_the_wait_while_a_subclass_still_sees_every_one()
    {
        using var capture = new TelemetryCapture();
        var (client, handler) = Runflow(capture, null, Run("queued"), Run("running"), Run("succeeded", Output));

        await client.WaitAsync(Job);

        Assert.Equal(3, client.Polls);
        Assert.Equal(3, handler.Requests.Count);
        var wait = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal("wait ideogram-3.0", wait.DisplayName);
        var reads = capture.Spans.Where(s => s.ParentSpanId == wait.SpanId).ToList();
        Assert.Equal(3, reads.Count);
        Assert.All(reads, r => Assert.Equal("status runflow", r.DisplayName));
        Assert.Equal(4, capture.Spans.Count);
        Assert.DoesNotContain(capture.Logs.GetSnapshot(), l => l.Message.Contains("poll", StringComparison.Ordinal) && l.Id.Name == "OperationCompleted");
    }

    [Fact]
    public async Task A_poll_the_caller_makes_is_a_span_of_its_own_with_its_read_beneath_it()
    {
        using var capture = new TelemetryCapture();
        var (client, _) = Runflow(capture, null, Run("running"));

        var status = await client.PollAsync(Job);

        var poll = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal("poll ideogram-3.0", poll.DisplayName);
        Assert.Equal("running", poll.GetTagItem("ideogram.job.state"));
        Assert.Equal("running", poll.GetTagItem("ideogram.job.provider_status"));
        Assert.Equal("run_1", poll.GetTagItem("ideogram.job.id"));
        var read = Assert.Single(capture.Spans, s => s.ParentSpanId == poll.SpanId);
        Assert.Equal("status runflow", read.DisplayName);
        Assert.Equal(ImageJobState.Running, status.State);
        Assert.Single(capture.Of("ideogram.client.operation.duration"), m => m.Tag("gen_ai.operation.name") == "poll");
    }

    [Fact]
    public async Task A_composite_job_read_once_is_one_poll_span_with_a_read_per_part()
    {
        using var capture = new TelemetryCapture();
        var (client, _) = Runflow(capture, null, Run("running"));
        var composite = IdeogramModelFactory.CompositeJob(
            [new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_a", DateTimeOffset.UnixEpoch), new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_b", DateTimeOffset.UnixEpoch)]);

        await client.PollAsync(composite);

        Assert.Equal(3, client.Polls);   // the caller's read, then the SDK's read of each part
        var poll = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal("poll ideogram-3.0", poll.DisplayName);
        Assert.Equal(["run_a", "run_b"], capture.Spans.Where(s => s.ParentSpanId == poll.SpanId).Select(s => s.GetTagItem("ideogram.job.id")));
    }

    [Fact]
    public async Task A_retried_download_shows_the_retry_on_the_download_span()
    {
        using var capture = new TelemetryCapture();
        var handler = new FunctionHandler((_, i) => i == 0
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true }, MaxRetries = 2 };
        capture.Configure(options);
        using var client = new IdeogramClient(options, handler);

        var bytes = await client.DownloadAsync(new GeneratedImage { Url = new Uri("https://images.example.test/a.png") }, new MemoryStream());

        var download = Assert.Single(capture.Spans);
        Assert.Equal("download ideogram-3.0", download.DisplayName);
        Assert.Equal(bytes, download.GetTagItem("ideogram.download.bytes"));
        var retry = Assert.Single(download.Events);
        Assert.Equal("ideogram.retry", retry.Name);
        Assert.Equal(503, retry.Tags.Single(t => t.Key == "http.response.status_code").Value);
        Assert.Null(download.GetTagItem("url.full"));
        var counted = Assert.Single(capture.Of("ideogram.client.retries"));
        Assert.Equal("read", counted.Tag("ideogram.request.kind"));
        Assert.Null(counted.Tag("ideogram.operation"));   // a download is about no image operation
    }

    [Fact]
    public async Task A_retry_is_counted_with_the_image_operation_of_the_call_it_happens_in()
    {
        using var capture = new TelemetryCapture();
        var handler = new FunctionHandler((_, i) => i switch
        {
            0 or 2 or 4 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            1 => FunctionHandler.Json(Run("queued")),
            _ => FunctionHandler.Json(Run("succeeded", Output)),
        });
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = "rf-key-telemetry",
            TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true },
            MaxRetries = 1,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
        };
        capture.Configure(options);
        using var client = new IdeogramClient(options, handler);

        // The submission and a status read of a generate are each re-sent once; so is the read of a wait for a remix.
        await client.GenerateAsync(new GenerateRequest("a red fox"));
        await client.WaitAsync(new ImageJob(IdeogramProvider.Runflow, ImageOperation.Remix, "run_1", DateTimeOffset.UnixEpoch));

        Assert.Equal(6, handler.Requests.Count);
        var retries = capture.Of("ideogram.client.retries").ToList();
        Assert.Equal(["submission", "read", "read"], retries.Select(r => r.Tag("ideogram.request.kind")));
        Assert.Equal(["generate", "generate", "remix"], retries.Select(r => r.Tag("ideogram.operation")));
        Assert.All(retries, r => Assert.Equal("runflow", r.Tag("gen_ai.provider.name")));
    }

    [Fact]
    public async Task A_failure_records_its_type_status_and_request_id_and_the_message_only_with_the_opt_in()
    {
        foreach (var sensitive in new[] { false, true })
        {
            using var capture = new TelemetryCapture();
            var (client, _) = FunctionHandler.NewClient(
                IdeogramProvider.Ideogram,
                CoreKit.Key,
                (_, _) => FunctionHandler.Json(HttpStatusCode.PaymentRequired, """{"error":"Not enough credits left on account zanzibar-77"}""", ("x-request-id", "req-42")),
                o =>
                {
                    capture.Configure(o);
                    o.EnableSensitiveData = sensitive;
                });
            using (client)
            {
                var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

                var generate = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
                Assert.Equal(ActivityStatusCode.Error, generate.Status);
                Assert.Equal(e.GetType().FullName, generate.GetTagItem("error.type"));
                Assert.Equal(402, generate.GetTagItem("http.response.status_code"));
                Assert.Equal("req-42", generate.GetTagItem("ideogram.provider.request_id"));
                Assert.Equal("refused", generate.GetTagItem("ideogram.submission_state"));
                var submission = Assert.Single(capture.Spans, s => s.ParentSpanId == generate.SpanId);
                Assert.Equal(ActivityStatusCode.Error, submission.Status);
                Assert.Equal(402, submission.GetTagItem("http.response.status_code"));

                var failed = Assert.Single(capture.Logs.GetSnapshot(), l => l.Id.Name == "OperationFailed");
                Assert.Equal("402", failed.GetStructuredStateValue("StatusCode"));
                Assert.Equal("req-42", failed.GetStructuredStateValue("RequestId"));
                Assert.Equal(e.GetType().FullName, failed.GetStructuredStateValue("ErrorType"));

                if (sensitive)
                {
                    Assert.Equal(e.Message, generate.StatusDescription);
                    Assert.Contains(generate.Events, ev => ev.Name == "exception");
                    Assert.Equal("a red fox", generate.GetTagItem("ideogram.request.prompt"));
                }
                else
                {
                    Assert.Null(generate.StatusDescription);
                    Assert.DoesNotContain(generate.Events, ev => ev.Name == "exception");
                    Assert.Null(generate.GetTagItem("ideogram.request.prompt"));
                    Assert.DoesNotContain(capture.EverythingEmitted(), t => t.Contains("zanzibar", StringComparison.Ordinal) || t.Contains("red fox", StringComparison.Ordinal));
                }
            }
        }
    }

    [Fact]
    public async Task A_cancelled_wait_is_logged_as_a_cancellation_with_the_job_and_its_token()
    {
        using var capture = new TelemetryCapture();
        var (client, _) = Runflow(capture, o => o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) }, Run("running"));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<IdeogramJobWaitCanceledException>(() => client.WaitAsync(Job, null, cancel.Token));

        var logs = capture.Logs.GetSnapshot();
        var canceled = Assert.Single(logs, l => l.Id.Name == "OperationCanceled");
        Assert.Equal("run_1", canceled.GetStructuredStateValue("JobId"));
        Assert.DoesNotContain(logs, l => l.Id.Name == "OperationFailed");
        var collect = Assert.Single(logs, l => l.Id.Name == "AcceptedJobNotFinished");
        Assert.Equal("run_1", ImageJob.Parse(collect.GetStructuredStateValue("JobToken")!).Id);
        var wait = Assert.Single(capture.Spans);
        Assert.Equal("Ideogram.Sdk.IdeogramJobWaitCanceledException", wait.GetTagItem("error.type"));
        Assert.Equal(0, capture.Of("ideogram.client.active_jobs").Sum(m => m.Value));
    }

    [Fact]
    public async Task Best_effort_warnings_are_logged_and_listed_on_the_span()
    {
        using var capture = new TelemetryCapture();
        var (client, _) = FunctionHandler.NewClient(
            IdeogramProvider.Segmind,
            "sg-key",
            (_, _) => FunctionHandler.Json("""{"status":"COMPLETED","output":"https://cdn.segmind.test/a.png"}"""),
            o =>
            {
                capture.Configure(o);
                o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort;
            });
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("a red fox") { RenderingSpeed = RenderingSpeed.Flash, NumImages = 1 });

            var warning = Assert.Single(result.Warnings);
            var logged = Assert.Single(capture.Logs.GetSnapshot(), l => l.Id.Name == "BestEffortWarning");
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.Equal(warning.Code, logged.GetStructuredStateValue("WarningCode"));
            Assert.Equal("RenderingSpeed", logged.GetStructuredStateValue("Parameter"));
            var generate = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
            Assert.Equal(new[] { warning.Code }, generate.GetTagItem("ideogram.response.warnings"));
        }
    }

    [Fact]
    public async Task A_routed_call_is_a_span_with_each_members_call_beneath_it_and_an_event_per_member()
    {
        using var capture = new TelemetryCapture();
        var refusing = new FunctionHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var serving = new FunctionHandler((_, _) => CoreKit.Json(CoreKit.GenerateJson));
        var options = new IdeogramRouterOptions { LoggerFactory = capture.LoggerFactory, MeterFactory = capture.MeterFactory };
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "a", MaxRetries = 0 });
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "b", MaxRetries = 0 });
        var built = 0;
        using var router = new IdeogramRouter(options, o => new IdeogramClient(o, built++ == 0 ? refusing : serving));

        await router.GenerateAsync(new GenerateRequest("a red fox"));

        var route = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal("route generate", route.DisplayName);
        Assert.Equal("failover", route.GetTagItem("ideogram.router.strategy"));
        Assert.Equal("Ideogram#2", route.GetTagItem("ideogram.router.served_by"));
        Assert.Equal(
            [("Ideogram", "refused"), ("Ideogram#2", "served")],
            route.Events.Where(e => e.Name == "ideogram.routing.attempt").Select(e => ((string)e.Tags.First(t => t.Key == "ideogram.router.member").Value!, (string)e.Tags.First(t => t.Key == "ideogram.routing.outcome").Value!)));
        var members = capture.Spans.Where(s => s.ParentSpanId == route.SpanId).ToList();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal("generate ideogram-3.0", m.DisplayName));
        Assert.Equal(ActivityStatusCode.Error, members.OrderBy(m => m.StartTimeUtc).First().Status);

        // Members log through the router's factory; the router logs the member it left.
        var logs = capture.Logs.GetSnapshot();
        Assert.Contains(logs, l => l.Id.Name == "OperationFailed" && l.Category == "Ideogram.Sdk.IdeogramClient");
        var left = Assert.Single(logs, l => l.Id.Name == "RouterMemberFailed");
        Assert.Equal("Ideogram.Sdk.IdeogramRouter", left.Category);
        Assert.Equal("Ideogram", left.GetStructuredStateValue("Member"));
        Assert.Equal(["refused", "served"], capture.Of("ideogram.router.attempts").Select(m => m.Tag("ideogram.routing.outcome")));
    }

    [Fact]
    public async Task Member_health_is_a_gauge_with_one_series_per_member_and_state()
    {
        using var capture = new TelemetryCapture();
        var broken = new FakeMember(IdeogramProvider.Runware);
        broken.Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable)).Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable));
        var healthy = new FakeMember(IdeogramProvider.Segmind) { Otherwise = r => FakeMember.Result(IdeogramProvider.Segmind, r) };
        var options = new IdeogramRouterOptions { MeterFactory = capture.MeterFactory, Health = new MemberHealthOptions { FailuresToBreak = 2 } };
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = "a" });
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Segmind, ApiKey = "b" });
        var router = new IdeogramRouter(options, o => o.Provider == IdeogramProvider.Runware ? broken : healthy);

        await router.GenerateAsync(new GenerateRequest("fox"));
        await router.GenerateAsync(new GenerateRequest("fox"));
        capture.Observe();

        var health = capture.Of("ideogram.router.member.status").ToList();
        Assert.Equal(6, health.Count);
        Assert.Equal(1, health.Single(m => m.Tag("ideogram.router.member") == "Runware" && m.Tag("ideogram.circuit.state") == "open").Value);
        Assert.Equal(0, health.Single(m => m.Tag("ideogram.router.member") == "Runware" && m.Tag("ideogram.circuit.state") == "closed").Value);
        Assert.Equal(1, health.Single(m => m.Tag("ideogram.router.member") == "Segmind" && m.Tag("ideogram.circuit.state") == "closed").Value);
        Assert.Equal("runware", health.First(m => m.Tag("ideogram.router.member") == "Runware").Tag("gen_ai.provider.name"));

        // A disposed router is no longer reported.
        router.Dispose();
        var before = capture.Of("ideogram.router.member.status").Count();
        capture.Observe();
        Assert.Equal(before, capture.Of("ideogram.router.member.status").Count());
    }
}
