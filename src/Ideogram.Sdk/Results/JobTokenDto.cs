using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>The JSON inside a job token (short names keep tokens short).</summary>
internal sealed class JobTokenDto
{
    public int V { get; set; }

    public IdeogramProvider P { get; set; }

    public ImageOperation O { get; set; }

    public string? Id { get; set; }

    public long C { get; set; }

    public Dictionary<string, string>? Props { get; set; }

    public List<JobTokenDto>? Parts { get; set; }

    public ResultDto? R { get; set; }
}

/// <summary>A completed job's result inside a token.</summary>
internal sealed class ResultDto
{
    public List<ImageDto> Images { get; set; } = [];

    public List<string>? Descriptions { get; set; }

    public DateTimeOffset? Created { get; set; }

    public decimal? Cost { get; set; }

    public string? RequestId { get; set; }

    public static ResultDto From(ImageResult r) => new()
    {
        Images = [.. r.Images.Select(i => new ImageDto
        {
            Url = i.Url?.AbsoluteUri,
            Data = i.Data?.ToArray(),
            ContentType = i.ContentType,
            Prompt = i.Prompt,
            Resolution = i.Resolution?.Value,
            UpscaledResolution = i.UpscaledResolution,
            Seed = i.Seed,
            StyleType = i.StyleType?.Value,
            Unsafe = i.IsSafe ? null : true,
            ExpiresAt = i.ExpiresAt,
            Id = i.ProviderImageId,
            Cost = i.Cost,
        })],
        Descriptions = r.Descriptions.Count == 0 ? null : [.. r.Descriptions],
        Created = r.Created,
        Cost = r.Cost,
        RequestId = r.RequestId,
    };

    public ImageResult ToResult(IdeogramProvider provider, ImageOperation operation) => new(provider, operation, [.. Images.Select(i => new GeneratedImage
    {
        Url = i.Url is null ? null : new Uri(i.Url),
        // A null array must stay "no data": an empty ReadOnlyMemory would make the image look delivered inline (0 bytes).
        Data = i.Data is null ? (ReadOnlyMemory<byte>?)null : i.Data,
        ContentType = i.ContentType,
        Prompt = i.Prompt,
        Resolution = i.Resolution is null ? null : new Resolution(i.Resolution),
        UpscaledResolution = i.UpscaledResolution,
        Seed = i.Seed,
        StyleType = i.StyleType is null ? null : new StyleType(i.StyleType),
        IsSafe = i.Unsafe != true,
        ExpiresAt = i.ExpiresAt,
        ProviderImageId = i.Id,
        Cost = i.Cost,
    })])
    {
        Descriptions = Descriptions ?? [],
        Created = Created,
        Cost = Cost,
        RequestId = RequestId,
    };
}

internal sealed class ImageDto
{
    public string? Url { get; set; }

    public byte[]? Data { get; set; }

    public string? ContentType { get; set; }

    public string? Prompt { get; set; }

    public string? Resolution { get; set; }

    public string? UpscaledResolution { get; set; }

    public long? Seed { get; set; }

    public string? StyleType { get; set; }

    public bool? Unsafe { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public string? Id { get; set; }

    public decimal? Cost { get; set; }
}

/// <summary>Source-generated JSON for the SDK's own types (the providers' wire types have their own contexts).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobTokenDto))]
internal sealed partial class SdkJsonContext : JsonSerializerContext;
