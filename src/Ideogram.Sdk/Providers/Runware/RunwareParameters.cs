using Ideogram.Sdk.Mapping;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Providers.Runware;

/// <summary>
/// Runware's Ideogram 3.0 models: one <c>imageInference</c> model (AIR id) per operation, and which neutral parameters
/// each takes, per Runware's model pages (<c>runware.ai/docs/models/ideogram-3-0*</c>) and its image-inference
/// reference. Every choice the public pages leave open is named here with the assumption it makes.
/// </summary>
internal static class RunwareParameters
{
    /// <summary>The one REST endpoint every task type is posted to.</summary>
    public const string Path = "v1";

    /// <summary>The model (AIR id) of each operation.</summary>
    public static string ModelOf(ImageOperation operation) => operation switch
    {
        ImageOperation.Generate => "ideogram:4@1",
        ImageOperation.Remix => "ideogram:4@2",
        ImageOperation.Edit => "ideogram:4@3",
        ImageOperation.Reframe => "ideogram:4@4",
        ImageOperation.ReplaceBackground => "ideogram:4@5",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Runware does not serve this operation."),
    };

    /// <summary>
    /// The 69 <c>width</c>×<c>height</c> pairs the generate, remix and reframe models accept. The landscape half is in
    /// Runware's tables; the portrait half is their transposes (the stored tables are truncated), which is also
    /// Ideogram's own 69-value resolution list.
    /// </summary>
    public static IReadOnlyList<string> Sizes { get; } =
    [
        "1536x512", "1536x576", "1472x576", "1408x576", "1536x640", "1472x640", "1408x640", "1344x640", "1472x704",
        "1408x704", "1344x704", "1280x704", "1312x736", "1344x768", "1216x704", "1280x768", "1152x704", "1280x800",
        "1216x768", "1248x832", "1216x832", "1088x768", "1152x832", "1152x864", "1088x832", "1152x896", "1120x896",
        "1024x832", "1088x896", "960x832", "1024x896", "1088x960", "960x896", "1024x960", "1024x1024",
        "512x1536", "576x1408", "576x1472", "576x1536", "640x1344", "640x1408", "640x1472", "640x1536", "704x1152",
        "704x1216", "704x1280", "704x1344", "704x1408", "704x1472", "736x1312", "768x1088", "768x1216", "768x1280",
        "768x1344", "800x1280", "832x960", "832x1024", "832x1088", "832x1152", "832x1216", "832x1248", "864x1152",
        "896x960", "896x1024", "896x1088", "896x1120", "896x1152", "960x1024", "960x1088",
    ];

