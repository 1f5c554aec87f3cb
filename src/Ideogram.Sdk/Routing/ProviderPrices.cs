namespace Ideogram.Sdk.Routing;

/// <summary>
/// The built-in prices: every figure the SDK knows, with its source and date, in this one place. The sources are the
/// provider documents kept with the repository (<c>shared/provider-docs/</c>): the research notes' "Limits and pricing"
/// parts and each provider's page. A figure that no source gives for exactly its case (disputed between sources, a
/// credit whose dollar value is disputed, or assumed from a neighbouring case) is marked <c>IsConfirmed = false</c> with
/// a note saying what is assumed. Prices change: override any line with <see cref="PriceTable.With"/>.
/// </summary>
internal static class ProviderPrices
{
    /// <summary>The day the stored provider pages were read, for figures whose source gives no date of its own.</summary>
    private static readonly DateOnly Read = new(2026, 11, 29);

    // Ideogram: research-ideogram-segmind.md §1.6, quoting a pricing skill "revised 2025-08-06; checked 2026-07-09"
    // against developer.ideogram.ai. Generate per output image FLASH/TURBO/DEFAULT/QUALITY $0.03/$0.03/$0.06/$0.09; with
    // character reference TURBO/DEFAULT/QUALITY $0.10/$0.15/$0.20; transparent X1 $0.04/$0.07/$0.10, X2 $0.16/$0.19/$0.22,
    // X4 $0.20/$0.23/$0.26 (TURBO/DEFAULT/QUALITY); upscale $0.06 per input; describe $0.01 per input.
    private const string IdeogramSource = "research-ideogram-segmind.md §1.6 (Ideogram pricing, checked against developer.ideogram.ai)";
    private static readonly DateOnly IdeogramDate = new(2026, 7, 9);

    // Runflow: two figures disagree. runflow-ideogram-v3.md (docs page, "Last Updated 2026-04-06") says $0.06/image,
    // "Balanced (default)"; research-runflow-runware-apiinone.md §1.12 quotes Runflow's llms.txt: $0.03/image,
    // "Usage-based". Both are kept as the range; QUALITY's top is assumed to be Ideogram's own QUALITY price.
    private const string RunflowSource = "runflow-ideogram-v3.md ($0.06, \"Balanced (default)\") vs research-runflow-runware-apiinone.md §1.12 (llms.txt: $0.03, \"Usage-based\")";
    private static readonly DateOnly RunflowDate = new(2026, 4, 6);

    // Segmind: segmind-ideogram-3.md and research-ideogram-segmind.md §2.2: "$0.037 – $0.113 per generation" for
    // ideogram-3, -remix and -reframe (no split by speed; one image per call); ideogram-describe $0.015; no price is
    // published for replace-background (assumed the same range). The stored pages carry no date.
    private const string SegmindSource = "segmind-ideogram-3.md, research-ideogram-segmind.md §2.2 (Segmind model pages)";

    // Runware: research-runflow-runware-apiinone.md §2.4: generate "1k: $0.06" (the model page); edit and reframe
    // examples report cost 0.09 at QUALITY (runware-ideogram-3-edit.md). Other cases are assumed to follow Ideogram's own
    // tiers, which those three figures match. Runware reports the real cost of every task (includeCost).
    private const string RunwareSource = "research-runflow-runware-apiinone.md §2.4, runware-ideogram-3-edit.md (Runware model pages)";

    // API in One: research-runflow-runware-apiinone.md §3.5 and apiinone-ideogram-v3.md: TURBO 8, BALANCED 13, QUALITY 20
    // credits per image (sources agree); a credit is ~$0.002 by the model page ("8–20 credits per image (~$0.016–$0.04)")
    // but $0.01 by a mirror ("8 credits $0.08"). Both readings are kept as the range.
    private const string ApiInOneSource = "apiinone-ideogram-v3.md, research-runflow-runware-apiinone.md §3.5 (credits; $ per credit disputed)";

    private const string AssumedIdeogramTiers = "assumed to follow Ideogram's own generate tiers (no figure published for this case)";

