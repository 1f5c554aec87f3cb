using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Ideogram.IdeogramTestKit;

namespace Ideogram.Sdk.Tests.Providers.Ideogram;

/// <summary>The job trio on a synchronous provider, and downloads.</summary>
public class IdeogramJobAndDownloadTests
{
    [Fact]
    public async Task Submit_on_a_synchronous_provider_returns_a_completed_job_that_survives_a_token()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response(2), r => r.Headers.Add("x-request-id", "req-1"));
        using var client = Client(handler);

        var job = await client.SubmitAsync(new GenerateRequest("x") { NumImages = 2 });

        Assert.True(job.IsCompleted);
        Assert.Equal("req-1", job.Id);
        var status = await client.PollAsync(job);
        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.True(status.IsTerminal);

        // Another client, sharing nothing but the token, gets the result without any request.
        var emptyHandler = new ScriptedHandler();
        using var other = Client(emptyHandler);
        var result = await other.WaitAsync(ImageJob.Parse(job.ToToken()));
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(job.Result!.Images[1].Url, result.Images[1].Url);
        Assert.Empty(emptyHandler.Requests);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancel_says_clearly_that_ideogram_has_no_cancel()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);
        var job = await client.SubmitAsync(new GenerateRequest("x"));

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => client.CancelAsync(job));
        Assert.Contains("Ideogram", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_of_another_provider_is_refused()
    {
        using var client = Client(new ScriptedHandler());
        var job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run-1", DateTimeOffset.UnixEpoch);

        await Assert.ThrowsAsync<ArgumentException>(() => client.PollAsync(job));
    }

    [Fact]
    public async Task Download_streams_the_image_to_a_file_without_the_api_key()
    {
        var png = TestImages.Png(5000);
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, V3Response())
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(png) });
        using var client = Client(handler, new DelayRecordingTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)) { AutoAdvanceDelays = true });
        var result = await client.GenerateAsync(new GenerateRequest("x"));
        var path = Path.Combine(Path.GetTempPath(), $"ideogram-dl-{Guid.NewGuid():N}", "poster.png");
        try
        {
            var written = await client.DownloadAsync(result.Images[0], path);

            Assert.Equal(png.Length, written);
            Assert.Equal(png, await File.ReadAllBytesAsync(path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.part-*"));
            Assert.False(handler.Requests[1].Headers.ContainsKey("Api-Key"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_expired_link_fails_before_any_request_and_a_403_reads_as_expired()
    {
        var handler = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var client = Client(handler, time);
        var expired = new GeneratedImage { Url = new Uri("https://ideogram.ai/api/images/ephemeral/a.png?exp=1782875452&sig=1"), ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1782875452) };

        var before = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(expired, Stream.Null));
        Assert.True(before.IsExpired);
        Assert.Empty(handler.Requests);

        var unknownExpiry = new GeneratedImage { Url = new Uri("https://ideogram.ai/api/images/ephemeral/b.png") };
        var after = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(unknownExpiry, Stream.Null));
        Assert.True(after.IsExpired);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.False(after.IsRetryable);
    }

    [Fact]
    public async Task A_download_over_the_size_cap_is_refused_and_leaves_no_file()
    {
        var handler = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[5000]) });
        using var client = Client(handler, configure: o => o.MaxDownloadBytes = 1000);
        var path = Path.Combine(Path.GetTempPath(), $"ideogram-cap-{Guid.NewGuid():N}.png");

        await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://cdn.example/big.png") }, path));

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".part-*"));
    }

    [Fact]
    public async Task Inline_data_is_written_without_a_request()
    {
        var handler = new ScriptedHandler();
        using var client = Client(handler);
        using var sink = new MemoryStream();

        var written = await client.DownloadAsync(new GeneratedImage { Data = new byte[] { 1, 2, 3 } }, sink);
        var fromDataUri = await client.DownloadAsync(new GeneratedImage { Url = new Uri("data:image/png;base64,BAUG") }, sink);

        Assert.Equal(3, written);
        Assert.Equal(3, fromDataUri);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, sink.ToArray());
        Assert.Empty(handler.Requests);
    }
}
