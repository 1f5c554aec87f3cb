using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Ideogram.Sdk.Emulator.Providers.Runware;

/// <summary>What each Ideogram 3.0 model on Runware accepts.</summary>
/// <param name="Air">The AIR id, for example <c>ideogram:4@3</c>.</param>
/// <param name="Name">Human name used in messages.</param>
/// <param name="Prompt">Whether <c>positivePrompt</c> is required (<see langword="true"/>) or refused (<see langword="false"/>).</param>
/// <param name="Dimensions">How <c>width</c>/<c>height</c> are treated.</param>
/// <param name="Inputs">The <c>inputs.*</c> keys the model takes, and whether each is required.</param>
/// <param name="NegativePrompt">Whether <c>negativePrompt</c> is accepted.</param>
/// <param name="StyleCode">Whether <c>providerSettings.ideogram.styleCode</c> is accepted.</param>
/// <param name="RemixStrength">Whether <c>providerSettings.ideogram.remixStrength</c> is accepted.</param>
/// <param name="CharacterReference">Whether <c>characterReferenceImages</c> is accepted.</param>
internal sealed record RunwareModel(
    string Air, string Name, bool Prompt, RunwareDimensions Dimensions, FrozenDictionary<string, bool> Inputs,
    bool NegativePrompt, bool StyleCode, bool RemixStrength, bool CharacterReference);

/// <summary>How a model treats <c>width</c> and <c>height</c>.</summary>
internal enum RunwareDimensions
{
    /// <summary>Optional, together, from the 69-size table.</summary>
    Optional,

    /// <summary>Required, together, from the 69-size table (the target canvas).</summary>
    Required,

    /// <summary>Refused with <c>unsupportedParameter</c>.</summary>
    Refused,
}

/// <summary>
/// The Runware emulator's data: models, sizes, enums, prices, error codes and the prompt words that script failures.
/// Choices the docs leave open are marked "unconfirmed" here and nowhere else.
/// </summary>
internal static class RunwareCatalog
{
    private static FrozenDictionary<string, bool> Inputs(params (string Key, bool Required)[] inputs) =>
        inputs.ToFrozenDictionary(i => i.Key, i => i.Required, StringComparer.Ordinal);

    /// <summary>
    /// The five Ideogram 3.0 models. Unconfirmed: <c>inputs.referenceImages</c> for Remix and <c>inputs.seedImage</c> for
    /// Replace Background come from a third-party table; <c>negativePrompt</c> is accepted where Ideogram's own API takes
    /// a negative prompt (generate and remix).
    /// </summary>
    public static readonly FrozenDictionary<string, RunwareModel> Models = new RunwareModel[]
    {
        new("ideogram:4@1", "Ideogram 3.0", true, RunwareDimensions.Optional, Inputs(), true, false, false, true),
        new("ideogram:4@2", "Ideogram 3.0 Remix", true, RunwareDimensions.Optional, Inputs(("referenceImages", true)), true, true, true, true),
        new("ideogram:4@3", "Ideogram 3.0 Edit", true, RunwareDimensions.Refused, Inputs(("seedImage", true), ("maskImage", true)), false, true, false, true),
        new("ideogram:4@4", "Ideogram 3.0 Reframe", false, RunwareDimensions.Required, Inputs(("seedImage", true)), false, true, false, false),
        new("ideogram:4@5", "Ideogram 3.0 Replace Background", true, RunwareDimensions.Refused, Inputs(("seedImage", true)), false, true, false, false),
    }.ToFrozenDictionary(m => m.Air, StringComparer.Ordinal);

    /// <summary>Fields of an <c>imageInference</c> task (the model pages plus the generic <c>negativePrompt</c> and <c>seed</c>).</summary>
    public static readonly FrozenSet<string> InferenceFields = FrozenSet.Create(
        StringComparer.Ordinal,
        "taskType", "taskUUID", "model", "positivePrompt", "negativePrompt", "width", "height", "numberResults", "seed",
        "outputType", "outputFormat", "outputQuality", "deliveryMethod", "webhookURL", "uploadEndpoint", "safety", "ttl",
        "includeCost", "inputs", "providerSettings");

    /// <summary>The 69 width × height pairs of Ideogram 3.0 (generate, remix, reframe).</summary>
    public static readonly FrozenSet<(int Width, int Height)> Sizes = BuildSizes();

    /// <summary>Output size when a model's size is not given or not known (the input image is never fetched).</summary>
    public const int DefaultSize = 1024;

    public const int MinResults = 1, MaxResults = 20, MinQuality = 20, MaxQuality = 99, MinTtl = 60, MaxPromptLength = 2000;

    public static readonly FrozenSet<string> OutputTypes = FrozenSet.Create(StringComparer.Ordinal, "URL", "base64Data", "dataURI");

