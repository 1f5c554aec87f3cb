using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Emulator.Providers.Runware;

/// <summary>One entry of a Runware <c>errors</c> array.</summary>
/// <param name="Code">Machine code, for example <c>unsupportedParameter</c>.</param>
/// <param name="Message">Human text.</param>
/// <param name="Parameter">The offending field (a string), the fields of a cross-field rule (an array), or <see langword="null"/>.</param>
/// <param name="TaskType">The task's type, when known.</param>
/// <param name="TaskUUID">The task's UUID, when known.</param>
internal sealed record RunwareError(string Code, string Message, JsonNode? Parameter, string? TaskType, string? TaskUUID)
{
    /// <summary>Set on errors reported by <c>getResponse</c>, which carry <c>"status": "error"</c>.</summary>
    public bool WithStatus { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Parameter is not null)
            json["parameter"] = Parameter.DeepClone();
        if (TaskType is not null)
            json["taskType"] = TaskType;
        if (TaskUUID is not null)
            json["taskUUID"] = TaskUUID;
        if (WithStatus)
            json["status"] = "error";
        return json;
    }
}

/// <summary>A validated <c>imageInference</c> task.</summary>
internal sealed record RunwareInferencePlan(
    string TaskUUID, RunwareModel Model, string Prompt, int Width, int Height, int Count, long? Seed,
    string OutputType, string OutputFormat, bool Async, bool IncludeCost, bool SafetyCheck, string RenderingSpeed, string? WebhookUrl = null);

/// <summary>Image references: a UUID of an uploaded or generated image, an http(s) URL, a data URI, or bare base64.</summary>
internal static class RunwareImages
{
    /// <summary>Decodes an inline image (data URI or bare base64 of a PNG, JPEG or WebP); <see langword="null"/> when it is not one.</summary>
    public static (byte[] Bytes, string Extension)? DecodeInline(string value)
    {
        var payload = value;
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || value[5..comma] is not ("image/png;base64" or "image/jpeg;base64" or "image/jpg;base64" or "image/webp;base64"))
                return null;
            payload = value[(comma + 1)..];
        }

        var buffer = new byte[payload.Length / 4 * 3 + 3];
        if (payload.Length == 0 || !Convert.TryFromBase64String(payload, buffer, out var written))
            return null;
        var bytes = buffer[..written];
        var extension = Sniff(bytes);
        return extension is null ? null : (bytes, extension);
    }

    private static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? "png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "jpg"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : null;

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>Checks one image reference; returns an error message or <see langword="null"/>.</summary>
    public static string? Check(string value, Func<Guid, bool> knownImage)
    {
        if (Guid.TryParseExact(value, "D", out var id))
            return knownImage(id) ? null : $"No uploaded or generated image has UUID {value}.";
        if (IsHttpUrl(value))
            return null;
        return DecodeInline(value) is null
            ? "Expected an image UUID, an http(s) URL, a data URI or base64 of a PNG, JPEG or WEBP image."
            : null;
    }
}

