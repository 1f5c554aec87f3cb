using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ideogram.Sdk.Emulator.Hosting;
using Ideogram.Sdk.Emulator.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator;

/// <summary>
/// Generated images, kept in memory and served from the host of the provider that produced them, at a signed,
/// expiring URL shaped like that provider's (Ideogram: <c>/api/images/ephemeral/{id}.png?exp={unix}&amp;sig={hex}</c>).
/// </summary>
internal sealed class ImageStore
{
    private readonly ConcurrentDictionary<string, StoredImage> _images = new(StringComparer.Ordinal);
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly EmulatorContext _context;

    public ImageStore(EmulatorContext context) => _context = context;

    /// <summary>
    /// The path prefix under which each provider's host serves its images. The real providers use a CDN host of their
    /// own; the emulator keeps images on the provider's port so one base address covers everything.
    /// </summary>
    public static string PathPrefix(EmulatedProvider provider) => provider switch
    {
        EmulatedProvider.Ideogram => "/api/images/ephemeral/",
        EmulatedProvider.Runflow => "/files/outputs/",
        EmulatedProvider.Segmind => "/generations/",
        EmulatedProvider.Runware => "/image/ws/",
        EmulatedProvider.ApiInOne => "/files/images/",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>
    /// Renders a deterministic PNG for (<paramref name="width"/>, <paramref name="height"/>, <paramref name="seed"/>,
    /// <paramref name="prompt"/>) scaled down by <see cref="EmulatorOptions.DownscaleFactor"/>, stores it, and returns
    /// its URL on <paramref name="provider"/>'s host, valid for <see cref="EmulatorOptions.ImageUrlLifetime"/>.
    /// With <paramref name="transparent"/> the PNG is RGBA with a transparent background.
    /// </summary>
    public StoredImage Create(EmulatedProvider provider, int width, int height, long seed, string prompt, string extension = "png", bool transparent = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentException.ThrowIfNullOrEmpty(extension);

        var factor = _context.Options.DownscaleFactor;
        var bytes = PngImage.Render(Math.Max(1, width / factor), Math.Max(1, height / factor), seed, prompt, transparent);
        var id = Ids.NewUrlSafeId();
        var expiresAt = _context.Time.GetUtcNow() + _context.Options.ImageUrlLifetime;
        var exp = expiresAt.ToUnixTimeSeconds();
        var file = id + "." + extension;
        var relative = string.Create(
            CultureInfo.InvariantCulture,
            $"{PathPrefix(provider).TrimStart('/')}{file}?exp={exp}&sig={Sign(file, exp)}");
        var image = new StoredImage(id, new Uri(_context.BaseAddress(provider), relative), bytes, width, height, expiresAt);
        _images[id] = image;
        return image;
    }

    /// <summary>Finds a stored image by id, expired or not.</summary>
    public bool TryGet(string id, out StoredImage image) => _images.TryGetValue(id, out image!);

    /// <summary>Maps <c>GET {prefix}{id}.{ext}</c> for <paramref name="provider"/>.</summary>
    public void MapImageRoute(IEndpointRouteBuilder routes, EmulatedProvider provider) =>
        routes.MapGet(PathPrefix(provider) + "{file}", (HttpContext http) => ServeAsync(http));

    private async Task ServeAsync(HttpContext http)
    {
        var file = (string)http.Request.RouteValues["file"]!;
        var dot = file.LastIndexOf('.');
        var id = dot > 0 ? file[..dot] : file;
        if (!_images.TryGetValue(id, out var image) || !string.Equals(image.Url.AbsolutePath.Split('/')[^1], file, StringComparison.Ordinal))
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status404NotFound, "Image not found.");
            return;
        }

        var query = http.Request.Query;
        if (!long.TryParse(query["exp"], NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Sign(file, exp)),
                Encoding.ASCII.GetBytes(query["sig"].ToString())))
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status403Forbidden, "Invalid image link signature.");
            return;
        }

        if (_context.Time.GetUtcNow() >= image.ExpiresAt)
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status403Forbidden, "Image link has expired.");
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "image/png";
        http.Response.ContentLength = image.Bytes.Length;
        await http.Response.Body.WriteAsync(image.Bytes);
    }

    private string Sign(string file, long exp)
    {
        var data = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{file}:{exp}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, data));
    }
}
