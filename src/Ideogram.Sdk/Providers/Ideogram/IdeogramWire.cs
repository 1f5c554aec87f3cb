using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.Ideogram;

/// <summary><c>ImageGenerationResponseV3</c> (every <c>/v1/ideogram-v3/*</c> verb) and the legacy <c>GenerateImageResponse</c> of <c>/upscale</c>.</summary>
internal sealed class IdeogramImageResponse
{
    [JsonPropertyName("created")]
    public string? Created { get; set; }

    [JsonPropertyName("data")]
    public List<IdeogramImageObject>? Data { get; set; }
}

/// <summary><c>ImageGenerationObjectV3</c> / <c>ImageObject</c>.</summary>
internal sealed class IdeogramImageObject
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("resolution")]
    public string? Resolution { get; set; }

    [JsonPropertyName("upscaled_resolution")]
    public string? UpscaledResolution { get; set; }

    [JsonPropertyName("is_image_safe")]
    public bool? IsImageSafe { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("style_type")]
    public string? StyleType { get; set; }
}

/// <summary><c>DescribeResponse</c>.</summary>
internal sealed class IdeogramDescribeResponse
{
    [JsonPropertyName("descriptions")]
    public List<IdeogramDescription>? Descriptions { get; set; }
}

internal sealed class IdeogramDescription
{
    [JsonPropertyName("text")]
    public string? Text { get; set; }
}

/// <summary>The <c>color_palette</c> part's JSON: <c>{"name": ...}</c> or <c>{"members": [...]}</c>.</summary>
internal sealed class IdeogramColorPalette
{
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    [JsonPropertyName("members")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<IdeogramColorPaletteMember>? Members { get; set; }
}

internal sealed class IdeogramColorPaletteMember
{
    [JsonPropertyName("color_hex")]
    public string ColorHex { get; set; } = string.Empty;

    [JsonPropertyName("color_weight")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ColorWeight { get; set; }
}

/// <summary>The <c>image_request</c> part's JSON of <c>/upscale</c> (<c>UpscaleInitialImageRequest</c>).</summary>
internal sealed class IdeogramUpscaleImageRequest
{
    [JsonPropertyName("prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prompt { get; set; }

    [JsonPropertyName("resemblance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Resemblance { get; set; }

    [JsonPropertyName("detail")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Detail { get; set; }

    [JsonPropertyName("magic_prompt_option")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MagicPromptOption { get; set; }

    [JsonPropertyName("magic_prompt_version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MagicPromptVersion { get; set; }

    [JsonPropertyName("num_images")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumImages { get; set; }

    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seed { get; set; }
}

[JsonSerializable(typeof(IdeogramImageResponse))]
[JsonSerializable(typeof(IdeogramDescribeResponse))]
[JsonSerializable(typeof(IdeogramColorPalette))]
[JsonSerializable(typeof(IdeogramUpscaleImageRequest))]
internal sealed partial class IdeogramJsonContext : JsonSerializerContext;
