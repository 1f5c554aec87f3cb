using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Ideogram.IdeogramTestKit;

namespace Ideogram.Sdk.Tests.Providers.Ideogram;

/// <summary>Ideogram's failures as typed exceptions, and which of them a paid submission retries.</summary>
public class IdeogramErrorTests
{
    public static TheoryData<int, string, Type> Statuses => new()
    {
        { 400, """{"error":"Invalid input"}""", typeof(IdeogramBadRequestException) },
        { 400, """{"detail":"'FAST' is not one of ['TURBO']","status":400,"title":"Bad Request","type":"about:blank"}""", typeof(IdeogramBadRequestException) },
        { 401, """{"error":"Not authorized to generate an image."}""", typeof(IdeogramAuthenticationException) },
        { 402, """{"error":"Insufficient credits or quota."}""", typeof(IdeogramInsufficientCreditsException) },
        { 403, """{"error":"Not authorized to generate an image."}""", typeof(IdeogramAuthenticationException) },
        { 422, """{"error":"Prompt provided failed safety check due to the inclusion of prohibited content."}""", typeof(IdeogramContentPolicyException) },
        { 429, """{"error":"Too many requests."}""", typeof(IdeogramRateLimitException) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_documented_status_is_a_typed_exception_with_the_providers_message_and_request_id(int status, string body, Type expected)
    {
        var handler = new ScriptedHandler();
        for (var i = 0; i < 3; i++)
        {
            handler.Respond((HttpStatusCode)status, body, r => r.Headers.Add("x-request-id", "req-9"));
        }

        using var client = Client(handler);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("x")));

        Assert.IsType(expected, e);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Equal("req-9", e.RequestId);
        Assert.False(string.IsNullOrEmpty(e.ProviderMessage));
        Assert.Contains(e.ProviderMessage!, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        if (status == 429)
        {
            Assert.Equal(3, handler.Requests.Count); // a 429 means the request did not run: retried twice
        }
        else
        {
            Assert.Single(handler.Requests); // never retry 400/401/402/403/422
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task An_ambiguous_failure_of_a_paid_submit_is_not_retried_by_default(int status)
    {
        var handler = new ScriptedHandler().Respond((HttpStatusCode)status, """{"error":"boom"}""");
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("x")));

        Assert.Single(handler.Requests);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);

        // It may have run and been charged: sending it again may pay twice.
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.True(e.MayHaveCharged);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task An_ambiguous_failure_is_retried_when_the_user_opts_in()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.InternalServerError, """{"error":"boom"}""")
            .Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler, configure: o => o.RetryAmbiguousSubmissions = true);

        var result = await client.GenerateAsync(new GenerateRequest("x"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task A_503_means_the_request_did_not_run_and_is_retried_with_retry_after_on_the_fake_clock()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, """{"error":"busy"}""", r => r.Headers.Add("Retry-After", "3"))
            .Respond(HttpStatusCode.TooManyRequests, """{"error":"slow down"}""", r => r.Headers.Add("retry-after-ms", "1500"))
            .Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler, time);

        var result = await client.GenerateAsync(new GenerateRequest("x"));

        Assert.Single(result.Images);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(3), time.Delays);
        Assert.Contains(TimeSpan.FromMilliseconds(1500), time.Delays);

        // The multipart body is re-sent intact on every attempt.
        Assert.Equal(handler.Requests[0].Body, handler.Requests[2].Body);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_maximum_fails_fast_carrying_the_wait()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.TooManyRequests, """{"error":"Too many requests."}""", r => r.Headers.Add("Retry-After", "3600"));
        using var client = Client(handler, configure: o => o.MaxRetryDelay = TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.GenerateAsync(new GenerateRequest("x")));

        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
    }

    [Fact]
    public async Task A_connection_refused_before_sending_is_retried_even_for_a_paid_submit()
    {
        var attempts = 0;
        var handler = new ScriptedHandler()
            .Respond(_ =>
            {
                attempts++;
                throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
            })
            .Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        var result = await client.GenerateAsync(new GenerateRequest("x"));

        Assert.Equal(1, attempts);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task A_connection_that_fails_after_sending_is_not_retried_for_a_paid_submit()
    {
        var handler = new ScriptedHandler()
            .Respond(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "the server closed the connection"));
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("x")));

        Assert.Single(handler.Requests);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_times_out_on_the_clients_clock()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });
        using var client = Client(handler, time, o => o.AttemptTimeout = TimeSpan.FromSeconds(30));

        var call = client.GenerateAsync(new GenerateRequest("x"));
        while (!call.IsCompleted && time.GetUtcNow() < time.Start.AddMinutes(1))
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // On the client's clock the attempt has long timed out; the real clock has barely moved. (The bound only
        // matters when the timeout wrongly runs on the real clock: then this fails instead of waiting 30 s.)
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System));
        Assert.True(call.IsCompleted);
        var e = await Assert.ThrowsAsync<IdeogramTimeoutException>(() => call);
        Assert.Contains("did not finish sending its answer", e.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    /// <summary>A body that never sends a byte until the read is cancelled.</summary>
    private sealed class StallingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var handler = new ScriptedHandler().Respond(_ =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        });
        using var client = Client(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync(new GenerateRequest("x"), cts.Token));
        Assert.Single(handler.Requests);
    }
}
