using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Providers;

/// <summary>Builds <c>multipart/form-data</c> bodies the way curl's <c>-F</c> does: quoted names, plain text parts, file parts with a filename and type.</summary>
internal sealed class Multipart
{
    private readonly MultipartFormDataContent _content;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Fills <paramref name="content"/>; the caller owns it (it goes into a request message).</summary>
    public Multipart(MultipartFormDataContent content) => _content = content;

    public MultipartFormDataContent Content => _content;

    /// <summary>Whether a part of this name was written.</summary>
    public bool Has(string name) => _names.Contains(name);

    public static MultipartFormDataContent NewContent() => new("----IdeogramSdk" + Guid.NewGuid().ToString("N"));

    public Multipart Text(string name, string? value)
    {
        if (value is not null)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
            _content.Add(part);
            _names.Add(name);
        }

        return this;
    }

    public Multipart Number(string name, long? value) => value is null ? this : Text(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public Multipart Json(string name, byte[]? json)
    {
        if (json is not null)
        {
            var part = new ByteArrayContent(json);
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
            part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            _content.Add(part);
            _names.Add(name);
        }

        return this;
    }

    public Multipart File(string name, LoadedImage? image)
    {
        if (image is not null)
        {
            var part = new ReadOnlyMemoryContent(image.Bytes);
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name), FileName = Quote(image.FileName) };
            part.Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
            _content.Add(part);
            _names.Add(name);
        }

        return this;
    }

    public Multipart Files(string name, IEnumerable<LoadedImage> images)
    {
        foreach (var image in images)
        {
            File(name, image);
        }

        return this;
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "%22", StringComparison.Ordinal) + "\"";
}
