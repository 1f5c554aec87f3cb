using System.Net;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Image inputs given as strings (Segmind, API in One). A remote http(s) URL is accepted as it is and never fetched;
/// a loopback URL (for example one of the emulator's own image URLs) is fetched and must answer 2xx; a data URI or,
/// where the provider allows it, bare base64 is decoded.
/// </summary>
internal static class ImageReference
{
    /// <summary>
    /// Checks <paramref name="value"/> and returns the image bytes when they are available locally, or
    /// <see langword="null"/> for an accepted remote URL.
    /// </summary>
    public static async Task<byte[]?> ResolveAsync(EmulatorContext context, string field, string value, bool allowBase64, CancellationToken cancellationToken)
    {
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !value[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new RequestValidationException($"'{field}' must be a base64 data URI.");
            }

            return Decode(field, value[(comma + 1)..]);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (!IsLoopback(uri))
            {
                return null;
            }

            try
            {
                using var response = await context.LoopbackClient.GetAsync(uri, cancellationToken);
                return response.IsSuccessStatusCode
                    ? await response.Content.ReadAsByteArrayAsync(cancellationToken)
                    : throw new RequestValidationException($"Could not download '{field}': HTTP {(int)response.StatusCode}.");
            }
            catch (HttpRequestException ex)
            {
                throw new RequestValidationException($"Could not download '{field}': {ex.Message}");
            }
        }

        if (allowBase64)
        {
            return Decode(field, value);
        }

        throw new RequestValidationException($"'{field}' must be an absolute http(s) URL or a data URI.");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static byte[] Decode(string field, string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return Imaging.PngImage.LooksLikeSupportedImage(bytes)
                ? bytes
                : throw new RequestValidationException($"'{field}' must be a JPEG, PNG or WebP image.");
        }
        catch (FormatException)
        {
            throw new RequestValidationException($"'{field}' must be an absolute http(s) URL or base64 image data.");
        }
    }
}