    private static readonly ImageOperation[] IdeogramImageOperations = [ImageOperation.Edit, ImageOperation.Remix, ImageOperation.Reframe, ImageOperation.ReplaceBackground];

    /// <summary>Every built-in price.</summary>
    public static IReadOnlyList<ProviderPrice> All { get; } =
    [
        // Ideogram's own API.
        .. Tiers(IdeogramProvider.Ideogram, ImageOperation.Generate, (0.03m, 0.03m), (0.03m, 0.03m), (0.06m, 0.06m), (0.09m, 0.09m), IdeogramSource, IdeogramDate),
        .. Tiers(IdeogramProvider.Ideogram, ImageOperation.Generate, null, (0.10m, 0.10m), (0.15m, 0.15m), (0.20m, 0.20m), IdeogramSource, IdeogramDate, characterReference: true),
        Price(IdeogramProvider.Ideogram, ImageOperation.Generate, RenderingSpeed.Flash, 0.10m, 0.10m, IdeogramSource, IdeogramDate, characterReference: true,
            note: "FLASH with character reference is not priced separately; assumed TURBO's character-reference price"),
        .. Transparent(UpscaleFactor.X1, 0.04m, 0.07m, 0.10m),
        .. Transparent(UpscaleFactor.X2, 0.16m, 0.19m, 0.22m),
        .. Transparent(UpscaleFactor.X4, 0.20m, 0.23m, 0.26m),
        .. IdeogramImageOperations.SelectMany(op => Tiers(IdeogramProvider.Ideogram, op, (0.03m, 0.03m), (0.03m, 0.03m), (0.06m, 0.06m), (0.09m, 0.09m), IdeogramSource, IdeogramDate, note: AssumedIdeogramTiers)),
        .. new[] { ImageOperation.Edit, ImageOperation.Remix }.SelectMany(op => Tiers(IdeogramProvider.Ideogram, op, (0.10m, 0.10m), (0.10m, 0.10m), (0.15m, 0.15m), (0.20m, 0.20m), IdeogramSource, IdeogramDate, characterReference: true,
            note: "assumed to follow Ideogram's generate character-reference tiers (no figure published for this case)")),

        // Upscale is priced per input image; a request for several upscaled images is counted per image asked for.
        Price(IdeogramProvider.Ideogram, ImageOperation.Upscale, null, 0.06m, 0.06m, IdeogramSource, IdeogramDate),
        new ProviderPrice(IdeogramProvider.Ideogram, ImageOperation.Describe, null, 0.01m, 0.01m) { Unit = PriceUnit.PerRequest, Source = IdeogramSource, AsOf = IdeogramDate },

        // Runflow (generate only; FLASH is not offered).
        .. Tiers(IdeogramProvider.Runflow, ImageOperation.Generate, null, (0.03m, 0.06m), (0.03m, 0.06m), (0.03m, 0.09m), RunflowSource, RunflowDate,
            note: "$0.06 (docs page) and $0.03 (llms.txt) disagree; QUALITY's top assumed to be Ideogram's $0.09"),

        // Segmind (one image per call).
        .. new[] { ImageOperation.Generate, ImageOperation.Remix, ImageOperation.Reframe }.SelectMany(op => Tiers(IdeogramProvider.Segmind, op, null, (0.037m, 0.113m), (0.037m, 0.113m), (0.037m, 0.113m), SegmindSource, Read)),
        .. Tiers(IdeogramProvider.Segmind, ImageOperation.ReplaceBackground, null, (0.037m, 0.113m), (0.037m, 0.113m), (0.037m, 0.113m), SegmindSource, Read,
            note: "no price published for replace-background; assumed the range of Segmind's other Ideogram 3.0 models"),
        new ProviderPrice(IdeogramProvider.Segmind, ImageOperation.Describe, null, 0.015m, 0.015m) { Unit = PriceUnit.PerRequest, Source = SegmindSource, AsOf = Read },

        // Runware.
        Price(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Default, 0.06m, 0.06m, RunwareSource, Read),
        Price(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Turbo, 0.03m, 0.03m, RunwareSource, Read, note: AssumedIdeogramTiers),
        Price(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Quality, 0.09m, 0.09m, RunwareSource, Read, note: AssumedIdeogramTiers),
        .. new[] { ImageOperation.Edit, ImageOperation.Reframe }.SelectMany(op => new[]
        {
            Price(IdeogramProvider.Runware, op, RenderingSpeed.Quality, 0.09m, 0.09m, RunwareSource, Read),
            Price(IdeogramProvider.Runware, op, RenderingSpeed.Turbo, 0.03m, 0.03m, RunwareSource, Read, note: AssumedIdeogramTiers),
            Price(IdeogramProvider.Runware, op, RenderingSpeed.Default, 0.06m, 0.06m, RunwareSource, Read, note: AssumedIdeogramTiers),
        }),
        .. new[] { ImageOperation.Remix, ImageOperation.ReplaceBackground }.SelectMany(op => Tiers(IdeogramProvider.Runware, op, null, (0.03m, 0.03m), (0.06m, 0.06m), (0.09m, 0.09m), RunwareSource, Read, note: AssumedIdeogramTiers)),
        .. new[] { ImageOperation.Generate, ImageOperation.Remix, ImageOperation.Edit }.SelectMany(op => Tiers(IdeogramProvider.Runware, op, null, (0.10m, 0.10m), (0.15m, 0.15m), (0.20m, 0.20m), RunwareSource, Read, characterReference: true,
            note: "assumed to follow Ideogram's character-reference tiers (no figure published for this case)")),

        // API in One (one image per task; FLASH runs as TURBO).
        .. new[] { ImageOperation.Generate, ImageOperation.Edit }.SelectMany(op => Tiers(IdeogramProvider.ApiInOne, op, null, (0.016m, 0.08m), (0.026m, 0.13m), (0.04m, 0.20m), ApiInOneSource, Read,
            note: "8/13/20 credits per image; a credit is $0.002 (model page) or $0.01 (mirror)")),
    ];

