using System.Net;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Network;

/// <summary>
/// A download that a host answers with a 200 but not with a whole image (nothing, an error page, an image cut short
/// though its length looked right) fails as a retryable <see cref="IdeogramDownloadException"/> instead of handing back
/// broken bytes as a success. Formats the SDK does not know pass.
/// </summary>
public sealed class DownloadIntegrityTests
{
    private static readonly GeneratedImage Image = new() { Url = new Uri("https://ideogram.ai/api/images/ephemeral/a.png?exp=4102444800") };

    private static async Task<(long? Written, IdeogramDownloadException? Error)> DownloadAsync(byte[] body, string? contentType)
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, body, contentType));
        using var _c = client;
        using var sink = new MemoryStream();
        try
        {
            return (await client.DownloadAsync(Image, sink), null);
        }
        catch (IdeogramDownloadException e)
        {
            return (null, e);
        }
    }

    private static byte[] Jpeg(bool whole) => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, .. whole ? new byte[] { 0xFF, 0xD9 } : [0x42, 0x42]];

    private static byte[] Webp(uint riffSize, int length)
    {
        var bytes = new byte[length];
        "RIFF"u8.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), riffSize);
        "WEBPVP8 "u8.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("webp", "image/webp")]
    [InlineData("unknown", "image/avif")]
    [InlineData("unknown", null)]
    public async Task Whole_images_and_formats_the_SDK_does_not_know_download(string format, string? contentType)
    {
        var body = format switch
        {
            "png" => CoreKit.Png(5000),
            "jpeg" => Jpeg(whole: true),
            "webp" => Webp(92, 100),
            _ => [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'a', (byte)'v', (byte)'i', (byte)'f'],
        };

        var (written, error) = await DownloadAsync(body, contentType);

        Assert.Null(error);
        Assert.Equal(body.Length, written);
    }

    [Theory]
    [InlineData("empty", "image/png", "brought no bytes")]
    [InlineData("html", "text/html", "is not an image but text/html")]
    [InlineData("json", "application/json", "is not an image but application/json")]
    [InlineData("png", "image/png", "ends before the PNG does")]
    [InlineData("jpeg", "image/jpeg", "ends before the JPEG does")]
    [InlineData("webp", "image/webp", "ends before the WebP does")]
    public async Task A_200_that_is_not_a_whole_image_is_a_retryable_download_error(string body, string contentType, string problem)
    {
        byte[] bytes = body switch
        {
            "empty" => [],
            "html" => "<html><body>502 Bad Gateway</body></html>"u8.ToArray(),
            "json" => "{\"data\": [{\"url\":"u8.ToArray(),
            "png" => CoreKit.Png(5000)[..2500],
            "jpeg" => Jpeg(whole: false),
            _ => Webp(1000, 100),
        };

        var (_, error) = await DownloadAsync(bytes, contentType);

        Assert.NotNull(error);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("ideogram.ai", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
        Assert.False(error.IsExpired);
        Assert.Equal(SubmissionState.NotSent, error.Submission);
    }

    [Fact]
    public async Task A_cut_download_to_a_file_leaves_no_file()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(3000)[..1000], "image/png"));
        using var _c = client;
        var directory = Directory.CreateTempSubdirectory("ideogram-cut-");
        try
        {
            await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(Image, Path.Combine(directory.FullName, "a.png")));
            Assert.Empty(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4096)]
    public void The_boundary_sees_the_first_and_last_bytes_whatever_the_chunks(int chunk)
    {
        var whole = CoreKit.Png(200);
        var cut = whole[..^1];

        Assert.Null(Observe(whole, chunk).Problem("image/png"));
        Assert.NotNull(Observe(cut, chunk).Problem("image/png"));
        Assert.Null(Observe(Jpeg(whole: true), chunk).Problem(null));
        Assert.NotNull(Observe(Jpeg(whole: false), chunk).Problem(null));
    }

    private static ImageBoundary Observe(byte[] bytes, int chunk)
    {
        var boundary = new ImageBoundary();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            boundary.Observe(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }

        return boundary;
    }
}
