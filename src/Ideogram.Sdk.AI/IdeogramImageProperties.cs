namespace Ideogram.Sdk.AI;

/// <summary>
/// The keys an Ideogram <see cref="Microsoft.Extensions.AI.IImageGenerator"/> reads from
/// <c>ImageGenerationOptions.AdditionalProperties</c>, and writes on each image's <c>AdditionalProperties</c>.
/// </summary>
/// <remarks>
/// Keys match without regard to case, <c>_</c> or <c>-</c> (<c>style_type</c>, <c>styleType</c> and
/// <c>StyleType</c> are one key). Values are read leniently: the SDK's own type, its string spelling, a number or
/// boolean of any .NET numeric type, or a <see cref="System.Text.Json.JsonElement"/> holding one. A value of the
/// wrong kind is refused with an <see cref="IdeogramValidationException"/> naming the key. A <see langword="null"/>
/// value counts as not set. A key not listed here follows the unsupported-parameter rule: refused when strict,
/// left out with a <see cref="Warning"/> in best effort.
/// </remarks>
public static class IdeogramImageProperties
{
    /// <summary>Request: the style type (<see cref="Ideogram.Sdk.StyleType"/> or its name, for example <c>REALISTIC</c>). Also on each image: the style the provider used.</summary>
    public const string StyleType = "style_type";

    /// <summary>Request: the style preset (<see cref="Ideogram.Sdk.StylePreset"/> or its name; <c>art deco</c> and <c>ART_DECO</c> both work).</summary>
    public const string StylePreset = "style_preset";

    /// <summary>Request: style codes (a list of strings, or one string separated by commas or spaces).</summary>
    public const string StyleCodes = "style_codes";

    /// <summary>Request: what to leave out of the image (a string).</summary>
    public const string NegativePrompt = "negative_prompt";

    /// <summary>Request: the random seed (an integer, or a string holding one). Also on each image: the seed used.</summary>
    public const string Seed = "seed";

    /// <summary>Request: MagicPrompt (<see cref="Ideogram.Sdk.MagicPrompt"/>, <c>AUTO</c>/<c>ON</c>/<c>OFF</c>, or a boolean for on/off).</summary>
    public const string MagicPrompt = "magic_prompt";

    /// <summary>Request: the colour palette (a <see cref="Ideogram.Sdk.ColorPalette"/>, a <see cref="ColorPalettePreset"/> or its name, or a list of hex colours).</summary>
    public const string ColorPalette = "color_palette";

    /// <summary>Request: the rendering speed (<see cref="Ideogram.Sdk.RenderingSpeed"/> or its name); an alternative to <c>ModelId</c>, and must agree with it when both are set.</summary>
    public const string RenderingSpeed = "rendering_speed";

    /// <summary>Request: the aspect ratio (<see cref="Ideogram.Sdk.AspectRatio"/>, <c>16x9</c> or <c>16:9</c>); an alternative to <c>ImageSize</c>, not combinable with it.</summary>
    public const string AspectRatio = "aspect_ratio";

    /// <summary>
    /// Request: the mask of a masked edit. With it, the single original image is edited (inpainted) where the mask
    /// is black; without it, the original image is remixed. A <c>DataContent</c>, <c>UriContent</c>,
    /// <see cref="ImageInput"/>, byte array, <see cref="ReadOnlyMemory{T}"/> of bytes, <see cref="Uri"/> or URL string.
    /// </summary>
    public const string Mask = "mask";

    /// <summary>Request: how strongly a remix follows the original image, 1 to 100 (an integer).</summary>
    public const string ImageWeight = "image_weight";

    /// <summary>Request: a transparent background (a boolean); text to image only.</summary>
    public const string TransparentBackground = "transparent_background";

    /// <summary>Request: a custom model, <c>model/&lt;name&gt;/version/&lt;version&gt;</c> (a string).</summary>
    public const string CustomModelUri = "custom_model_uri";

    /// <summary>Request: the unsupported-parameter rule for this call (<see cref="UnsupportedParameterBehavior"/>, or <c>strict</c> / <c>best_effort</c>).</summary>
    public const string UnsupportedParameters = "unsupported_parameters";

    /// <summary>On each image: the prompt the provider used, which MagicPrompt may have rewritten (a string).</summary>
    public const string Prompt = "prompt";

    /// <summary>On each image: its size, <c>WxH</c> (a string), when the provider reports it.</summary>
    public const string Resolution = "resolution";

    /// <summary>On each image: when its link stops working (a <see cref="DateTimeOffset"/>), when known.</summary>
    public const string ExpiresAt = "expires_at";

    /// <summary>On each image: the provider's id for it (a string), when it gives one.</summary>
    public const string ProviderImageId = "provider_image_id";

    /// <summary>On each image: its cost in US dollars (a <see cref="decimal"/>), when the provider reports it.</summary>
    public const string Cost = "cost";
}
