using System.Diagnostics;
using System.Net;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ideogram.Sdk;

/// <summary>What a request does, which decides when re-sending it is safe (<see cref="SendRecord.Kind"/>).</summary>
internal enum RequestKind
{
    /// <summary>A read (poll, download, list): safe to re-send.</summary>
    Read,

    /// <summary>A paid submission: re-sent only where it provably did not run, unless the client opted in.</summary>
    Submit,

    /// <summary>A paid submission the provider de-duplicates by a client id: safe to re-send.</summary>
    DeduplicatedSubmit,
}

/// <summary>
/// The SDK's resilience, as a <see cref="DelegatingHandler"/> around the transport: a per-attempt timeout, retries, and a
/// total timeout over all attempts, all on the configured <see cref="TimeProvider"/>. The same
/// <see cref="HttpRequestMessage"/> (with replayable content) is re-sent on each attempt. Each retry is logged
/// (<c>RetryScheduled</c>), counted (<c>ideogram.client.retries</c>, with the image operation of the SDK call it happens
/// in) and recorded as an event on the provider request's span.
/// </summary>
/// <remarks>
/// <para>
/// The first attempt runs on one timer (the attempt timeout, or the total timeout when that is shorter), the cost of a
/// plain <see cref="HttpClient"/> call. Only an outcome that is to be retried enters the Polly.Core pipeline (total
/// timeout over what is left → retry → per-attempt timeout), which takes that outcome as its first attempt, so backoff,
/// server wait hints and the retry budget are Polly's. A request whose <see cref="SendRecord.BodyLimit"/> is set has its
/// final answer read here, on a fresh attempt deadline from the answer's headers (a stalled body is not retried).
/// </para>
/// <para>
/// Polly's own telemetry (Polly.Extensions) is not wired in: it would log and count the same retries a second time under
/// Polly's names, log each failed attempt's exception (message included) where this handler logs only its type and
/// status, and know neither the provider nor what the request was.
/// </para>
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly string[] KindNames = ["read", "submission", "submission"];

    private static readonly ResiliencePropertyKey<TimeSpan> TotalLeft = new("Ideogram.Sdk.TotalLeft");
    private static readonly ResiliencePropertyKey<bool> TotalPassed = new("Ideogram.Sdk.TotalPassed");

    private readonly ResiliencePipeline<HttpResponseMessage>? _retries;
    private readonly ILogger _logger;
    private readonly IdeogramMetrics _metrics;
    private readonly string _provider;
    private readonly int _maxRetries;
    private readonly bool _retryAmbiguous;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _totalTimeout;
    private readonly TimeProvider _time;

    public ResilienceHandler(IdeogramClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Telemetry.RetryCategory);
        _metrics = IdeogramMetrics.For(options.MeterFactory);
        _provider = Telemetry.Name(options.Provider);
        _maxRetries = options.MaxRetries;
        _retryAmbiguous = options.RetryAmbiguousSubmissions;
        _maxDelay = options.MaxRetryDelay;
        _attemptTimeout = options.AttemptTimeout;
        _totalTimeout = options.TotalTimeout;
        _time = options.TimeProvider;
        if (options.MaxRetries == 0)
        {
            return;
        }

        var (maxDelay, retryAmbiguous, time) = (_maxDelay, _retryAmbiguous, _time);
        _retries = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                // What is left of the total timeout after the first attempt.
                TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(TotalLeft, TimeSpan.Zero)),
                OnTimeout = static args =>
                {
                    args.Context.Properties.Set(TotalPassed, true);
                    return default;
                },
            })
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, retryAmbiguous, maxDelay, time)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Result, maxDelay, time)),
                OnRetry = args =>
                {
                    Retrying(args.Context, args.Outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = SendRecord.Of(request);
        var started = _time.GetTimestamp();
        var totalFirst = _totalTimeout <= _attemptTimeout;
        var budget = totalFirst ? _totalTimeout : _attemptTimeout;
        var (timer, link) = Timer(budget, _time, cancellationToken);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            try
            {
                var response = await base.SendAsync(request, timer.Token).ConfigureAwait(false);
                record.Observe(SendRecord.Classify(response.StatusCode));
                outcome = Outcome.FromResult(response);
            }
            catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                record.Observe(SendRecord.Classify(e));
                if (totalFirst)
                {
                    throw TotalTimeout(e);
                }

                outcome = Outcome.FromException<HttpResponseMessage>(AttemptTimeout(e));
            }
            catch (Exception e)
            {
                record.Observe(SendRecord.Classify(e));
                outcome = Outcome.FromException<HttpResponseMessage>(e);
            }

            if (_retries is null || !ShouldRetry(outcome, record.Kind, cancellationToken.IsCancellationRequested, _retryAmbiguous, _maxDelay, _time))
            {
                outcome.ThrowIfException();
                return await ReadAsync(outcome.Result!, record, timer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            link.Dispose();
            timer.Dispose();
        }

        return await RetryAsync(request, record, outcome, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The retries after a first attempt that is to be retried, through the Polly pipeline (which takes <paramref name="first"/> as its first attempt).</summary>
    private async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, SendRecord record, Outcome<HttpResponseMessage> first, long started, CancellationToken cancellationToken)
    {
        var left = _totalTimeout - _time.GetElapsedTime(started);
        if (left <= TimeSpan.Zero)
        {
            first.Result?.Dispose();
            throw TotalTimeout(first.Exception);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        HttpResponseMessage response;
        try
        {
            context.Properties.Set(ContextKind, record.Kind);
            context.Properties.Set(TotalLeft, left);
            var outcome = await _retries!.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    if (state.TakeFirst() is { } earlier)
                    {
                        return earlier;
                    }

                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false);
                        state.Record.Observe(SendRecord.Classify(response.StatusCode));
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        state.Record.Observe(SendRecord.Classify(e));
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                new RetryState(this, request, record, first)).ConfigureAwait(false);
            if (outcome.Exception is { } failure and (TimeoutRejectedException or OperationCanceledException)
                && context.Properties.GetValue(TotalPassed, false) && !cancellationToken.IsCancellationRequested)
            {
                throw TotalTimeout(failure);
            }

            outcome.ThrowIfException();
            response = outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return await ReadAsync(response, record, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the final answer's body into <see cref="SendRecord.Body"/> when the engine asked for it (see <see cref="ReadAnswerAsync"/>).</summary>
    /// <exception cref="AnswerTimeoutException">The body did not arrive in time.</exception>
    private async ValueTask<HttpResponseMessage> ReadAsync(HttpResponseMessage response, SendRecord record, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        if (record.BodyLimit <= 0)
        {
            return response;
        }

        try
        {
            record.Body = await ReadAnswerAsync(response.Content, record.BodyLimit, _attemptTimeout, _time, timer, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads an answer's body (at most <paramref name="maxBytes"/>) within <paramref name="attemptTimeout"/> counted from
    /// now: its headers have arrived. A running <paramref name="timer"/> (the attempt's) is re-armed for it only when the
    /// body is not already at hand (a read that completes at once needs no deadline); without one, or when it has just
    /// passed, the body gets a timer of its own.
    /// </summary>
    /// <exception cref="AnswerTimeoutException">The body did not arrive in time.</exception>
    internal static async ValueTask<byte[]> ReadAnswerAsync(HttpContent content, long maxBytes, TimeSpan attemptTimeout, TimeProvider time, CancellationTokenSource? timer, CancellationToken cancellationToken)
    {
        CancellationTokenSource? own = null;
        CancellationTokenRegistration ownLink = default;
        try
        {
            if (timer is null || (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                (own, ownLink) = Timer(Timeout.InfiniteTimeSpan, time, cancellationToken);
                timer = own;
            }

            var reading = Downloader.ReadBoundedAsync(content, maxBytes, timer.Token);
            if (!reading.IsCompleted)
            {
                timer.CancelAfter(attemptTimeout);
            }

            return await reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AnswerTimeoutException(attemptTimeout, e);
        }
        finally
        {
            ownLink.Dispose();
            own?.Dispose();
        }
    }

    /// <summary>A timer on the client's clock that the caller's cancellation also cancels (one source, no linked source).</summary>
    private static (CancellationTokenSource Timer, CancellationTokenRegistration Link) Timer(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        var timer = new CancellationTokenSource(delay, time);
        return (timer, cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timer));
    }

    private TimeoutRejectedException AttemptTimeout(Exception cause) =>
        new(FormattableString.Invariant($"The attempt did not complete within the attempt timeout of {_attemptTimeout}."), _attemptTimeout, cause);

    private TimeoutRejectedException TotalTimeout(Exception? cause)
    {
        var message = FormattableString.Invariant($"The call did not complete within the total timeout of {_totalTimeout}.");
        return cause is null ? new(message, _totalTimeout) : new(message, _totalTimeout, cause);
    }

    /// <summary>The state of one call's retries: the first attempt's outcome, handed to the pipeline as its first attempt.</summary>
    private sealed class RetryState(ResilienceHandler handler, HttpRequestMessage request, SendRecord record, Outcome<HttpResponseMessage> first)
    {
        private Outcome<HttpResponseMessage>? _first = first;

        public ResilienceHandler Handler => handler;

        public HttpRequestMessage Request => request;

        public SendRecord Record => record;

        public Outcome<HttpResponseMessage>? TakeFirst()
        {
            var earlier = _first;
            _first = null;
            return earlier;
        }
    }

    private static readonly ResiliencePropertyKey<RequestKind> ContextKind = new("Ideogram.Sdk.RequestKind");

    /// <summary>A retry is about to wait and re-send: logged, counted, and an event on the request's span (or, for a download, the download's).</summary>
    private void Retrying(ResilienceContext context, Outcome<HttpResponseMessage> outcome, int retry, TimeSpan delay)
    {
        context.Properties.TryGetValue(ContextKind, out var kind);
        var status = outcome.Result is { } response ? (int?)response.StatusCode : null;
        var cause = outcome.Exception is { } e ? Telemetry.ErrorTypeOf(e) : null;
        var kindName = KindNames[(int)kind];
        if (_metrics.Retries.Enabled)
        {
            var tags = new TagList
            {
                { Telemetry.ProviderName, _provider },
                { Telemetry.RequestKind, kindName },
            };

            // The SDK call this request belongs to, when it is observed (it is whenever this counter is enabled) and
            // is about an image operation; its name is a cached string, so the tag allocates nothing.
            if (OperationScope.Current?.Operation is { } operation)
            {
                tags.Add(Telemetry.ImageOperation, Telemetry.Name(operation));
            }

            if (status is { } code)
            {
                tags.Add(Telemetry.HttpStatus, code);
            }
            else
            {
                tags.Add(Telemetry.ErrorType, cause);
            }

            _metrics.Retries.Add(1, tags);
        }

        // The provider request's span (started just outside this handler), or for a download the download's.
        var span = Activity.Current;
        if (Telemetry.IsOurs(span) && span!.IsAllDataRequested)
        {
            var tags = new ActivityTagsCollection
            {
                { Telemetry.RetryAttempt, retry },
                { Telemetry.RetryDelay, (long)delay.TotalMilliseconds },
            };
            if (status is { } code)
            {
                tags.Add(Telemetry.HttpStatus, code);
            }
            else
            {
                tags.Add(Telemetry.ErrorType, cause);
            }

            span.AddEvent(new ActivityEvent(Telemetry.RetryEvent, tags: tags));
        }

        if (status is { } answered)
        {
            Log.RetryScheduled(_logger, _provider, kindName, answered, retry, _maxRetries, (long)delay.TotalMilliseconds);
        }
        else
        {
            Log.RetryScheduledAfterError(_logger, _provider, kindName, cause ?? "an unknown failure", retry, _maxRetries, (long)delay.TotalMilliseconds);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, bool retryAmbiguous, TimeSpan maxDelay, TimeProvider time)
    {
        context.Properties.TryGetValue(ContextKind, out var kind);
        return ShouldRetry(outcome, kind, context.CancellationToken.IsCancellationRequested, retryAmbiguous, maxDelay, time);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, RequestKind kind, bool cancelled, bool retryAmbiguous, TimeSpan maxDelay, TimeProvider time)
    {
        var safeToResend = kind != RequestKind.Submit || retryAmbiguous;
        if (outcome.Exception is { } e)
        {
            if (cancelled)
            {
                return false;
            }

            return e switch
            {
                // The connection was never made, so the request never ran.
                HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
                HttpRequestException => safeToResend,
                TimeoutRejectedException => safeToResend,
                _ => false,
            };
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        var transient = status switch
        {
            // The server says it did not process the request.
            408 or 429 or 503 => true,

            // The request may have run: only safe to re-send when it cannot pay twice.
            500 or 502 or 504 => safeToResend,
            _ => false,
        };
        if (!transient)
        {
            return false;
        }

        // A wait longer than the client accepts fails fast; the caller sees the wait on the exception.
        return !(RetryAfterParser.Read(response.Headers, time) is { } hint && hint > maxDelay);
    }

    internal static TimeSpan? ServerDelay(HttpResponseMessage? response, TimeSpan maxDelay, TimeProvider time)
    {
        if (response is null || RetryAfterParser.Read(response.Headers, time) is not { } hint)
        {
            return null;
        }

        return hint < TimeSpan.Zero ? TimeSpan.Zero : (hint > maxDelay ? maxDelay : hint);
    }
}

/// <summary>The body of an answer whose headers arrived did not arrive within the attempt timeout (not retried: the request was answered).</summary>
internal sealed class AnswerTimeoutException(TimeSpan timeout, Exception inner) : Exception($"The answer's body did not arrive within {timeout}.", inner)
{
    /// <summary>The attempt timeout the body had.</summary>
    public TimeSpan Timeout => timeout;
}
