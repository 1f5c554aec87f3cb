using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk;

/// <summary>
/// How an <see cref="IdeogramRouter"/> uses several providers at once. Bindable from configuration
/// (<c>services.AddIdeogramRouter(configuration.GetSection("Ideogram:Router"))</c>): <c>Members</c> is a list of
/// sections like <c>AddIdeogram</c>'s (each member's key from its provider's environment variable when not set), and
/// <c>Budget</c> binds from <c>{ "Usd": 20, "Period": "1.00:00:00" }</c>. The router copies these values when it is
/// created; later changes do not affect it.
/// </summary>
public sealed class IdeogramRouterOptions
{
    /// <summary>How capable members are ordered. Default <see cref="RoutingStrategy.Failover"/> (the listed order).</summary>
    public RoutingStrategy Strategy { get; set; } = RoutingStrategy.Failover;

    /// <summary>
    /// The member clients, each a normal <see cref="IdeogramClient"/> with its own key, retries, timeouts, quotas and
    /// mapping table. A member is named after its provider (<c>Runware</c>; <c>Runware#2</c> for a second Runware member).
    /// </summary>
    public IList<IdeogramClientOptions> Members { get; set; } = [];

    /// <summary>A rolling spend limit checked before anything is sent; <see langword="null"/> (default): none.</summary>
    public CostBudget? Budget { get; set; }

    /// <summary>
    /// Whether the router may move to the next member after a failure that may have charged (a timeout or lost connection
    /// after the request was sent, HTTP 500/502/504 on a paid submission, an accepted job that failed or timed out).
    /// That can pay twice. Default <see langword="false"/>: the router stops and the exception carries the job.
    /// </summary>
    public bool AllowFailoverAfterAmbiguousFailure { get; set; }

    /// <summary>
    /// Whether members that can honour a request only by best effort (substituting or dropping a parameter, with a
    /// warning on the result) may serve it, after every member that can honour it exactly. A request's own
    /// <see cref="ImageRequest.UnsupportedParameters"/> overrides it. Default <see cref="UnsupportedParameterBehavior.Strict"/>.
    /// </summary>
    public UnsupportedParameterBehavior UnsupportedParameters { get; set; } = UnsupportedParameterBehavior.Strict;

    /// <summary>The circuit breaker each member gets.</summary>
    public MemberHealthOptions Health { get; set; } = new();

    /// <summary>The prices used for <see cref="IdeogramRouter.EstimateCost(ImageRequest)"/>, <see cref="RoutingStrategy.Cheapest"/> and the budget. Default <see cref="PriceTable.Default"/>.</summary>
    public PriceTable Prices { get; set; } = PriceTable.Default;

    /// <summary>The clock for the budget's rolling period and the circuit breakers (replace it in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the router logs (category <c>Ideogram.Sdk.IdeogramRouter</c>: members skipped or left for the next), and the
    /// members too, unless a member's options set their own. <c>AddIdeogramRouter</c> sets the container's. Set in code.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Makes the <c>Ideogram.Sdk</c> meter the router records its members' health and attempts on, and the members their
    /// metrics, unless a member's options set their own. Default: the shared meter. <c>AddIdeogramRouter</c> sets the container's. Set in code.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"IdeogramRouterOptions({Strategy}, {string.Join(", ", Members.Select(m => m.Provider))})";

    internal IdeogramRouterOptions Clone() => new()
    {
        Strategy = Strategy,
        Members = [.. Members.Select(m => m?.Clone()!)],
        Budget = Budget?.Clone(),
        AllowFailoverAfterAmbiguousFailure = AllowFailoverAfterAmbiguousFailure,
        UnsupportedParameters = UnsupportedParameters,
        Health = Health.Clone(),
        Prices = Prices,
        TimeProvider = TimeProvider,
        LoggerFactory = LoggerFactory,
        MeterFactory = MeterFactory,
    };

    internal void Validate()
    {
        if (Members.Count == 0)
        {
            throw new ArgumentException("A router needs at least one member (IdeogramRouterOptions.Members).", nameof(Members));
        }

        if (Members.Any(m => m is null))
        {
            throw new ArgumentException("IdeogramRouterOptions.Members contains null.", nameof(Members));
        }

        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Unknown routing strategy.");
        }

        ArgumentNullException.ThrowIfNull(Prices);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        Budget?.Validate();
        Health.Validate();
    }
}
