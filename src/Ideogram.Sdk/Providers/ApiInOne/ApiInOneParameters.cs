using Ideogram.Sdk.Mapping;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Providers.ApiInOne;

/// <summary>
/// API in One's Ideogram V3 route (<c>POST /api/v1/images/generations</c>): the rendering speed picks the sub-model,
/// five aspect ratios spelled <c>16:9</c>, four title-case styles, and image inputs as URLs only. Generation and
/// (optionally masked) editing; one image per task.
/// </summary>
internal static class ApiInOneParameters
{
    /// <summary>The create route, under the base address <c>https://apiin.one/</c> (the docs' full URL is <c>https://apiin.one/api/v1/images/generations</c>).</summary>
    public const string CreatePath = "api/v1/images/generations";

    /// <summary>
    /// The sub-model sent when no rendering speed is given. The page's own default is <c>ideogram-v3-turbo</c>; the client
    /// sends <c>ideogram-v3-balanced</c> so that an unset speed means what it means on Ideogram (DEFAULT).
    /// </summary>
    public const string DefaultModel = "ideogram-v3-balanced";

    /// <summary>Rendering speed → sub-model (<c>model</c>). Best effort runs FLASH as TURBO.</summary>
    private static readonly Dictionary<string, string> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TURBO"] = "ideogram-v3-turbo",
        ["DEFAULT"] = DefaultModel,
        ["BALANCED"] = DefaultModel,
        ["QUALITY"] = "ideogram-v3-quality",
    };

    /// <summary>The five documented ratios, neutral <c>16x9</c> → wire <c>16:9</c>. Best effort picks the nearest shape.</summary>
    private static readonly Dictionary<string, string> Ratios = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1x1"] = "1:1", ["16x9"] = "16:9", ["9x16"] = "9:16", ["4x3"] = "4:3", ["3x4"] = "3:4",
    };

    /// <summary>Style types in API in One's title case (<c>style</c>). No FICTION; best effort lets the model choose.</summary>
    private static readonly Dictionary<string, string> Styles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AUTO"] = "Auto", ["GENERAL"] = "General", ["REALISTIC"] = "Realistic", ["DESIGN"] = "Design",
    };

    private static readonly Dictionary<string, string> StyleSubstitutes = new() { ["FICTION"] = "AUTO", ["CUSTOM"] = "AUTO", ["STYLIZED"] = "GENERAL" };

    private static ParameterRule Speed => ParameterRule.Mapped(P.RenderingSpeed, Models, substitutes: new Dictionary<string, string> { ["FLASH"] = "TURBO" });

    private static ParameterRule Style => ParameterRule.Mapped(P.StyleType, Styles, substitutes: StyleSubstitutes);

    /// <summary>Up to 8 images, made one task each (the client fans out).</summary>
    private static ParameterRule Count => ParameterRule.Range(P.NumImages, 1, 8);

    public static ProviderProfile Profile { get; } = new()
    {
        Provider = IdeogramProvider.ApiInOne,
        AcceptsImageUrls = true,
        AcceptsImageBytes = false,
        MaxImagesPerCall = 1,
        IsAsynchronous = true,

        // No callbacks: the manual mentions callback_url "on supported routes", and the Ideogram page says "Webhook: Not
        // required" without naming a field, so none is sent.
        AcceptsCallbackUrl = false,
        Operations = ProviderProfile.Build(
            new OperationProfile(ImageOperation.Generate,
                ParameterRule.Any(P.Prompt, required: true), Count, ParameterRule.Mapped(P.AspectRatio, Ratios), Speed, Style,
                ParameterRule.Any(P.StyleReferenceImages)),
            new OperationProfile(ImageOperation.Edit,
                ParameterRule.Any(P.Image, required: true), ParameterRule.Any(P.Mask), ParameterRule.Any(P.Prompt, required: true),
                Count, Speed, Style, ParameterRule.Any(P.StyleReferenceImages))),
    };

    /// <summary>The sub-model for a (validated) rendering speed.</summary>
    public static string ModelOf(RenderingSpeed? speed) => speed is { } s ? Models[s.Value] : DefaultModel;

    /// <summary>The task route.</summary>
    public static string TaskPath(string taskId) => "api/v1/tasks/" + Uri.EscapeDataString(taskId);
}
