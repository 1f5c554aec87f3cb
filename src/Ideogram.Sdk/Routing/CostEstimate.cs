using System.Globalization;

namespace Ideogram.Sdk;

/// <summary>What a request is expected to cost at one provider, before anything is spent (see <see cref="PriceTable"/>).</summary>
public sealed class CostEstimate
{
    /// <summary>Creates an estimate.</summary>
    /// <param name="provider">The provider the estimate is for.</param>
    /// <param name="minUsd">The least the whole request can cost, in US dollars.</param>
    /// <param name="maxUsd">The most the whole request can cost, in US dollars (what a budget reserves).</param>
    /// <param name="isConfirmed">Whether every figure used is documented by the provider for exactly this case.</param>
    /// <param name="basis">How it was computed: the figure, the count, the source and its date.</param>
    public CostEstimate(IdeogramProvider provider, decimal minUsd, decimal maxUsd, bool isConfirmed, string basis)
    {
        if (minUsd < 0 || maxUsd < minUsd)
        {
            throw new ArgumentOutOfRangeException(nameof(maxUsd), "An estimate needs 0 <= MinUsd <= MaxUsd.");
        }

        Provider = provider;
        MinUsd = minUsd;
        MaxUsd = maxUsd;
        IsConfirmed = isConfirmed;
        Basis = basis ?? string.Empty;
    }

    /// <summary>The provider the estimate is for.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>The least the whole request (all its images) can cost, in US dollars.</summary>
    public decimal MinUsd { get; }

    /// <summary>The most the whole request (all its images) can cost, in US dollars; what a <see cref="CostBudget"/> reserves.</summary>
    public decimal MaxUsd { get; }

    /// <summary>
    /// Whether the figures are documented by the provider for exactly this case. <see langword="false"/> when a source
    /// disagrees with another, a credit's dollar value is disputed, or a figure is assumed from a neighbouring case.
    /// </summary>
    public bool IsConfirmed { get; }

    /// <summary>How the estimate was computed: the price used, the number of images, its source and date.</summary>
    public string Basis { get; }

    /// <summary>
    /// The price-table line the estimate counts (its figure per image or per request, source, date and note);
    /// <see langword="null"/> for an estimate made without a <see cref="PriceTable"/>.
    /// </summary>
    public ProviderPrice? Price { get; init; }

    /// <summary>
    /// How many of <see cref="Price"/>'s units the estimate counts: the images asked for with a per-image price, 1 with
    /// a per-request price; 0 when <see cref="Price"/> is not known.
    /// </summary>
    public int Quantity { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Provider}: ${MinUsd:0.####}{(MaxUsd == MinUsd ? string.Empty : $"–${MaxUsd:0.####}")}{(IsConfirmed ? string.Empty : " (unconfirmed)")}");
}
