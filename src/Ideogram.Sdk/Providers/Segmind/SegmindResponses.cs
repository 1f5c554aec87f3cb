using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>
/// Reads what Segmind's Ideogram models answer: the v2 <c>output</c> (documented) and the synchronous v1 answer,
/// whose shape Segmind does not document.
/// </summary>
internal static class SegmindResponses
{
    /// <summary>The images or descriptions one answer carried, and its cost when reported.</summary>
    internal readonly record struct Outputs(IReadOnlyList<GeneratedImage> Images, IReadOnlyList<string> Descriptions, decimal? Cost);

    /// <summary>
    /// The synchronous <c>POST /v1/{slug}</c> answer, read by its <c>Content-Type</c>.
    /// <para>
    /// UNCONFIRMED: Segmind's <c>ideogram-3</c> page says "Returns: Text/JSON" without showing the JSON, while other
    /// Segmind models answer with the raw image. So: <c>image/*</c> is the image itself; JSON (or text that is JSON)
    /// is read as, in this order, (1) Ideogram's own answer passed through, <c>{created, data: [{url, seed, ...}]}</c>
    /// (describe: <c>{descriptions: [{text}]}</c>); (2) the v2 result shape, <c>{status, output, metrics}</c> with
    /// <c>output</c> a URL (or a list); (3) <c>{image: "&lt;base64&gt;"}</c> or <c>{images: [...]}</c>. Anything else is
    /// an error that carries the raw body. Change this method when a real answer is seen.
    /// </para>
    /// </summary>
    public static Outputs ReadSync(ProviderResponse response, ImageOperation operation, long? seed)
    {
        var type = response.ContentType;
        if (type is not null && type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && operation != ImageOperation.Describe)
        {
            if (response.Body.Length == 0)
            {
                throw ProviderErrors.Unreadable(response, "an empty image");
            }

            return new([new GeneratedImage { Data = response.Body, ContentType = type, Seed = seed }], [], null);
        }

        var json = type is null
            || type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
        if (!json)
        {
            throw ProviderErrors.Unreadable(response, $"content of type '{type}', neither an image nor JSON");
        }

        if (operation != ImageOperation.Describe && TryReadPlainOutput(response.Body, out var plain, out var plainCost))
        {
            return new([FromString(plain, seed, response)], [], plainCost);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, $"content of type '{type ?? "unknown"}' that is not JSON", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ProviderErrors.Unreadable(response, "JSON that is not an object");
            }

            // (1) Ideogram's answer passed through.
            if (operation == ImageOperation.Describe && root.TryGetProperty("descriptions", out var descriptions) && descriptions.ValueKind == JsonValueKind.Array)
            {
                var texts = new List<string>(descriptions.GetArrayLength());
                foreach (var d in descriptions.EnumerateArray())
                {
                    if ((d.ValueKind == JsonValueKind.String ? d.GetString() : ProviderErrors.Text(d, "text")) is { } text)
                    {
                        texts.Add(text);
                    }
                }

                return new([], texts, null);
            }

            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                var fromData = new GeneratedImage[data.GetArrayLength()];
                var i = 0;
                foreach (var item in data.EnumerateArray())
                {
                    fromData[i++] = FromIdeogramObject(item, seed, response);
                }

                return new(fromData, [], null);
            }

            // (2) The v2 result shape.
            if (root.TryGetProperty("output", out var output) && output.ValueKind != JsonValueKind.Null)
            {
                if (IsFailed(ProviderErrors.Text(root, "status")))
                {
                    throw JobFailed(response, null, ErrorText(root));
                }

                return ReadOutput(output, operation, seed, CostOf(root.TryGetProperty("metrics", out var metrics) ? metrics : null), response);
            }

            // (3) Inline base64 image(s).
            if (root.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.String)
            {
                return new([FromString(image.GetString()!, seed, response)], [], null);
            }

            if (root.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array)
            {
                return new(ImagesOf(images, seed, response), [], null);
            }

