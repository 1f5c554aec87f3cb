using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.Runware;

/// <summary>An <c>imageInference</c> task (one element of the request array).</summary>
internal sealed class RunwareImageInferenceTask
{
    [JsonPropertyName("taskType")]
    public string TaskType { get; set; } = "imageInference";

    [JsonPropertyName("taskUUID")]
    public required string TaskUuid { get; set; }

    [JsonPropertyName("model")]
    public required string Model { get; set; }

    [JsonPropertyName("positivePrompt")]
    public string? PositivePrompt { get; set; }

    [JsonPropertyName("negativePrompt")]
    public string? NegativePrompt { get; set; }

    [JsonPropertyName("width")]
    public int? Width { get; set; }

    [JsonPropertyName("height")]
    public int? Height { get; set; }

    [JsonPropertyName("numberResults")]
    public int? NumberResults { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("outputType")]
    public string? OutputType { get; set; }

    [JsonPropertyName("outputFormat")]
    public string? OutputFormat { get; set; }

    [JsonPropertyName("outputQuality")]
    public int? OutputQuality { get; set; }

    [JsonPropertyName("includeCost")]
    public bool? IncludeCost { get; set; }

    [JsonPropertyName("deliveryMethod")]
    public string? DeliveryMethod { get; set; }

    /// <summary>Where Runware POSTs each finished result item of the task (one call per image).</summary>
    [JsonPropertyName("webhookURL")]
    public string? WebhookUrl { get; set; }

    [JsonPropertyName("ttl")]
    public int? Ttl { get; set; }

    [JsonPropertyName("safety")]
    public RunwareSafety? Safety { get; set; }

    [JsonPropertyName("providerSettings")]
    public RunwareProviderSettings? ProviderSettings { get; set; }

    [JsonPropertyName("inputs")]
    public RunwareInputs? Inputs { get; set; }
}

/// <summary><c>safety</c>.</summary>
internal sealed class RunwareSafety
{
    [JsonPropertyName("checkContent")]
    public bool CheckContent { get; set; }

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }
}

/// <summary><c>inputs</c>: the task's input images.</summary>
internal sealed class RunwareInputs
{
    [JsonPropertyName("seedImage")]
    public string? SeedImage { get; set; }

    [JsonPropertyName("maskImage")]
    public string? MaskImage { get; set; }

    [JsonPropertyName("referenceImages")]
    public List<string>? ReferenceImages { get; set; }
}

/// <summary><c>providerSettings</c>.</summary>
internal sealed class RunwareProviderSettings
{
    [JsonPropertyName("ideogram")]
    public required RunwareIdeogramSettings Ideogram { get; set; }
}

/// <summary><c>providerSettings.ideogram</c>.</summary>
internal sealed class RunwareIdeogramSettings
{
    [JsonPropertyName("renderingSpeed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("magicPrompt")]
    public string? MagicPrompt { get; set; }

    [JsonPropertyName("styleType")]
    public string? StyleType { get; set; }

    [JsonPropertyName("stylePreset")]
    public string? StylePreset { get; set; }

    [JsonPropertyName("styleCode")]
    public string? StyleCode { get; set; }

    [JsonPropertyName("styleReferenceImages")]
    public List<string>? StyleReferenceImages { get; set; }

    [JsonPropertyName("remixStrength")]
    public int? RemixStrength { get; set; }

    [JsonPropertyName("characterReferenceImages")]
    public List<string>? CharacterReferenceImages { get; set; }

    [JsonPropertyName("characterReferenceImagesMask")]
    public List<string>? CharacterReferenceImagesMask { get; set; }

    [JsonIgnore]
    public bool IsEmpty => RenderingSpeed is null && MagicPrompt is null && StyleType is null && StylePreset is null && StyleCode is null
        && StyleReferenceImages is null && RemixStrength is null && CharacterReferenceImages is null && CharacterReferenceImagesMask is null;
}

/// <summary>A <c>getResponse</c> task: the results so far of an asynchronous task, by its original UUID.</summary>
internal sealed class RunwareGetResponseTask
{
    [JsonPropertyName("taskType")]
    public string TaskType { get; set; } = "getResponse";

    [JsonPropertyName("taskUUID")]
    public required string TaskUuid { get; set; }
}

/// <summary>The <c>authentication</c> task, sent first when the key goes in the body rather than a header.</summary>
internal sealed class RunwareAuthenticationTask
{
    [JsonPropertyName("taskType")]
    public string TaskType { get; set; } = "authentication";

    [JsonPropertyName("apiKey")]
    public required string ApiKey { get; set; }
}

/// <summary>Every answer: <c>{"data":[…]}</c> and/or <c>{"errors":[…]}</c>, or the legacy singular <c>error</c> forms.</summary>
internal sealed class RunwareEnvelope
{
    [JsonPropertyName("data")]
    public List<RunwareItem>? Data { get; set; }

    [JsonPropertyName("errors")]
    public List<RunwareError>? Errors { get; set; }

    /// <summary>Legacy: <c>true</c> (with <c>errorMessage</c>/<c>errorId</c> beside it), an error object, or an array of them.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("errorId")]
    public JsonElement? ErrorId { get; set; }
}

/// <summary>A result item (an image), an async placeholder (<c>status: processing</c>) or an ACK.</summary>
internal sealed class RunwareItem
{
    [JsonPropertyName("taskUUID")]
    public string? TaskUuid { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("imageUUID")]
    public string? ImageUuid { get; set; }

    [JsonPropertyName("imageURL")]
    public string? ImageUrl { get; set; }

    [JsonPropertyName("imageBase64Data")]
    public string? ImageBase64Data { get; set; }

    [JsonPropertyName("imageDataURI")]
    public string? ImageDataUri { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("NSFWContent")]
    public bool? NsfwContent { get; set; }

    [JsonPropertyName("cost")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Cost { get; set; }

    /// <summary>An error embedded in a <c>getResponse</c> item (<c>status: "error"</c>).</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    [JsonIgnore]
    public bool HasImage => ImageUrl is not null || ImageBase64Data is not null || ImageDataUri is not null;
}

/// <summary>An element of <c>errors</c>.</summary>
internal sealed class RunwareError
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>A field name, or an array of names for a cross-field rule.</summary>
    [JsonPropertyName("parameter")]
    public JsonElement? Parameter { get; set; }

    [JsonPropertyName("taskType")]
    public string? TaskType { get; set; }

    [JsonPropertyName("taskUUID")]
    public string? TaskUuid { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunwareImageInferenceTask[]))]
[JsonSerializable(typeof(List<RunwareGetResponseTask>))]
[JsonSerializable(typeof(RunwareAuthenticationTask))]
[JsonSerializable(typeof(RunwareEnvelope))]
[JsonSerializable(typeof(RunwareError))]
internal sealed partial class RunwareJsonContext : JsonSerializerContext;
