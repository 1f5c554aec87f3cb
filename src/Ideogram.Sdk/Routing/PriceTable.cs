using System.Globalization;
using System.Text;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Routing;

namespace Ideogram.Sdk;

/// <summary>
/// Prices per provider × operation × rendering speed (× character reference, × transparent upscale factor), each with
/// its source and date. <see cref="Default"/> holds the figures from the providers' documents; prices change, so
/// replace any line with <see cref="With"/> and give the table to <see cref="IdeogramRouterOptions.Prices"/>.
/// </summary>
/// <remarks>Immutable: <see cref="With"/> returns a new table.</remarks>
public sealed class PriceTable
{
    private readonly Dictionary<(IdeogramProvider, ImageOperation, string?, bool, string?), ProviderPrice> _byKey;

    /// <summary>A table of these prices (a later line replaces an earlier one with the same key).</summary>
    /// <param name="prices">The prices.</param>
    public PriceTable(IEnumerable<ProviderPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _byKey = [];
        var ordered = new List<ProviderPrice>();
        foreach (var price in prices)
        {
            ArgumentNullException.ThrowIfNull(price, nameof(prices));
            if (_byKey.TryGetValue(price.Key, out var old))
            {
                ordered.Remove(old);
            }

            _byKey[price.Key] = price;
            ordered.Add(price);
        }

        Prices = ordered;
    }

    /// <summary>The built-in figures, from the providers' documents (see the README's price table for each source and date).</summary>
    public static PriceTable Default { get; } = new(ProviderPrices.All);

    /// <summary>Every line, in order.</summary>
    public IReadOnlyList<ProviderPrice> Prices { get; }

    /// <summary>This table with some lines replaced (same provider, operation, speed, character reference and upscale factor) or added.</summary>
    /// <param name="prices">The new lines.</param>
    /// <returns>A new table.</returns>
    public PriceTable With(params IEnumerable<ProviderPrice> prices) => new([.. Prices, .. prices]);

    /// <summary>The line for a case: the exact speed's, else the line for every speed; <see langword="null"/> when the table has none.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="renderingSpeed">The rendering speed (<see langword="null"/>: the provider's default, <c>DEFAULT</c>).</param>
    /// <param name="characterReference">Whether character reference images are given.</param>
    /// <param name="upscaleFactor">For transparent generation, the upscale factor (<see langword="null"/>: <c>X1</c>).</param>
    /// <returns>The line, if any.</returns>
    public ProviderPrice? Find(IdeogramProvider provider, ImageOperation operation, RenderingSpeed? renderingSpeed, bool characterReference = false, UpscaleFactor? upscaleFactor = null)
    {
        var speed = ProviderPrice.Normalize(renderingSpeed ?? RenderingSpeed.Default).Value.ToUpperInvariant();
        var factor = operation == ImageOperation.GenerateTransparent ? (upscaleFactor ?? UpscaleFactor.X1).Value.ToUpperInvariant() : null;
        return _byKey.GetValueOrDefault((provider, operation, speed, characterReference, factor))
            ?? _byKey.GetValueOrDefault((provider, operation, null, characterReference, factor));
    }

    /// <summary>
    /// What a request would cost at a provider, for all its images, after the provider's mapping table has been applied
    /// (so a best-effort substitution, such as FLASH run as TURBO, is priced as it would be sent).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="IdeogramValidationException">The provider cannot serve the request (nothing would be sent).</exception>
    /// <exception cref="InvalidOperationException">The table has no line for the case.</exception>
    public CostEstimate Estimate(ImageRequest request, IdeogramProvider provider) => Estimate(request, provider, UnsupportedParameterBehavior.Strict);

    /// <summary>
    /// The estimate of a request at a provider, its mapping table applied under the request's own rule, else
    /// <paramref name="behavior"/> (a client's or router's configured rule).
    /// </summary>
    internal CostEstimate Estimate(ImageRequest request, IdeogramProvider provider, UnsupportedParameterBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = RoutedRequests.Check(request, Providers.ProviderRegistry.Get(provider).Profile, request.UnsupportedParameters ?? behavior);
        return Estimate(prepared, provider);
    }

