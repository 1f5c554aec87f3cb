using Ideogram.Sdk.Mapping;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>
/// Runflow's <c>ideogram/v3</c> model (<c>POST /v1/models/ideogram/v3/runs</c>): text-to-image only. The input schema
/// is Runflow's model page; the allowed values of fields the page marks "Any" are those of the schema it mirrors
/// field for field (style types, size presets, rendering speeds).
/// </summary>
internal static class RunflowParameters
{
    /// <summary>
    /// The model's route. The docs and the official SDK use <c>/v1/models/ideogram/v3/runs</c>; one per-model text
    /// names <c>/v1/run/ideogram/v3</c>, which is treated as stale.
    /// </summary>
    public const string RunsPath = "v1/models/ideogram/v3/runs";

    /// <summary>The run resource read by polling: <c>GET /v1/runs/{id}</c>.</summary>
    public const string RunPathPrefix = "v1/runs/";

    /// <summary>
    /// <c>rendering_speed</c> takes <c>TURBO</c>, <c>BALANCED</c>, <c>QUALITY</c>. Ideogram's <c>DEFAULT</c> is Runflow's
    /// <c>BALANCED</c>; <c>FLASH</c> is not offered (best effort substitutes <c>TURBO</c>).
    /// </summary>
    private static readonly Dictionary<string, string> Speeds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TURBO"] = "TURBO", ["DEFAULT"] = "BALANCED", ["BALANCED"] = "BALANCED", ["QUALITY"] = "QUALITY",
    };

    private static readonly Dictionary<string, string> SpeedSubstitutes = new() { ["FLASH"] = "TURBO" };

    /// <summary>
    /// MagicPrompt → <c>expand_prompt</c>, a boolean: <c>ON</c> → <c>true</c>, <c>OFF</c> → <c>false</c>; <c>AUTO</c> leaves the
    /// field out so Runflow's own default applies.
    /// </summary>
    private static readonly Dictionary<string, string> Magic = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AUTO"] = ExpandPromptOmitted, ["ON"] = "true", ["OFF"] = "false",
    };

    /// <summary>The wire spelling of <c>AUTO</c> in <see cref="Magic"/>: the field is not sent.</summary>
    public const string ExpandPromptOmitted = "";

    /// <summary><c>style</c>: the four style types the model offers. <c>FICTION</c> has no equivalent.</summary>
    private static readonly string[] Styles = ["AUTO", "GENERAL", "REALISTIC", "DESIGN"];

    private static readonly Dictionary<string, string> StyleSubstitutes = new() { ["CUSTOM"] = "AUTO", ["STYLIZED"] = "GENERAL" };

    /// <summary>
    /// <c>image_size</c> presets keyed by the size each renders at (neutral <c>WxH</c>, so best effort picks the nearest
    /// preset by ratio). Unconfirmed: Runflow's page types the field as a string and shows <c>portrait_4_3</c>; the
    /// preset names and sizes are those of the schema it mirrors. Only <c>1024x1024</c> is also one of Ideogram's
    /// resolutions; the others are reached by best effort.
    /// </summary>
    private static readonly Dictionary<string, string> SizesByResolution = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1024x1024"] = "square_hd",
        ["512x512"] = "square",
        ["768x1024"] = "portrait_4_3",
        ["576x1024"] = "portrait_16_9",
        ["1024x768"] = "landscape_4_3",
        ["1024x576"] = "landscape_16_9",
    };

    /// <summary>The same presets by aspect ratio (a 1:1 request gets the larger square).</summary>
    private static readonly Dictionary<string, string> SizesByAspectRatio = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1x1"] = "square_hd",
        ["3x4"] = "portrait_4_3",
        ["9x16"] = "portrait_16_9",
        ["4x3"] = "landscape_4_3",
        ["16x9"] = "landscape_16_9",
    };

    public static ProviderProfile Profile { get; } = new()
    {
        Provider = IdeogramProvider.Runflow,

        // image_urls takes http(s) URLs and data: URIs alike.
        AcceptsImageUrls = true,
        AcceptsImageBytes = true,
        MaxImagesPerCall = 8,
        IsAsynchronous = true,

        // callback_url: POSTed when the run reaches a terminal state (see RunflowWebhook).
        AcceptsCallbackUrl = true,

        // client_ref is a correlation id, not an idempotency key: a re-sent create is a second paid run.
        DeduplicatesSubmissions = false,
        Operations = ProviderProfile.Build(
            new OperationProfile(ImageOperation.Generate,
                ParameterRule.Any(P.Prompt, required: true),
                ParameterRule.Any(P.NegativePrompt),
                ParameterRule.Range(P.Seed, 0, int.MaxValue),
                ParameterRule.Range(P.NumImages, 1, 8),
                ParameterRule.Mapped(P.Resolution, SizesByResolution),
                ParameterRule.Mapped(P.AspectRatio, SizesByAspectRatio),
                ParameterRule.Mapped(P.RenderingSpeed, Speeds, substitutes: SpeedSubstitutes),
                ParameterRule.Mapped(P.MagicPrompt, Magic),
                ParameterRule.OneOf(P.StyleType, Styles, substitutes: StyleSubstitutes),
                ParameterRule.OneOf(P.StylePreset, StylePreset.Known.Select(v => v.Value)),
                ParameterRule.Any(P.StyleCodes),
                ParameterRule.OneOf(P.ColorPalette, ColorPalettePreset.Known.Select(v => v.Value)),
                ParameterRule.Any(P.StyleReferenceImages, note: "JPEG, PNG or WebP, at most 10 MB together"))),
    };
}
