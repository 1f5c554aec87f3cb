using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>
/// A router's telemetry: a span per routed call (<c>route generate</c>) with the members' own call spans beneath it and
/// an event per member tried or skipped, the <c>ideogram.router.attempts</c> counter, log events for members that did
/// not serve, and its members' health on the <c>ideogram.router.member.status</c> gauge.
/// </summary>
internal sealed class RouterTelemetry
{
    private static readonly string[] SpanNames = [.. Telemetry.CallNames.Select(c => "route " + c)];

    private static readonly string[] Outcomes = [.. Enum.GetValues<RoutingOutcome>().Select(o => o.ToString().ToLowerInvariant())];

    private readonly string _strategy;

    public RouterTelemetry(IdeogramRouterOptions options)
    {
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Telemetry.RouterCategory);
        Metrics = IdeogramMetrics.For(options.MeterFactory);
        _strategy = options.Strategy.ToString().ToLowerInvariant();
    }

    public ILogger Logger { get; }

    public IdeogramMetrics Metrics { get; }

    /// <summary>The span of one routed call, when something listens.</summary>
    public Activity? Start(SdkCall call, ImageRequest request)
    {
        var span = Telemetry.Source.StartActivity(SpanNames[(int)call], ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(Telemetry.RouterStrategy, _strategy);
            span.SetTag(Telemetry.ImageOperation, Telemetry.Name(request.Operation));
            span.SetTag(Telemetry.RequestedImages, request.NumImages ?? 1);
        }

        return span;
    }

    /// <summary>One member tried or skipped: an event on the routed call's span, a count, and a log line when it did not serve.</summary>
    public void Attempted(Activity? span, SdkCall call, RoutingAttempt attempt)
    {
        var outcome = Outcomes[(int)attempt.Outcome];
        var errorType = attempt.Error is { } e ? Telemetry.ErrorTypeOf(e) : null;
        if (Metrics.RoutingAttempts.Enabled)
        {
            Metrics.RoutingAttempts.Add(
                1,
                new(Telemetry.RouterMember, attempt.Member),
                new(Telemetry.ProviderName, Telemetry.Name(attempt.Provider)),
                new(Telemetry.RoutingOutcome, outcome));
        }

        if (span is { IsAllDataRequested: true })
        {
            var tags = new ActivityTagsCollection
            {
                { Telemetry.RouterMember, attempt.Member },
                { Telemetry.ProviderName, Telemetry.Name(attempt.Provider) },
                { Telemetry.RoutingOutcome, outcome },
            };
            if (errorType is not null)
            {
                tags.Add(Telemetry.ErrorType, errorType);
            }

            span.AddEvent(new ActivityEvent(Telemetry.RoutingAttemptEvent, tags: tags));
            if (attempt.Outcome == RoutingOutcome.Served)
            {
                span.SetTag(Telemetry.RouterServedBy, attempt.Member);
            }
        }

        if (errorType is null || !Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var name = Telemetry.CallName(call);
        if (attempt.Outcome == RoutingOutcome.Skipped)
        {
            Log.RouterMemberSkipped(Logger, attempt.Member, name, errorType);
        }
        else
        {
            Log.RouterMemberFailed(Logger, attempt.Member, name, outcome, errorType);
        }
    }

    /// <summary>The routed call ended with <paramref name="exception"/>; always <see langword="false"/> (an exception filter that never catches).</summary>
    public bool Failed(Activity? span, SdkCall call, Exception exception)
    {
        var errorType = Telemetry.ErrorTypeOf(exception);
        if (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error);
            span.SetTag(Telemetry.ErrorType, errorType);
        }

        var (status, requestId, submission, job) = exception switch
        {
            IdeogramException e => ((int?)e.StatusCode, e.RequestId, e.Submission, e.Job?.Id),
            IdeogramCanceledException c => (null, null, c.Submission, c.Job?.Id),
            _ => ((int?)null, (string?)null, SubmissionState.Unknown, (string?)null),
        };
        if (Logger.IsEnabled(LogLevel.Error) && exception is not OperationCanceledException)
        {
            var name = Telemetry.CallName(call);
            var state = Telemetry.Name(submission);
            Log.OperationFailed(Logger, "router", name, errorType, status, requestId, state, job);
        }

        return false;
    }
}
