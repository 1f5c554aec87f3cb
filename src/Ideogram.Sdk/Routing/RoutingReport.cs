using System.Globalization;

namespace Ideogram.Sdk;

/// <summary>How an <see cref="IdeogramRouter"/> handled a request: every member it considered, in order.</summary>
public sealed class RoutingReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="attempts">The attempts, in order.</param>
    public RoutingReport(IReadOnlyList<RoutingAttempt> attempts) => Attempts = attempts ?? [];

    /// <summary>The report of a result that did not go through a router (no attempts).</summary>
    public static RoutingReport Empty { get; } = new([]);

    /// <summary>
    /// Every member the router considered, in order: first the members that cannot serve the request at all
    /// (<see cref="RoutingOutcome.Skipped"/>, with the reason), then each member in routing order until one served it.
    /// </summary>
    public IReadOnlyList<RoutingAttempt> Attempts { get; }

    /// <summary>The member that served the request (the last one, when a split request was served by several), if any.</summary>
    public string? ServedBy => Attempts.LastOrDefault(a => a.Outcome == RoutingOutcome.Served)?.Member;

    /// <inheritdoc />
    public override string ToString() => Attempts.Count == 0 ? "RoutingReport(no router)" : $"RoutingReport({string.Join(", ", Attempts)})";
}

/// <summary>What happened when the router considered one member for a request.</summary>
public sealed class RoutingAttempt
{
    /// <summary>Creates an attempt record.</summary>
    /// <param name="member">The member's name (its provider, with <c>#2</c>, <c>#3</c>... when a provider is listed more than once).</param>
    /// <param name="provider">The member's provider.</param>
    /// <param name="outcome">What happened.</param>
    /// <param name="mayHaveCharged">Whether this attempt may have cost money.</param>
    /// <param name="error">Why it did not serve the request, when it did not.</param>
    public RoutingAttempt(string member, IdeogramProvider provider, RoutingOutcome outcome, bool mayHaveCharged, Exception? error = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(member);
        Member = member;
        Provider = provider;
        Outcome = outcome;
        MayHaveCharged = mayHaveCharged;
        Error = error;
    }

    /// <summary>The member's name (its provider, with <c>#2</c>, <c>#3</c>... when a provider is listed more than once).</summary>
    public string Member { get; }

    /// <summary>The member's provider.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>What happened.</summary>
    public RoutingOutcome Outcome { get; }

    /// <summary>
    /// Whether this attempt may have cost money: it served the request, or failed after its paid submission may have run
    /// (see <see cref="IdeogramException.MayHaveCharged"/>; the exception in <see cref="Error"/> carries its job).
    /// </summary>
    public bool MayHaveCharged { get; }

    /// <summary>Why the member did not serve the request (its exception: a refusal, a failure, an open circuit, the budget).</summary>
    public Exception? Error { get; }

    /// <summary>How many images were asked of this member (fewer than the request's when it finished a split request's remainder).</summary>
    public int? Images { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Member}: {Outcome}";
        if (Images is { } n)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" ({n} images)");
        }

        if (MayHaveCharged && Outcome != RoutingOutcome.Served)
        {
            text += " (may have charged)";
        }

        return Error is null ? text : $"{text}: {Error.GetType().Name}";
    }
}

/// <summary>What became of one member's attempt.</summary>
public enum RoutingOutcome
{
    /// <summary>The member served the request (or the rest of it).</summary>
    Served,

    /// <summary>Not tried, nothing sent: the member cannot serve the request, its circuit is open, or the budget would be passed.</summary>
    Skipped,

    /// <summary>Tried and refused in a way that proves the paid request did not run (a local refusal, 4xx, 429, 503): the router moved on.</summary>
    Refused,

    /// <summary>Tried and failed after the paid request may have run (see <see cref="RoutingAttempt.MayHaveCharged"/>).</summary>
    Failed,
}

/// <summary>How a router orders the members that can serve a request.</summary>
public enum RoutingStrategy
{
    /// <summary>In the order the members are listed; the next is used only when the one before provably did not run the request.</summary>
    Failover,

    /// <summary>Cheapest first: by <see cref="CostEstimate.MaxUsd"/>, then <see cref="CostEstimate.MinUsd"/>, then the listed order.</summary>
    Cheapest,
}
