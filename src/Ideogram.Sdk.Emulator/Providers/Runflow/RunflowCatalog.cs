using System.Collections.Frozen;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>
/// Everything the Runflow emulator knows about the <c>ideogram/v3</c> model as data: allowed values, preset sizes,
/// prices, error codes and the prompt words that script failures. Choices the docs leave open are marked
/// "unconfirmed" here and nowhere else.
/// </summary>
internal static class RunflowCatalog
{
    /// <summary>The only model path served: <c>POST /v1/models/ideogram/v3/runs</c>.</summary>
    public const string ModelPath = "ideogram/v3";

    /// <summary>Runflow's internal model uuid for <c>ideogram/v3</c>. The run object's <c>model_id</c> is a uuid, not the path; the value itself is the emulator's.</summary>
    public static readonly Guid ModelId = new("0195f3a2-7c1e-7d40-9a41-1d3e5b7c9a01");

    /// <summary>Top-level fields of the create body (model page plus <c>client_ref</c> from the API reference).</summary>
    public static readonly FrozenSet<string> CreateFields = FrozenSet.Create(StringComparer.Ordinal, "input", "callback_url", "metadata", "client_ref");

    /// <summary>The <c>input</c> fields of <c>ideogram/v3</c>, from the model page's input schema.</summary>
    public static readonly FrozenSet<string> InputFields = FrozenSet.Create(
        StringComparer.Ordinal,
        "prompt", "num_images", "image_size", "style", "style_preset", "expand_prompt", "rendering_speed", "sync_mode",
        "color_palette", "style_codes", "seed", "image_urls", "negative_prompt");

    /// <summary><c>rendering_speed</c> values (model page).</summary>
    public static readonly FrozenSet<string> RenderingSpeeds = FrozenSet.Create(StringComparer.Ordinal, "TURBO", "BALANCED", "QUALITY");

    /// <summary><c>style</c> values (the model's published defaults; the page itself says "Any").</summary>
    public static readonly FrozenSet<string> Styles = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "GENERAL", "REALISTIC", "DESIGN");

    /// <summary>
    /// <c>image_size</c> presets and the size each renders at. Unconfirmed: the preset names and sizes are the standard
    /// set of the schema Runflow's page mirrors; the object form <c>{width, height}</c> is not accepted because no
    /// Runflow source shows it.
    /// </summary>
    public static readonly FrozenDictionary<string, (int Width, int Height)> ImageSizes = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["square_hd"] = (1024, 1024),
        ["square"] = (512, 512),
        ["portrait_4_3"] = (768, 1024),
        ["portrait_16_9"] = (576, 1024),
        ["landscape_4_3"] = (1024, 768),
        ["landscape_16_9"] = (1024, 576),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The size used when <c>image_size</c> is omitted.</summary>
    public const string DefaultImageSize = "square_hd";

    /// <summary><c>num_images</c> range.</summary>
    public const int MinImages = 1, MaxImages = 8;

    /// <summary>Total decoded size allowed for data-URI style references in <c>image_urls</c> (the page: 10 MB).</summary>
    public const int MaxStyleReferenceBytes = 10 * 1024 * 1024;

    /// <summary><c>color_palette.name</c> presets. Unconfirmed for Runflow: these are Ideogram's preset names.</summary>
    public static readonly FrozenSet<string> PalettePresets = FrozenSet.Create(
        StringComparer.Ordinal, "EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE");

    /// <summary>The style presets: Runflow passes Ideogram 3.0's 62 style presets through unchanged.</summary>
    public static readonly FrozenSet<string> StylePresets = Ideogram.IdeogramCatalog.StylePresets;

    /// <summary>Price per image in USD, served as the run's <c>cost</c> string. The model page says $0.06 ("Balanced (default)").</summary>
    public const decimal PricePerImage = 0.06m;

    /// <summary>Error <c>code</c> strings. <see cref="ValidationError"/> is unconfirmed (the docs show 422 but not its code).</summary>
    public const string Unauthorized = "UNAUTHORIZED", ValidationError = "VALIDATION_ERROR", BadRequest = "BAD_REQUEST",
        RunNotFound = "RUN_NOT_FOUND", ModelNotFound = "MODEL_NOT_FOUND", NotFound = "NOT_FOUND",
        InsufficientCredit = "INSUFFICIENT_CREDIT", RateLimited = "RATE_LIMITED", UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>
    /// <c>failure_code</c>, <c>failure_stage_code</c> and <c>failure_message</c> of a run the prompt scripted to fail.
    /// Unconfirmed: the docs name the fields but show no value for a model error.
    /// </summary>
    public const string FailureCode = "PROVIDER_ERROR", FailureStage = "execution",
        FailureMessage = "The model provider failed to generate the image.";

    /// <summary>A prompt containing this word creates a run that ends <c>failed</c>.</summary>
    public const string MagicFail = "EMULATOR_FAIL";

    /// <summary>A prompt containing this word is refused at creation with 402 <c>INSUFFICIENT_CREDIT</c>.</summary>
    public const string MagicNoCredit = "EMULATOR_NO_CREDIT";

    /// <summary>A prompt containing this word is refused at creation with 429 <c>RATE_LIMITED</c> and <c>Retry-After: 1</c>.</summary>
    public const string MagicRateLimit = "EMULATOR_RATE_LIMIT";

    /// <summary>A prompt containing this word gives a successful run with <c>nsfw_detected: true</c>.</summary>
    public const string MagicNsfw = "EMULATOR_NSFW";
}
