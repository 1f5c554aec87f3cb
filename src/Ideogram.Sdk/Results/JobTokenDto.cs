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

    /// <summary>
    /// The result as a token holds it. Inline image bytes are written while <paramref name="inlineBudget"/> lasts; an
    /// image whose bytes do not fit keeps everything else and records how many bytes were left out.
    /// </summary>
    public static ResultDto From(ImageResult r, ref long inlineBudget)
    {
        var images = new List<ImageDto>(r.Images.Count);
        foreach (var i in r.Images)
        {
            var data = i.Data;
            var keep = data is { } d && d.Length <= inlineBudget;
            if (keep)
            {
                inlineBudget -= data!.Value.Length;
            }

            // A link a token could not carry (another scheme, a metadata host) is left out, and the token says so.
            var url = i.Url is { } u && JobTokenRules.IsResultUrl(u) ? u.AbsoluteUri : null;
            images.Add(new ImageDto
            {
                Url = url,
                UrlOmitted = i.Url is not null && url is null ? true : null,
                Data = keep ? data!.Value.ToArray() : null,
                Omitted = data is { } o && !keep ? o.Length : null,
                ContentType = JobTokenRules.LabelOrNull(i.ContentType),
                Prompt = JobTokenRules.TextOrNull(i.Prompt),
                Resolution = JobTokenRules.LabelOrNull(i.Resolution?.Value),
                UpscaledResolution = JobTokenRules.LabelOrNull(i.UpscaledResolution),
                Seed = i.Seed,
                StyleType = JobTokenRules.LabelOrNull(i.StyleType?.Value),
                Unsafe = i.IsSafe ? null : true,
                ExpiresAt = i.ExpiresAt,
                Id = JobTokenRules.IsPlainId(i.ProviderImageId) ? i.ProviderImageId : null,
                Cost = i.Cost,
            });
        }

        return new ResultDto
        {
            Images = images,
            Descriptions = r.Descriptions.Count == 0 ? null : [.. r.Descriptions.Select(JobTokenRules.TextOrNull).OfType<string>()],
            Created = r.Created,
            Cost = r.Cost,
            RequestId = JobTokenRules.LabelOrNull(r.RequestId),
        };
    }

    /// <summary>The result a token describes; <see cref="FormatException"/> for anything the token rules refuse.</summary>
    public ImageResult ToResult(IdeogramProvider provider, ImageOperation operation)
    {
        JobTokenRules.Require(Images.Count <= JobTokenRules.MaxImages, "has too many images");
        JobTokenRules.Require((Descriptions?.Count ?? 0) <= JobTokenRules.MaxImages, "has too many descriptions");
        var warnings = new List<Warning>();
        var images = new List<GeneratedImage>(Images.Count);
        for (var index = 0; index < Images.Count; index++)
        {
            var i = Images[index] ?? throw new FormatException("The job token has an empty image entry.");
            if (i.UrlOmitted == true)
            {
                warnings.Add(new Warning(JobTokenRules.UrlNotInToken, null, FormattableString.Invariant(
                    $"Image {index + 1} had a link that is not an http(s) URL the SDK downloads from, so it is not in this token.")));
            }

            if (i.Omitted is { } omitted)
            {
                warnings.Add(new Warning(JobTokenRules.DataNotInToken, null, FormattableString.Invariant(
                    $"Image {index + 1} was delivered inline ({omitted} bytes), and job tokens keep at most {JobTokenRules.MaxInlineBytes} bytes of inline image data, so its bytes are not in this token. Save them from the original result.")));
            }

            images.Add(new GeneratedImage
            {
                Url = i.Url is null ? null : JobTokenRules.ResultUrl(i.Url),

                // A null array must stay "no data": an empty ReadOnlyMemory would make the image look delivered inline (0 bytes).
                Data = i.Data is null ? (ReadOnlyMemory<byte>?)null : i.Data,
                ContentType = JobTokenRules.Label(i.ContentType, "content type"),
                Prompt = JobTokenRules.Text(i.Prompt, "prompt"),
                Resolution = JobTokenRules.Label(i.Resolution, "resolution") is { } resolution ? new Resolution(resolution) : null,
                UpscaledResolution = JobTokenRules.Label(i.UpscaledResolution, "upscaled resolution"),
                Seed = i.Seed,
                StyleType = JobTokenRules.Label(i.StyleType, "style type") is { } style ? new StyleType(style) : null,
                IsSafe = i.Unsafe != true,
                ExpiresAt = i.ExpiresAt,
                ProviderImageId = i.Id is null ? null : JobTokenRules.PlainId(i.Id, "image id"),
                Cost = i.Cost,
            });
        }

        return new ImageResult(provider, operation, images)
        {
            Descriptions = Descriptions is null ? [] : [.. Descriptions.Select(d => JobTokenRules.Text(d, "description") ?? string.Empty)],
            Created = Created,
            Cost = Cost,
            RequestId = JobTokenRules.Label(RequestId, "request id"),
            Warnings = warnings,
        };
    }
}

