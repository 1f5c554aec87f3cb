using Ideogram.Sdk.Mapping;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Providers.Ideogram;

/// <summary>
/// Ideogram's own API: which fields each <c>/v1/ideogram-v3/*</c>, <c>/describe</c> and <c>/upscale</c> operation
/// takes, per the official OpenAPI spec (and the public reference pages where they are narrower).
/// </summary>
internal static class IdeogramParameters
{
    /// <summary>
    /// The masked-edit route. Public docs name <c>/v1/ideogram-v3/inpaint</c> the current route and label
    /// <c>/v1/ideogram-v3/edit</c> (same request schema) legacy, to be removed; the server spec still has both. The
    /// client prefers <see cref="EditPath"/> and falls back to <see cref="LegacyEditPath"/> when it answers 404. Which
    /// one outlives the other is not confirmed, so the choice lives here.
    /// </summary>
    public const string EditPath = "v1/ideogram-v3/inpaint";

    /// <summary>The legacy masked-edit route, tried when <see cref="EditPath"/> answers 404.</summary>
    public const string LegacyEditPath = "v1/ideogram-v3/edit";

    /// <summary>Public rendering speeds; <c>BALANCED</c> is the server spec's older name for <c>DEFAULT</c> and is sent as <c>DEFAULT</c>.</summary>
    private static readonly Dictionary<string, string> Speeds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FLASH"] = "FLASH", ["TURBO"] = "TURBO", ["DEFAULT"] = "DEFAULT", ["BALANCED"] = "DEFAULT", ["QUALITY"] = "QUALITY",
    };

    /// <summary>FLASH is refused on transparent generation (HTTP 400 per the public page).</summary>
    private static readonly Dictionary<string, string> TransparentSpeeds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TURBO"] = "TURBO", ["DEFAULT"] = "DEFAULT", ["BALANCED"] = "DEFAULT", ["QUALITY"] = "QUALITY",
    };

    /// <summary>The public style types; the server spec's CUSTOM and STYLIZED are not documented for API use.</summary>
    private static readonly string[] StyleTypes = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"];

    private static readonly Dictionary<string, string> StyleTypeSubstitutes = new() { ["CUSTOM"] = "AUTO", ["STYLIZED"] = "GENERAL" };

    /// <summary>
    /// Describe model versions: the spec lists <c>V_2</c>, <c>V_3</c> and <c>CUSTOM</c>; newer public docs add <c>V_4</c>
    /// (not in the spec copy, so unconfirmed; an open value the SDK sends as given).
    /// </summary>
    private static readonly string[] DescribeVersions = ["V_2", "V_3", "V_4", "CUSTOM"];

    private static ParameterRule SeedRule => ParameterRule.Range(P.Seed, 0, int.MaxValue);

    private static ParameterRule Count => ParameterRule.Range(P.NumImages, 1, 8);

    private static ParameterRule Speed => ParameterRule.Mapped(P.RenderingSpeed, Speeds, substitutes: null);

    private static ParameterRule Magic => ParameterRule.OneOf(P.MagicPrompt, ["AUTO", "ON", "OFF"]);

    private static ParameterRule Style => ParameterRule.OneOf(P.StyleType, StyleTypes, substitutes: StyleTypeSubstitutes);

    private static ParameterRule Preset => ParameterRule.OneOf(P.StylePreset, Sdk.StylePreset.Known.Select(v => v.Value));

    private static ParameterRule Palette => ParameterRule.OneOf(P.ColorPalette, ColorPalettePreset.Known.Select(v => v.Value));

    private static ParameterRule[] References =>
    [
        ParameterRule.Any(P.StyleReferenceImages),
        ParameterRule.Any(P.CharacterReferenceImages, maxCount: 1, note: "one character reference image"),
        ParameterRule.Any(P.CharacterReferenceImageMasks, maxCount: 1, note: "one mask per character reference image"),
    ];

    public static ProviderProfile Profile { get; } = new()
    {
        Provider = IdeogramProvider.Ideogram,
        AcceptsImageUrls = false,
        AcceptsImageBytes = true,

        // Every image is a multipart file part, so files are streamed from disk rather than read into memory.
        StreamsFileUploads = true,
        MaxImagesPerCall = 8,
        IsAsynchronous = false,

        // No callbacks: every Ideogram 3.0 endpoint answers synchronously.
        AcceptsCallbackUrl = false,
        Operations = ProviderProfile.Build(
            new OperationProfile(ImageOperation.Generate,
            [
                ParameterRule.Any(P.Prompt, required: true), ParameterRule.Any(P.NegativePrompt), SeedRule, Count,
                ParameterRule.OneOf(P.Resolution, Sdk.Resolution.Known.Select(v => v.Value)),
                ParameterRule.OneOf(P.AspectRatio, Sdk.AspectRatio.Known.Select(v => v.Value)),
                Speed, Magic, Style, Preset, ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.CustomModelUri), .. References,
            ]),
            new OperationProfile(ImageOperation.GenerateTransparent,
                ParameterRule.Any(P.Prompt, required: true), ParameterRule.Any(P.NegativePrompt), SeedRule, Count,
                ParameterRule.OneOf(P.AspectRatio, Sdk.AspectRatio.Known.Select(v => v.Value)),
                ParameterRule.Mapped(P.RenderingSpeed, TransparentSpeeds, substitutes: new Dictionary<string, string> { ["FLASH"] = "TURBO" }),
                Magic, ParameterRule.OneOf(P.UpscaleFactor, Sdk.UpscaleFactor.Known.Select(v => v.Value)), ParameterRule.Any(P.CustomModelUri)),
            new OperationProfile(ImageOperation.Edit,
            [
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Mask, required: true), ParameterRule.Any(P.Prompt, required: true),
                SeedRule, Count, Speed, Magic, Style, Preset, ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.CustomModelUri), .. References,
            ]),
            new OperationProfile(ImageOperation.Remix,
            [
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true), ParameterRule.Range(P.ImageWeight, 1, 100),
                ParameterRule.Any(P.NegativePrompt), SeedRule, Count,
                ParameterRule.OneOf(P.Resolution, Sdk.Resolution.Known.Select(v => v.Value)),
                ParameterRule.OneOf(P.AspectRatio, Sdk.AspectRatio.Known.Select(v => v.Value)),
                Speed, Magic, Style, Preset, ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.CustomModelUri), .. References,
            ]),
            new OperationProfile(ImageOperation.Reframe,
                ParameterRule.Any(P.Image, required: true),
                ParameterRule.OneOf(P.Resolution, Sdk.Resolution.Known.Select(v => v.Value), required: true),
                SeedRule, Count, Speed, Preset, ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.ReplaceBackground,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true),
                SeedRule, Count, Speed, Magic, Preset, ParameterRule.Any(P.StyleCodes), Palette, ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.Describe,
                ParameterRule.Any(P.Image, required: true), ParameterRule.OneOf(P.DescribeModelVersion, DescribeVersions)),
            new OperationProfile(ImageOperation.Upscale,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt),
                ParameterRule.Range(P.Resemblance, 1, 100), ParameterRule.Range(P.Detail, 1, 100),
                Magic, ParameterRule.OneOf(P.MagicPromptVersion, Sdk.MagicPromptVersion.Known.Select(v => v.Value)), SeedRule, Count)),
    };

    /// <summary>The request path of each operation.</summary>
    public static string PathOf(ImageOperation operation) => operation switch
    {
        ImageOperation.Generate => "v1/ideogram-v3/generate",
        ImageOperation.GenerateTransparent => "v1/ideogram-v3/generate-transparent",
        ImageOperation.Edit => EditPath,
        ImageOperation.Remix => "v1/ideogram-v3/remix",
        ImageOperation.Reframe => "v1/ideogram-v3/reframe",
        ImageOperation.ReplaceBackground => "v1/ideogram-v3/replace-background",
        ImageOperation.Describe => "describe",
        ImageOperation.Upscale => "upscale",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
