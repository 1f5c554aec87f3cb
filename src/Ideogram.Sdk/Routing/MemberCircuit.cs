using System.Net;
using Polly;
using Polly.CircuitBreaker;

namespace Ideogram.Sdk.Routing;

/// <summary>One member's circuit breaker: Polly's, on the router's clock, counting the failures that say the member is unwell.</summary>
internal sealed class MemberCircuit
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _time;
    private DateTimeOffset? _openUntil;
    private Exception? _lastFailure;

    public MemberCircuit(MemberHealthOptions options, TimeProvider time)
    {
        _time = time;
        if (!options.Enabled)
        {
            _pipeline = ResiliencePipeline.Empty;
            return;
        }

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Every counted outcome in the window failed, and there were enough of them.
                FailureRatio = 1.0,
                MinimumThroughput = options.FailuresToBreak,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && Counts(e) && Remember(e)),
                StateProvider = _state,
                OnOpened = args =>
                {
                    _openUntil = _time.GetUtcNow() + args.BreakDuration;
                    return default;
                },
                OnClosed = _ =>
                {
                    _openUntil = null;
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The circuit's state; an open circuit whose break has ended reads as half-open (its next call is the probe).</summary>
    public MemberCircuitState State => _state.CircuitState switch
    {
        CircuitState.Closed => MemberCircuitState.Closed,
        CircuitState.HalfOpen => MemberCircuitState.HalfOpen,
        _ when _openUntil is { } until && _time.GetUtcNow() >= until => MemberCircuitState.HalfOpen,
        _ => MemberCircuitState.Open,
    };

    public DateTimeOffset? OpenUntil => State == MemberCircuitState.Closed ? null : _openUntil;

    public Exception? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Runs a call through the breaker; an open circuit throws <see cref="BrokenCircuitException"/> without calling.</summary>
    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static async (call, ct) => await call(ct).ConfigureAwait(false), call, cancellationToken);

    /// <summary>Whether a failure says the member cannot serve anyone right now (rather than that this request was at fault).</summary>
    internal static bool Counts(Exception e) => e switch
    {
        IdeogramSplitRequestException split => split.InnerException is { } first && Counts(first),
        IdeogramRateLimitException limit => limit.ErrorCode != RequestQuotas.ClientQuotaErrorCode,
        IdeogramAuthenticationException or IdeogramInsufficientCreditsException or IdeogramTimeoutException or IdeogramJobTimeoutException => true,
        IdeogramBadRequestException or IdeogramContentPolicyException or IdeogramJobFailedException or IdeogramDownloadException => false,
        IdeogramException other => other.StatusCode is null or >= HttpStatusCode.InternalServerError,
        _ => false,
    };

    private bool Remember(Exception e)
    {
        Volatile.Write(ref _lastFailure, e);
        return true;
    }
}
