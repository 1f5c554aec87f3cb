using System.Buffers;
using System.Globalization;
using Ideogram.Sdk.Benchmarks.Baseline;
using Ideogram.Sdk.Benchmarks.Measure;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>
/// Large bodies over loopback to <see cref="BenchServer"/>: a 10 MB remix upload (from the caller's buffer and from a
/// file) and image downloads of 1 MB and 64 MB (to a stream and to a file), SDK and hand-written interleaved. Per call:
/// client bytes allocated and the peak managed heap above what was live before the call.
/// </summary>
internal static class LargeBodies
{
    private const int UploadSize = 10 * 1024 * 1024;

    public static async Task UploadAsync(string[] args, Report report)
    {
        var rounds = Commands.Option(args, "--large-rounds", 8);
        using var server = await ChildProcess.StartAsync("serve").ConfigureAwait(false);
        var address = server.Addresses["server"];
        using var sdk = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = address });
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        using var http = Scenarios.Hand(IdeogramProvider.Ideogram, handler, address);
        var hand = new HandIdeogram(http);
        var image = Scenarios.Image(UploadSize);
        var file = Path.Combine(Path.GetTempPath(), $"ideogram-bench-{Environment.ProcessId}.png");
        await File.WriteAllBytesAsync(file, image).ConfigureAwait(false);
        try
        {
            await CompareAsync(report, "10 MB remix upload from a byte[]", rounds,
                () => sdk.RemixAsync(Scenarios.Remix(ImageInput.FromBytes(image, "in.png"))),
                () => hand.RemixAsync(image),
                "≤ 1.3× / ≤ 1.1×").ConfigureAwait(false);
            await CompareAsync(report, "10 MB remix upload from a file", rounds,
                () => sdk.RemixAsync(Scenarios.Remix(ImageInput.FromFile(file))),
                () => hand.RemixFileAsync(file),
                "").ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task DownloadAsync(string[] args, Report report)
    {
        var rounds = Commands.Option(args, "--large-rounds", 6);
        using var server = await ChildProcess.StartAsync("serve").ConfigureAwait(false);
        var address = server.Addresses["server"];
        using var sdk = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = address, AllowPrivateNetworkInputs = true });
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(3) };
        var target = Path.Combine(Path.GetTempPath(), $"ideogram-bench-{Environment.ProcessId}.download.png");
        try
        {
            foreach (var size in new[] { 1L * 1024 * 1024, 64L * 1024 * 1024 })
            {
                var url = new Uri(address, "images/" + size.ToString(CultureInfo.InvariantCulture));
                var image = IdeogramModelFactory.GeneratedImage(url);
                var label = size >= 1024 * 1024 * 1024 ? $"{size >> 30} GB" : $"{size >> 20} MB";
                await CompareAsync(report, $"DownloadAsync {label} to a stream", rounds,
                    async () => Check(await sdk.DownloadAsync(image, new CountingStream()).ConfigureAwait(false), size),
                    async () => Check(await HandDownloadAsync(http, url, new CountingStream()).ConfigureAwait(false), size),
                    "bounded by the buffer").ConfigureAwait(false);
                await CompareAsync(report, $"DownloadAsync {label} to a file", rounds,
                    async () => Check(await sdk.DownloadAsync(image, target).ConfigureAwait(false), size),
                    async () =>
                    {
                        var stream = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                        await using (stream.ConfigureAwait(false))
                        {
                            Check(await HandDownloadAsync(http, url, stream).ConfigureAwait(false), size);
                        }
                    },
                    "bounded by the buffer").ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(target);
        }

        report.Note("Large bodies: per call, client bytes allocated (`GC.GetTotalAllocatedBytes(true)` delta) and the peak managed heap above the heap live before the call " +
            "(a sampling thread reading `GC.GetTotalMemory(false)`, which counts garbage not yet collected too); medians over interleaved rounds. " +
            "A download whose allocation stays flat from 1 MB to 64 MB is bounded by its buffer (81,920 bytes, pooled, in both contenders).");
    }

    /// <summary>The hand-written download: status checked, size capped, copied through one pooled buffer.</summary>
    private static async Task<long> HandDownloadAsync(HttpClient http, Uri url, Stream destination)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        const long max = 64L * 1024 * 1024;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new InvalidDataException("Too large.");
        }

        var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > max)
                    {
                        throw new InvalidDataException("Too large.");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void Check(long written, long expected)
    {
        if (written != expected)
        {
            throw new InvalidOperationException($"Downloaded {written} bytes, expected {expected}.");
        }
    }

    private static async Task CompareAsync(Report report, string scenario, int rounds, Func<Task> sdk, Func<Task> hand, string target)
    {
        await sdk().ConfigureAwait(false);
        await hand().ConfigureAwait(false);
        var results = new Dictionary<string, List<(double Allocated, double Peak)>> { ["SDK"] = [], ["hand-written"] = [] };
        for (var r = 0; r < rounds; r++)
        {
            var order = r % 2 == 0 ? new[] { ("SDK", sdk), ("hand-written", hand) } : [("hand-written", hand), ("SDK", sdk)];
            foreach (var (name, call) in order)
            {
                using var sampler = HeapSampler.Start();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await call().ConfigureAwait(false);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                results[name].Add((allocated, sampler.Stop()));
            }
        }

        var s = results["SDK"];
        var h = results["hand-written"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {scenario}: SDK allocated {Report.Format(Stats.Median(s.Select(x => x.Allocated)), "bytes")}, peak {Report.Format(Stats.Median(s.Select(x => x.Peak)), "bytes")}; " +
            $"hand-written allocated {Report.Format(Stats.Median(h.Select(x => x.Allocated)), "bytes")}, peak {Report.Format(Stats.Median(h.Select(x => x.Peak)), "bytes")}"));
        var split = target.Split(" / ");
        report.Add(scenario, "allocated per call", Stats.Median(s.Select(x => x.Allocated)), Stats.Median(h.Select(x => x.Allocated)), "bytes", split[0]);
        report.Add(scenario, "peak managed heap", Stats.Median(s.Select(x => x.Peak)), Stats.Median(h.Select(x => x.Peak)), "bytes", split.Length > 1 ? split[1] : split[0]);
    }

    /// <summary>A destination that keeps nothing: it counts bytes, so the heap shows only what the download itself holds.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
