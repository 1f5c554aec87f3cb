namespace Ideogram.Sdk.Emulator;

/// <summary>A generated image held in memory and served from its provider's host until <paramref name="ExpiresAt"/>.</summary>
/// <param name="Id">Opaque id, also the file name in the URL.</param>
/// <param name="Url">Absolute URL on the provider's own host, including expiry and signature query parameters.</param>
/// <param name="Bytes">The encoded image (PNG).</param>
/// <param name="Width">Nominal width the provider reports (before the emulator's downscaling).</param>
/// <param name="Height">Nominal height the provider reports (before the emulator's downscaling).</param>
/// <param name="ExpiresAt">After this instant the URL answers like an expired link.</param>
internal sealed record StoredImage(string Id, Uri Url, byte[] Bytes, int Width, int Height, DateTimeOffset ExpiresAt);
