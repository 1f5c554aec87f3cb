using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Tests.Providers.Runware;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// What every failure says about money: <see cref="IdeogramException.Submission"/>, <see cref="IdeogramException.MayHaveCharged"/>
/// and <see cref="IdeogramException.IsRetryable"/> ("sending this again cannot pay twice"), the job that travels with a
/// failure, and split requests that never lose an accepted or finished call.
/// </summary>
public sealed class MoneySafetyTests
{
    private static string SegmindResult(int i) => $$"""{"status":"COMPLETED","output":"https://images.segmind.com/generations/{{i}}.jpeg"}""";

    /// <summary>A transport whose requests never get an answer until cancelled; <see cref="Parked"/> is released as each one arrives.</summary>
    private sealed class Silent : HttpMessageHandler
    {
        public SemaphoreSlim Parked { get; } = new(0);

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
            }

            Parked.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private static IdeogramClient Ideogram(HttpMessageHandler transport, TimeProvider time, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, BaseAddress = CoreKit.Base, TimeProvider = time, RetryBaseDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return new IdeogramClient(options, transport);
    }

    [Fact]
    public async Task A_paid_submission_whose_answer_never_comes_may_have_run_and_is_not_retryable()
    {
        var time = new FakeTimeProvider();
        var transport = new Silent();
        using var client = Ideogram(transport, time, o => o.AttemptTimeout = TimeSpan.FromSeconds(10));

        var call = client.GenerateAsync(new GenerateRequest("fox"));
        await transport.Parked.WaitAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<IdeogramTimeoutException>(() => call);

        Assert.Single(transport.Bodies);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.True(e.MayHaveCharged);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task A_connection_that_was_never_made_sent_nothing_and_is_retryable()
    {
        var transport = new FunctionHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        using var client = Ideogram(transport, new DelayRecordingTimeProvider { AutoAdvanceDelays = true }, o => o.MaxRetries = 1);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(SubmissionState.NotSent, e.Submission);
        Assert.False(e.MayHaveCharged);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task A_connection_lost_after_sending_may_have_run_and_is_not_re_sent()
    {
        var transport = new FunctionHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var client = Ideogram(transport, new DelayRecordingTimeProvider { AutoAdvanceDelays = true }, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Single(transport.Requests);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.False(e.IsRetryable);
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(402, false)]
    [InlineData(408, true)]
    [InlineData(422, false)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    public async Task A_refusal_proves_nothing_ran(int status, bool retryable)
    {
        var transport = new FunctionHandler((_, _) => FunctionHandler.Json((HttpStatusCode)status, """{"error":"no"}"""));
        using var client = Ideogram(transport, new DelayRecordingTimeProvider { AutoAdvanceDelays = true }, o => o.MaxRetries = 0);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(SubmissionState.Refused, e.Submission);
        Assert.False(e.MayHaveCharged);
        Assert.Equal(retryable, e.IsRetryable);
    }

    [Fact]
    public async Task An_attempt_that_may_have_run_taints_the_whole_call_even_when_the_last_attempt_was_refused()
    {
        var transport = new FunctionHandler((_, i) => FunctionHandler.Json(i == 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.ServiceUnavailable, """{"error":"busy"}"""));
        using var client = Ideogram(transport, new DelayRecordingTimeProvider { AutoAdvanceDelays = true }, o =>
        {
            o.MaxRetries = 2;
            o.RetryAmbiguousSubmissions = true;
        });

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Cancelling_a_paid_submission_in_flight_stays_a_cancellation_and_keeps_the_sdk_chosen_task_id()
    {
        var time = new FakeTimeProvider();
        var transport = new Silent();
        using var client = new IdeogramClient(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = RunwareKit.Key, TimeProvider = time }, transport);
        using var cts = new CancellationTokenSource();

        var call = client.GenerateAsync(new GenerateRequest("fox") { NumImages = 2 }, cts.Token);
        await transport.Parked.WaitAsync();
        await cts.CancelAsync();
        var e = await Assert.ThrowsAsync<IdeogramCanceledException>(() => call);

        Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.True(e.MayHaveCharged);
        var sent = JsonNode.Parse(Assert.Single(transport.Bodies))!.AsArray().Last()!;
        Assert.NotNull(e.Job);
        Assert.Equal((string?)sent["taskUUID"], e.Job.Id);
        Assert.Equal("2", e.Job.Properties[RunwareAdapter.NumberResultsProperty]);
    }

    [Fact]
    public async Task A_call_cancelled_before_sending_sends_nothing()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(new GenerateRequest("fox"), cts.Token));

        Assert.Empty(sent);
        Assert.False(e is IdeogramCanceledException { MayHaveCharged: true });
    }

    [Fact]
    public async Task A_runware_task_whose_answer_was_lost_is_collected_with_the_job_on_the_exception_not_paid_again()
    {
        string? submitted = null;
        var transport = new FunctionHandler((r, i) =>
        {
            var task = JsonNode.Parse(r.Body!)!.AsArray().Last()!;
            if (i == 0)
            {
                submitted = (string?)task["taskUUID"];
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            }

            Assert.Equal("getResponse", (string?)task["taskType"]);
            Assert.Equal(submitted, (string?)task["taskUUID"]);
            return FunctionHandler.Json($$"""{"data":[{{RunwareKit.Item(submitted!, 1)}}]}""");
        });
        using var client = new IdeogramClient(
            new IdeogramClientOptions
            {
                Provider = IdeogramProvider.Runware,
                ApiKey = RunwareKit.Key,
                TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true },
                Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
            },
            transport);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.Equal(submitted, e.Job!.Id);

        var collected = await client.WaitAsync(ImageJob.Parse(e.Job.ToToken()));

        Assert.Equal(2, transport.Requests.Count);
        Assert.Single(collected.Images);
    }

    [Fact]
    public async Task A_failed_status_read_of_an_accepted_job_is_retryable_and_says_the_job_is_charged()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json(HttpStatusCode.ServiceUnavailable, """{"detail":"busy"}"""));
        var job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.PollAsync(job));

        Assert.Same(job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.True(e.MayHaveCharged);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task A_job_that_runs_past_its_deadline_is_not_retryable_but_keeps_its_job()
    {
        var (client, _) = FunctionHandler.NewClient(
            IdeogramProvider.Runflow,
            "rf-key",
            (r, _) => FunctionHandler.Json(r.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK, """{"id":"run_9","status_code":"running"}"""),
            o =>
            {
                o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
                o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(30) };
            });

        var e = await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal("run_9", e.Job!.Id);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public void An_exception_built_outside_the_sdk_counts_only_proven_refusals_as_safe_to_resend()
    {
        Assert.False(new IdeogramException("no answer").IsRetryable);
        Assert.False(new IdeogramTimeoutException("no answer in time").IsRetryable);
        Assert.True(new IdeogramException("boom", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.InternalServerError)).MayHaveCharged);
        Assert.False(new IdeogramException("busy", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable)).MayHaveCharged);
        Assert.False(new IdeogramRateLimitException("slow down").MayHaveCharged);
        Assert.False(new IdeogramException("boom", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.InternalServerError)).IsRetryable);
        Assert.True(new IdeogramException("busy", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable)).IsRetryable);
        Assert.True(new IdeogramRateLimitException("slow down").IsRetryable);
        Assert.True(new IdeogramException("x").MayHaveCharged);
        Assert.False(new IdeogramJobTimeoutException("late").IsRetryable);
    }

    [Fact]
    public async Task A_split_request_that_fails_in_one_call_keeps_every_finished_call()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Segmind, "sg-key", (_, i) => i == 3
            ? FunctionHandler.Json(HttpStatusCode.InternalServerError, """{"error":"boom"}""")
            : FunctionHandler.Json(SegmindResult(i)));

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 4 }));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(4, e.CallCount);
        Assert.Equal(3, e.PartialResult!.Images.Count);
        Assert.Equal(3, e.Job!.Parts.Count);
        Assert.All(e.Job.Parts, p => Assert.True(p.IsCompleted));
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.False(e.IsRetryable);
        var failure = Assert.IsAssignableFrom<IdeogramException>(Assert.Single(e.Failures));
        Assert.Same(failure, e.InnerException);
        Assert.Equal(SubmissionState.MayHaveRun, failure.Submission);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal(0, e.ImagesNotSubmitted);

        Assert.All(e.PartialResult.Images, i => Assert.Equal(IdeogramProvider.Segmind, i.Provider));

        // The accepted calls' images are reachable from the job too (a token of it holds them).
        var collected = await client.WaitAsync(ImageJob.Parse(e.Job.ToToken()));
        Assert.Equal(e.PartialResult.Images.Select(i => i.Url), collected.Images.Select(i => i.Url));
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task A_refused_call_of_a_split_request_counts_as_not_submitted()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Segmind, "sg-key", (_, i) => i == 1
            ? FunctionHandler.Json(HttpStatusCode.BadRequest, """{"error":"bad prompt"}""")
            : FunctionHandler.Json(SegmindResult(i)));

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 2 }));

        Assert.Single(e.PartialResult!.Images);
        Assert.Equal(1, e.ImagesNotSubmitted);
        Assert.IsType<IdeogramBadRequestException>(Assert.Single(e.Failures));
    }

    [Fact]
    public async Task After_a_failure_no_further_paid_call_of_a_split_request_is_started()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Segmind, "sg-key", (_, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, """{"error":"bad key"}"""));

        var e = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 8 }));

        // At most one call per concurrency slot was in flight when the first refusal came back.
        Assert.InRange(handler.Requests.Count, 1, IdeogramClient.GetCapabilities(IdeogramProvider.Segmind).MaxImagesPerCall * 4);
        Assert.Equal(SubmissionState.Refused, e.Submission);
        Assert.True(e.IsRetryable is false);
    }

    /// <summary>A transport answering from an asynchronous script, so a request can wait for what other requests do.</summary>
    private sealed class AsyncScript(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => respond(request);
    }

    [Fact]
    public async Task Cancelling_a_split_request_after_some_calls_finished_keeps_them_on_the_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var posts = 0;
        var finished = 0;
        var twoFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new AsyncScript(async r =>
        {
            if (r.Method == HttpMethod.Post)
            {
                var n = Interlocked.Increment(ref posts) - 1;
                return FunctionHandler.Json($$$"""{"code":200,"message":"success","data":{"task_id":"t{{{n}}}_ideogram","status":"IN_PROGRESS"}}""");
            }

            var id = r.RequestUri!.Segments[^1];
            if (id != "t2_ideogram")
            {
                if (Interlocked.Increment(ref finished) == 2)
                {
                    twoFinished.SetResult();
                }

                return FunctionHandler.Json($$$$"""{"code":200,"message":"success","data":{"task_id":"{{{{id}}}}","status":"completed","output":{"image_urls":["https://cdn.apiin.one/{{{{id}}}}.png"]}}}""");
            }

            // The last call is still running when the caller gives up, after the other two finished.
            await twoFinished.Task;
            await cts.CancelAsync();
            return FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"t2_ideogram","status":"IN_PROGRESS"}}""");
        });
        using var client = new IdeogramClient(
            new IdeogramClientOptions
            {
                Provider = IdeogramProvider.ApiInOne,
                ApiKey = "aio-key",
                TimeProvider = new FakeTimeProvider(),
                MaxRetries = 0,
                Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
            },
            transport);

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 3 }, cts.Token));

        var canceled = Assert.IsAssignableFrom<IdeogramCanceledException>(e);
        Assert.Equal(["t0_ideogram", "t1_ideogram", "t2_ideogram"], canceled.Job!.Parts.Select(p => p.Id).Order());
        Assert.Equal(2, canceled.PartialResult!.Images.Count);
        Assert.Equal(2, canceled.Job.Parts.Count(p => p.IsCompleted));
        Assert.Equal(SubmissionState.Accepted, canceled.Submission);
    }

    [Fact]
    public async Task Submitting_a_split_request_stops_at_the_first_failure_and_keeps_the_accepted_jobs()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Segmind, "sg-key", (_, i) => i == 0
            ? FunctionHandler.Json("""{"request_id":"r1","status":"QUEUED"}""")
            : FunctionHandler.Json(HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.SubmitAsync(new GenerateRequest("fox") { NumImages = 3 }));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["r1"], e.Job!.Parts.Select(p => p.Id));
        Assert.Equal(1, e.ImagesNotSubmitted);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.Equal(SubmissionState.MayHaveRun, ((IdeogramException)e.Failures[0]).Submission);
    }

    [Fact]
    public async Task Waiting_on_a_split_job_where_one_part_failed_surfaces_the_other_parts_images_and_every_job()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.ApiInOne, "aio-key", (r, _) =>
        {
            var id = r.Uri.Segments[^1];
            return FunctionHandler.Json(id == "b_ideogram"
                ? """{"code":200,"message":"success","data":{"task_id":"b_ideogram","status":"failed","error":"the model crashed"}}"""
                : $$$$"""{"code":200,"message":"success","data":{"task_id":"{{{{id}}}}","status":"completed","output":{"image_urls":["https://cdn.apiin.one/{{{{id}}}}.png"]}}}""");
        });
        var parts = new[] { "a_ideogram", "b_ideogram", "c_ideogram" }.Select(id => new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch)).ToList();
        var job = new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, "a_ideogram", DateTimeOffset.UnixEpoch) { Parts = parts };

        var e = await Assert.ThrowsAsync<IdeogramSplitRequestException>(() => client.WaitAsync(job));

        Assert.Equal(["https://cdn.apiin.one/a_ideogram.png", "https://cdn.apiin.one/c_ideogram.png"], e.PartialResult!.Images.Select(i => i.Url!.AbsoluteUri));
        Assert.Equal(["a_ideogram", "b_ideogram", "c_ideogram"], e.Job!.Parts.Select(p => p.Id));
        Assert.True(e.Job.Parts[0].IsCompleted);
        Assert.False(e.Job.Parts[1].IsCompleted);
        Assert.IsType<IdeogramJobFailedException>(Assert.Single(e.Failures));
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Polling_a_split_job_reports_failure_only_once_every_part_has_ended()
    {
        var reads = 0;
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.ApiInOne, "aio-key", (r, _) =>
        {
            var id = r.Uri.Segments[^1];
            if (id == "b_ideogram")
            {
                return FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"b_ideogram","status":"failed","error":"crashed"}}""");
            }

            return FunctionHandler.Json(Interlocked.Increment(ref reads) == 1
                ? """{"code":200,"message":"success","data":{"task_id":"a_ideogram","status":"IN_PROGRESS"}}"""
                : """{"code":200,"message":"success","data":{"task_id":"a_ideogram","status":"completed","output":{"image_urls":["https://cdn.apiin.one/a.png"]}}}""");
        });
        var parts = new[] { "a_ideogram", "b_ideogram" }.Select(id => new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch)).ToList();
        var job = new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, "a_ideogram", DateTimeOffset.UnixEpoch) { Parts = parts };

        var first = await client.PollAsync(job);
        var second = await client.PollAsync(job);

        Assert.Equal(ImageJobState.Running, first.State);
        Assert.Null(first.Error);
        Assert.Equal(ImageJobState.Failed, second.State);
        var error = Assert.IsType<IdeogramSplitRequestException>(second.Error);
        Assert.Single(error.PartialResult!.Images);
    }

    [Fact]
    public async Task Inline_result_images_are_held_to_the_download_limit_and_keep_the_job()
    {
        var big = Convert.ToBase64String(RunwareKit.Png.Concat(new byte[4096]).ToArray());
        var transport = new FunctionHandler((r, _) =>
        {
            var task = JsonNode.Parse(r.Body!)!.AsArray().Last()!;
            return FunctionHandler.Json($$"""{"data":[{"taskType":"imageInference","taskUUID":"{{task["taskUUID"]}}","imageUUID":"i1","imageBase64Data":"{{big}}"}]}""");
        });
        using var client = new IdeogramClient(
            new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = RunwareKit.Key, TimeProvider = new FakeTimeProvider(), MaxDownloadBytes = 1024, Runware = { OutputType = RunwareOutputType.Base64Data } },
            transport);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Contains("1024", e.Message, StringComparison.Ordinal);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.NotNull(e.Job);
        Assert.False(e.IsRetryable);
    }
}
