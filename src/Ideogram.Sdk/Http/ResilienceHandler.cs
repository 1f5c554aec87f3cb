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

/// <summary>What a request does, which decides when re-sending it is safe.</summary>
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
/// The SDK's resilience, as a <see cref="DelegatingHandler"/> around the transport: total timeout → retry → per-attempt
/// timeout, on Polly.Core. The same <see cref="HttpRequestMessage"/> (with replayable content) is re-sent on each
/// attempt. All waiting uses the configured <see cref="TimeProvider"/>. Each retry is logged (<c>RetryScheduled</c>), counted
/// (<c>ideogram.client.retries</c>, with the image operation of the SDK call it happens in) and recorded as an event on
/// the provider request's span.
/// </summary>
/// <remarks>
/// Polly's own telemetry (Polly.Extensions) is not wired in: it would log and count the same retries a second time under
/// Polly's names, log each failed attempt's exception (message included) where this handler logs only its type and
/// status, and know neither the provider nor what the request was.
/// </remarks>
internal sealed class ResilienceHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<RequestKind> KindKey = new("Ideogram.Sdk.RequestKind");

    /// <summary>The attempt number (0 for the first) of the request being sent, visible to inner handlers.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptKey = new("Ideogram.Sdk.Attempt");

    private static readonly string[] KindNames = ["read", "submission", "submission"];

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;
    private readonly IdeogramMetrics _metrics;
    private readonly string _provider;
    private readonly int _maxRetries;

    public ResilienceHandler(IdeogramClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Telemetry.RetryCategory);
        _metrics = IdeogramMetrics.For(options.MeterFactory);
        _provider = Telemetry.Name(options.Provider);
        _maxRetries = options.MaxRetries;
        var maxDelay = options.MaxRetryDelay;
        var retryAmbiguous = options.RetryAmbiguousSubmissions;
        var time = options.TimeProvider;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
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
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            request.Options.TryGetValue(KindKey, out var kind);
            context.Properties.Set(ContextKind, kind);
            var attempt = 0;
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    state.Request.Options.Set(AttemptKey, state.Attempt[0]++);
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
                (Handler: this, Request: request, Attempt: new[] { attempt }, Record: SendRecord.Of(request))).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
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
        var safeToResend = kind != RequestKind.Submit || retryAmbiguous;
        if (outcome.Exception is { } e)
        {
            if (context.CancellationToken.IsCancellationRequested)
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
