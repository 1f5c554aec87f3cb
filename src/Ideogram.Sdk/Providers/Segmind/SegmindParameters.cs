using Ideogram.Sdk.Mapping;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>
/// Segmind's Ideogram 3.0 models (<c>ideogram-3</c>, <c>ideogram-3-remix</c>, <c>ideogram-3-reframe</c>,
/// <c>ideogram-3-replace-background</c>, <c>ideogram-describe</c>): which fields each model page lists, with Segmind's
/// own limits (seed 100..999999, no FLASH, no FICTION, no style presets, one image per call). Segmind offers no masked
/// edit, transparent generation or upscale for Ideogram 3.0.
/// </summary>
internal static class SegmindParameters
{
    /// <summary>Segmind's seed range (narrower than Ideogram's 0..2^31-1).</summary>
    public const long MinSeed = 100;

    /// <summary>Segmind's seed range (narrower than Ideogram's 0..2^31-1).</summary>
    public const long MaxSeed = 999999;

    /// <summary>The answer header with the account's remaining credits (documented on an older Segmind site build).</summary>
    public const string RemainingCreditsHeader = "x-remaining-credits";

    /// <summary>TURBO, DEFAULT, QUALITY; <c>BALANCED</c> (the older name of DEFAULT) is sent as DEFAULT. Best effort runs FLASH as TURBO.</summary>
    private static readonly Dictionary<string, string> Speeds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TURBO"] = "TURBO", ["DEFAULT"] = "DEFAULT", ["BALANCED"] = "DEFAULT", ["QUALITY"] = "QUALITY",
    };

    private static readonly Dictionary<string, string> SpeedSubstitutes = new() { ["FLASH"] = "TURBO" };

    /// <summary>No FICTION on Segmind; best effort lets the model choose (AUTO).</summary>
    private static readonly Dictionary<string, string> StyleTypeSubstitutes = new() { ["FICTION"] = "AUTO", ["CUSTOM"] = "AUTO", ["STYLIZED"] = "GENERAL" };

    private static ParameterRule SeedRule => ParameterRule.Range(P.Seed, MinSeed, MaxSeed);

    /// <summary>Up to 8 images, made one per call (the client fans out).</summary>
    private static ParameterRule Count => ParameterRule.Range(P.NumImages, 1, 8);

    private static ParameterRule Speed => ParameterRule.Mapped(P.RenderingSpeed, Speeds, substitutes: SpeedSubstitutes);

    private static ParameterRule Magic => ParameterRule.OneOf(P.MagicPrompt, ["AUTO", "ON", "OFF"]);

    private static ParameterRule Style => ParameterRule.OneOf(P.StyleType, ["AUTO", "GENERAL", "REALISTIC", "DESIGN"], substitutes: StyleTypeSubstitutes);

    private static ParameterRule Resolutions(bool required = false) => ParameterRule.OneOf(P.Resolution, Sdk.Resolution.Known.Select(v => v.Value), required);

    /// <summary>The 15 ratios, spelled on Segmind's wire as Ideogram spells them (<c>16x9</c>).</summary>
    private static ParameterRule Ratios => ParameterRule.OneOf(P.AspectRatio, Sdk.AspectRatio.Known.Select(v => v.Value));

    private static ParameterRule Palette => ParameterRule.OneOf(P.ColorPalette, ColorPalettePreset.Known.Select(v => v.Value));

    public static ProviderProfile Profile { get; } = new()
    {
        Provider = IdeogramProvider.Segmind,
        AcceptsImageUrls = true,
        AcceptsImageBytes = true,
        MaxImagesPerCall = 1,

        // Segmind's Pro tier allows 50 requests a minute (free: 5); a fan-out of N images runs at most this many at once.
        MaxConcurrentCalls = 4,
        IsAsynchronous = false,

        // No callbacks: neither the v1 models nor the v2 queue document a webhook for Ideogram 3.0.
        AcceptsCallbackUrl = false,
        Operations = ProviderProfile.Build(
            new OperationProfile(ImageOperation.Generate,
                ParameterRule.Any(P.Prompt, required: true), ParameterRule.Any(P.NegativePrompt), SeedRule, Count,
                Resolutions(), Ratios, Speed, Magic, Style, ParameterRule.Any(P.StyleCodes), Palette),
            new OperationProfile(ImageOperation.Remix,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true), ParameterRule.Range(P.ImageWeight, 1, 100),
                ParameterRule.Any(P.NegativePrompt), SeedRule, Count, Resolutions(), Ratios, Speed, Magic, Style,
                ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.Reframe,
                ParameterRule.Any(P.Image, required: true), Resolutions(required: true), SeedRule, Count, Speed,
                ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.ReplaceBackground,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true), Count, Speed, Magic,
                ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.Describe,
                ParameterRule.Any(P.Image, required: true))),
    };

    /// <summary>The model slug of each operation (<c>/v1/{slug}</c> and <c>/v2/{slug}</c>).</summary>
    public static string SlugOf(ImageOperation operation) => operation switch
    {
        ImageOperation.Generate => "ideogram-3",
        ImageOperation.Remix => "ideogram-3-remix",
        ImageOperation.Reframe => "ideogram-3-reframe",
        ImageOperation.ReplaceBackground => "ideogram-3-replace-background",
        ImageOperation.Describe => "ideogram-describe",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Segmind has no Ideogram 3.0 model for this operation."),
    };

    /// <summary>
    /// How an input image is written into the JSON body: a URL as it is; bytes (or a <c>data:</c> URI) as bare base64.
    /// Segmind's pages type the fields as URLs and say "Base64 encoded image data or URL"; its generated samples send
    /// bare base64 (no <c>data:</c> prefix), which is the spelling chosen here.
    /// </summary>
    public static string ImageValue(LoadedImage image)
    {
        if (image.Url is { } url)
        {
            return url.Scheme == "data" ? Convert.ToBase64String(Downloader.DecodeDataUri(url.OriginalString)) : url.AbsoluteUri;
        }

        return image.ToBase64();
    }
}
