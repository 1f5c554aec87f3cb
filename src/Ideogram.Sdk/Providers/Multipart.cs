using System.Globalization;
using System.Net.Http.Headers;
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
    private readonly MultipartContent _content;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Fills <paramref name="content"/>; the caller owns it (it goes into a request message).</summary>
    public Multipart(MultipartContent content) => _content = content;

    public MultipartContent Content => _content;

    /// <summary>Whether a part of this name was written.</summary>
    public bool Has(string name) => _names.Contains(name);

    /// <summary>A new <c>multipart/form-data</c> body with a random boundary.</summary>
    public static MultipartContent NewContent() => new("form-data", "----IdeogramSdk" + Guid.NewGuid().ToString("N"));

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
        var disposition = fileName is null
            ? "form-data; name=" + Quote(name)
            : "form-data; name=" + Quote(name) + "; filename=" + Quote(fileName);
        part.Headers.TryAddWithoutValidation("Content-Disposition", disposition);
        if (contentType is not null)
        {
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        _content.Add(part);
        _names.Add(name);
        return this;
    }

    /// <summary>A quoted header parameter; a quote, CR or LF inside it is percent-encoded, as browsers do.</summary>
    private static string Quote(string s) =>
        "\"" + s.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal) + "\"";
}
