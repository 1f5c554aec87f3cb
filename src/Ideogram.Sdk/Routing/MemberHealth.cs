namespace Ideogram.Sdk;

/// <summary>
/// When a router stops sending to a member for a while: a circuit breaker per member (Polly's) opens after
/// <see cref="FailuresToBreak"/> outages or refusals within <see cref="SamplingDuration"/> with no success between them,
/// skips the member without a request for <see cref="BreakDuration"/>, then lets one probe request through; a success
/// closes it, a failure opens it again.
/// </summary>
/// <remarks>
/// Counted: answers that say the member cannot serve anyone right now (401/403 key, 402/406 credits, 429 after its
/// retries, 5xx, timeouts, lost connections). Not counted: a request's own faults (400/422, content policy, local
/// validation), a full local quota, cancellation.
/// </remarks>
public sealed class MemberHealthOptions
{
    /// <summary>Whether members get a circuit breaker. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many counted failures, with no success between them, open the circuit (at least 2). Default 5.</summary>
    public int FailuresToBreak { get; set; } = 5;

    /// <summary>The window the failures are counted in (at least 0.5 s). Default 1 minute.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open circuit skips the member before letting a probe through (at least 0.5 s). Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal MemberHealthOptions Clone() => (MemberHealthOptions)MemberwiseClone();

    internal void Validate()
    {
        if (FailuresToBreak < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(FailuresToBreak), FailuresToBreak, "Health.FailuresToBreak must be at least 2.");
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingDuration), "Health.SamplingDuration and Health.BreakDuration must be at least 0.5 s.");
        }
    }
}

/// <summary>The health of one router member, as its circuit breaker sees it.</summary>
/// <param name="Member">The member's name.</param>
/// <param name="Provider">Its provider.</param>
/// <param name="State">Its circuit's state.</param>
/// <param name="OpenUntil">While <see cref="MemberCircuitState.Open"/>: when a probe will be let through.</param>
/// <param name="LastFailure">The last failure that counted against it, if any.</param>
public sealed record MemberHealth(string Member, IdeogramProvider Provider, MemberCircuitState State, DateTimeOffset? OpenUntil, Exception? LastFailure);

/// <summary>The state of a member's circuit breaker.</summary>
public enum MemberCircuitState
{
    /// <summary>Healthy: requests go to it.</summary>
    Closed,

    /// <summary>Broken: skipped without a request until the break ends.</summary>
    Open,

    /// <summary>The break has ended: the next request is a probe (only one at a time).</summary>
    HalfOpen,
}
