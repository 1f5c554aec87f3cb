using System.Net;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// Files go to multipart providers straight from disk (read again on each attempt, never held in memory), and a
/// provider's answer is read into one array of its size, bounded, whether or not it declares its length.
/// </summary>
public sealed class StreamingInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ideogram-sdk-tests", Guid.NewGuid().ToString("N"));

    public StreamingInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(int size)
    {
        var path = Path.Combine(_dir, "photo.png");
        System.IO.File.WriteAllBytes(path, CoreKit.Png(size));
        return path;
    }

    [Fact]
    public async Task A_file_for_a_multipart_provider_stays_on_disk_until_it_is_sent()
    {
        var path = File(200_000);

        var prepared = await RequestValidator.PrepareAsync(new RemixRequest(ImageInput.FromFile(path), "fox"),
            ProviderRegistry.Get(IdeogramProvider.Ideogram).Profile, UnsupportedParameterBehavior.Strict, CancellationToken.None);

        Assert.True(prepared.Image!.IsFile);
        Assert.Equal(0, prepared.Image.Bytes.Length);
        Assert.Equal(200_000, prepared.Image.Length);
        Assert.Equal("image/png", prepared.Image.ContentType);
    }

    [Fact]
    public async Task A_file_for_a_json_provider_is_read_into_memory_to_be_encoded()
    {
        var path = File(2_000);

        var prepared = await RequestValidator.PrepareAsync(new RemixRequest(ImageInput.FromFile(path), "fox"),
            ProviderRegistry.Get(IdeogramProvider.Segmind).Profile, UnsupportedParameterBehavior.Strict, CancellationToken.None);

        Assert.False(prepared.Image!.IsFile);
        Assert.Equal(2_000, prepared.Image.Bytes.Length);
    }

    [Fact]
    public async Task A_streamed_file_is_sent_whole_on_every_attempt()
    {
        var path = File(150_000);
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, """{"error":"busy"}""")
            .Respond(HttpStatusCode.OK, CoreKit.GenerateJson);
        using var client = CoreKit.Client(handler);

        await client.RemixAsync(new RemixRequest(ImageInput.FromFile(path), "fox") { ImageWeight = 50 });

        Assert.Equal(2, handler.Requests.Count);
        foreach (var request in handler.Requests)
        {
            var image = (await request.ReadPartsAsync()).Single(p => p.Name == "image");
            Assert.Equal(System.IO.File.ReadAllBytes(path), image.Bytes);
            Assert.Equal("photo.png", image.FileName);
            Assert.Equal("image/png", image.ContentType);
        }
    }

    [Fact]
    public async Task A_file_that_changes_size_after_it_was_checked_is_not_sent()
    {
        var path = File(10_000);
        var prepared = await RequestValidator.PrepareAsync(new RemixRequest(ImageInput.FromFile(path), "fox"),
            ProviderRegistry.Get(IdeogramProvider.Ideogram).Profile, UnsupportedParameterBehavior.Strict, CancellationToken.None);
        System.IO.File.WriteAllBytes(path, CoreKit.Png(20_000));
        using var content = new FileUploadContent(prepared.Image!.FilePath!, prepared.Image.FileLength);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(Stream.Null));

        Assert.Contains("changed size", (e.InnerException ?? e).Message, StringComparison.Ordinal);
    }

    /// <summary>A body that does not say how long it is (chunked).</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(4096)]
    [InlineData(70_000)]
    public async Task An_answer_without_a_declared_length_is_read_whole(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        var read = await Downloader.ReadBoundedAsync(new UnsizedContent(bytes), 100_000, CancellationToken.None);

        Assert.Equal(bytes, read);
    }

    [Fact]
    public async Task An_answer_without_a_declared_length_is_held_to_the_limit()
    {
        await Assert.ThrowsAsync<IdeogramException>(async () =>
            await Downloader.ReadBoundedAsync(new UnsizedContent(new byte[5_000]), 4_999, CancellationToken.None));
    }

    [Fact]
    public async Task An_answer_that_declares_more_than_the_limit_is_refused_before_reading()
    {
        using var content = new ByteArrayContent(new byte[5_000]);

        await Assert.ThrowsAsync<IdeogramException>(async () => await Downloader.ReadBoundedAsync(content, 4_999, CancellationToken.None));
    }
}
