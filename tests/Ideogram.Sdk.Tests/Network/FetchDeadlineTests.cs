using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Network;

/// <summary>
/// What the SDK fetches on its own (result downloads, URL inputs for upload-only providers) cannot hang on a host that
/// sends its headers and then stalls: reads have an idle deadline (AttemptTimeout) and the fetch a total one
/// (TotalTimeout), both on the client's clock. Real loopback sockets, fake clock.
/// </summary>
public sealed class FetchDeadlineTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Total = TimeSpan.FromMinutes(5);

    /// <summary>Real-time guard so a regression fails instead of hanging the suite.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>A client with a 1-minute idle deadline; the total one is an hour unless a test is about it.</summary>
    private static (IdeogramClient Client, FakeTimeProvider Time) Client(Uri? baseAddress = null, TimeSpan? total = null)
    {
        var time = new FakeTimeProvider();
        var client = new IdeogramClient(new IdeogramClientOptions
        {
            ApiKey = CoreKit.Key,
            BaseAddress = baseAddress,
            MaxRetries = 0,
            AttemptTimeout = Idle,
            TotalTimeout = total ?? TimeSpan.FromHours(1),
            TimeProvider = time,
            AllowPrivateNetworkInputs = true,
        });
        return (client, time);
    }

    /// <summary>Headers announcing 1000 bytes, 16 of them, then silence until the test ends.</summary>
    private static LoopbackServer Stalling(TaskCompletionSource? sent = null) => LoopbackServer.Start(async (_, s, ct) =>
    {
        await LoopbackServer.WriteHeadAsync(s, 200, 1000, "image/png");
        await s.WriteAsync(CoreKit.Png(16), ct);
        await s.FlushAsync(ct);
        sent?.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>
    /// Moves the fake clock on by the idle deadline until <paramref name="task"/> ends (bounded by <see cref="Guard"/>).
    /// The request was answered, so its attempt timeout or, once the body is being read, the idle deadline is armed:
    /// either way the host has sent nothing for that long. A short real-time wait between steps lets the loopback I/O move
    /// on (the test cannot see the client park in its socket read).
    /// </summary>
    private static async Task DriveAsync(FakeTimeProvider time, Task task)
    {
        for (var i = 0; i < Guard.TotalMilliseconds / 50 && !task.IsCompleted; i++)
        {
            time.Advance(Idle);
            await Task.WhenAny(task, Task.Delay(50));
        }
    }

    [Fact]
    public async Task A_download_whose_host_stalls_after_the_headers_fails_after_the_idle_deadline()
    {
        await using var host = Stalling();
        var (client, time) = Client();
        using var _ = client;
        var sink = new SignalingStream();

        var download = client.DownloadAsync(new GeneratedImage { Url = host.Url("a.png") }, sink);
        Assert.True(await sink.Written.WaitAsync(Guard));   // the first bytes arrived: the client reads on, into the silence
        time.Advance(Idle);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => download.WaitAsync(Guard));
        Assert.Contains("no data arrived for 00:01:00", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsRetryable);
        Assert.False(e.MayHaveCharged);
    }

    [Fact]
    public async Task A_download_to_a_file_whose_host_stalls_fails_and_leaves_no_file()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = Stalling(sent);
        var (client, time) = Client();
        using var _ = client;
        var directory = Directory.CreateTempSubdirectory("ideogram-stall-");
        try
        {
            var path = Path.Combine(directory.FullName, "out.png");
            var download = client.DownloadAsync(new GeneratedImage { Url = host.Url("a.png") }, path);
            await sent.Task.WaitAsync(Guard);
            await DriveAsync(time, download);

            var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => download.WaitAsync(Guard));
            Assert.True(e.Message.Contains("no data arrived", StringComparison.Ordinal), e.Message);
            Assert.Empty(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_download_that_trickles_forever_fails_at_the_total_deadline()
    {
        var more = new SemaphoreSlim(0);
        await using var host = LoopbackServer.Start(async (_, s, ct) =>
        {
            await LoopbackServer.WriteHeadAsync(s, 200, 1_000_000, "image/png");
            while (true)
            {
                await s.WriteAsync(new byte[] { 1 }, ct);
                await s.FlushAsync(ct);
                await more.WaitAsync(ct);
            }
        });
        var (client, time) = Client(total: Total);
        using var _ = client;
        var sink = new SignalingStream();

        var download = client.DownloadAsync(new GeneratedImage { Url = host.Url("slow.png") }, sink);
        for (var i = 0; i < 20 && !download.IsCompleted; i++)
        {
            // A byte every 40 s never trips the 1-minute idle deadline; the 5-minute total one ends it.
            await Task.WhenAny(download, sink.Written.WaitAsync(Guard));
            time.Advance(TimeSpan.FromSeconds(40));
            more.Release();
        }

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => download.WaitAsync(Guard));
        Assert.Contains("total timeout of 00:05:00", e.Message, StringComparison.Ordinal);
        Assert.InRange(sink.Length, 5, 9);
    }

    [Fact]
    public async Task A_url_input_whose_host_stalls_fails_before_anything_is_sent_to_the_provider()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var images = Stalling(sent);
        await using var provider = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, CoreKit.GenerateJson));
        var (client, time) = Client(provider.BaseAddress);
        using var _ = client;

        var remix = client.RemixAsync(new RemixRequest(ImageInput.FromUrl(images.Url("in.png")), "a fox"));
        await sent.Task.WaitAsync(Guard);
        await DriveAsync(time, remix);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => remix.WaitAsync(Guard));
        Assert.Contains("Image could not be fetched", e.Message, StringComparison.Ordinal);
        Assert.Contains("no data arrived for 00:01:00", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent to Ideogram", e.Message, StringComparison.Ordinal);
        Assert.Equal(SubmissionState.NotSent, e.Submission);
        Assert.Equal(0, provider.Connections);
    }

    /// <summary>A memory stream that signals each write, so a test knows the body is flowing.</summary>
    private sealed class SignalingStream : MemoryStream
    {
        public SemaphoreSlim Written { get; } = new(0);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteAsync(buffer, cancellationToken);
            Written.Release();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
