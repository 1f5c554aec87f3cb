using System.Net;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Tests.Infrastructure;
using Polly.Timeout;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// The deadlines of <c>Http/ResilienceHandler.cs</c>: the first attempt runs on one timer, the answer's body is read on
/// that timer re-armed at the headers, and a total timeout shorter than the attempt timeout ends the call without a
/// retry. Time is a fake clock; a stalled body records the token it was given, so each deadline is checked at its instant.
/// </summary>
public sealed class AttemptDeadlineTests
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(10);

    /// <summary>A real-time bound on waiting for the code under test, so a broken deadline fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>An answer whose body never arrives: reading it parks until the read's token is cancelled.</summary>
    private sealed class StalledContent : HttpContent
    {
        public SemaphoreSlim Parked { get; } = new(0);

        public CancellationToken ReadToken { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

        protected override bool TryComputeLength(out long length)
        {
            length = 100;
            return true;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new StalledStream(this));

        private sealed class StalledStream(StalledContent owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                owner.ReadToken = cancellationToken;
                owner.Parked.Release();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>The transport: each attempt takes the next step (the last repeats); counts attempts.</summary>
    private sealed class Steps(params Func<CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        public SemaphoreSlim Parked { get; } = new(0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var step = steps[Math.Min(Attempts++, steps.Length - 1)];
            return step(cancellationToken);
        }
    }

    private static (HttpMessageInvoker Invoker, DelayRecordingTimeProvider Time) Pipeline(HttpMessageHandler transport, TimeSpan total, int maxRetries = 2)
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var options = new IdeogramClientOptions { TimeProvider = time, AttemptTimeout = Attempt, TotalTimeout = total, MaxRetries = maxRetries };
        return (new HttpMessageInvoker(new ResilienceHandler(options) { InnerHandler = transport }), time);
    }

    private static HttpRequestMessage Read(long bodyLimit = 1000)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.ideogram.test/v1/status");
        var record = SendRecord.Of(request);
        record.Kind = RequestKind.Read;
        record.BodyLimit = bodyLimit;
        return request;
    }

    /// <summary>An answer whose headers arrive after <paramref name="late"/> on the fake clock.</summary>
    private static Func<CancellationToken, Task<HttpResponseMessage>> AnswerAfter(DelayRecordingTimeProvider[] clock, TimeSpan late, HttpContent content, HttpStatusCode status = HttpStatusCode.OK) => _ =>
    {
        clock[0].Advance(late);
        return Task.FromResult(new HttpResponseMessage(status) { Content = content });
    };

    [Fact]
    public async Task A_body_has_the_attempt_timeout_from_its_headers_not_from_the_attempt_start()
    {
        var clock = new DelayRecordingTimeProvider[1];
        var body = new StalledContent();
        var (invoker, time) = Pipeline(new Steps(AnswerAfter(clock, TimeSpan.FromSeconds(8), body)), TimeSpan.FromMinutes(1));
        clock[0] = time;
        using var request = Read();

        var sending = invoker.SendAsync(request, default);
        Assert.True(await body.Parked.WaitAsync(Bound));

        // 17 s after the start: past the attempt's own deadline (10 s), not yet the body's (8 s + 10 s).
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(body.ReadToken.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(body.ReadToken.IsCancellationRequested);

        var e = await Assert.ThrowsAsync<AnswerTimeoutException>(() => sending.WaitAsync(Bound));
        Assert.Equal(Attempt, e.Timeout);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.Equal(TimeSpan.FromSeconds(18), time.GetUtcNow() - time.Start);
    }

    [Fact]
    public async Task A_stalled_body_is_not_re_sent_even_for_a_read()
    {
        var clock = new DelayRecordingTimeProvider[1];
        var body = new StalledContent();
        var transport = new Steps(AnswerAfter(clock, TimeSpan.Zero, body));
        var (invoker, time) = Pipeline(transport, TimeSpan.FromMinutes(1));
        clock[0] = time;
        using var request = Read();

        var sending = invoker.SendAsync(request, default);
        Assert.True(await body.Parked.WaitAsync(Bound));
        time.Advance(Attempt);

        await Assert.ThrowsAsync<AnswerTimeoutException>(() => sending.WaitAsync(Bound));
        Assert.Equal(1, transport.Attempts);
        Assert.Equal(1, SendRecord.Of(request).Attempts);
    }

    [Fact]
    public async Task A_body_whose_headers_arrive_as_the_attempt_deadline_passes_still_gets_its_own_deadline()
    {
        var clock = new DelayRecordingTimeProvider[1];
        var body = new StalledContent();

        // The transport ignores the attempt's token and answers exactly at the attempt's deadline.
        var (invoker, time) = Pipeline(new Steps(AnswerAfter(clock, Attempt, body)), TimeSpan.FromMinutes(1));
        clock[0] = time;
        using var request = Read();

        var sending = invoker.SendAsync(request, default);
        Assert.True(await body.Parked.WaitAsync(Bound));
        Assert.False(body.ReadToken.IsCancellationRequested);
        time.Advance(Attempt - TimeSpan.FromMilliseconds(1));
        Assert.False(body.ReadToken.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<AnswerTimeoutException>(() => sending.WaitAsync(Bound));
        Assert.Equal(Attempt * 2, time.GetUtcNow() - time.Start);
    }

    [Fact]
    public async Task After_a_retry_the_final_answers_body_has_its_own_deadline_from_its_headers()
    {
        var clock = new DelayRecordingTimeProvider[1];
        var body = new StalledContent();
        var transport = new Steps(
            AnswerAfter(clock, TimeSpan.FromSeconds(1), new StringContent("busy"), HttpStatusCode.ServiceUnavailable),
            AnswerAfter(clock, TimeSpan.FromSeconds(2), body));
        var (invoker, time) = Pipeline(transport, TimeSpan.FromMinutes(1));
        clock[0] = time;
        using var request = Read();

        var sending = invoker.SendAsync(request, default);
        Assert.True(await body.Parked.WaitAsync(Bound));
        var headers = time.GetUtcNow();
        time.Advance(Attempt - TimeSpan.FromMilliseconds(1));
        Assert.False(body.ReadToken.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<AnswerTimeoutException>(() => sending.WaitAsync(Bound));
        Assert.Equal(2, transport.Attempts);
        Assert.Equal(headers + Attempt, time.GetUtcNow());
    }

    [Fact]
    public async Task A_total_timeout_shorter_than_the_attempt_timeout_ends_the_first_attempt_without_a_retry()
    {
        var transport = new Steps(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var (invoker, time) = Pipeline(transport, TimeSpan.FromSeconds(4));
        using var request = Read();

        var sending = invoker.SendAsync(request, default);
        Assert.True(time.AdvanceToNextTimer());

        var e = await Assert.ThrowsAsync<TimeoutRejectedException>(() => sending.WaitAsync(Bound));
        Assert.Equal(TimeSpan.FromSeconds(4), e.Timeout);
        Assert.Equal(1, transport.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(4), time.GetUtcNow() - time.Start);
        Assert.Equal(SubmissionState.MayHaveRun, SendRecord.Of(request).State);
    }

    [Fact]
    public async Task The_body_of_a_final_answer_is_read_into_the_record_and_an_answer_nobody_asked_to_read_is_left_alone()
    {
        var (invoker, _) = Pipeline(new Steps(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("{\"error\":\"no\"}") })), TimeSpan.FromMinutes(1));
        using var read = Read();
        using var streamed = Read(bodyLimit: 0);

        using var answered = await invoker.SendAsync(read, default);
        using var left = await invoker.SendAsync(streamed, default);

        Assert.Equal("{\"error\":\"no\"}", System.Text.Encoding.UTF8.GetString(SendRecord.Of(read).Body!));
        Assert.Null(SendRecord.Of(streamed).Body);
        Assert.Equal("{\"error\":\"no\"}", await left.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_answer_over_the_body_limit_fails_as_the_sdk_and_is_not_retried()
    {
        var transport = new Steps(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[2000]) }));
        var (invoker, _) = Pipeline(transport, TimeSpan.FromMinutes(1));
        using var request = Read(bodyLimit: 1000);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => invoker.SendAsync(request, default));

        Assert.Contains("2000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.Attempts);
    }
}
