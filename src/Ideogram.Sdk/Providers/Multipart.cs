using System.Globalization;
using System.Text;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// Builds <c>multipart/form-data</c> bodies the way curl's <c>-F</c> does: quoted names, plain text parts, file parts with
/// a filename and type. Each part's <c>Content-Disposition</c> is written once as text (no header object parsed and
/// re-quoted per part), and files given by path are streamed from disk on each attempt.
/// </summary>
internal sealed class Multipart
{
    /// <summary>The <c>Content-Disposition</c> of text parts, by field name, built once (field names are few and fixed).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Dispositions = new(StringComparer.Ordinal);

    /// <summary>How many field names <see cref="Dispositions"/> keeps (names from <c>ExtraWireFields</c> beyond it are not cached).</summary>
    private const int MaxCachedDispositions = 256;

    private readonly MultipartContent _content;

    /// <summary>Fills <paramref name="content"/>; the caller owns it (it goes into a request message).</summary>
    public Multipart(MultipartContent content) => _content = content;

    public MultipartContent Content => _content;

    /// <summary>Whether a part of this name was written (read from the parts' headers: only asked for extra wire fields).</summary>
    public bool Has(string name)
    {
        var prefix = TextDisposition(name);
        foreach (var part in _content)
        {
            if (part.Headers.TryGetValues("Content-Disposition", out var values)
                && values.Any(v => v.Equals(prefix, StringComparison.Ordinal) || v.StartsWith(prefix + ";", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A new <c>multipart/form-data</c> body with a random boundary.</summary>
    public static MultipartContent NewContent() => new("form-data", string.Create(47, Guid.NewGuid(), static (span, guid) =>
    {
        "----IdeogramSdk".CopyTo(span);
        guid.TryFormat(span[15..], out _, "N");
    }));

    public Multipart Text(string name, string? value) =>
        value is null ? this : Add(name, null, null, new ByteArrayContent(Encoding.UTF8.GetBytes(value)));

    public Multipart Number(string name, long? value) => value is null ? this : Text(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public Multipart Json(string name, byte[]? json) => json is null ? this : Add(name, null, "application/json", new ByteArrayContent(json));

    public Multipart File(string name, LoadedImage? image)
    {
        if (image is null)
        {
            return this;
        }

        HttpContent part = image.IsFile ? new FileUploadContent(image.FilePath!, image.FileLength) : new ReadOnlyMemoryContent(image.Bytes);
        return Add(name, image.FileName, image.ContentType, part);
    }

    public Multipart Files(string name, IEnumerable<LoadedImage> images)
    {
        foreach (var image in images)
        {
            File(name, image);
        }

        return this;
    }

    private Multipart Add(string name, string? fileName, string? contentType, HttpContent part)
    {
        var disposition = fileName is null ? TextDisposition(name) : TextDisposition(name) + "; filename=" + Quote(fileName);
        part.Headers.TryAddWithoutValidation("Content-Disposition", disposition);
        if (contentType is not null)
        {
            // Parsed (validated): an image's type can come from the caller.
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        _content.Add(part);
        return this;
    }

    /// <summary><c>form-data; name="…"</c> for a field.</summary>
    private static string TextDisposition(string name) =>
        Dispositions.TryGetValue(name, out var cached) ? cached
        : Dispositions.Count < MaxCachedDispositions ? Dispositions.GetOrAdd(name, static n => "form-data; name=" + Quote(n))
        : "form-data; name=" + Quote(name);

    /// <summary>A quoted header parameter; a quote, CR or LF inside it is percent-encoded, as browsers do.</summary>
    private static string Quote(string s) =>
        "\"" + s.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal) + "\"";
}