    /// <summary>The prices of one operation at each speed (FLASH only where <paramref name="flash"/> is given).</summary>
    private static IEnumerable<ProviderPrice> Tiers(
        IdeogramProvider provider,
        ImageOperation operation,
        (decimal Min, decimal Max)? flash,
        (decimal Min, decimal Max) turbo,
        (decimal Min, decimal Max) standard,
        (decimal Min, decimal Max) quality,
        string source,
        DateOnly asOf,
        bool characterReference = false,
        string? note = null)
    {
        if (flash is { } f)
        {
            yield return Price(provider, operation, RenderingSpeed.Flash, f.Min, f.Max, source, asOf, characterReference, note);
        }

        yield return Price(provider, operation, RenderingSpeed.Turbo, turbo.Min, turbo.Max, source, asOf, characterReference, note);
        yield return Price(provider, operation, RenderingSpeed.Default, standard.Min, standard.Max, source, asOf, characterReference, note);
        yield return Price(provider, operation, RenderingSpeed.Quality, quality.Min, quality.Max, source, asOf, characterReference, note);
    }

    private static IEnumerable<ProviderPrice> Transparent(UpscaleFactor factor, decimal turbo, decimal standard, decimal quality) =>
        Tiers(IdeogramProvider.Ideogram, ImageOperation.GenerateTransparent, null, (turbo, turbo), (standard, standard), (quality, quality), IdeogramSource, IdeogramDate)
            .Select(p => new ProviderPrice(p.Provider, p.Operation, p.RenderingSpeed, p.MinUsd, p.MaxUsd) { UpscaleFactor = factor, Source = p.Source, AsOf = p.AsOf });

    /// <summary>One figure; a <paramref name="note"/> (what is assumed) marks it unconfirmed, and so does a range whose ends disagree because sources do.</summary>
    private static ProviderPrice Price(
        IdeogramProvider provider, ImageOperation operation, RenderingSpeed? speed, decimal min, decimal max, string source, DateOnly asOf, bool characterReference = false, string? note = null) =>
        new(provider, operation, speed, min, max)
        {
            CharacterReference = characterReference,
            IsConfirmed = note is null,
            Note = note,
            Source = source,
            AsOf = asOf,
        };
}
