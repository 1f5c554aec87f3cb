using System.Buffers;
using System.Buffers.Text;

namespace Ideogram.Sdk;

/// <summary>An input image: bytes in memory, a stream, a file on disk, or a URL.</summary>
/// <remarks>
/// Streams and files are read once, before the first HTTP request, so a retried request re-sends identical bytes.
/// Whether a URL is passed to the provider as a URL or fetched and uploaded depends on what the provider accepts
/// (see <see cref="ProviderCapabilities.AcceptsImageUrls"/> and <see cref="ProviderCapabilities.AcceptsImageBytes"/>).
/// A URL the SDK fetches itself must point at a public address unless
/// <see cref="IdeogramClientOptions.AllowPrivateNetworkInputs"/> is on (link-local and metadata addresses never).
/// </remarks>
public sealed class ImageInput
{
    private const string DataScheme = "data";

    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Stream? _stream;
    private readonly string? _path;

    private ImageInput(ImageInputKind kind, ReadOnlyMemory<byte> bytes, Stream? stream, string? path, Uri? url, string? fileName, string? contentType)
    {
        Kind = kind;
        _bytes = bytes;
        _stream = stream;
        _path = path;
        Url = url;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>Where the image comes from.</summary>
    public ImageInputKind Kind { get; }

    /// <summary>The URL of a <see cref="ImageInputKind.Url"/> input; otherwise <see langword="null"/>.</summary>
    public Uri? Url { get; }

    /// <summary>The file name sent with the upload (defaults to <c>image.png</c>, <c>.jpg</c> or <c>.webp</c> by content).</summary>
    public string? FileName { get; }

    /// <summary>The MIME type sent with the upload; detected from the bytes when not given.</summary>
    public string? ContentType { get; }

    /// <summary>An image held in memory.</summary>
    /// <param name="bytes">The encoded image (JPEG, PNG or WebP).</param>
    /// <param name="fileName">The file name to send; optional.</param>
    /// <param name="contentType">The MIME type; detected when omitted.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string? fileName = null, string? contentType = null) =>
        new(ImageInputKind.Bytes, bytes, null, null, null, fileName, contentType);

    /// <summary>An image read from a stream (read to its end once, before sending; the stream is not disposed).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="fileName">The file name to send; optional.</param>
    /// <param name="contentType">The MIME type; detected when omitted.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromStream(Stream stream, string? fileName = null, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        return new(ImageInputKind.Stream, default, stream, null, null, fileName, contentType);
    }

