using System.Net;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The client's own rules around the engine: a job is checked against the client before anything is sent, the address
/// of a proxy without its trailing slash still prefixes every path, a synchronous submission's job is named and dated,
/// what a client disposes (its own pool, never the caller's transport), and which waits count images.
/// </summary>
public sealed class ClientCallTests
{
    private static readonly ImageJob SegmindJob = new(IdeogramProvider.Segmind, ImageOperation.Generate, "sg_1", DateTimeOffset.UnixEpoch);

    private static readonly ImageJob RunflowJob = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

    private const string Output = """{"outputs":[{"type":"image","url":"https://cdn.runflow.test/a.png"}]}""";

    private static IEnumerable<(string Call, Func<IdeogramClient, ImageJob, Task> Use)> JobCalls()
    {
        yield return ("poll", (c, j) => c.PollAsync(j));
        yield return ("wait", (c, j) => c.WaitAsync(j));
        yield return ("cancel", (c, j) => c.CancelAsync(j));
        yield return ("watch", async (c, j) =>
        {
            await foreach (var _ in c.WatchAsync(j))
            {
            }
        });
    }

    [Fact]
    public async Task Every_call_on_a_job_refuses_one_of_another_provider_or_none_before_anything_is_sent()
    {
        foreach (var observed in new[] { false, true })
        {
            using var capture = observed ? new TelemetryCapture() : null;
            var handler = FunctionHandler.Forbidden();
            using var client = new IdeogramClient(new IdeogramClientOptions { Provider = IdeogramProvider.Runflow, ApiKey = "rf-key", LoggerFactory = capture?.LoggerFactory, MeterFactory = capture?.MeterFactory }, handler);

            foreach (var (call, use) in JobCalls())
            {
                var wrong = await Assert.ThrowsAsync<ArgumentException>(() => use(client, SegmindJob));
                Assert.Equal("job", wrong.ParamName);
                Assert.True(wrong.Message.StartsWith("The job belongs to Segmind; this client calls Runflow.", StringComparison.Ordinal), $"{call}: {wrong.Message}");

                var none = await Assert.ThrowsAsync<ArgumentNullException>(() => use(client, null!));
                Assert.Equal("job", none.ParamName);
            }

            Assert.Empty(handler.Requests);
        }
    }

    [Fact]
    public async Task A_base_address_without_a_trailing_slash_keeps_its_path_in_front_of_every_request()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Json(CoreKit.GenerateJson), o => o.BaseAddress = new Uri("https://gateway.test/ideogram"));

        await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Equal("https://gateway.test/ideogram/v1/ideogram-v3/generate", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task A_synchronous_submission_is_a_completed_job_named_by_the_providers_request_id_or_a_fresh_sync_id()
    {
        using var capture = new TelemetryCapture();
        var start = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        const string Undated = """{"data":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png","prompt":"a red fox","resolution":"1024x1024","is_image_safe":true,"seed":7}]}""";
        var (client, _) = FunctionHandler.NewClient(
            IdeogramProvider.Ideogram,
            CoreKit.Key,
            (_, i) => i == 0 ? FunctionHandler.Json(CoreKit.GenerateJson, ("x-request-id", "req-7")) : FunctionHandler.Json(Undated),
            o =>
            {
                capture.Configure(o);
                o.TimeProvider = new FakeTimeProvider(start);
            });

        var named = await client.SubmitAsync(new GenerateRequest("a red fox"));
        var fresh = await client.SubmitAsync(new GenerateRequest("a red fox"));
        var again = await client.SubmitAsync(new GenerateRequest("a red fox"));

        Assert.Equal("req-7", named.Id);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), named.CreatedAt);
        Assert.True(named.IsCompleted);
        Assert.Matches("^sync-[0-9a-f]{32}$", fresh.Id);
        Assert.NotEqual(fresh.Id, again.Id);
        Assert.Equal(start, fresh.CreatedAt);
        Assert.Equal(["req-7", fresh.Id, again.Id], capture.Spans.Where(s => s.ParentSpanId == capture.Root.SpanId).Select(s => s.GetTagItem("ideogram.job.id")));
    }

    [Fact]
    public async Task Waiting_counts_the_images_of_a_job_it_saw_finish_but_not_of_one_that_was_already_complete()
    {
        using var capture = new TelemetryCapture();
        var (client, _) = FunctionHandler.NewClient(
            IdeogramProvider.Runflow,
            "rf-key",
            (_, _) => FunctionHandler.Json($$"""{"id":"run_1","status_code":"succeeded","output":{{Output}}}"""),
            capture.Configure);

        var result = await client.WaitAsync(RunflowJob);
        Assert.Equal([1d], capture.Of("ideogram.client.images").Select(m => m.Value));

        var done = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_2", DateTimeOffset.UnixEpoch) { Result = result };
        Assert.Same(result, await client.WaitAsync(done));
        Assert.Single(capture.Of("ideogram.client.images"));
        var waits = capture.Spans.Where(s => s.ParentSpanId == capture.Root.SpanId).ToList();
        Assert.Equal([1, 1], waits.Select(s => s.GetTagItem("ideogram.response.num_images")));
    }

    /// <summary>A transport that remembers being disposed.</summary>
    private sealed class TrackedHandler() : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Sent++;
            return Task.FromResult(FunctionHandler.Json(CoreKit.GenerateJson));
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task Disposing_a_client_closes_its_own_pipeline_but_never_the_transport_or_http_client_it_was_given()
    {
        var transport = new TrackedHandler();
        var overTransport = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0 }, transport);
        await overTransport.GenerateAsync(new GenerateRequest("a red fox"));

        overTransport.Dispose();
        overTransport.Dispose();

        Assert.False(transport.Disposed);
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => overTransport.GenerateAsync(new GenerateRequest("a red fox")));
        Assert.Equal(1, transport.Sent);

        var inner = new TrackedHandler();
        using var http = new HttpClient(inner);
        var overHttp = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0 }, http);
        await overHttp.GenerateAsync(new GenerateRequest("a red fox"));

        overHttp.Dispose();

        Assert.False(inner.Disposed);
        using var answer = await http.GetAsync(new Uri("https://example.test/"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(2, inner.Sent);
    }
}