    /// <summary>Output formats. Matched case-insensitively: the schema spells them in capitals, older examples in lowercase.</summary>
    public static readonly FrozenSet<string> OutputFormats = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "JPG", "PNG", "WEBP");

    public static readonly FrozenSet<string> DeliveryMethods = FrozenSet.Create(StringComparer.Ordinal, "sync", "async");

    public static readonly FrozenSet<string> SafetyModes = FrozenSet.Create(StringComparer.Ordinal, "none", "fast");

    public static readonly FrozenSet<string> RenderingSpeeds = FrozenSet.Create(StringComparer.Ordinal, "TURBO", "DEFAULT", "QUALITY");

    public static readonly FrozenSet<string> MagicPrompts = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "ON", "OFF");

    /// <summary>Style types. Unconfirmed: the 3.0 Edit page also lists <c>RENDER_3D</c> and <c>ANIME</c>; the generic reference gives them to 1.0/2.x only. The page wins.</summary>
    public static readonly FrozenSet<string> StyleTypes = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME", "FICTION");

    /// <summary><c>providerSettings.ideogram</c> keys for 3.0. <c>colorPalette</c> is absent: the reference says it is 2.0 only.</summary>
    public static readonly FrozenSet<string> IdeogramSettings = FrozenSet.Create(
        StringComparer.Ordinal,
        "renderingSpeed", "magicPrompt", "styleType", "stylePreset", "styleCode", "styleReferenceImages", "remixStrength",
        "characterReferenceImages", "characterReferenceImagesMask");

    /// <summary>The style presets: Runware's model pages list the same 62 values as Ideogram's spec.</summary>
    public static readonly FrozenSet<string> StylePresets = Ideogram.IdeogramCatalog.StylePresets;

    /// <summary>
    /// Cost per image in USD by rendering speed, served as <c>cost</c> when <c>includeCost</c> is set. Unconfirmed: the
    /// pages show $0.06 for generate at 1K and $0.09 for QUALITY edits; TURBO is taken as $0.03.
    /// </summary>
    public static double Price(string renderingSpeed) => renderingSpeed switch
    {
        "TURBO" => 0.03,
        "QUALITY" => 0.09,
        _ => 0.06,
    };

    /// <summary>A prompt containing this word makes the task fail with <see cref="RunwareErrors.InferenceError"/>.</summary>
    public const string MagicFail = "EMULATOR_FAIL";

    /// <summary>A prompt containing this word is refused with 402 <see cref="RunwareErrors.InsufficientCredits"/>.</summary>
    public const string MagicNoCredit = "EMULATOR_NO_CREDIT";

    /// <summary>A prompt containing this word sets <c>NSFWContent: true</c> when a safety check was asked for.</summary>
    public const string MagicNsfw = "EMULATOR_NSFW";

    /// <summary>
    /// A prompt containing this word makes the task fail like <see cref="MagicFail"/>, with an error message that repeats
    /// the API key the task was sent with (as a provider that echoes its input does), for testing that clients never
    /// pass a key on. Not a documented behaviour.
    /// </summary>
    public const string MagicEchoKey = "EMULATOR_ECHO_KEY";

    private static FrozenSet<(int, int)> BuildSizes()
    {
        (int, int)[] landscape =
        [
            (1536, 512), (1536, 576), (1472, 576), (1408, 576), (1536, 640), (1472, 640), (1408, 640), (1344, 640),
            (1472, 704), (1408, 704), (1344, 704), (1280, 704), (1312, 736), (1344, 768), (1216, 704), (1280, 768),
            (1152, 704), (1280, 800), (1216, 768), (1248, 832), (1216, 832), (1088, 768), (1152, 832), (1152, 864),
            (1088, 832), (1152, 896), (1120, 896), (1024, 832), (1088, 896), (960, 832), (1024, 896), (1088, 960),
            (960, 896), (1024, 960), (1024, 1024),
        ];
        return landscape.Concat(landscape.Select(s => (s.Item2, s.Item1))).ToFrozenSet();
    }
}

/// <summary>Runware error codes and the HTTP status each answers with when it is the only outcome of a request.</summary>
internal static class RunwareErrors
{
    public const string InvalidApiKey = "invalidApiKey";
    public const string InsufficientCredits = "insufficientCredits";
    public const string InvalidRequestBody = "invalidRequestBody";
    public const string UnsupportedTaskType = "unsupportedTaskType";
    public const string UnsupportedParameter = "unsupportedParameter";
    public const string MissingParameter = "missingParameter";
    public const string InvalidParameter = "invalidParameter";
    public const string DuplicateTaskUUID = "duplicateTaskUUID";
    public const string UnknownModel = "unknownModel";
    public const string UnknownProviderSettingsProvider = "unknownProviderSettingsProvider";
    public const string InferenceError = "inferenceError";
    public const string TaskNotFound = "taskNotFound";

    /// <summary>The HTTP status for a request whose tasks all failed with <paramref name="code"/>.</summary>
    public static int Status(string code) => code switch
    {
        InvalidApiKey => StatusCodes.Status401Unauthorized,
        InsufficientCredits => StatusCodes.Status402PaymentRequired,
        TaskNotFound => StatusCodes.Status404NotFound,
        InferenceError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };
}
