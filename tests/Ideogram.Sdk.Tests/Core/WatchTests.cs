using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary><see cref="IIdeogramClient.WatchAsync"/>: a job's statuses as they change, ending with the terminal one, and WaitAsync built on it.</summary>
public sealed class WatchTests
{
    private static string Run(string status, string? output = null) =>
        $$"""{"id":"run_1","status_code":"{{status}}"{{(output is null ? "" : ",\"output\":" + output)}}}""";

    private const string Output = """{"outputs":[{"type":"image","url":"https://cdn.runflow.test/a.png"}]}""";

    private static (IdeogramClient Client, FunctionHandler Handler) Runflow(params string[] answers) =>
        FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, i) => FunctionHandler.Json(answers[Math.Min(i, answers.Length - 1)]));

    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

    private static async Task<List<ImageJobStatus>> Collect(IAsyncEnumerable<ImageJobStatus> statuses)
    {
        var list = new List<ImageJobStatus>();
        await foreach (var s in statuses)
        {
            list.Add(s);
        }

        return list;
    }

    [Fact]
    public async Task Each_change_of_state_or_status_word_is_yielded_once_and_the_terminal_status_last()
    {
        var (client, handler) = Runflow(Run("queued"), Run("queued"), Run("dispatching"), Run("running"), Run("running"), Run("succeeded", Output));

        var statuses = await Collect(client.WatchAsync(Job));

        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(["queued", "dispatching", "running", "succeeded"], statuses.Select(s => s.ProviderStatus));
        Assert.Equal([ImageJobState.Queued, ImageJobState.Running, ImageJobState.Running, ImageJobState.Succeeded], statuses.Select(s => s.State));
        Assert.Equal("https://cdn.runflow.test/a.png", Assert.Single(statuses[^1].Result!.Images).Url!.AbsoluteUri);
    }

    [Fact]
    public async Task A_failed_job_ends_the_watch_with_its_error_and_wait_throws_it()
    {
        var (client, _) = Runflow(Run("running"), """{"id":"run_1","status_code":"failed","error":{"code":"E1","message":"model crashed"}}""");

        var statuses = await Collect(client.WatchAsync(Job));
        var last = statuses[^1];
        Assert.Equal(ImageJobState.Failed, last.State);
        Assert.IsType<IdeogramJobFailedException>(last.Error);

        var (again, _) = Runflow(Run("running"), """{"id":"run_1","status_code":"failed","error":{"code":"E1","message":"model crashed"}}""");
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => again.WaitAsync(Job));
        Assert.Same(Job, e.Job);
    }

    [Fact]
    public async Task A_completed_job_yields_one_terminal_status_without_a_request()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, "key", (_, _) => throw new InvalidOperationException("no request expected"));
        var done = new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Generate, "sync-1", DateTimeOffset.UnixEpoch)
        {
            Result = IdeogramModelFactory.ImageResult(images: IdeogramModelFactory.GeneratedImage(new Uri("https://ideogram.ai/a.png"))),
        };

        var status = Assert.Single(await Collect(client.WatchAsync(done)));

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Same(done.Result, status.Result);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_a_watch_throws_the_wait_cancellation_with_the_job()
    {
        using var cts = new CancellationTokenSource();
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, i) =>
        {
            if (i == 1)
            {
                cts.Cancel();
            }

            return FunctionHandler.Json(Run("running"));
        });

        var e = await Assert.ThrowsAsync<IdeogramJobWaitCanceledException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(Job, cancellationToken: cts.Token))
            {
            }
        });

        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_watch_past_its_deadline_throws_the_job_timeout_with_the_job()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("running")), o => o.TimeProvider = time);

        var e = await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() => Collect(client.WatchAsync(Job, new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(20) })));

        Assert.Same(Job, e.Job);
        Assert.Equal(TimeSpan.FromSeconds(20), time.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }

    [Fact]
    public async Task Transient_read_failures_are_polled_through_and_the_providers_wait_hint_is_honoured()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, i) => i switch
        {
            0 => FunctionHandler.Json(HttpStatusCode.ServiceUnavailable, """{"detail":"busy"}""", ("Retry-After", "7")),
            1 => FunctionHandler.Json(Run("running")),
            _ => FunctionHandler.Json(Run("succeeded", Output)),
        }, o => o.TimeProvider = time);

        var statuses = await Collect(client.WatchAsync(Job, new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 2, MaxDelay = TimeSpan.FromSeconds(60) }));

        Assert.Equal(["running", "succeeded"], statuses.Select(s => s.ProviderStatus));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(14)], time.Delays);
    }

    [Fact]
    public async Task A_split_job_reports_progress_as_its_parts_end()
    {
        var reads = new Dictionary<string, int>();
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.ApiInOne, "aio-key", (r, _) =>
        {
            var id = r.Uri.Segments[^1];
            int n;
            lock (reads)
            {
                n = reads[id] = reads.GetValueOrDefault(id) + 1;
            }

            var done = id == "a_ideogram" ? n >= 1 : n >= 3;
            return FunctionHandler.Json(done
                ? $$$$"""{"code":200,"message":"success","data":{"task_id":"{{{{id}}}}","status":"completed","output":{"image_urls":["https://cdn.apiin.one/{{{{id}}}}.png"]}}}"""
                : $$$"""{"code":200,"message":"success","data":{"task_id":"{{{id}}}","status":"IN_PROGRESS"}}""");
        });
        var parts = new[] { "a_ideogram", "b_ideogram" }.Select(id => new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch)).ToList();
        var job = new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, "a_ideogram", DateTimeOffset.UnixEpoch) { Parts = parts };

        var statuses = await Collect(client.WatchAsync(job));

        Assert.Equal(["1 of 2 parts ended", "succeeded"], statuses.Select(s => s.ProviderStatus));
        Assert.Equal(2, statuses[^1].Result!.Images.Count);

        // A part that has ended is not read again.
        Assert.Equal(1, reads["a_ideogram"]);
        Assert.Equal(3, reads["b_ideogram"]);
    }

    /// <summary>An implementation of the interface that only knows how to read a job once.</summary>
    private sealed class PollOnly(Queue<ImageJobStatus> answers) : IIdeogramClient
    {
        public int Polls { get; private set; }

        public IdeogramProvider Provider => IdeogramProvider.Runflow;

        public ProviderCapabilities Capabilities => IdeogramClient.GetCapabilities(IdeogramProvider.Runflow);

        public Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
        {
            Polls++;
            return Task.FromResult(answers.Dequeue());
        }

        public Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_interfaces_default_watch_works_for_any_implementation_that_can_poll()
    {
        var answers = new Queue<ImageJobStatus>([
            new(Job, ImageJobState.Queued, "queued"),
            new(Job, ImageJobState.Queued, "queued"),
            new(Job, ImageJobState.Succeeded, "succeeded") { Result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow) },
        ]);
        IIdeogramClient client = new PollOnly(answers);

        var statuses = await Collect(client.WatchAsync(Job, new PollingOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }));

        Assert.Equal(["queued", "succeeded"], statuses.Select(s => s.ProviderStatus));
        Assert.Equal(3, ((PollOnly)client).Polls);
    }

    [Fact]
    public async Task A_published_callback_ends_a_wait_at_once_without_asking_the_provider_again()
    {
        var events = new IdeogramJobEvents();
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("running")), o =>
        {
            o.JobEvents = events;
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) };
        });

        var wait = client.WaitAsync(Job);
        var pushed = new ImageJobStatus(new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch), ImageJobState.Succeeded, "succeeded")
        {
            Result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow, images: IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.runflow.test/pushed.png"))),
        };
        // A terminal status reaches the wait whether it is listening yet or not (it is kept for waits that start later).
        events.Publish(pushed);

        var result = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("https://cdn.runflow.test/pushed.png", Assert.Single(result.Images).Url!.AbsoluteUri);
        Assert.Empty(handler.Requests);
        Assert.Equal(0, events.Publish(pushed));
    }

    [Fact]
    public async Task A_published_failure_ends_a_wait_with_the_job_failure()
    {
        var events = new IdeogramJobEvents();
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("running")), o =>
        {
            o.JobEvents = events;
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) };
        });

        var wait = client.WaitAsync(Job);
        var failed = new ImageJobStatus(Job, ImageJobState.Failed, "failed") { Error = new IdeogramJobFailedException("the model crashed") };
        // A terminal status reaches the wait whether it is listening yet or not (it is kept for waits that start later).
        events.Publish(failed);

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => wait.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_published_progress_status_makes_the_wait_read_the_job_now()
    {
        var events = new IdeogramJobEvents();
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(Run("succeeded", Output)), o =>
        {
            o.JobEvents = events;
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) };
        });

        var wait = client.WaitAsync(Job);
        while (events.Publish(new ImageJobStatus(Job, ImageJobState.Running, "running")) == 0)
        {
            await Task.Yield();
        }

        var result = await wait;

        Assert.Single(handler.Requests);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task A_published_status_of_one_part_settles_that_part_of_a_split_job()
    {
        var events = new IdeogramJobEvents();
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.ApiInOne, "aio-key", (r, _) => FunctionHandler.Json(
            """{"code":200,"message":"success","data":{"task_id":"a_ideogram","status":"completed","output":{"image_urls":["https://cdn.apiin.one/a.png"]}}}"""), o =>
        {
            o.JobEvents = events;
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(1) };
        });
        var parts = new[] { "a_ideogram", "b_ideogram" }.Select(id => new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch)).ToList();
        var job = new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, "a_ideogram", DateTimeOffset.UnixEpoch) { Parts = parts };

        var wait = client.WaitAsync(job);
        var pushed = new ImageJobStatus(parts[1], ImageJobState.Succeeded, "completed")
        {
            Result = IdeogramModelFactory.ImageResult(IdeogramProvider.ApiInOne, images: IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.apiin.one/b.png"))),
        };
        // A terminal status reaches the wait whether it is listening yet or not (it is kept for waits that start later).
        events.Publish(pushed);

        var result = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["https://cdn.apiin.one/a.png", "https://cdn.apiin.one/b.png"], result.Images.Select(i => i.Url!.AbsoluteUri));
        Assert.Equal(["/api/v1/tasks/a_ideogram"], handler.Requests.Select(r => r.Uri.AbsolutePath));
    }

    /// <summary>A client that records each status read its waits make (the way a progress display hooks in).</summary>
    private sealed class Observed(IdeogramClientOptions options, HttpMessageHandler transport) : IdeogramClient(options, transport)
    {
        public List<string?> Seen { get; } = [];

        public override async Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
        {
            var status = await base.PollAsync(job, cancellationToken);
            Seen.Add(status.ProviderStatus);
            return status;
        }
    }

    [Fact]
    public async Task Waits_read_the_job_through_the_clients_public_poll_so_a_subclass_sees_every_read()
    {
        var answers = new[] { """{"id":"run_1","status_code":"queued"}""", Run("running"), Run("succeeded", Output) };
        var handler = new FunctionHandler((r, i) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run_1","status_code":"queued"}""")
            : FunctionHandler.Json(answers[Math.Min(i - 1, answers.Length - 1)]));
        using var client = new Observed(
            new IdeogramClientOptions { Provider = IdeogramProvider.Runflow, ApiKey = "rf-key", TimeProvider = new FakeTimeProvider(), Polling = new PollingOptions { InitialDelay = TimeSpan.Zero } },
            handler);

        await client.GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal(["queued", "running", "succeeded"], client.Seen);
    }
}
