using System.Globalization;

namespace Ideogram.Sdk;

/// <summary>
/// A rolling spend limit for an <see cref="IdeogramRouter"/>: at most <see cref="Usd"/> US dollars in any
/// <see cref="Period"/>. Checked before anything is sent; in memory, per router (per process). Binds from configuration
/// as <c>{ "Usd": 20, "Period": "1.00:00:00" }</c>.
/// </summary>
public sealed class CostBudget
{
    /// <summary>An empty budget, for configuration binding.</summary>
    public CostBudget()
    {
    }

    /// <summary>A budget of <paramref name="usd"/> per rolling <paramref name="period"/>.</summary>
    /// <param name="usd">The most that may be spent in any period, in US dollars.</param>
    /// <param name="period">The rolling period, for example one day.</param>
    public CostBudget(decimal usd, TimeSpan period)
    {
        Usd = usd;
        Period = period;
        Validate();
    }

    /// <summary>The most that may be spent in any <see cref="Period"/>, in US dollars.</summary>
    public decimal Usd { get; set; }

    /// <summary>The rolling period.</summary>
    public TimeSpan Period { get; set; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CostBudget(${Usd} per {Period})");

    internal CostBudget Clone() => new() { Usd = Usd, Period = Period };

    internal void Validate()
    {
        if (Usd <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Usd), Usd, "A budget needs a positive amount (Budget.Usd).");
        }

        if (Period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Period), Period, "A budget needs a positive period (Budget.Period, for example \"1.00:00:00\").");
        }
    }
}

/// <summary>The state of a router's <see cref="CostBudget"/>.</summary>
/// <param name="LimitUsd">The most that may be spent in any period.</param>
/// <param name="Period">The rolling period.</param>
/// <param name="SpentUsd">Spent within the last period: reported costs where the provider reports them, else the estimate's maximum.</param>
/// <param name="ReservedUsd">Held by calls still in flight (each its estimate's maximum).</param>
public sealed record BudgetStatus(decimal LimitUsd, TimeSpan Period, decimal SpentUsd, decimal ReservedUsd)
{
    /// <summary>What is left for new requests now.</summary>
    public decimal RemainingUsd => Math.Max(0, LimitUsd - SpentUsd - ReservedUsd);
}