    /// <summary>An image file on disk (read once, before sending).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="contentType">The MIME type; detected when omitted.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromFile(string path, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(ImageInputKind.File, default, null, path, null, Path.GetFileName(path), contentType);
    }

    /// <summary>
    /// An image at an absolute http(s) URL, or a base64 <c>data:</c> URI. A <c>data:</c> URI is the image's bytes: it is
    /// held to the same size limit as <see cref="FromBytes"/> and sent the way the provider takes bytes.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException">Not an absolute http, https or base64 data URI.</exception>
    public static ImageInput FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps && url.Scheme != DataScheme))
        {
            throw new ArgumentException("An image URL must be an absolute http, https or data URI.", nameof(url));
        }

        if (url.Scheme == DataScheme && DataUriLength(url) is null)
        {
            throw new ArgumentException("A data URI image must be base64: data:image/png;base64,<base64>.", nameof(url));
        }

        return new(ImageInputKind.Url, default, null, null, url, null, null);
    }

    /// <summary>An image at an absolute http(s) URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? FromUrl(uri)
            : throw new ArgumentException("An image URL must be an absolute http, https or data URI.", nameof(url));
    }

    /// <summary>A short description without the image content, for diagnostics.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        ImageInputKind.Url when Url!.Scheme == DataScheme => $"ImageInput(Url, data: {DataUriLength(Url)} bytes)",
        ImageInputKind.Url => $"ImageInput(Url, {Url?.GetLeftPart(UriPartial.Path)})",
        ImageInputKind.File => $"ImageInput(File, {FileName})",
        ImageInputKind.Bytes => $"ImageInput(Bytes, {_bytes.Length} bytes)",
        _ => "ImageInput(Stream)",
    };

    /// <summary>Reads the image into memory (bounded), so it can be validated and re-sent intact.</summary>
    internal ValueTask<LoadedImage> LoadAsync(long maxBytes, CancellationToken cancellationToken) => LoadAsync(maxBytes, keepFileOnDisk: false, cancellationToken);

    /// <summary>
    /// Reads the image into memory (bounded), so it can be validated and re-sent intact; with
    /// <paramref name="keepFileOnDisk"/>, a file is only checked (size, type) and stays on disk, to be streamed from it
    /// on each attempt (for providers that take multipart uploads).
    /// </summary>
    internal async ValueTask<LoadedImage> LoadAsync(long maxBytes, bool keepFileOnDisk, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case ImageInputKind.File when keepFileOnDisk:
                return await CheckFileAsync(maxBytes, cancellationToken).ConfigureAwait(false);
            case ImageInputKind.Url when Url!.Scheme == DataScheme:
                // Inline bytes: the same limit as bytes in memory, checked before decoding.
                var length = DataUriLength(Url)!.Value;
                if (length > maxBytes)
                {
                    throw new ImageTooLargeException(length, maxBytes);
                }

                return Describe(Downloader.DecodeDataUri(Url.OriginalString));
            case ImageInputKind.Url:
                return new LoadedImage(ReadOnlyMemory<byte>.Empty, Url, FileName ?? "image", ContentType ?? "application/octet-stream");
            case ImageInputKind.Bytes:
                if (_bytes.Length > maxBytes)
                {
                    throw new ImageTooLargeException(_bytes.Length, maxBytes);
                }

                return Describe(_bytes);
            case ImageInputKind.File:
                var info = new FileInfo(_path!);
                if (!info.Exists)
                {
                    throw new FileNotFoundException($"The image file '{_path}' does not exist.", _path);
                }

                if (info.Length > maxBytes)
                {
                    throw new ImageTooLargeException(info.Length, maxBytes);
                }

                return Describe(await File.ReadAllBytesAsync(_path!, cancellationToken).ConfigureAwait(false));
            default:
                using (var buffer = new MemoryStream())
                {
                    var chunk = ArrayPool<byte>.Shared.Rent(81920);
                    try
                    {
                        int read;
                        while ((read = await _stream!.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            if (buffer.Length + read > maxBytes)
                            {
                                throw new ImageTooLargeException(buffer.Length + read, maxBytes);
                            }

                            buffer.Write(chunk, 0, read);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(chunk);
                    }

                    return Describe(buffer.ToArray());
                }
        }
    }

    /// <summary>The number of bytes a base64 <c>data:</c> URI holds, or <see langword="null"/> when it is not one.</summary>
    private static int? DataUriLength(Uri url)
    {
        var text = url.OriginalString.AsSpan();
        var comma = text.IndexOf(',');
        return comma >= 0 && text[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase) && Base64.IsValid(text[(comma + 1)..], out var length)
            ? length
            : null;
    }

    /// <summary>A file left on disk: its size checked now, its type read from its first bytes.</summary>
    private async ValueTask<LoadedImage> CheckFileAsync(long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(_path!);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"The image file '{_path}' does not exist.", _path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var length = file.Length;
            if (length > maxBytes)
            {
                throw new ImageTooLargeException(length, maxBytes);
            }

            var head = new byte[16];
            var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var type = ContentType ?? ImageFormat.Sniff(head.AsSpan(0, read)) ?? "application/octet-stream";
            return new LoadedImage(ReadOnlyMemory<byte>.Empty, null, FileName ?? "image" + ImageFormat.Extension(type), type) { FilePath = path, FileLength = length };
        }
    }

    private LoadedImage Describe(ReadOnlyMemory<byte> bytes)
    {
        var type = ContentType ?? ImageFormat.Sniff(bytes.Span) ?? "application/octet-stream";
        return new LoadedImage(bytes, null, FileName ?? "image" + ImageFormat.Extension(type), type);
    }
}

/// <summary>Where an <see cref="ImageInput"/> comes from.</summary>
public enum ImageInputKind
{
    /// <summary>Bytes in memory.</summary>
    Bytes,
    /// <summary>A readable stream.</summary>
    Stream,
    /// <summary>A file on disk.</summary>
    File,
    /// <summary>A URL.</summary>
    Url,
}

/// <summary>An input image read into memory (or a URL left as it is).</summary>
internal sealed record LoadedImage(ReadOnlyMemory<byte> Bytes, Uri? Url, string FileName, string ContentType)
{
    public bool IsUrl => Url is not null;

    /// <summary>A file left on disk and streamed from it on each attempt (multipart uploads); its bytes are not in memory.</summary>
    public string? FilePath { get; init; }

    /// <summary>The size of the file at <see cref="FilePath"/> when it was checked.</summary>
    public long FileLength { get; init; }

    public bool IsFile => FilePath is not null;

    /// <summary>The image's size in bytes (0 for a URL).</summary>
    public long Length => IsFile ? FileLength : Bytes.Length;

    /// <summary>The image as a <c>data:</c> URI (for providers that take inline images in JSON).</summary>
    public string ToDataUri() => $"data:{ContentType};base64,{ToBase64()}";

    /// <summary>The image as plain base64.</summary>
    public string ToBase64() => IsFile
        ? throw new InvalidOperationException("A file left on disk has no bytes in memory; only multipart uploads stream files.")
        : Convert.ToBase64String(Bytes.Span);

    public override string ToString() => IsUrl ? $"LoadedImage({Url!.GetLeftPart(UriPartial.Path)})" : $"LoadedImage({Length} bytes, {ContentType})";
}

/// <summary>Recognises the image formats providers accept, by their first bytes.</summary>
internal static class ImageFormat
{
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 8 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4E && b[3] == 0x47)
        {
            return "image/png";
        }

        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (b.Length >= 12 && b[0] == (byte)'R' && b[1] == (byte)'I' && b[2] == (byte)'F' && b[3] == (byte)'F'
            && b[8] == (byte)'W' && b[9] == (byte)'E' && b[10] == (byte)'B' && b[11] == (byte)'P')
        {
            return "image/webp";
        }

        return null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "image/png" => ".png",
        _ => ".bin",
    };
}
