namespace Ideogram.Sdk;

/// <summary>Every neutral request parameter, by name; used by validation errors, warnings and <see cref="ProviderCapabilities"/>.</summary>
public enum ImageParameter
{
    /// <summary>The text prompt (<c>prompt</c>).</summary>
    Prompt,
    /// <summary>What to keep out of the image (<c>negative_prompt</c>).</summary>
    NegativePrompt,
    /// <summary>The random seed (<c>seed</c>).</summary>
    Seed,
    /// <summary>How many images to make (<c>num_images</c>).</summary>
    NumImages,
    /// <summary>An exact output size (<c>resolution</c>).</summary>
    Resolution,
    /// <summary>An output aspect ratio (<c>aspect_ratio</c>).</summary>
    AspectRatio,
    /// <summary>The rendering speed (<c>rendering_speed</c>).</summary>
    RenderingSpeed,
    /// <summary>MagicPrompt (<c>magic_prompt</c>).</summary>
    MagicPrompt,
    /// <summary>The style type (<c>style_type</c>).</summary>
    StyleType,
    /// <summary>A style preset (<c>style_preset</c>).</summary>
    StylePreset,
    /// <summary>Style codes (<c>style_codes</c>).</summary>
    StyleCodes,
    /// <summary>A colour palette (<c>color_palette</c>).</summary>
    ColorPalette,
    /// <summary>Style reference images (<c>style_reference_images</c>).</summary>
    StyleReferenceImages,
    /// <summary>Character reference images (<c>character_reference_images</c>).</summary>
    CharacterReferenceImages,
    /// <summary>Masks for the character reference images (<c>character_reference_images_mask</c>).</summary>
    CharacterReferenceImageMasks,
    /// <summary>A custom model (<c>custom_model_uri</c>).</summary>
    CustomModelUri,
    /// <summary>The input image of an edit, remix, reframe, background replacement, describe or upscale.</summary>
    Image,
    /// <summary>The mask of an edit.</summary>
    Mask,
    /// <summary>How strongly a remix follows its input image (<c>image_weight</c>).</summary>
    ImageWeight,
    /// <summary>The upscale factor of a transparent-background generation (<c>upscale_factor</c>).</summary>
    UpscaleFactor,
    /// <summary>The describe model version (<c>describe_model_version</c>).</summary>
    DescribeModelVersion,
    /// <summary>How closely an upscale keeps to the input (<c>resemblance</c>).</summary>
    Resemblance,
    /// <summary>How much detail an upscale adds (<c>detail</c>).</summary>
    Detail,
    /// <summary>The MagicPrompt version of an upscale (<c>magic_prompt_version</c>).</summary>
    MagicPromptVersion,
}