internal sealed class ImageDto
{
    public string? Url { get; set; }

    public byte[]? Data { get; set; }

    /// <summary>How many inline bytes the image had that the token does not carry.</summary>
    public long? Omitted { get; set; }

    /// <summary>Whether the image had a link the token does not carry.</summary>
    public bool? UrlOmitted { get; set; }

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

/// <summary>
/// What a job token may hold. A token is untrusted input (it may have been stored, passed around or forged), so
/// <see cref="ImageJob.Parse"/> refuses anything a forged token could use: ids that are not plain ids, result URLs the
/// SDK would never fetch, oversized or deeply nested content.
/// </summary>
internal static class JobTokenRules
{
    /// <summary>The longest token read, in characters.</summary>
    public const int MaxTokenLength = 128 * 1024;

    /// <summary>The most inline image bytes one token carries (all its parts together).</summary>
    public const int MaxInlineBytes = 32 * 1024;

    /// <summary>The longest id, property or label.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The longest prompt or description.</summary>
    public const int MaxTextLength = 16 * 1024;

    /// <summary>The most parts a split job has.</summary>
    public const int MaxParts = 64;

    /// <summary>The most images (or descriptions) a result has.</summary>
    public const int MaxImages = 128;

    /// <summary>The most provider-specific properties a job has.</summary>
    public const int MaxProperties = 32;

    /// <summary>The deepest JSON nesting a token has (a split job's part's result's image's field is 7 levels).</summary>
    public const int MaxDepth = 10;

    /// <summary>The warning code of a rehydrated image whose inline bytes the token did not carry.</summary>
    public const string DataNotInToken = "data-not-in-token";

    /// <summary>The warning code of a rehydrated image whose link the token did not carry.</summary>
    public const string UrlNotInToken = "url-not-in-token";

    /// <summary>
    /// Whether a value is a plain id: 1 to 256 ASCII letters, digits and <c>- _ . ~ : @ + = , ;</c>, and not <c>.</c>,
    /// <c>..</c> or anything containing <c>..</c> (nothing that can change a URL path, start a query, or hide a
    /// control character).
    /// </summary>
    public static bool IsPlainId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength || value == "." || value.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '~' or ':' or '@' or '+' or '=' or ',' or ';'))
            {
                return false;
            }
        }

        return true;
    }

    public static string PlainId(string? value, string what) =>
        IsPlainId(value) ? value! : throw new FormatException($"The job token has a {what} that is not a plain id.");

    /// <summary>A short label (content type, resolution, request id): at most 256 characters, no control characters, not blank.</summary>
    public static bool IsLabel(string? value) =>
        value is not null && value.Length <= MaxIdLength && !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);

    public static string? LabelOrNull(string? value) => IsLabel(value) ? value : null;

    public static string? Label(string? value, string what) =>
        value is null || IsLabel(value) ? value : throw new FormatException($"The job token has a {what} that is not a short label.");

    /// <summary>Free text (a prompt, a description): at most 16 K characters, no control characters but tab and line breaks.</summary>
    public static bool IsText(string? value) =>
        value is not null && value.Length <= MaxTextLength && !value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    public static string? TextOrNull(string? value) => IsText(value) ? value : null;

    public static string? Text(string? value, string what) =>
        value is null || IsText(value) ? value : throw new FormatException($"The job token has a {what} that is too long or holds control characters.");

    /// <summary>
    /// A result image URL from a token: an absolute http(s) URL whose host is not a link-local or cloud metadata
    /// address. Loopback and private hosts are left to the download, which applies the client's own setting.
    /// </summary>
    public static bool IsResultUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) && url.Host.Length > 0
        && NetworkAddressRule.VerdictOfHost(url) != AddressVerdict.Forbidden;

    public static Uri ResultUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            throw new FormatException("The job token has an image URL that is not an absolute http or https URL.");
        }

        if (NetworkAddressRule.VerdictOfHost(url) == AddressVerdict.Forbidden)
        {
            throw new FormatException("The job token has an image URL that points at a link-local or cloud metadata address.");
        }

        return url;
    }

    public static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException($"The job token {problem}.");
        }
    }
}

/// <summary>Source-generated JSON for the SDK's own types (the providers' wire types have their own contexts).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, MaxDepth = JobTokenRules.MaxDepth)]
[JsonSerializable(typeof(JobTokenDto))]
internal sealed partial class SdkJsonContext : JsonSerializerContext;