    /// <summary>
    /// Aspect ratio → the size sent. Runware takes only <c>width</c>/<c>height</c>; which size Ideogram picks for a
    /// ratio is not documented, so each ratio goes to the listed size of exactly that ratio, and 16x9/9x16 (which
    /// have none) to 1312x736/736x1312, the pair Runware's table labels "16:9".
    /// </summary>
    public static IReadOnlyDictionary<string, string> AspectRatioSizes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["1x3"] = "512x1536", ["3x1"] = "1536x512", ["1x2"] = "704x1408", ["2x1"] = "1408x704",
        ["9x16"] = "736x1312", ["16x9"] = "1312x736", ["10x16"] = "800x1280", ["16x10"] = "1280x800",
        ["2x3"] = "832x1248", ["3x2"] = "1248x832", ["3x4"] = "864x1152", ["4x3"] = "1152x864",
        ["4x5"] = "896x1120", ["5x4"] = "1120x896", ["1x1"] = "1024x1024",
    };

    /// <summary>The documented most results of one task (<c>numberResults</c> 1..20).</summary>
    public const int MaxNumberResults = 20;

    /// <summary>
    /// <c>seed</c>: the image-inference reference gives 1..2^63 and every Ideogram response returns one; whether the
    /// Ideogram models honour a requested seed is not confirmed. 0 is outside Runware's range.
    /// </summary>
    private static ParameterRule SeedRule => ParameterRule.Range(P.Seed, 1, int.MaxValue);

    private static ParameterRule Count => ParameterRule.Range(P.NumImages, 1, MaxNumberResults);

    /// <summary><c>renderingSpeed</c>: TURBO, DEFAULT, QUALITY. FLASH is not offered (best effort uses TURBO); BALANCED is DEFAULT's older name.</summary>
    private static ParameterRule Speed => ParameterRule.Mapped(P.RenderingSpeed,
        new Dictionary<string, string> { ["TURBO"] = "TURBO", ["DEFAULT"] = "DEFAULT", ["BALANCED"] = "DEFAULT", ["QUALITY"] = "QUALITY" },
        substitutes: new Dictionary<string, string> { ["FLASH"] = "TURBO" });

    private static ParameterRule Magic => ParameterRule.OneOf(P.MagicPrompt, ["AUTO", "ON", "OFF"]);

    /// <summary>
    /// <c>styleType</c>: the reference lists AUTO, GENERAL, REALISTIC, DESIGN, FICTION for 3.0 (the edit page adds
    /// RENDER_3D and ANIME, which Ideogram 3.0 itself does not have). CUSTOM/STYLIZED are not offered.
    /// </summary>
    private static ParameterRule Style => ParameterRule.OneOf(P.StyleType, ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"],
        substitutes: new Dictionary<string, string> { ["CUSTOM"] = "AUTO", ["STYLIZED"] = "GENERAL" });

    private static ParameterRule Preset => ParameterRule.OneOf(P.StylePreset, Sdk.StylePreset.Known.Select(v => v.Value));

    /// <summary><c>styleCode</c> is one string: one code per task, on the remix, edit, reframe and replace-background models only (not generate).</summary>
    private static ParameterRule StyleCode => ParameterRule.Any(P.StyleCodes, maxCount: 1, note: "one style code (not on generate)");

    private static ParameterRule StyleReferences => ParameterRule.Any(P.StyleReferenceImages, maxCount: 4, note: "1 to 4 style reference images");

    /// <summary><c>characterReferenceImages</c> (max 1) and their masks: the generate, remix and edit models only.</summary>
    private static ParameterRule[] Characters =>
    [
        ParameterRule.Any(P.CharacterReferenceImages, maxCount: 1, note: "one character reference image"),
        ParameterRule.Any(P.CharacterReferenceImageMasks, maxCount: 1, note: "one mask per character reference image"),
    ];

    private static ParameterRule Sizes69(bool required = false) => ParameterRule.OneOf(P.Resolution, Sizes, required);

    private static ParameterRule Ratios => ParameterRule.Mapped(P.AspectRatio, AspectRatioSizes);

    // negativePrompt: a field of the generic image-inference reference, not listed on the edit page; taken on the
    // generate and remix models, the two Ideogram 3.0 verbs that have a negative prompt (unconfirmed on Runware).
    // colorPalette: the reference says "only available for Ideogram 2.0", so no 3.0 model here takes a palette.
    public static ProviderProfile Profile { get; } = new()
    {
        Provider = IdeogramProvider.Runware,
        AcceptsImageUrls = true,
        AcceptsImageBytes = true,
        MaxImagesPerCall = MaxNumberResults,
        IsAsynchronous = false,

        // webhookURL: Runware POSTs each finished result item of the task there (one call per image).
        AcceptsCallbackUrl = true,

        // A taskUUID "must be unique per task"; nothing documents that a re-sent taskUUID is de-duplicated (a
        // duplicate is a validation error), so an ambiguous failure of a paid task is not re-sent blindly.
        DeduplicatesSubmissions = false,
        Operations = ProviderProfile.Build(
            new OperationProfile(ImageOperation.Generate,
            [
                ParameterRule.Any(P.Prompt, required: true), ParameterRule.Any(P.NegativePrompt), SeedRule, Count,
                Sizes69(), Ratios, Speed, Magic, Style, Preset, StyleReferences, .. Characters,
            ]),
            new OperationProfile(ImageOperation.Remix,
            [
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true), ParameterRule.Range(P.ImageWeight, 1, 100),
                ParameterRule.Any(P.NegativePrompt), SeedRule, Count, Sizes69(), Ratios,
                Speed, Magic, Style, Preset, StyleCode, StyleReferences, .. Characters,
            ]),
            new OperationProfile(ImageOperation.Edit,
            [
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Mask, required: true), ParameterRule.Any(P.Prompt, required: true),
                SeedRule, Count, Speed, Magic, Style, Preset, StyleCode, StyleReferences, .. Characters,
            ]),
            new OperationProfile(ImageOperation.Reframe,
                ParameterRule.Any(P.Image, required: true), Sizes69(required: true),
                SeedRule, Count, Speed, Magic, Preset, StyleCode, StyleReferences),
            new OperationProfile(ImageOperation.ReplaceBackground,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Prompt, required: true),
                SeedRule, Count, Speed, Magic, Preset, StyleCode, StyleReferences)),
    };

    /// <summary>The size to send for a request: its resolution, or the size of its aspect ratio; <see langword="null"/> when neither is set.</summary>
    public static (int Width, int Height)? SizeOf(PreparedRequest request)
    {
        var size = request.Resolution?.Value
            ?? (request.AspectRatio is { } ratio ? Profile.Operations[request.Operation].Wire(P.AspectRatio, ratio.Value) : null);
        if (size is null)
        {
            return null;
        }

        int w = OpenEnum.Dimension(size, 0), h = OpenEnum.Dimension(size, 1);
        return w > 0 && h > 0 ? (w, h) : throw new InvalidOperationException($"'{size}' is not a width×height pair; validation should have refused it.");
    }

    /// <summary>The <c>outputType</c> spelling.</summary>
    public static string Wire(RunwareOutputType type) => type switch
    {
        RunwareOutputType.Base64Data => "base64Data",
        RunwareOutputType.DataUri => "dataURI",
        _ => "URL",
    };

    /// <summary>The <c>outputFormat</c> spelling.</summary>
    public static string Wire(RunwareOutputFormat format) => format switch
    {
        RunwareOutputFormat.Png => "PNG",
        RunwareOutputFormat.Webp => "WEBP",
        _ => "JPG",
    };

    /// <summary>The MIME type of an <c>outputFormat</c> (Runware's default is JPG).</summary>
    public static string ContentType(RunwareOutputFormat? format) => format switch
    {
        RunwareOutputFormat.Png => "image/png",
        RunwareOutputFormat.Webp => "image/webp",
        _ => "image/jpeg",
    };
}
