using System.Globalization;

namespace Ideogram.Sdk;

/// <summary>
/// One line of a <see cref="PriceTable"/>: what a provider charges for an operation at a rendering speed (with or
/// without character reference images; for transparent generation, at an upscale factor), with its source and date.
/// </summary>
public sealed class ProviderPrice
{
    /// <summary>Creates a price.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="renderingSpeed">The rendering speed it applies to; <see langword="null"/> for every speed (or an operation without one).</param>
    /// <param name="minUsd">The least it costs per <see cref="Unit"/>, in US dollars.</param>
    /// <param name="maxUsd">The most it costs per <see cref="Unit"/> (equal to <paramref name="minUsd"/> for a single figure).</param>
    public ProviderPrice(IdeogramProvider provider, ImageOperation operation, RenderingSpeed? renderingSpeed, decimal minUsd, decimal maxUsd)
    {
        if (minUsd < 0 || maxUsd < minUsd)
        {
            throw new ArgumentOutOfRangeException(nameof(maxUsd), "A price needs 0 <= MinUsd <= MaxUsd.");
        }

        Provider = provider;
        Operation = operation;
        RenderingSpeed = renderingSpeed is { } speed ? Normalize(speed) : null;
        MinUsd = minUsd;
        MaxUsd = maxUsd;
    }

    /// <summary>The provider.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>The operation.</summary>
    public ImageOperation Operation { get; }

    /// <summary>The rendering speed it applies to (<c>BALANCED</c> is stored as <c>DEFAULT</c>); <see langword="null"/> for every speed.</summary>
    public RenderingSpeed? RenderingSpeed { get; }

    /// <summary>Whether it is the price with character reference images (Ideogram's "character reference pricing").</summary>
    public bool CharacterReference { get; init; }

    /// <summary>For <see cref="ImageOperation.GenerateTransparent"/>: the upscale factor it applies to (<c>X1</c> when not asked for).</summary>
    public UpscaleFactor? UpscaleFactor { get; init; }

    /// <summary>What the price is counted per. Default <see cref="PriceUnit.PerImage"/>.</summary>
    public PriceUnit Unit { get; init; } = PriceUnit.PerImage;

    /// <summary>The least it costs per <see cref="Unit"/>, in US dollars.</summary>
    public decimal MinUsd { get; }

    /// <summary>The most it costs per <see cref="Unit"/>, in US dollars.</summary>
    public decimal MaxUsd { get; }

    /// <summary>Whether the provider documents this figure for exactly this case (see <see cref="CostEstimate.IsConfirmed"/>).</summary>
    public bool IsConfirmed { get; init; } = true;

    /// <summary>Where the figure comes from.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The date the source gives for the figure (or the date it was read, when it gives none).</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>What is assumed, for a figure that is not confirmed.</summary>
    public string? Note { get; init; }

    /// <summary>The line's key: provider, operation, speed, character reference and upscale factor.</summary>
    internal (IdeogramProvider, ImageOperation, string?, bool, string?) Key =>
        (Provider, Operation, RenderingSpeed?.Value.ToUpperInvariant(), CharacterReference, UpscaleFactor?.Value.ToUpperInvariant());

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Provider} {Operation} {RenderingSpeed?.Value ?? "any speed"}{(CharacterReference ? " + character reference" : string.Empty)}{(UpscaleFactor is { } f ? " " + f.Value : string.Empty)}: ${MinUsd:0.####}{(MaxUsd == MinUsd ? string.Empty : $"–${MaxUsd:0.####}")} {(Unit == PriceUnit.PerImage ? "per image" : "per request")}");

    /// <summary><c>BALANCED</c> is the older name of <c>DEFAULT</c> and is priced the same.</summary>
    internal static RenderingSpeed Normalize(RenderingSpeed speed) => speed == Sdk.RenderingSpeed.Balanced ? Sdk.RenderingSpeed.Default : speed;
}

/// <summary>What a <see cref="ProviderPrice"/> is counted per.</summary>
public enum PriceUnit
{
    /// <summary>Per image asked for (a request for 4 images costs 4 times).</summary>
    PerImage,

    /// <summary>Per request, whatever the number of images (for example describe, per input image).</summary>
    PerRequest,
}
