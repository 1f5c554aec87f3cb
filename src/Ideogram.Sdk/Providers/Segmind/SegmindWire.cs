using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>The flat JSON body every Segmind Ideogram model takes (v1 and v2 share it); unset fields are left out.</summary>
internal sealed class SegmindRequestBody
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; set; }

    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("image_weight")]
    public int? ImageWeight { get; set; }

    [JsonPropertyName("resolution")]
    public string? Resolution { get; set; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; set; }

    [JsonPropertyName("rendering_speed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("magic_prompt")]
    public string? MagicPrompt { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("style_type")]
    public string? StyleType { get; set; }

    [JsonPropertyName("style_codes")]
    public string[]? StyleCodes { get; set; }

    [JsonPropertyName("style_reference_images")]
    public string[]? StyleReferenceImages { get; set; }

    [JsonPropertyName("color_palette")]
    public SegmindColorPalette? ColorPalette { get; set; }

    /// <summary><c>ideogram-describe</c>'s only field.</summary>
    [JsonPropertyName("image_file")]
    public string? ImageFile { get; set; }
}

/// <summary><c>color_palette</c>: a preset <c>{"name": ...}</c> or custom <c>{"members": [...]}</c> (Ideogram's shape, passed through by Segmind).</summary>
internal sealed class SegmindColorPalette
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("members")]
    public List<SegmindColorPaletteMember>? Members { get; set; }
}

internal sealed class SegmindColorPaletteMember
{
    [JsonPropertyName("color_hex")]
    public string ColorHex { get; set; } = string.Empty;

    [JsonPropertyName("color_weight")]
    public double? ColorWeight { get; set; }
}

/// <summary>The answer to <c>POST /v2/{slug}</c>: <c>{request_id, status: "QUEUED", poll_url, status_url, response_url}</c>.</summary>
internal sealed class SegmindQueuedResponse
{
    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

/// <summary>
/// <c>GET /v2/requests/{id}/status</c> (<c>{status, request_id, metrics}</c>) and <c>GET /v2/requests/{id}</c>
/// (<c>{status, error, metrics, output}</c>). A FAILED job comes with HTTP 422 and this same body.
/// </summary>
internal sealed class SegmindRequestStatus
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    [JsonPropertyName("metrics")]
    public JsonElement? Metrics { get; set; }

    /// <summary>For image models the image URL (a string; a list is tolerated), for describe the text.</summary>
    [JsonPropertyName("output")]
    public JsonElement? Output { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SegmindRequestBody))]
[JsonSerializable(typeof(SegmindQueuedResponse))]
[JsonSerializable(typeof(SegmindRequestStatus))]
internal sealed partial class SegmindJsonContext : JsonSerializerContext;