            if (IsFailed(ProviderErrors.Text(root, "status")))
            {
                throw JobFailed(response, null, ErrorText(root));
            }

            throw ProviderErrors.Unreadable(response, "JSON in none of the shapes the client reads (data, output, image, images)");
        }
    }

    /// <summary>
    /// The usual answer, read without building a document: an object whose <c>output</c> is a string (a link or base64),
    /// with no <c>data</c> or <c>descriptions</c>, a <c>status</c> other than FAILED, and <c>metrics.cost</c> read when
    /// it is a number. It reads as the document reading of <see cref="ReadSync"/> does; anything else (another shape, a
    /// repeated field, JSON that does not read) returns <see langword="false"/> and is left to the document reading,
    /// which decides it, errors included.
    /// </summary>
    private static bool TryReadPlainOutput(ReadOnlySpan<byte> body, [NotNullWhen(true)] out string? output, out decimal? cost)
    {
        (output, cost) = (null, null);
        var reader = new Utf8JsonReader(body);
        bool status = false, metrics = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("output"u8))
                {
                    if (output is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    output = reader.GetString()!;
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    if (status || !reader.Read())
                    {
                        return false;
                    }

                    status = true;
                    if (reader.TokenType == JsonTokenType.String && (reader.ValueIsEscaped ? IsFailed(reader.GetString()) : Ascii.EqualsIgnoreCase(reader.ValueSpan, "FAILED"u8)))
                    {
                        return false;
                    }

                    reader.Skip();
                }
                else if (reader.ValueTextEquals("metrics"u8))
                {
                    if (metrics || !reader.Read() || !TryReadCost(ref reader, out cost))
                    {
                        return false;
                    }

                    metrics = true;
                }
                else if (reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("descriptions"u8))
                {
                    return false;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object must end the body (trailing content throws, and is left to the document reading).
            return output is not null && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><see cref="CostOf"/> on the reader, at the value of <c>metrics</c>; <see langword="false"/> when <c>cost</c> is repeated.</summary>
    private static bool TryReadCost(ref Utf8JsonReader reader, out decimal? cost)
    {
        cost = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        var seen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCost = reader.ValueTextEquals("cost"u8);
            reader.Read();
            if (isCost)
            {
                if (seen)
                {
                    return false;
                }

                seen = true;
                cost = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) ? value : null;
            }

            reader.Skip();
        }

        return true;
    }

    /// <summary>
    /// A v2 (or v1 JSON) <c>output</c>: for image models the image URL (a list is tolerated; so are base64 strings and
    /// data URIs), for <c>ideogram-describe</c> the description text (or a list of texts).
    /// </summary>
    public static Outputs ReadOutput(JsonElement output, ImageOperation operation, long? seed, decimal? cost, ProviderResponse response)
    {
        if (operation == ImageOperation.Describe)
        {
            var texts = new List<string>();
            if (output.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in output.EnumerateArray())
                {
                    if (DescriptionOf(item) is { } text)
                    {
                        texts.Add(text);
                    }
                }
            }
            else if (DescriptionOf(output) is { } text)
            {
                texts.Add(text);
            }

            return texts.Count > 0 ? new([], texts, cost) : throw ProviderErrors.Unreadable(response, "a describe output without text");
        }

        GeneratedImage[] images = output.ValueKind == JsonValueKind.Array ? ImagesOf(output, seed, response) : [FromElement(output, seed, response)];
        return images.Length > 0 ? new(images, [], cost) : throw ProviderErrors.Unreadable(response, "an empty output");
    }

    private static GeneratedImage[] ImagesOf(JsonElement array, long? seed, ProviderResponse response)
    {
        var images = new GeneratedImage[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            images[i++] = FromElement(item, seed, response);
        }

        return images;
    }

    /// <summary><c>metrics.cost</c> (US dollars), reported on some v2 results.</summary>
    public static decimal? CostOf(JsonElement? metrics) =>
        metrics is { ValueKind: JsonValueKind.Object } m
        && m.TryGetProperty("cost", out var cost) && cost.ValueKind == JsonValueKind.Number && cost.TryGetDecimal(out var value)
            ? value
            : null;

    /// <summary>The <c>x-remaining-credits</c> header, when present and a number.</summary>
    public static decimal? RemainingCredits(ProviderResponse response) =>
        response.Header(SegmindParameters.RemainingCreditsHeader) is { } text
        && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var credits)
            ? credits
            : null;

    public static bool IsFailed(string? status) => string.Equals(status, "FAILED", StringComparison.OrdinalIgnoreCase);

    /// <summary>The failure text of a status body: <c>error</c> (string, or an object's <c>message</c>), else <c>detail</c>, else <c>message</c>.</summary>
    public static string? ErrorText(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }

            if (error.ValueKind == JsonValueKind.Object)
            {
                return ProviderErrors.Text(error, "message") ?? error.GetRawText();
            }
        }

        return ProviderErrors.Text(root, "detail") ?? ProviderErrors.Text(root, "message");
    }

    /// <summary>A job (or a synchronous call) that ended FAILED.</summary>
    public static IdeogramJobFailedException JobFailed(ProviderResponse response, string? jobId, string? error)
    {
        var what = jobId is null ? "The Segmind request" : $"Segmind job '{jobId}'";
        return ProviderErrors.Create(response, $"{what} failed{(string.IsNullOrWhiteSpace(error) ? "." : $": {error}")}", error, error,
            (m, d) => new IdeogramJobFailedException(m, d));
    }

    private static string? DescriptionOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object => ProviderErrors.Text(element, "text") ?? ProviderErrors.Text(element, "description"),
        _ => null,
    };

    private static GeneratedImage FromIdeogramObject(JsonElement item, long? seed, ProviderResponse response)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return FromElement(item, seed, response);
        }

        var safe = !(item.TryGetProperty("is_image_safe", out var s) && s.ValueKind == JsonValueKind.False);
        var url = ProviderErrors.Text(item, "url");
        var image = safe && !string.IsNullOrEmpty(url) ? FromString(url, seed, response) : new GeneratedImage { IsSafe = false };
        var resolution = ProviderErrors.Text(item, "resolution");
        var style = ProviderErrors.Text(item, "style_type");
        return new GeneratedImage
        {
            Url = image.Url,
            Data = image.Data,
            ContentType = image.ContentType,
            IsSafe = image.IsSafe,
            Prompt = ProviderErrors.Text(item, "prompt"),
            Resolution = string.IsNullOrWhiteSpace(resolution) ? null : new Resolution(resolution),
            StyleType = string.IsNullOrWhiteSpace(style) ? null : new StyleType(style),
            Seed = item.TryGetProperty("seed", out var sd) && sd.ValueKind == JsonValueKind.Number && sd.TryGetInt64(out var n) ? n : seed,
        };
    }

    private static GeneratedImage FromElement(JsonElement element, long? seed, ProviderResponse response)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return FromString(element.GetString()!, seed, response);
        }

        if (element.ValueKind == JsonValueKind.Object
            && (ProviderErrors.Text(element, "url") ?? ProviderErrors.Text(element, "image_url") ?? ProviderErrors.Text(element, "image")) is { } value)
        {
            return FromString(value, seed, response);
        }

        throw ProviderErrors.Unreadable(response, $"an output item of kind {element.ValueKind}, not an image URL");
    }

    private static GeneratedImage FromString(string value, long? seed, ProviderResponse response)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return new GeneratedImage { Url = url, ContentType = ImageLinks.ContentTypeOfPath(url), Seed = seed };
        }

        byte[] bytes;
        try
        {
            bytes = value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? Downloader.DecodeDataUri(value) : Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw ProviderErrors.Unreadable(response, "an output that is neither an image URL nor base64 image data", e);
        }

        var type = ImageFormat.Sniff(bytes) ?? throw ProviderErrors.Unreadable(response, "base64 data that is not a JPEG, PNG or WebP image");
        return new GeneratedImage { Data = bytes, ContentType = type, Seed = seed };
    }
}
