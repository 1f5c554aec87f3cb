using System.Security.Cryptography;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>Random identifiers.</summary>
internal static class Ids
{
    /// <summary>22 characters of base64url from 16 random bytes (the shape of Ideogram's image ids).</summary>
    public static string NewUrlSafeId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A random seed in 0..<paramref name="maxInclusive"/>, at least <paramref name="minInclusive"/>.</summary>
    public static long NewSeed(long minInclusive = 0, long maxInclusive = int.MaxValue) =>
        RandomNumberGenerator.GetInt32(0, int.MaxValue) % (maxInclusive - minInclusive + 1) + minInclusive;
}
