using System.Text.Json.Nodes;

namespace Ideogram.Sdk;

/// <summary>The base of every neutral request. A request describes the image once, whichever provider serves it.</summary>
public abstract class ImageRequest
{
    private protected ImageRequest()
    {
    }

    /// <summary>The operation this request asks for.</summary>
    public abstract ImageOperation Operation { get; }

    /// <summary>The random seed (0 to 2147483647 on Ideogram); set it for reproducible results.</summary>
    public long? Seed { get; set; }

    /// <summary>How many images to make (1 to 8 on Ideogram; providers that make one per call are called several times).</summary>
    public int? NumImages { get; set; }

    /// <summary>Overrides <see cref="IdeogramClientOptions.UnsupportedParameters"/> for this request.</summary>
    public UnsupportedParameterBehavior? UnsupportedParameters { get; set; }

    /// <summary>
    /// Fields the SDK does not model yet, sent verbatim with the provider's request (an escape hatch for a parameter a
    /// provider added after this SDK was released). Each goes where that provider's own parameters go: a form field on
    /// Ideogram (a JSON string is sent as its text, anything else as JSON), a top-level JSON field on Segmind and API in
    /// One, a field of <c>input</c> on Runflow, a field of the <c>imageInference</c> task on Runware. They are not
    /// checked against the provider's table, the result carries a <see cref="Warning"/> naming them, and a name the SDK
    /// already sends for this request is refused before anything is sent.
    /// </summary>
    public IDictionary<string, JsonNode?>? ExtraWireFields { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}({Operation})";

    /// <summary>A shallow copy (lists are shared: replace them, never change them, on the copy).</summary>
    internal ImageRequest Clone() => (ImageRequest)MemberwiseClone();
}

/// <summary>The fields shared by the prompt-driven Ideogram 3.0 operations (generate, edit, remix, reframe, replace background).</summary>
public abstract class StyledImageRequest : ImageRequest
{
    private IList<string>? _styleCodes;
    private IList<ImageInput>? _styleReferenceImages;
    private IList<ImageInput>? _characterReferenceImages;
    private IList<ImageInput>? _characterReferenceImageMasks;

    private protected StyledImageRequest()
    {
    }

    /// <summary>The text prompt.</summary>
    public string? Prompt { get; set; }

    /// <summary>What to keep out of the image; descriptions in the prompt take precedence.</summary>
    public string? NegativePrompt { get; set; }

    /// <summary>An exact output size; cannot be combined with <see cref="AspectRatio"/>.</summary>
    public Resolution? Resolution { get; set; }

    /// <summary>An output aspect ratio; cannot be combined with <see cref="Resolution"/>.</summary>
    public AspectRatio? AspectRatio { get; set; }

    /// <summary>The rendering speed (price tier).</summary>
    public RenderingSpeed? RenderingSpeed { get; set; }

    /// <summary>Whether MagicPrompt may rewrite the prompt.</summary>
    public MagicPrompt? MagicPrompt { get; set; }

    /// <summary>The style type; cannot be combined with <see cref="StyleCodes"/>.</summary>
    public StyleType? StyleType { get; set; }

    /// <summary>A style preset.</summary>
    public StylePreset? StylePreset { get; set; }

    /// <summary>Style codes (8 hexadecimal characters each); cannot be combined with a style type or style reference images.</summary>
    public IList<string> StyleCodes
    {
        get => _styleCodes ??= [];
        set => _styleCodes = value;
    }

    /// <summary>The list when one was made (read without making an empty one).</summary>
    internal IList<string>? StyleCodesIfAny => _styleCodes;

    /// <summary>A colour palette.</summary>
    public ColorPalette? ColorPalette { get; set; }

    /// <summary>Style reference images (JPEG, PNG or WebP; at most 10 MB together).</summary>
    public IList<ImageInput> StyleReferenceImages
    {
        get => _styleReferenceImages ??= [];
        set => _styleReferenceImages = value;
    }

    /// <summary>The list when one was made (read without making an empty one).</summary>
    internal IList<ImageInput>? StyleReferenceImagesIfAny => _styleReferenceImages;

    /// <summary>Character reference images (currently one; at most 10 MB together; character-reference pricing applies).</summary>
    public IList<ImageInput> CharacterReferenceImages
    {
        get => _characterReferenceImages ??= [];
        set => _characterReferenceImages = value;
    }

    /// <summary>The list when one was made (read without making an empty one).</summary>
    internal IList<ImageInput>? CharacterReferenceImagesIfAny => _characterReferenceImages;

