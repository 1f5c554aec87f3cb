using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Ideogram.Sdk.Emulator.Imaging;

/// <summary>Writes small deterministic PNGs and reads the size of uploaded ones.</summary>
internal static class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Renders an 8-bit PNG whose pixels depend only on (<paramref name="seed"/>, <paramref name="prompt"/>):
    /// a diagonal gradient between two colours taken from the pair's hash, crossed by a band in a third colour.
    /// RGB by default; with <paramref name="transparent"/>, RGBA where only the band is opaque.
    /// </summary>
    public static byte[] Render(int width, int height, long seed, string prompt, bool transparent = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var state = Hash(seed, prompt);
        var from = NextColor(ref state);
        var to = NextColor(ref state);
        var band = NextColor(ref state);
        var bandWidth = Math.Max(1, (width + height) / 8);
        var bandOffset = (int)(NextRandom(ref state) % (ulong)(width + height));

        // Each scanline: filter byte 0 (None) then RGB triples or RGBA quadruples.
        var channels = transparent ? 4 : 3;
        var stride = 1 + (width * channels);
        var raw = new byte[stride * height];
        var span = width + height - 2;
        for (var y = 0; y < height; y++)
        {
            var row = y * stride;
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + (x * channels);
                var d = x + y;
                if (((d + bandOffset) % (width + height)) < bandWidth)
                {
                    raw[p] = band.R;
                    raw[p + 1] = band.G;
                    raw[p + 2] = band.B;
                    if (transparent)
                    {
                        raw[p + 3] = 255;
                    }

                    continue;
                }

                var t = span == 0 ? 0 : d * 255 / span;
                raw[p] = Mix(from.R, to.R, t);
                raw[p + 1] = Mix(from.G, to.G, t);
                raw[p + 2] = Mix(from.B, to.B, t);
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = (byte)(transparent ? 6 : 2); // colour type: truecolour with alpha (RGBA) or truecolour (RGB)
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Reads width and height from a PNG's IHDR chunk; <see langword="false"/> when the bytes are not a PNG.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> bytes, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (bytes.Length < 24 || !bytes[..8].SequenceEqual(Signature) || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(16, 4));
        height = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(20, 4));
        return width > 0 && height > 0;
    }

    /// <summary>Whether the bytes start like a JPEG, PNG or WebP file (the formats Ideogram accepts).</summary>
    public static bool LooksLikeSupportedImage(ReadOnlySpan<byte> bytes) =>
        (bytes.Length >= 8 && bytes[..8].SequenceEqual(Signature))
        || (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        || (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8));

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);

        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);

        var crc = Crc32.Update(0xFFFFFFFFu, typeBytes);
        crc = ~Crc32.Update(crc, data);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, crc);
        output.Write(buffer);
    }

    private static byte Mix(byte a, byte b, int t) => (byte)(a + ((b - a) * t / 255));

    private static ulong Hash(long seed, string prompt)
    {
        // FNV-1a over the prompt's UTF-8 bytes, then the seed folded in.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(prompt))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash ^ ((ulong)seed * 0x9E3779B97F4A7C15UL);
    }

    private static ulong NextRandom(ref ulong state)
    {
        // SplitMix64.
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static (byte R, byte G, byte B) NextColor(ref ulong state)
    {
        var v = NextRandom(ref state);
        return ((byte)v, (byte)(v >> 8), (byte)(v >> 16));
    }
}