/// <summary>Strict validation of an <c>imageInference</c> task for the Ideogram 3.0 models.</summary>
internal static class RunwareInference
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Whether <paramref name="value"/> is a UUID v4 in the 8-4-4-4-12 form.</summary>
    public static bool IsUuidV4(string? value) =>
        value is { Length: 36 } && Guid.TryParseExact(value, "D", out _) && value[14] == '4' && value[19] is '8' or '9' or 'a' or 'b' or 'A' or 'B';

    /// <summary>Validates <paramref name="task"/>; returns the plan or the first error.</summary>
    public static (RunwareInferencePlan? Plan, RunwareError? Error) Validate(JsonElement task, bool allowUnknown, Func<Guid, bool> knownImage)
    {
        const string Type = "imageInference";
        var uuid = task.TryGetProperty("taskUUID", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        RunwareError Fail(string code, string message, JsonNode? parameter) => new(code, message, parameter, Type, uuid);
        RunwareError Missing(string name) => Fail(RunwareErrors.MissingParameter, $"Missing required parameter '{name}'.", name);
        RunwareError Invalid(string name, string message) => Fail(RunwareErrors.InvalidParameter, message, name);
        RunwareError Unsupported(string name, string message) => Fail(RunwareErrors.UnsupportedParameter, message, name);

        if (uuid is null)
            return (null, Missing("taskUUID"));
        if (!IsUuidV4(uuid))
            return (null, Invalid("taskUUID", "taskUUID must be a UUID v4."));

        if (!allowUnknown)
        {
            foreach (var property in task.EnumerateObject())
            {
                if (!RunwareCatalog.InferenceFields.Contains(property.Name))
                    return (null, Unsupported(property.Name, $"Parameter '{property.Name}' is not supported by this task."));
            }
        }

        if (!task.TryGetProperty("model", out var modelElement))
            return (null, Missing("model"));
        if (modelElement.ValueKind != JsonValueKind.String || !RunwareCatalog.Models.TryGetValue(modelElement.GetString()!, out var model))
            return (null, Fail(RunwareErrors.UnknownModel, $"Unknown model. Supported: {string.Join(", ", RunwareCatalog.Models.Keys.Order(StringComparer.Ordinal))}.", "model"));

        var prompt = string.Empty;
        var hasPrompt = task.TryGetProperty("positivePrompt", out var promptElement);
        if (model.Prompt)
        {
            if (!hasPrompt)
                return (null, Missing("positivePrompt"));
            if (promptElement.ValueKind != JsonValueKind.String || promptElement.GetString()!.Length is < 1 or > RunwareCatalog.MaxPromptLength)
                return (null, Invalid("positivePrompt", $"positivePrompt must be a string of 1 to {RunwareCatalog.MaxPromptLength} characters."));
            prompt = promptElement.GetString()!;
        }
        else if (hasPrompt)
        {
            return (null, Unsupported("positivePrompt", $"{model.Name} ({model.Air}) does not take a positivePrompt."));
        }

        if (task.TryGetProperty("negativePrompt", out var negative))
        {
            if (!model.NegativePrompt)
                return (null, Unsupported("negativePrompt", $"{model.Name} ({model.Air}) does not take a negativePrompt."));
            if (negative.ValueKind != JsonValueKind.String || negative.GetString()!.Length is < 1 or > RunwareCatalog.MaxPromptLength)
                return (null, Invalid("negativePrompt", $"negativePrompt must be a string of 1 to {RunwareCatalog.MaxPromptLength} characters."));
        }

        var hasWidth = task.TryGetProperty("width", out var widthElement);
        var hasHeight = task.TryGetProperty("height", out var heightElement);
        int width = RunwareCatalog.DefaultSize, height = RunwareCatalog.DefaultSize;
        if (model.Dimensions == RunwareDimensions.Refused && (hasWidth || hasHeight))
            return (null, Unsupported(hasWidth ? "width" : "height", $"{model.Name} ({model.Air}) does not take width or height; the output keeps the input image's size."));
        if (model.Dimensions == RunwareDimensions.Required && !(hasWidth && hasHeight))
            return (null, Fail(RunwareErrors.MissingParameter, $"{model.Name} ({model.Air}) needs width and height (the target canvas).", new JsonArray("width", "height")));
        if (hasWidth != hasHeight)
            return (null, Fail(RunwareErrors.InvalidParameter, "width and height must be used together.", new JsonArray("width", "height")));
        if (hasWidth)
        {
            if (!widthElement.TryGetInt32(out width) || !heightElement.TryGetInt32(out height)
                || !RunwareCatalog.Sizes.Contains((width, height)))
            {
                return (null, Fail(RunwareErrors.InvalidParameter, "width x height must be one of the 69 sizes Ideogram 3.0 supports, for example 1024x1024 or 1536x640.", new JsonArray("width", "height")));
            }
        }

        var count = 1;
        if (task.TryGetProperty("numberResults", out var results)
            && (results.ValueKind != JsonValueKind.Number || !results.TryGetInt32(out count) || count is < RunwareCatalog.MinResults or > RunwareCatalog.MaxResults))
        {
            return (null, Invalid("numberResults", $"numberResults must be an integer from {RunwareCatalog.MinResults} to {RunwareCatalog.MaxResults}."));
        }

        long? seed = null;
        if (task.TryGetProperty("seed", out var seedElement))
        {
            if (seedElement.ValueKind != JsonValueKind.Number || !seedElement.TryGetInt64(out var value) || value < 1)
                return (null, Invalid("seed", "seed must be an integer from 1 to 9223372036854775807."));
            seed = value;
        }

        var outputType = "URL";
        if (task.TryGetProperty("outputType", out var outputTypeElement))
        {
            if (outputTypeElement.ValueKind != JsonValueKind.String || !RunwareCatalog.OutputTypes.Contains(outputTypeElement.GetString()!))
                return (null, Invalid("outputType", "outputType must be one of URL, base64Data, dataURI."));
            outputType = outputTypeElement.GetString()!;
        }

        var outputFormat = "JPG";
        if (task.TryGetProperty("outputFormat", out var formatElement))
        {
            if (formatElement.ValueKind != JsonValueKind.String || !RunwareCatalog.OutputFormats.Contains(formatElement.GetString()!))
                return (null, Invalid("outputFormat", "outputFormat must be one of JPG, PNG, WEBP."));
            outputFormat = formatElement.GetString()!.ToUpperInvariant();
        }

        if (task.TryGetProperty("outputQuality", out var quality)
            && (quality.ValueKind != JsonValueKind.Number || !quality.TryGetInt32(out var q) || q is < RunwareCatalog.MinQuality or > RunwareCatalog.MaxQuality))
        {
            return (null, Invalid("outputQuality", $"outputQuality must be an integer from {RunwareCatalog.MinQuality} to {RunwareCatalog.MaxQuality}."));
        }

        var isAsync = false;
        if (task.TryGetProperty("deliveryMethod", out var delivery))
        {
            if (delivery.ValueKind != JsonValueKind.String || !RunwareCatalog.DeliveryMethods.Contains(delivery.GetString()!))
                return (null, Invalid("deliveryMethod", "deliveryMethod must be sync or async."));
            isAsync = delivery.GetString() == "async";
        }

        string? webhookUrl = null;
        if (task.TryGetProperty("webhookURL", out var webhook))
        {
            if (webhook.ValueKind != JsonValueKind.String || !RunwareImages.IsHttpUrl(webhook.GetString()!))
                return (null, Invalid("webhookURL", "webhookURL must be a string holding an absolute http(s) URI."));
            webhookUrl = webhook.GetString();
        }

        if (task.TryGetProperty("uploadEndpoint", out _))
            return (null, Unsupported("uploadEndpoint", "uploadEndpoint is documented by Runware but not emulated: the emulator does not PUT results. Use imageURL, or a webhookURL."));

        if (task.TryGetProperty("ttl", out var ttl)
            && (ttl.ValueKind != JsonValueKind.Number || !ttl.TryGetInt32(out var seconds) || seconds < RunwareCatalog.MinTtl))
        {
            return (null, Invalid("ttl", $"ttl must be an integer of at least {RunwareCatalog.MinTtl} seconds."));
        }

        var includeCost = false;
        if (task.TryGetProperty("includeCost", out var cost))
        {
            if (cost.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return (null, Invalid("includeCost", "includeCost must be a boolean."));
            includeCost = cost.GetBoolean();
        }

        var safetyCheck = false;
        if (task.TryGetProperty("safety", out var safety))
        {
            if (safety.ValueKind != JsonValueKind.Object)
                return (null, Invalid("safety", "safety must be an object."));
            foreach (var property in safety.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "checkContent" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        safetyCheck |= property.Value.GetBoolean();
                        break;
                    case "mode" when property.Value.ValueKind == JsonValueKind.String && RunwareCatalog.SafetyModes.Contains(property.Value.GetString()!):
                        safetyCheck |= property.Value.GetString() == "fast";
                        break;
                    case "checkContent" or "mode":
                        return (null, Invalid("safety." + property.Name, "safety.checkContent must be a boolean and safety.mode one of none, fast."));
                    default:
                        return (null, Unsupported("safety." + property.Name, $"Parameter 'safety.{property.Name}' is not supported."));
                }
            }
        }

        if (CheckInputs(task, model, knownImage) is { } inputError)
            return (null, Fail(inputError.Code, inputError.Message, inputError.Parameter));

        var (speed, settingsError) = CheckProviderSettings(task, model, knownImage);
        if (settingsError is not null)
            return (null, Fail(settingsError.Code, settingsError.Message, settingsError.Parameter));

        return (new RunwareInferencePlan(uuid, model, prompt, width, height, count, seed, outputType, outputFormat, isAsync, includeCost, safetyCheck, speed, webhookUrl), null);
    }

    private static RunwareError? CheckInputs(JsonElement task, RunwareModel model, Func<Guid, bool> knownImage)
    {
        foreach (var legacy in (string[])["seedImage", "maskImage", "referenceImages"])
        {
            if (task.TryGetProperty(legacy, out _))
                return new(RunwareErrors.UnsupportedParameter, $"'{legacy}' belongs inside the inputs object (inputs.{legacy}).", legacy, null, null);
        }

        var hasInputs = task.TryGetProperty("inputs", out var inputs);
        if (hasInputs && inputs.ValueKind != JsonValueKind.Object)
            return new(RunwareErrors.InvalidParameter, "inputs must be an object.", "inputs", null, null);

        if (hasInputs)
        {
            foreach (var property in inputs.EnumerateObject())
            {
                var path = "inputs." + property.Name;
                if (!model.Inputs.ContainsKey(property.Name))
                    return new(RunwareErrors.UnsupportedParameter, $"{model.Name} ({model.Air}) does not take {path}.", path, null, null);
                if (property.Name == "referenceImages")
                {
                    if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() != 1)
                        return new(RunwareErrors.InvalidParameter, $"{path} must be an array with exactly one image.", path, null, null);
                    if (CheckImage(property.Value[0], path + "[0]", knownImage) is { } error)
                        return error;
                }
                else if (CheckImage(property.Value, path, knownImage) is { } error)
                {
                    return error;
                }
            }
        }

        foreach (var (key, required) in model.Inputs)
        {
            if (required && !(hasInputs && inputs.TryGetProperty(key, out _)))
                return new(RunwareErrors.MissingParameter, $"{model.Name} ({model.Air}) needs inputs.{key}.", "inputs." + key, null, null);
        }

        return null;
    }

    private static RunwareError? CheckImage(JsonElement value, string path, Func<Guid, bool> knownImage)
    {
        if (value.ValueKind != JsonValueKind.String)
            return new(RunwareErrors.InvalidParameter, $"{path} must be a string.", path, null, null);
        return RunwareImages.Check(value.GetString()!, knownImage) is { } message
            ? new(RunwareErrors.InvalidParameter, $"{path}: {message}", path, null, null)
            : null;
    }

    private static (string Speed, RunwareError? Error) CheckProviderSettings(JsonElement task, RunwareModel model, Func<Guid, bool> knownImage)
    {
        const string Prefix = "providerSettings.ideogram.";
        var speed = "DEFAULT";
        if (!task.TryGetProperty("providerSettings", out var settings))
            return (speed, null);
        static RunwareError Error(string code, string message, JsonNode parameter) => new(code, message, parameter, null, null);
        if (settings.ValueKind != JsonValueKind.Object)
            return (speed, Error(RunwareErrors.InvalidParameter, "providerSettings must be an object.", "providerSettings"));
        foreach (var provider in settings.EnumerateObject())
        {
            if (provider.Name != "ideogram")
                return (speed, Error(RunwareErrors.UnknownProviderSettingsProvider, $"providerSettings.{provider.Name} does not match the model's provider (ideogram).", "providerSettings." + provider.Name));
        }

        if (!settings.TryGetProperty("ideogram", out var ideogram))
            return (speed, null);
        if (ideogram.ValueKind != JsonValueKind.Object)
            return (speed, Error(RunwareErrors.InvalidParameter, "providerSettings.ideogram must be an object.", "providerSettings.ideogram"));

        string? Enum(JsonElement value, IReadOnlySet<string> allowed) =>
            value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()!) ? value.GetString() : null;

        var styleReferences = 0;
        var characterReferences = -1;
        var characterMasks = -1;
        foreach (var property in ideogram.EnumerateObject())
        {
            var path = Prefix + property.Name;
            var value = property.Value;
            string? problem = null;
            switch (property.Name)
            {
                case "renderingSpeed":
                    speed = Enum(value, RunwareCatalog.RenderingSpeeds) ?? speed;
                    problem = Enum(value, RunwareCatalog.RenderingSpeeds) is null ? "must be one of TURBO, DEFAULT, QUALITY." : null;
                    break;
                case "magicPrompt":
                    problem = Enum(value, RunwareCatalog.MagicPrompts) is null ? "must be one of AUTO, ON, OFF." : null;
                    break;
                case "styleType":
                    problem = Enum(value, RunwareCatalog.StyleTypes) is null ? "must be one of " + string.Join(", ", RunwareCatalog.StyleTypes) + "." : null;
                    break;
                case "stylePreset":
                    problem = Enum(value, RunwareCatalog.StylePresets) is null ? "is not an Ideogram 3.0 style preset." : null;
                    break;
                case "styleCode":
                    if (!model.StyleCode)
                        return (speed, Error(RunwareErrors.UnsupportedParameter, $"{model.Name} ({model.Air}) does not take styleCode.", path));
                    problem = value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 8 && !value.GetString().AsSpan().ContainsAnyExcept(HexDigits)
                        ? null : "must be 8 hexadecimal characters.";
                    break;
                case "remixStrength":
                    if (!model.RemixStrength)
                        return (speed, Error(RunwareErrors.UnsupportedParameter, $"{model.Name} ({model.Air}) does not take remixStrength.", path));
                    problem = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var strength) && strength is >= 1 and <= 100
                        ? null : "must be an integer from 1 to 100.";
                    break;
                case "styleReferenceImages":
                    problem = CheckImageList(value, 1, 4, knownImage, out styleReferences);
                    break;
                case "characterReferenceImages":
                    if (!model.CharacterReference)
                        return (speed, Error(RunwareErrors.UnsupportedParameter, $"{model.Name} ({model.Air}) does not take characterReferenceImages.", path));
                    problem = CheckImageList(value, 1, 1, knownImage, out characterReferences);
                    break;
                case "characterReferenceImagesMask":
                    if (!model.CharacterReference)
                        return (speed, Error(RunwareErrors.UnsupportedParameter, $"{model.Name} ({model.Air}) does not take characterReferenceImagesMask.", path));
                    problem = CheckImageList(value, 1, 1, knownImage, out characterMasks);
                    break;
                default:
                    return (speed, Error(RunwareErrors.UnsupportedParameter, $"Parameter '{path}' is not supported for Ideogram 3.0.", path));
            }

            if (problem is not null)
                return (speed, Error(RunwareErrors.InvalidParameter, $"{path} {problem}", path));
        }

        if (ideogram.TryGetProperty("styleCode", out _) && (ideogram.TryGetProperty("styleType", out _) || styleReferences > 0))
            return (speed, Error(RunwareErrors.InvalidParameter, "styleCode cannot be used together with styleType or styleReferenceImages.", new JsonArray(Prefix + "styleCode", Prefix + "styleType", Prefix + "styleReferenceImages")));
        if (characterMasks >= 0 && characterMasks != characterReferences)
            return (speed, Error(RunwareErrors.InvalidParameter, "characterReferenceImagesMask must have as many images as characterReferenceImages.", new JsonArray(Prefix + "characterReferenceImages", Prefix + "characterReferenceImagesMask")));
        return (speed, null);
    }

    private static string? CheckImageList(JsonElement value, int min, int max, Func<Guid, bool> knownImage, out int count)
    {
        count = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
        if (value.ValueKind != JsonValueKind.Array || count < min || count > max)
            return min == max ? $"must be an array of exactly {min} image." : $"must be an array of {min} to {max} images.";
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return "must hold image strings.";
            if (RunwareImages.Check(item.GetString()!, knownImage) is { } message)
                return message;
        }

        return null;
    }
}
