using System.Diagnostics;
using System.Globalization;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.Benchmarks;

/// <summary>
/// A bounded loopback load run: the emulator on 127.0.0.1, the real client over real HTTP, a fixed number of
/// generate calls at a fixed concurrency. Prints throughput, latency percentiles and allocations per call.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = IdeogramProvider.Ideogram;
        int requests = 2000, concurrency = 16;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--provider": provider = Enum.Parse<IdeogramProvider>(args[i + 1], ignoreCase: true); break;
                case "--requests": requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }

        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions()).ConfigureAwait(false);
        var emulated = Enum.Parse<EmulatedProvider>(provider.ToString());
        using var client = new IdeogramClient(new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = "load",
            BaseAddress = emulator.BaseAddress(emulated),
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(10) },
        });

        // Warm up connections and JIT, then measure.
        for (var i = 0; i < 50; i++)
        {
            await client.GenerateAsync(Request(i)).ConfigureAwait(false);
        }

        var latencies = new double[requests];
        var next = -1;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await client.GenerateAsync(Request(index)).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        total.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {requests} generate calls, concurrency {concurrency}, {total.Elapsed.TotalSeconds:F2} s, " +
            $"{requests / total.Elapsed.TotalSeconds:F0} calls/s, latency p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms, " +
            $"max {latencies[^1]:F2} ms; {allocated / requests / 1024.0:F1} KB allocated per call (client and in-process emulator together)"));
        return 0;
    }

    private static GenerateRequest Request(int i) => new("load test poster " + i.ToString(CultureInfo.InvariantCulture))
    {
        AspectRatio = AspectRatio.Ratio1x1,
        RenderingSpeed = RenderingSpeed.Turbo,
        Seed = 1000 + i,
    };
}
