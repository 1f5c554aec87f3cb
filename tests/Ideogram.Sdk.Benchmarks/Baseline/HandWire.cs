using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Benchmarks.Baseline;

// The wire types a developer would write by hand for the calls the benchmarks make: only the fields those calls use,
// source-generated like the SDK's, so the comparison is between two AOT-friendly clients.

/// <summary>Ideogram's <c>ImageGenerationResponseV3</c>.</summary>
internal sealed class HandIdeogramResponse
{
    [JsonPropertyName("created")]
    public string? Created { get; set; }

    [JsonPropertyName("data")]
    public List<HandIdeogramImage>? Data { get; set; }
}

/// <summary>Ideogram's <c>ImageGenerationObjectV3</c>.</summary>
internal sealed class HandIdeogramImage
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("resolution")]
    public string? Resolution { get; set; }

    [JsonPropertyName("is_image_safe")]
    public bool? IsImageSafe { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("style_type")]
    public string? StyleType { get; set; }
}

/// <summary>Segmind's flat request body for <c>ideogram-3</c>.</summary>
internal sealed class HandSegmindRequest
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; set; }

    [JsonPropertyName("rendering_speed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("style_type")]
    public string? StyleType { get; set; }

    [JsonPropertyName("style_codes")]
    public List<string>? StyleCodes { get; set; }

    [JsonPropertyName("style_reference_images")]
    public List<string>? StyleReferenceImages { get; set; }
}

/// <summary>Segmind's answer: <c>{status, output, metrics}</c>.</summary>
internal sealed class HandSegmindResponse
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("output")]
    public string? Output { get; set; }
}

/// <summary>Runware's <c>imageInference</c> task.</summary>
internal sealed class HandRunwareTask
{
    [JsonPropertyName("taskType")]
    public string TaskType { get; set; } = "imageInference";

    [JsonPropertyName("taskUUID")]
    public string? TaskUuid { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("positivePrompt")]
    public string? PositivePrompt { get; set; }

    [JsonPropertyName("width")]
    public int? Width { get; set; }

    [JsonPropertyName("height")]
    public int? Height { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("includeCost")]
    public bool? IncludeCost { get; set; }

    [JsonPropertyName("providerSettings")]
    public HandRunwareProviderSettings? ProviderSettings { get; set; }
}

/// <summary><c>providerSettings</c>.</summary>
internal sealed class HandRunwareProviderSettings
{
    [JsonPropertyName("ideogram")]
    public HandRunwareIdeogram? Ideogram { get; set; }
}

/// <summary><c>providerSettings.ideogram</c>.</summary>
internal sealed class HandRunwareIdeogram
{
    [JsonPropertyName("renderingSpeed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("styleType")]
    public string? StyleType { get; set; }
}

/// <summary>Runware's answer: <c>{"data": [...], "errors": [...]}</c>.</summary>
internal sealed class HandRunwareEnvelope
{
    [JsonPropertyName("data")]
    public List<HandRunwareItem>? Data { get; set; }

    [JsonPropertyName("errors")]
    public List<HandRunwareError>? Errors { get; set; }
}

/// <summary>A result item.</summary>
internal sealed class HandRunwareItem
{
    [JsonPropertyName("taskUUID")]
    public string? TaskUuid { get; set; }

    [JsonPropertyName("imageUUID")]
    public string? ImageUuid { get; set; }

    [JsonPropertyName("imageURL")]
    public string? ImageUrl { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("cost")]
    public decimal? Cost { get; set; }
}

/// <summary>An error item.</summary>
internal sealed class HandRunwareError
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>Runflow's create-run body.</summary>
internal sealed class HandRunflowCreate
{
    [JsonPropertyName("input")]
    public HandRunflowInput? Input { get; set; }
}

/// <summary>Runflow's <c>ideogram/v3</c> input.</summary>
internal sealed class HandRunflowInput
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; set; }

    [JsonPropertyName("style")]
    public string? Style { get; set; }

    [JsonPropertyName("rendering_speed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }
}

/// <summary>Runflow's run object (the fields a client reads).</summary>
internal sealed class HandRunflowRun
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("status_code")]
    public string? StatusCode { get; set; }

    [JsonPropertyName("output")]
    public HandRunflowOutput? Output { get; set; }

    [JsonPropertyName("failure_message")]
    public string? FailureMessage { get; set; }

    [JsonPropertyName("created_at")]
    public string? CreatedAt { get; set; }
}

/// <summary>A run's output.</summary>
internal sealed class HandRunflowOutput
{
    [JsonPropertyName("outputs")]
    public List<HandRunflowOutputItem>? Outputs { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }
}

/// <summary>One output file.</summary>
internal sealed class HandRunflowOutputItem
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }
}

/// <summary>API in One's create body.</summary>
internal sealed class HandApiInOneCreate
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; set; }
}

/// <summary>API in One's envelope <c>{code, message, data: {task_id, status, output}}</c>.</summary>
internal sealed class HandApiInOneEnvelope
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("data")]
    public HandApiInOneTask? Data { get; set; }
}

/// <summary>A task.</summary>
internal sealed class HandApiInOneTask
{
    [JsonPropertyName("task_id")]
    public string? TaskId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("output")]
    public HandApiInOneOutput? Output { get; set; }
}

/// <summary>A finished task's output.</summary>
internal sealed class HandApiInOneOutput
{
    [JsonPropertyName("image_urls")]
    public List<string>? ImageUrls { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HandIdeogramResponse))]
[JsonSerializable(typeof(HandSegmindRequest))]
[JsonSerializable(typeof(HandSegmindResponse))]
[JsonSerializable(typeof(HandRunwareTask[]))]
[JsonSerializable(typeof(HandRunwareEnvelope))]
[JsonSerializable(typeof(HandRunflowCreate))]
[JsonSerializable(typeof(HandRunflowRun))]
[JsonSerializable(typeof(HandApiInOneCreate))]
[JsonSerializable(typeof(HandApiInOneEnvelope))]
internal sealed partial class HandJson : JsonSerializerContext;
