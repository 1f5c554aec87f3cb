using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.ApiInOne;

/// <summary>The JSON body of <c>POST /api/v1/images/generations</c> for Ideogram V3; unset fields are left out.</summary>
internal sealed class ApiInOneCreateBody
{
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; set; }

    [JsonPropertyName("style")]
    public string? Style { get; set; }

    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("mask_image")]
    public string? MaskImage { get; set; }

    [JsonPropertyName("reference_images")]
    public List<string>? ReferenceImages { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiInOneCreateBody))]
internal sealed partial class ApiInOneJsonContext : JsonSerializerContext;
