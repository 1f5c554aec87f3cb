using System.Net.Http.Headers;
using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI;

/// <summary>Turns the client's <see cref="ImageResult"/> into an <see cref="ImageGenerationResponse"/>: links, or downloaded bytes.</summary>
internal static class ImageResponses
{
    public static async Task<ImageGenerationResponse> BuildAsync(IIdeogramClient client, ImageResult result, MappedRequest mapped, CancellationToken cancellationToken)
    {
        var images = result.Images;
        var notes = new Warning?[images.Count];
        var contents = await Task.WhenAll(images.Select((image, i) => ToContentAsync(client, result, i, mapped.Format, notes, cancellationToken))).ConfigureAwait(false);

        List<Warning> added = [.. mapped.Warnings, .. notes.OfType<Warning>()];
        return new ImageGenerationResponse([.. contents.OfType<AIContent>()])
        {
            // The client's own result, unless the translation has something to add to its warnings.
            RawRepresentation = added.Count == 0 ? result : WithWarnings(result, [.. mapped.Warnings, .. result.Warnings, .. notes.OfType<Warning>()]),
        };
    }

    /// <summary>A copy of the result with other warnings; every other property is carried over as it is.</summary>
    internal static ImageResult WithWarnings(ImageResult result, IReadOnlyList<Warning> warnings) =>
        new(result.Provider, result.Operation, result.Images)
        {
            Descriptions = result.Descriptions,
            Created = result.Created,
            Warnings = warnings,
            Cost = result.Cost,
            RemainingCredits = result.RemainingCredits,
            RequestId = result.RequestId,
            Job = result.Job,
            RawResponse = result.RawResponse,
            Routing = result.Routing,
        };

    private static async Task<AIContent?> ToContentAsync(IIdeogramClient client, ImageResult result, int index, ImageGenerationResponseFormat format, Warning?[] notes, CancellationToken cancellationToken)
    {
        var image = result.Images[index];
        var number = index + 1;
        if (!image.IsSafe)
        {
            notes[index] = new Warning(IdeogramImageWarnings.ImageWithheld, null, $"Image {number} was withheld by {result.Provider}'s safety check.");
            return null;
        }

        // Links when asked for and there is one; bytes when asked for, or when the provider sent bytes and no link.
        if (format != ImageGenerationResponseFormat.Data && image.Url is { } link)
        {
            return Link(link, image);
        }

        if (image.Data is { } inline)
        {
            return Bytes(inline, image, number);
        }

        if (image.Url is null)
        {
            notes[index] = new Warning(IdeogramImageWarnings.ImageWithheld, null, $"Image {number} came from {result.Provider} with neither a link nor bytes.");
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            await client.DownloadAsync(image, buffer, cancellationToken).ConfigureAwait(false);
            return Bytes(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), image, number);
        }
        catch (IdeogramException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The image is made and paid for: hand over its link rather than lose it with an exception.
            var status = e.StatusCode is { } code ? FormattableString.Invariant($", HTTP {(int)code}") : string.Empty;
            var expired = e is IdeogramDownloadException { IsExpired: true } ? ", the link has expired" : string.Empty;
            notes[index] = new Warning(IdeogramImageWarnings.DownloadFailed, null,
                $"Image {number} could not be downloaded ({e.GetType().Name}{status}{expired}); it is returned as a link instead.");
            return Link(image.Url, image);
        }
    }

    private static DataContent Bytes(ReadOnlyMemory<byte> bytes, GeneratedImage image, int number)
    {
        var mediaType = Sniff(bytes.Span) ?? ImageType(image.ContentType) ?? "application/octet-stream";
        return new DataContent(bytes, mediaType)
        {
            Name = $"image-{number}{Extension(mediaType)}",
            RawRepresentation = image,
            AdditionalProperties = Properties(image),
        };
    }

    private static UriContent Link(Uri url, GeneratedImage image) =>
        new(url, ImageType(image.ContentType) ?? TypeOfPath(url.AbsolutePath) ?? "image/*")
        {
            RawRepresentation = image,
            AdditionalProperties = Properties(image),
        };

    /// <summary>What the provider said about one image, under the keys of <see cref="IdeogramImageProperties"/>.</summary>
    private static AdditionalPropertiesDictionary? Properties(GeneratedImage image)
    {
        var properties = new AdditionalPropertiesDictionary();
        Add(IdeogramImageProperties.Seed, image.Seed);
        Add(IdeogramImageProperties.Prompt, image.Prompt);
        Add(IdeogramImageProperties.Resolution, image.Resolution?.Value);
        Add(IdeogramImageProperties.StyleType, image.StyleType?.Value);
        Add(IdeogramImageProperties.ExpiresAt, image.ExpiresAt);
        Add(IdeogramImageProperties.ProviderImageId, image.ProviderImageId);
        Add(IdeogramImageProperties.Cost, image.Cost);
        return properties.Count == 0 ? null : properties;

        void Add(string key, object? value)
        {
            if (value is not null)
            {
                properties[key] = value;
            }
        }
    }

    /// <summary>The media type the bytes themselves say (PNG, JPEG or WebP signature), whatever a header claimed.</summary>
    private static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    private static string? ImageType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { } type && type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? type.ToLowerInvariant()
            : null;

    private static string? TypeOfPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => null,
    };

    private static string Extension(string mediaType) => mediaType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".bin",
    };
}
