using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>The body of <c>POST /v1/models/ideogram/v3/runs</c>.</summary>
internal sealed class RunflowCreateRun
{
    [JsonPropertyName("input")]
    public RunflowIdeogramInput Input { get; set; } = new();

    [JsonPropertyName("callback_url")]
    public string? CallbackUrl { get; set; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; set; }

    [JsonPropertyName("client_ref")]
    public string? ClientRef { get; set; }
}

/// <summary>The <c>input</c> object of <c>ideogram/v3</c>.</summary>
internal sealed class RunflowIdeogramInput
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("num_images")]
    public int? NumImages { get; set; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; set; }

    [JsonPropertyName("style")]
    public string? Style { get; set; }

    [JsonPropertyName("style_preset")]
    public string? StylePreset { get; set; }

    [JsonPropertyName("expand_prompt")]
    public bool? ExpandPrompt { get; set; }

    [JsonPropertyName("rendering_speed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("color_palette")]
    public RunflowColorPalette? ColorPalette { get; set; }

    [JsonPropertyName("style_codes")]
    public List<string>? StyleCodes { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("image_urls")]
    public List<string>? ImageUrls { get; set; }

    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; set; }
}

/// <summary>
/// <c>color_palette</c>: <c>{"name": preset}</c> or <c>{"members": [...]}</c>. Unconfirmed: the page describes members
/// only as "hexadecimal representations of the color with optional weights"; Ideogram's own spelling
/// (<c>color_hex</c>, <c>color_weight</c>) is used.
/// </summary>
internal sealed class RunflowColorPalette
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("members")]
    public List<RunflowColorPaletteMember>? Members { get; set; }
}

internal sealed class RunflowColorPaletteMember
{
    [JsonPropertyName("color_hex")]
    public string ColorHex { get; set; } = string.Empty;

    [JsonPropertyName("color_weight")]
    public double? ColorWeight { get; set; }
}

/// <summary>
/// A run as Runflow reports it: the run object (create answer, <c>GET /v1/runs/{id}</c>) and the callback payload
/// share this type, so both are read by the same code. Run objects say <c>id</c> and <c>status_code</c>; callbacks say
/// <c>run_id</c>, <c>status</c> and <c>event</c>.
/// </summary>
internal sealed class RunflowRun
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    [JsonPropertyName("batch_id")]
    public string? BatchId { get; set; }

    [JsonPropertyName("status_code")]
    public string? StatusCode { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("event")]
    public string? Event { get; set; }

    [JsonPropertyName("output")]
    public JsonElement? Output { get; set; }

    [JsonPropertyName("failure_code")]
    public string? FailureCode { get; set; }

    [JsonPropertyName("failure_message")]
    public string? FailureMessage { get; set; }

    [JsonPropertyName("failure_stage_code")]
    public string? FailureStageCode { get; set; }

    [JsonPropertyName("failure_stage")]
    public string? FailureStage { get; set; }

    /// <summary>The official SDK's spelling of a failure: <c>{code?, message?}</c>.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    /// <summary>Decimal USD, documented as a string.</summary>
    [JsonPropertyName("cost")]
    public JsonElement? Cost { get; set; }

    [JsonPropertyName("created_at")]
    public string? CreatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public string? CompletedAt { get; set; }

    /// <summary>The official SDK's name for <c>completed_at</c>.</summary>
    [JsonPropertyName("finished_at")]
    public string? FinishedAt { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }
}

/// <summary>
/// A succeeded run's <c>output</c>. Documented as <c>{outputs: [{url, type, width, height, ...}], seed, nsfw_detected,
/// timing}</c>; other documented shapes are <c>{image_urls: [...]}</c> (the callbacks page), <c>{image: {url}}</c>,
/// <c>{url}</c> and <c>{output_url}</c> (the official SDK's fallbacks). On a failed run's callback it may be an error
/// envelope instead.
/// </summary>
internal sealed class RunflowOutput
{
    [JsonPropertyName("outputs")]
    public List<RunflowOutputItem?>? Outputs { get; set; }

    [JsonPropertyName("image_urls")]
    public List<string?>? ImageUrls { get; set; }

    [JsonPropertyName("image")]
    public RunflowOutputItem? Image { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("output_url")]
    public string? OutputUrl { get; set; }

    [JsonPropertyName("seed")]
    public JsonElement? Seed { get; set; }

    [JsonPropertyName("nsfw_detected")]
    public bool? NsfwDetected { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }
}

/// <summary>One entry of <c>outputs</c>: <c>url</c> and <c>type</c> are shown in examples; the rest are optional.</summary>
internal sealed class RunflowOutputItem
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("width")]
    public int? Width { get; set; }

    [JsonPropertyName("height")]
    public int? Height { get; set; }

    [JsonPropertyName("content_type")]
    public string? ContentType { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RunflowCreateRun))]
[JsonSerializable(typeof(RunflowRun))]
[JsonSerializable(typeof(RunflowOutput))]
internal sealed partial class RunflowJsonContext : JsonSerializerContext;
