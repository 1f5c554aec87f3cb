using System.Diagnostics;
using System.Globalization;
using Ideogram.Sdk.Benchmarks.Baseline;
using Ideogram.Sdk.Benchmarks.Measure;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>
/// The loopback load run: Ideogram generate calls over real HTTP to <see cref="BenchServer"/> in its own process, SDK
/// and hand-written in interleaved rounds (the order alternates each round), at each concurrency. Per round and
/// contender: client CPU time per call (this process's user + system time; the server is another process), client
/// bytes allocated per call, calls/s, and p50/p99 latency. The table shows medians over rounds.
/// </summary>
internal static class LoadRun
{
    private sealed record Round(double CpuUsPerCall, double BytesPerCall, double CallsPerSecond, double P50Ms, double P99Ms, double WorkItemsPerCall, double GcPauseUsPerCall, int Gen0, int Gen1, double ContentionsPerCall, long JitMethods, double JitMs);

    public static async Task RunAsync(string[] args, Report report)
    {
        var calls = Commands.Option(args, "--calls", 2000);
        var rounds = Commands.Option(args, "--rounds", 7);
        var levels = Commands.Options(args, "--concurrency", [1, 16, 64]);
        using var server = await ChildProcess.StartAsync("serve").ConfigureAwait(false);
        var address = server.Addresses["server"];

        using var sdk = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = address });
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        using var http = Scenarios.Hand(IdeogramProvider.Ideogram, handler, address);
        var hand = new HandIdeogram(http);
        var contenders = new (string Name, Func<Task> Call)[]
        {
            ("SDK", () => sdk.GenerateAsync(Scenarios.IdeogramGenerate())),
            ("hand-written", () => hand.GenerateAsync(Scenarios.Prompt)),
        };

        // Variants of the SDK's set-up, to find what a difference comes from (diagnosis only; the report keeps the default).
        using var noRetry = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = address, MaxRetries = 0 });
        using var sameHandler = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = address }, handler);

        // A second hand-written client, the same code on its own connections: its figures against the first show how far
        // two identical contenders drift apart on this machine (the noise floor of every ratio).
        using var secondHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        using var secondHttp = Scenarios.Hand(IdeogramProvider.Ideogram, secondHandler, address);
        var secondHand = new HandIdeogram(secondHttp);
        if (Commands.Text(args, "--variants") is { } variants)
        {
            contenders = [.. contenders, .. variants.Split(',').Select(v => v switch
            {
                "noretry" => ("SDK-noretry", (Func<Task>)(() => noRetry.GenerateAsync(Scenarios.IdeogramGenerate()))),
                "handler" => ("SDK-handler", () => sameHandler.GenerateAsync(Scenarios.IdeogramGenerate())),
                "hand" => ("hand-again", () => secondHand.GenerateAsync(Scenarios.Prompt)),
                _ => throw new ArgumentException($"Unknown variant {v}."),
            })];
        }

        // One contender alone (for a profiler attached to this process): its rounds are printed, no ratio is reported.
        if (Commands.Text(args, "--only") is { } only)
        {
            var (name, call) = contenders.Single(c => c.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase));
            foreach (var concurrency in levels)
            {
                for (var r = 0; r < rounds; r++)
                {
                    var round = await BatchAsync(call, calls, concurrency).ConfigureAwait(false);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  c={concurrency,2} round {r + 1} {name,-12} {round.CpuUsPerCall,7:F1} µs CPU/call {round.BytesPerCall / 1024,6:F1} KB/call {round.CallsPerSecond,6:F0} calls/s"));
                }
            }

            return;
        }

        Console.WriteLine($"load: {calls} Ideogram generate calls per round and contender, {rounds} interleaved rounds, concurrency {string.Join(", ", levels)}; server pid separate");
        foreach (var concurrency in levels)
        {
            var warm = await WarmUpAsync(contenders, Math.Max(200, calls / 5), concurrency).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  c={concurrency,2} warm-up: {warm.Elapsed.TotalSeconds:F1} s, {warm.Methods} methods compiled"));
            var results = contenders.ToDictionary(c => c.Name, _ => new List<Round>());
            for (var r = 0; r < rounds; r++)
            {
                var order = r % 2 == 0 ? contenders : [.. contenders.Reverse()];
                foreach (var (name, call) in order)
                {
                    var round = await BatchAsync(call, calls, concurrency).ConfigureAwait(false);
                    results[name].Add(round);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  c={concurrency,2} round {r + 1} {name,-12} {round.CpuUsPerCall,7:F1} µs CPU/call {round.BytesPerCall / 1024,6:F1} KB/call {round.CallsPerSecond,6:F0} calls/s p50 {round.P50Ms,6:F2} ms p99 {round.P99Ms,6:F2} ms"));
                }
            }

            foreach (var (name, list) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  c={concurrency,2} median {name,-12} {Stats.Median(list.Select(x => x.CpuUsPerCall)),7:F1} µs CPU/call {Stats.Median(list.Select(x => x.CallsPerSecond)),6:F0} calls/s {Stats.Median(list.Select(x => x.WorkItemsPerCall)),5:F2} thread-pool items/call, GC pause {Stats.Median(list.Select(x => x.GcPauseUsPerCall)),5:F2} µs/call, gen0 {Stats.Median(list.Select(x => (double)x.Gen0))} gen1 {Stats.Median(list.Select(x => (double)x.Gen1))}, lock contentions {Stats.Median(list.Select(x => x.ContentionsPerCall)):F3}/call, JIT {list.Sum(x => x.JitMethods)} methods {list.Sum(x => x.JitMs):F0} ms over all rounds"));
            }

            var s = results["SDK"];
            var h = results["hand-written"];
            var scenario = $"loopback generate, concurrency {concurrency}";
            report.Add(scenario, "client CPU per call", Stats.Median(s.Select(x => x.CpuUsPerCall)), Stats.Median(h.Select(x => x.CpuUsPerCall)), "us", "≤ 1.10×", Stats.Range(s.Zip(h, (a, b) => a.CpuUsPerCall / b.CpuUsPerCall)));
            report.Add(scenario, "client allocated per call", Stats.Median(s.Select(x => x.BytesPerCall)), Stats.Median(h.Select(x => x.BytesPerCall)), "bytes", "≤ 1.25×", Stats.Range(s.Zip(h, (a, b) => a.BytesPerCall / b.BytesPerCall)));
            report.Add(scenario, "throughput", Stats.Median(s.Select(x => x.CallsPerSecond)), Stats.Median(h.Select(x => x.CallsPerSecond)), "/s", "≥ 0.95×", Stats.Range(s.Zip(h, (a, b) => a.CallsPerSecond / b.CallsPerSecond)));
            report.Add(scenario, "latency p50", Stats.Median(s.Select(x => x.P50Ms)), Stats.Median(h.Select(x => x.P50Ms)), "ms");
            report.Add(scenario, "latency p99", Stats.Median(s.Select(x => x.P99Ms)), Stats.Median(h.Select(x => x.P99Ms)), "ms", "", Stats.Range(s.Zip(h, (a, b) => a.P99Ms / b.P99Ms)));
        }

        report.Note(string.Create(CultureInfo.InvariantCulture,
            $"Loopback: {calls} calls per round and contender, {rounds} rounds interleaved (order alternating), medians over rounds; the bracket gives the lowest and highest per-round ratio. ") +
            "Client CPU is this process's user + system time (`Environment.CpuUsage`, the same counter as `Process.TotalProcessorTime` read through getrusage at µs resolution instead of /proc's 10 ms ticks); the server runs in a separate process. " +
            "Allocations are `GC.GetTotalAllocatedBytes(true)` deltas in the client process.");
    }

    /// <summary>
    /// Runs every contender in turn (at least <paramref name="calls"/> each) until tiered compilation has settled: no
    /// method compiled for a second (at most 60 s). The SDK runs through many more methods than the hand-written call,
    /// and the JIT recompiles them in the background for seconds; measured before that ends, a round's CPU time includes
    /// the JIT's (the first SDK rounds at twice the CPU of the later ones).
    /// </summary>
    private static async Task<(TimeSpan Elapsed, long Methods)> WarmUpAsync((string Name, Func<Task> Call)[] contenders, int calls, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        foreach (var (_, call) in contenders)
        {
            await BatchAsync(call, calls, concurrency).ConfigureAwait(false);
        }

        var (count, quietSince) = (System.Runtime.JitInfo.GetCompiledMethodCount(), clock.Elapsed);
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && clock.Elapsed - quietSince < TimeSpan.FromSeconds(1))
        {
            foreach (var (_, call) in contenders)
            {
                await BatchAsync(call, Math.Max(200, calls / 4), concurrency).ConfigureAwait(false);
            }

            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != count)
            {
                (count, quietSince) = (now, clock.Elapsed);
            }
        }

        return (clock.Elapsed, count - start);
    }

    private static async Task<Round> BatchAsync(Func<Task> call, int calls, int concurrency)
    {
        var latencies = new double[calls];
        var next = -1;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var pauseBefore = GC.GetTotalPauseDuration();
        var (gen0, gen1) = (GC.CollectionCount(0), GC.CollectionCount(1));
        var contentionsBefore = Monitor.LockContentionCount;
        var (jitBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var clock = Stopwatch.StartNew();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < calls)
                {
                    var started = Stopwatch.GetTimestamp();
                    await call().ConfigureAwait(false);
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        return new Round(
            cpu.TotalMicroseconds / calls,
            (double)allocated / calls,
            calls / clock.Elapsed.TotalSeconds,
            Stats.Percentile((double[])latencies.Clone(), 0.50),
            Stats.Percentile(latencies, 0.99),
            (double)(ThreadPool.CompletedWorkItemCount - workItemsBefore) / calls,
            (GC.GetTotalPauseDuration() - pauseBefore).TotalMicroseconds / calls,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            (double)(Monitor.LockContentionCount - contentionsBefore) / calls,
            System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore,
            (System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalMilliseconds);
    }
}
