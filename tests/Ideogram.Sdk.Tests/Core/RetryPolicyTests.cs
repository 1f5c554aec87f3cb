using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Tests.Infrastructure;
using Polly.Timeout;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// <c>Http/ResilienceHandler.cs</c> on its own: which answers are retried for reads and for paid submissions, how
/// server wait hints are honoured, and that a retried request re-sends the same bytes. Time is a fake clock.
/// </summary>
public sealed class RetryPolicyTests
{
    /// <summary>
    /// The transport: answers each attempt with the next step (the last step repeats) and records what was sent,
    /// including the attempt number (how many attempts the call's record had seen when this one was sent).
    /// </summary>
    private sealed class Script(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
    {
        public List<byte[]> Bodies { get; } = [];

        public List<int> AttemptNumbers { get; } = [];

        public int Attempts => Bodies.Count;

        /// <summary>Released each time an attempt parks in <see cref="Hang"/>, so a test knows the pipeline is waiting on its timers.</summary>
        public SemaphoreSlim Parked { get; } = new(0);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int index;
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
                AttemptNumbers.Add(SendRecord.Of(request).Attempts);
                index = Math.Min(Bodies.Count - 1, steps.Length - 1);
            }

            if (steps[index] == Hang)
            {
                Parked.Release();
            }

            return await steps[index](request, cancellationToken);
        }
    }

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Status(int status, Action<HttpResponseMessage>? headers = null) => (_, _) =>
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent($"{{\"status\":{status}}}") };
        headers?.Invoke(response);
        return Task.FromResult(response);
    };

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Throws(Exception e) => (_, _) => Task.FromException<HttpResponseMessage>(e);

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Ok => Status(200);

    private static (HttpMessageInvoker Invoker, DelayRecordingTimeProvider Time) Pipeline(Script script, Action<IdeogramClientOptions>? configure = null)
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var options = new IdeogramClientOptions { TimeProvider = time };
        configure?.Invoke(options);
        return (new HttpMessageInvoker(new ResilienceHandler(options) { InnerHandler = script }), time);
    }

    private static HttpRequestMessage Request(RequestKind? kind, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, "https://api.ideogram.test/v1/ideogram-v3/generate") { Content = content };
        if (kind is { } k)
        {
            SendRecord.Of(request).Kind = k;
        }

        return request;
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Reads_are_retried_on_transient_statuses(int status)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
        Assert.Equal([0, 1], script.AttemptNumbers);
    }

    [Fact]
    public async Task A_request_without_a_kind_is_treated_as_a_read()
    {
        var script = new Script(Status(502), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(kind: null);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.Unknown)]
    public async Task Reads_are_retried_on_connection_failures(HttpRequestError error)
    {
        var script = new Script(Throws(new HttpRequestException(error, "boom")), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    [InlineData(HttpRequestError.ProxyTunnelError)]
    public async Task A_paid_submit_is_retried_when_the_connection_was_never_made(HttpRequestError error)
    {
        var script = new Script(Throws(new HttpRequestException(error, "no connection")), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.Unknown)]
    public async Task A_paid_submit_is_not_retried_when_the_connection_broke_after_sending(HttpRequestError error)
    {
        var script = new Script(Throws(new HttpRequestException(error, "connection lost")), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(request, default));

        Assert.Equal(error, e.HttpRequestError);
        Assert.Equal(1, script.Attempts);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_paid_submit_is_retried_when_the_server_says_it_did_not_run(int status)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_paid_submit_is_not_re_sent_after_an_ambiguous_failure(int status)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"{{\"status\":{status}}}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, script.Attempts);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task An_ambiguous_failure_is_re_sent_when_the_client_opted_in(int status)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, _) = Pipeline(script, o => o.RetryAmbiguousSubmissions = true);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_deduplicated_submit_is_re_sent_after_an_ambiguous_failure(int status)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.DeduplicatedSubmit, new StringContent("[]"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
    }

    [Fact]
    public async Task A_deduplicated_submit_is_re_sent_after_a_broken_connection()
    {
        var script = new Script(Throws(new HttpRequestException(HttpRequestError.ResponseEnded, "lost")), Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.DeduplicatedSubmit, new StringContent("[]"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(2, script.Attempts);
    }

    public static TheoryData<int, int> NeverRetried()
    {
        var data = new TheoryData<int, int>();
        foreach (var status in new[] { 400, 401, 402, 403, 404, 409, 413, 415, 422 })
        {
            foreach (var kind in new[] { RequestKind.Read, RequestKind.Submit, RequestKind.DeduplicatedSubmit })
            {
                data.Add(status, (int)kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NeverRetried))]
    public async Task Client_errors_are_never_retried(int status, int kind)
    {
        var script = new Script(Status(status), Ok);
        var (invoker, time) = Pipeline(script, o => o.RetryAmbiguousSubmissions = true);
        using var request = Request((RequestKind)kind, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1, script.Attempts);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_the_wait()
    {
        var script = new Script(Status(429, r => r.Headers.Add("Retry-After", "2")), Ok);
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(2)], time.Delays);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_the_time_until_that_date()
    {
        FakeTimeProvider? clock = null;
        var script = new Script(
            (_, _) =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                response.Headers.TryAddWithoutValidation("Retry-After", (clock!.GetUtcNow() + TimeSpan.FromSeconds(7)).ToString("r", CultureInfo.InvariantCulture));
                return Task.FromResult(response);
            },
            Ok);
        var (invoker, time) = Pipeline(script);
        clock = time;
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
    }

    [Fact]
    public async Task Retry_After_as_a_past_date_retries_at_once()
    {
        // The fake clock starts on 2000-01-01, so this date is in its past.
        var script = new Script(Status(503, r => r.Headers.TryAddWithoutValidation("Retry-After", "Fri, 31 Dec 1999 07:28:00 GMT")), Ok);
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(2, script.Attempts);
        Assert.All(time.Delays, w => Assert.Equal(TimeSpan.Zero, w));
    }

    [Fact]
    public async Task Retry_after_ms_is_the_wait_and_wins_over_Retry_After()
    {
        var script = new Script(Status(429, r =>
        {
            r.Headers.Add("retry-after-ms", "1500");
            r.Headers.Add("Retry-After", "20");
        }), Ok);
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], time.Delays);
    }

    [Fact]
    public async Task A_hint_equal_to_MaxRetryDelay_is_waited_in_full()
    {
        var script = new Script(Status(503, r => r.Headers.Add("Retry-After", "5")), Ok);
        var (invoker, time) = Pipeline(script, o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(5)], time.Delays);
    }

    [Fact]
    public void ServerDelay_clamps_a_hint_to_MaxRetryDelay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("Retry-After", "120");
        var time = new FakeTimeProvider();

        Assert.Equal(TimeSpan.FromSeconds(30), ResilienceHandler.ServerDelay(response, TimeSpan.FromSeconds(30), time));
        Assert.Equal(TimeSpan.FromSeconds(120), ResilienceHandler.ServerDelay(response, TimeSpan.FromMinutes(5), time));
        using var plain = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(ResilienceHandler.ServerDelay(plain, TimeSpan.FromSeconds(30), time));
    }

    [Theory]
    [InlineData("Retry-After", "31")]
    [InlineData("retry-after-ms", "30001")]
    public async Task A_hint_above_MaxRetryDelay_is_not_retried_and_the_answer_is_returned_as_is(string header, string value)
    {
        var script = new Script(Status(429, r => r.Headers.Add(header, value)), Ok);
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(value, response.Headers.GetValues(header).Single());
        Assert.Equal(1, script.Attempts);
        Assert.Empty(time.Delays);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    public async Task An_unreadable_hint_falls_back_to_backoff(string value)
    {
        var script = new Script(Status(503, r => r.Headers.TryAddWithoutValidation("Retry-After", value)), Ok);
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var wait = Assert.Single(time.Delays);
        Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task By_default_a_call_is_tried_three_times_then_the_last_answer_is_returned()
    {
        var script = new Script(Status(503));
        var (invoker, time) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, script.Attempts);
        Assert.Equal([0, 1, 2], script.AttemptNumbers);
        Assert.Equal(2, time.Delays.Count);
        Assert.All(time.Delays, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 5)]
    public async Task MaxRetries_sets_the_number_of_attempts(int maxRetries, int attempts)
    {
        var script = new Script(Status(503));
        var (invoker, _) = Pipeline(script, o => o.MaxRetries = maxRetries);
        using var request = Request(RequestKind.Read);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(attempts, script.Attempts);
    }

    [Fact]
    public async Task Exhausted_retries_on_a_connection_failure_surface_the_failure()
    {
        var script = new Script(Throws(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(request, default));
        Assert.Equal(3, script.Attempts);
    }

    [Fact]
    public async Task Caller_cancellation_during_an_attempt_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var script = new Script((_, _) =>
        {
            cts.Cancel();
            return Task.FromException<HttpResponseMessage>(new OperationCanceledException(cts.Token));
        }, Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invoker.SendAsync(request, cts.Token));
        Assert.Equal(1, script.Attempts);
    }

    [Fact]
    public async Task Caller_cancellation_after_a_transient_answer_stops_before_the_next_attempt()
    {
        using var cts = new CancellationTokenSource();
        var script = new Script((_, _) =>
        {
            cts.Cancel();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }, Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invoker.SendAsync(request, cts.Token));
        Assert.Equal(1, script.Attempts);
    }

    [Fact]
    public async Task An_already_cancelled_call_sends_nothing()
    {
        var script = new Script(Ok);
        var (invoker, _) = Pipeline(script);
        using var request = Request(RequestKind.Read);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invoker.SendAsync(request, new CancellationToken(canceled: true)));
        Assert.Equal(0, script.Attempts);
    }

    [Fact]
    public async Task Multipart_content_is_re_sent_intact_on_the_second_attempt()
    {
        var script = new Script(Status(503), Ok);
        var (invoker, _) = Pipeline(script);
        var image = CoreKit.Png(70_000);
        var form = new MultipartFormDataContent("----boundary-test");
        form.Add(new StringContent("a red fox"), "\"prompt\"");
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "\"image\"", "\"fox.png\"");
        using var request = Request(RequestKind.Submit, form);

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
        Assert.True(script.Bodies[0].Length > image.Length);
        Assert.Equal(script.Bodies[0], script.Bodies[1]);
        var text = Encoding.Latin1.GetString(script.Bodies[1]);
        Assert.Contains("a red fox", text, StringComparison.Ordinal);
        Assert.Contains("filename=\"fox.png\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_re_sends_an_identical_multipart_body_after_a_503()
    {
        var bodies = new List<byte[]>();
        var mock = new MockHttpMessageHandler();
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK]);
        mock.When(HttpMethod.Post, "https://api.ideogram.test/v1/ideogram-v3/remix").Respond(async req =>
        {
            bodies.Add(await req.Content!.ReadAsByteArrayAsync());
            var status = answers.Dequeue();
            return status == HttpStatusCode.OK ? CoreKit.Json(CoreKit.GenerateJson) : new HttpResponseMessage(status);
        });
        using var client = CoreKit.Client(mock);

        var result = await client.RemixAsync(new RemixRequest(ImageInput.FromStream(new MemoryStream(CoreKit.Png(50_000))), "fox") { ImageWeight = 40 });

        Assert.Single(result.Images);
        Assert.Equal(2, bodies.Count);
        Assert.True(bodies[0].Length > 50_000);
        Assert.Equal(bodies[0], bodies[1]);
    }

    /// <summary>
    /// Runs <paramref name="task"/> on the fake clock: each time an attempt parks in <see cref="Hang"/> (its timeouts are
    /// armed by then), the clock jumps to the next pending timer. Retry delays fire by themselves (AutoAdvanceDelays).
    /// </summary>
    private static async Task<T> Drive<T>(DelayRecordingTimeProvider time, Script script, Task<T> task)
    {
        for (var i = 0; i < 20 && !task.IsCompleted; i++)
        {
            if (await Task.WhenAny(task, script.Parked.WaitAsync()) == task)
            {
                break;
            }

            time.AdvanceToNextTimer();
        }

        return await task;
    }

    private static readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang = async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    };

    [Fact]
    public async Task An_attempt_that_times_out_is_retried_for_reads()
    {
        var script = new Script(Hang, Ok);
        var (invoker, time) = Pipeline(script, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        using var request = Request(RequestKind.Read);

        using var response = await Drive(time, script, invoker.SendAsync(request, default));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, script.Attempts);
        Assert.InRange(time.GetUtcNow() - time.Start, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_not_re_sent_for_a_paid_submit()
    {
        var script = new Script(Hang, Ok);
        var (invoker, time) = Pipeline(script, o => o.AttemptTimeout = TimeSpan.FromSeconds(10));
        using var request = Request(RequestKind.Submit, new StringContent("{}"));

        var e = await Assert.ThrowsAsync<TimeoutRejectedException>(() => Drive(time, script, invoker.SendAsync(request, default)));

        Assert.Equal(TimeSpan.FromSeconds(10), e.Timeout);
        Assert.Equal(1, script.Attempts);
    }

    [Fact]
    public async Task The_total_timeout_ends_the_retries()
    {
        var script = new Script(Hang);
        var (invoker, time) = Pipeline(script, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.TotalTimeout = TimeSpan.FromSeconds(15);
            o.MaxRetries = 5;
        });
        using var request = Request(RequestKind.Read);

        var e = await Assert.ThrowsAsync<TimeoutRejectedException>(() => Drive(time, script, invoker.SendAsync(request, default)));

        Assert.Equal(TimeSpan.FromSeconds(15), e.Timeout);
        Assert.Equal(2, script.Attempts);
    }
}