    /// <summary>Masks for the character reference images; when given, one per character reference image.</summary>
    public IList<ImageInput> CharacterReferenceImageMasks
    {
        get => _characterReferenceImageMasks ??= [];
        set => _characterReferenceImageMasks = value;
    }

    /// <summary>The list when one was made (read without making an empty one).</summary>
    internal IList<ImageInput>? CharacterReferenceImageMasksIfAny => _characterReferenceImageMasks;

    /// <summary>A custom model, <c>model/&lt;name&gt;/version/&lt;version&gt;</c>.</summary>
    public string? CustomModelUri { get; set; }
}

/// <summary>Text to image (optionally with a transparent background).</summary>
public sealed class GenerateRequest : StyledImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="prompt">The text prompt.</param>
    public GenerateRequest(string prompt) => Prompt = prompt;

    /// <summary>Generate with a transparent background (Ideogram's <c>generate-transparent</c>); fewer parameters apply.</summary>
    public bool TransparentBackground { get; set; }

    /// <summary>The upscale factor of a transparent-background generation (<c>X1</c> default; others cost more).</summary>
    public UpscaleFactor? UpscaleFactor { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => TransparentBackground ? ImageOperation.GenerateTransparent : ImageOperation.Generate;
}

/// <summary>Masked edit (inpainting): black regions of the mask are repainted following the prompt.</summary>
public sealed class EditRequest : StyledImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The image to edit.</param>
    /// <param name="mask">A black-and-white mask of the same size; black marks what to edit.</param>
    /// <param name="prompt">What the edited result should show.</param>
    public EditRequest(ImageInput image, ImageInput mask, string prompt)
    {
        Image = image;
        Mask = mask;
        Prompt = prompt;
    }

    /// <summary>The image to edit.</summary>
    public ImageInput? Image { get; set; }

    /// <summary>The mask; black marks the regions to edit.</summary>
    public ImageInput? Mask { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Edit;
}

/// <summary>A new image from an input image and a prompt.</summary>
public sealed class RemixRequest : StyledImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The input image.</param>
    /// <param name="prompt">The prompt.</param>
    public RemixRequest(ImageInput image, string prompt)
    {
        Image = image;
        Prompt = prompt;
    }

    /// <summary>The input image.</summary>
    public ImageInput? Image { get; set; }

    /// <summary>How strongly the result follows the input image, 1 to 100 (Ideogram's default is 50).</summary>
    public int? ImageWeight { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Remix;
}

/// <summary>Extends a square image to a new resolution.</summary>
public sealed class ReframeRequest : StyledImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The image to reframe.</param>
    /// <param name="resolution">The target resolution.</param>
    public ReframeRequest(ImageInput image, Resolution resolution)
    {
        Image = image;
        Resolution = resolution;
    }

    /// <summary>The image to reframe.</summary>
    public ImageInput? Image { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Reframe;
}

/// <summary>Keeps the subject of an image and replaces its background following the prompt.</summary>
public sealed class ReplaceBackgroundRequest : StyledImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The image whose background is replaced.</param>
    /// <param name="prompt">The new background.</param>
    public ReplaceBackgroundRequest(ImageInput image, string prompt)
    {
        Image = image;
        Prompt = prompt;
    }

    /// <summary>The image whose background is replaced.</summary>
    public ImageInput? Image { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.ReplaceBackground;
}

/// <summary>Describes an image in words.</summary>
public sealed class DescribeRequest : ImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The image to describe.</param>
    public DescribeRequest(ImageInput image) => Image = image;

    /// <summary>The image to describe.</summary>
    public ImageInput? Image { get; set; }

    /// <summary>The describe model version (Ideogram's default is <c>V_3</c>).</summary>
    public DescribeModelVersion? ModelVersion { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Describe;
}

/// <summary>Upscales an image.</summary>
public sealed class UpscaleRequest : ImageRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="image">The image to upscale.</param>
    public UpscaleRequest(ImageInput image) => Image = image;

    /// <summary>The image to upscale.</summary>
    public ImageInput? Image { get; set; }

    /// <summary>An optional prompt to guide the upscale.</summary>
    public string? Prompt { get; set; }

    /// <summary>How closely the result keeps to the input, 1 to 100 (default 50).</summary>
    public int? Resemblance { get; set; }

    /// <summary>How much detail is added, 1 to 100 (default 50).</summary>
    public int? Detail { get; set; }

    /// <summary>Whether MagicPrompt may rewrite the prompt.</summary>
    public MagicPrompt? MagicPrompt { get; set; }

    /// <summary>The MagicPrompt version.</summary>
    public MagicPromptVersion? MagicPromptVersion { get; set; }

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Upscale;
}
