namespace Ideogram.Sdk.Providers;

/// <summary>What a provider's image link says about the image before it is downloaded.</summary>
internal static class ImageLinks
{
    /// <summary>
    /// The image type the link's file extension names (<c>.png</c>, <c>.jpg</c>/<c>.jpeg</c>, <c>.webp</c>, any case),
    /// or <see langword="null"/>: the extension of the last segment of <see cref="Uri.AbsolutePath"/>.
    /// </summary>
    public static string? ContentTypeOfPath(Uri url)
    {
        // Read in the link as given (no path string built): the path follows the authority, up to the query or fragment.
        var text = url.OriginalString.AsSpan().Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            // A link without an authority (urn:, mailto:) is rare enough to be read the long way.
            return Of(Path.GetExtension(url.AbsolutePath.AsSpan()));
        }

        text = text[(scheme + 3)..];
        var end = text.IndexOfAny('?', '#');
        if (end >= 0)
        {
            text = text[..end];
        }

        var start = text.IndexOfAny('/', '\\');
        if (start < 0)
        {
            return null;
        }

        var name = text[(text.LastIndexOfAny('/', '\\') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot < 0 ? null : Of(name[dot..]);
    }

    private static string? Of(ReadOnlySpan<char> extension) =>
        extension.Equals(".png", StringComparison.OrdinalIgnoreCase) ? "image/png"
        : extension.Equals(".jpg", StringComparison.OrdinalIgnoreCase) || extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase) ? "image/jpeg"
        : extension.Equals(".webp", StringComparison.OrdinalIgnoreCase) ? "image/webp"
        : null;
}
