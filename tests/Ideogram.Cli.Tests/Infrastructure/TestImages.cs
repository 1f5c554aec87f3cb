namespace Ideogram.Cli.Tests.Infrastructure;

/// <summary>Image bytes for inputs.</summary>
internal static class TestImages
{
    /// <summary>A valid 1 x 1 PNG (square, so reframe takes it; its own mask size).</summary>
    public static byte[] Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Whether <paramref name="bytes"/> start with the PNG signature.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns><see langword="true"/> for a PNG.</returns>
    public static bool IsPng(byte[] bytes) => bytes is [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..];
}