    /// <summary>The estimate of a request as the provider's mapping table prepared it.</summary>
    internal CostEstimate Estimate(PreparedRequest request, IdeogramProvider provider, int? images = null)
    {
        var speed = request.RenderingSpeed;
        var characterReference = request.CharacterReferenceImages.Count > 0;
        var price = Find(provider, request.Operation, speed, characterReference, request.UpscaleFactor)
            ?? throw new InvalidOperationException(
                $"The price table has no line for {provider} {request.Operation} at {speed?.Value ?? "the default speed"}{(characterReference ? " with character reference" : string.Empty)}; " +
                "add one with PriceTable.With(...) in IdeogramRouterOptions.Prices.");
        var count = price.Unit == PriceUnit.PerImage ? images ?? request.ImageCount : 1;
        var basis = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{price} × {count}")
            .Append(speed is null && price.RenderingSpeed is not null ? " (speed not set: the provider's default, DEFAULT)" : string.Empty)
            .Append(CultureInfo.InvariantCulture, $"; source: {price.Source}{(price.AsOf is { } d ? ", " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty)}")
            .Append(price.IsConfirmed ? string.Empty : $"; unconfirmed: {price.Note}")
            .ToString();
        return new CostEstimate(provider, price.MinUsd * count, price.MaxUsd * count, price.IsConfirmed, basis) { Price = price, Quantity = count };
    }

    /// <summary>
    /// The table as Markdown (the README's price table is this text): one row per provider, operation and case, one
    /// column per rendering speed, and numbered sources under it. An unconfirmed figure is marked with <c>*</c>.
    /// </summary>
    internal string RenderMarkdown()
    {
        string[] speeds = ["FLASH", "TURBO", "DEFAULT", "QUALITY"];
        var sources = new List<string>();
        var text = new StringBuilder("| Provider | Operation | Case | FLASH | TURBO | DEFAULT | QUALITY | Per | Source |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in Prices.GroupBy(p => (p.Provider, p.Operation, p.CharacterReference, Factor: p.UpscaleFactor?.Value)))
        {
            var @case = string.Join(", ", new[] { row.Key.CharacterReference ? "character reference" : null, row.Key.Factor is { } f ? "upscale " + f : null }.OfType<string>());
            var cells = speeds.Select(speed => row.FirstOrDefault(p => string.Equals(p.RenderingSpeed?.Value, speed, StringComparison.OrdinalIgnoreCase)) ?? row.FirstOrDefault(p => p.RenderingSpeed is null))
                .Select(p => p is null ? "—" : Usd(p) + (p.IsConfirmed ? string.Empty : " *"));
            var notes = row.Select(p => $"{p.Source}, {p.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"}{(p.Note is null ? string.Empty : "; * " + p.Note)}").Distinct(StringComparer.Ordinal)
                .Select(note =>
                {
                    var index = sources.IndexOf(note);
                    if (index < 0)
                    {
                        sources.Add(note);
                        index = sources.Count - 1;
                    }

                    return string.Create(CultureInfo.InvariantCulture, $"[{index + 1}]");
                });
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Key.Provider} | {row.Key.Operation} | {(@case.Length == 0 ? "—" : @case)} | {string.Join(" | ", cells)} | {(row.First().Unit == PriceUnit.PerImage ? "image" : "request")} | {string.Join(" ", notes)} |\n");
        }

        text.Append('\n');
        for (var i = 0; i < sources.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {sources[i]}\n");
        }

        return text.ToString();
    }

    private static string Usd(ProviderPrice p) => p.MinUsd == p.MaxUsd
        ? p.MinUsd.ToString("0.00#", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{p.MinUsd:0.00#}–{p.MaxUsd:0.00#}");
}
