namespace Ideogram.Sdk;

/// <summary>
/// The first and last bytes of a downloaded image, kept while it streams, to tell a whole image from what a failing host
/// sends with a 200: nothing, an error page or JSON, or a known format cut short (a PNG without its <c>IEND</c> chunk,
/// a JPEG without its end marker, a WebP shorter than its RIFF header says). Formats it does not know pass.
/// </summary>
internal sealed class ImageBoundary
{
    private const int Edge = 16;

    private readonly byte[] _head = new byte[Edge];
    private readonly byte[] _tail = new byte[Edge];
    private int _headLength;
    private int _tailLength;
    private long _total;

    /// <summary>Takes the next chunk of the image.</summary>
    public void Observe(ReadOnlySpan<byte> chunk)
    {
        var head = Math.Min(Edge - _headLength, chunk.Length);
        chunk[..head].CopyTo(_head.AsSpan(_headLength));
        _headLength += head;
        _total += chunk.Length;

        // The tail keeps the last Edge bytes seen: the old ones it still needs, then the chunk's last ones.
        var fromChunk = Math.Min(Edge, chunk.Length);
        var keep = Math.Min(_tailLength, Edge - fromChunk);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        chunk[^fromChunk..].CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + fromChunk;
    }

    /// <summary>What is wrong with the bytes seen (words that follow "the download"), or <see langword="null"/> when they may be a whole image.</summary>
    /// <param name="mediaType">The answer's content type, if any.</param>
    public string? Problem(string? mediaType)
    {
        if (_total == 0)
        {
            return "brought no bytes";
        }

        var head = _head.AsSpan(0, _headLength);
        var tail = _tail.AsSpan(0, _tailLength);
        return ImageFormat.Sniff(head) switch
        {
            "image/png" when !EndsPng(tail) => "ends before the PNG does (no whole IEND chunk): it was cut short",
            "image/jpeg" when tail.IndexOf([(byte)0xFF, (byte)0xD9]) < 0 => "ends before the JPEG does (no end marker): it was cut short",
            "image/webp" when System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]) + 8L > _total => "ends before the WebP does (shorter than its RIFF header says): it was cut short",
            null when IsText(mediaType) => $"is not an image but {mediaType}",
            _ => null,
        };
    }

    /// <summary>Whether the last bytes hold PNG's <c>IEND</c> chunk type followed by its 4-byte CRC.</summary>
    private static bool EndsPng(ReadOnlySpan<byte> tail)
    {
        var end = tail.LastIndexOf("IEND"u8);
        return end >= 0 && tail.Length - end >= 8;
    }

    private static bool IsText(string? mediaType) =>
        mediaType is not null
        && (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("xml", StringComparison.OrdinalIgnoreCase));
}
