using System.Net;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// One provider request as the caller sees its failures (what the message says, how far a paid submission got, the job a
/// failed read belongs to) and as telemetry records it (retries, the provider's request id, an error answer).
/// </summary>
public sealed class ProviderCallsTests
{
    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_1", DateTimeOffset.UnixEpoch);

    private static IdeogramClient Ideogram(Func<RecordedRequest, int, HttpResponseMessage> respond, Action<IdeogramClientOptions>? configure = null) =>
        FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, respond, o =>
        {
            o.BaseAddress = CoreKit.Base;
            configure?.Invoke(o);
        }).Client;

    public static TheoryData<Exception, string, SubmissionState> ConnectionFailures => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused"), "Could not reach Ideogram at api.ideogram.test: refused", SubmissionState.NotSent },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), "The connection to Ideogram at api.ideogram.test was lost before its answer arrived (the request was sent): reset", SubmissionState.MayHaveRun },
    };

    [Theory]
    [MemberData(nameof(ConnectionFailures))]
    public async Task A_connection_failure_says_whether_the_paid_request_left(Exception failure, string message, SubmissionState state)
    {
        foreach (var observed in new[] { false, true })
        {
            using var capture = observed ? new TelemetryCapture() : null;
            using var client = Ideogram((_, _) => throw failure, o => capture?.Configure(o));

            var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

            Assert.Equal(message, e.Message);
            Assert.Same(failure, e.InnerException);
            Assert.Equal(state, e.Submission);
            Assert.False(e.FailedOnRead);
            Assert.Null(e.Job);
        }
    }

    [Fact]
    public async Task A_status_read_that_cannot_connect_is_a_read_failure_of_the_accepted_job()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.PollAsync(Job));

        Assert.StartsWith("Could not reach Runflow at ", e.Message, StringComparison.Ordinal);
        Assert.Same(Job, e.Job);
        Assert.True(e.FailedOnRead);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_call_cancelled_before_sending_says_nothing_paid_left_and_one_cancelled_in_flight_says_it_may_have_run()
    {
        using var before = new CancellationTokenSource();
        await before.CancelAsync();
        using var idle = Ideogram((r, _) => throw new InvalidOperationException("nothing should be sent"));

        var early = await Assert.ThrowsAsync<IdeogramCanceledException>(() => idle.GenerateAsync(new GenerateRequest("a red fox"), before.Token));

        Assert.Equal("The call to Ideogram was cancelled before anything paid was sent.", early.Message);
        Assert.Equal(SubmissionState.NotSent, early.Submission);
        Assert.Equal(before.Token, early.CancellationToken);

        using var during = new CancellationTokenSource();
        using var busy = Ideogram((_, _) =>
        {
            during.Cancel();
            throw new OperationCanceledException(during.Token);
        });

        var late = await Assert.ThrowsAsync<IdeogramCanceledException>(() => busy.GenerateAsync(new GenerateRequest("a red fox"), during.Token));

        Assert.Equal("The call to Ideogram was cancelled after its paid request was sent; it may have run. See Job, when known.", late.Message);
        Assert.Equal(SubmissionState.MayHaveRun, late.Submission);
    }

    [Fact]
    public async Task A_status_read_cancelled_in_flight_keeps_the_job_as_accepted()
    {
        using var cts = new CancellationTokenSource();
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        });

        var e = await Assert.ThrowsAsync<IdeogramCanceledException>(() => client.PollAsync(Job, cts.Token));

        Assert.Same(Job, e.Job);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_retried_request_is_counted_on_the_call_and_the_answer_span_carries_the_providers_request_id()
    {
        using var capture = new TelemetryCapture();
        using var client = Ideogram(
            (_, i) => i == 0
                ? FunctionHandler.Json(HttpStatusCode.ServiceUnavailable, """{"detail":"busy"}""", ("Retry-After", "1"), ("x-request-id", "req-busy"))
                : FunctionHandler.Json(CoreKit.GenerateJson, ("x-request-id", "req-42")),
            o =>
            {
                capture.Configure(o);
                o.MaxRetries = 1;
                o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
            });

        await client.GenerateAsync(new GenerateRequest("a red fox"));

        var generate = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Equal(1, generate.GetTagItem("ideogram.retry_count"));
        var request = Assert.Single(capture.Spans, s => s.ParentSpanId == generate.SpanId);
        Assert.Equal(("req-42", 200), (request.GetTagItem("ideogram.provider.request_id"), request.GetTagItem("http.response.status_code")));
        Assert.Equal(1, request.GetTagItem("ideogram.retry_count"));
    }

    [Fact]
    public async Task A_single_attempt_has_no_retry_count_and_an_error_answer_marks_its_request_span_with_the_status()
    {
        using var capture = new TelemetryCapture();
        using var client = Ideogram((_, _) => FunctionHandler.Json(HttpStatusCode.BadRequest, """{"detail":"bad prompt"}""", ("x-request-id", "req-400")), capture.Configure);

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        Assert.Equal(SubmissionState.Refused, e.Submission);
        var generate = Assert.Single(capture.Spans, s => s.ParentSpanId == capture.Root.SpanId);
        Assert.Null(generate.GetTagItem("ideogram.retry_count"));
        var request = Assert.Single(capture.Spans, s => s.ParentSpanId == generate.SpanId);
        Assert.Equal(("400", 400, "req-400"), (request.GetTagItem("error.type"), request.GetTagItem("http.response.status_code"), request.GetTagItem("ideogram.provider.request_id")));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, request.Status);
        Assert.Null(request.GetTagItem("ideogram.retry_count"));
    }
}
