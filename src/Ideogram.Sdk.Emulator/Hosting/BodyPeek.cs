using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Lenient reads of a buffered request body, for classifying a request before its route validates it: every reader
/// answers <see langword="null"/> instead of throwing on a body it cannot read.
/// </summary>
internal static class BodyPeek
{
    /// <summary>The integer at <paramref name="path"/> (property names from the root object), or <see langword="null"/>.</summary>
    public static int? JsonInteger(ReadOnlySpan<byte> body, params ReadOnlySpan<string> path)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var element = document.RootElement;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value of the first text part named <paramref name="name"/> of a <c>multipart/form-data</c> body, or <see langword="null"/>.</summary>
    public static async ValueTask<string?> MultipartTextAsync(string? contentType, byte[] body, string name, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
        {
            return null;
        }

        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition
                    && disposition.IsFormDisposition()
                    && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, name, StringComparison.Ordinal))
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    return await text.ReadToEndAsync(cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // A malformed body: the route refuses it; here it asks for its default.
        }

        return null;
    }

    /// <summary>A decimal integer, or <see langword="null"/>.</summary>
    public static int? Integer(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
