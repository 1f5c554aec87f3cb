using System.Diagnostics;
using System.Globalization;

namespace Ideogram.Sdk.Benchmarks.Measure;

/// <summary>
/// The in-memory scenarios again, measured the way a shared machine allows: SDK and hand-written in interleaved rounds
/// (order alternating), each round a batch of calls on one thread, timed by wall clock and by this process's CPU time;
/// medians over rounds. BenchmarkDotNet runs one benchmark after the other, so load that comes and goes between them
/// moves its time ratios; this run moves both contenders together.
/// </summary>
internal static class InterleavedRun
{
    public static void Run(string[] args, Report report)
    {
        var rounds = Commands.Option(args, "--rounds", 9);
        var verbose = args.Contains("--verbose");
        var warmup = TimeSpan.FromMilliseconds(Commands.Option(args, "--warmup-ms", 1500));
        var bench = new InMemoryBenchmarks();
        bench.Setup();
        try
        {
            var scenarios = new (string Name, int Calls, Func<Task> Hand, Func<Task> Sdk)[]
            {
                ("Ideogram generate", 4000, bench.IdeogramGenerateHand, bench.IdeogramGenerateSdk),
                ("Ideogram remix 64 KB", 4000, bench.Remix64KbHand, bench.Remix64KbSdk),
                ("Ideogram remix 10 MB", 60, bench.Remix10MbHand, bench.Remix10MbSdk),
                ("Runware JSON", 4000, bench.RunwareHand, bench.RunwareSdk),
                ("Segmind JSON", 4000, bench.SegmindHand, bench.SegmindSdk),
                ("Runflow submit + poll", 3000, bench.RunflowHand, bench.RunflowSdk),
            };
            Console.WriteLine($"in-memory, interleaved: {rounds} rounds per scenario, one thread, {warmup.TotalSeconds:F1} s warm-up per contender");
            var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
            foreach (var (name, calls, hand, sdk) in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                // Until tiered compilation has reached its optimized, profile-guided code for both: the SDK runs through
                // many more methods (and generic instantiations) than the hand-written call, and the JIT recompiles them
                // in the background for seconds; measured before that ends, a round's CPU time includes the JIT's.
                var jitted = WarmUp(hand, sdk, warmup);
                if (verbose)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    warm-up: {jitted.Elapsed.TotalSeconds:F1} s, {jitted.Methods} methods compiled"));
                }

                var results = new Dictionary<string, List<(double Wall, double Cpu, double Bytes)>> { ["SDK"] = [], ["hand"] = [] };
                for (var r = 0; r < rounds; r++)
                {
                    var order = r % 2 == 0 ? new[] { ("SDK", sdk), ("hand", hand) } : [("hand", hand), ("SDK", sdk)];
                    foreach (var (who, call) in order)
                    {
                        var gcs = GC.CollectionCount(0);
                        var batch = Batch(call, calls);
                        results[who].Add(batch);
                        if (verbose)
                        {
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {r + 1} {who,-4} {batch.Wall,7:F1} µs wall {batch.Cpu,7:F1} µs CPU {batch.Bytes,8:F0} B, {GC.CollectionCount(0) - gcs} gen0 GCs"));
                        }
                    }
                }

                var (s, h) = (results["SDK"], results["hand"]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: SDK {Stats.Median(s.Select(x => x.Wall)):F1} µs wall, {Stats.Median(s.Select(x => x.Cpu)):F1} µs CPU, {Stats.Median(s.Select(x => x.Bytes)):F0} B; hand-written {Stats.Median(h.Select(x => x.Wall)):F1} µs wall, {Stats.Median(h.Select(x => x.Cpu)):F1} µs CPU, {Stats.Median(h.Select(x => x.Bytes)):F0} B"));
                var target = name.StartsWith("Runflow", StringComparison.Ordinal) ? "" : "≤ 1.15×";
                report.Add("in-memory, interleaved: " + name, "time per call", Stats.Median(s.Select(x => x.Wall)), Stats.Median(h.Select(x => x.Wall)), "us", target, Stats.Range(s.Zip(h, (a, b) => a.Wall / b.Wall)));
                report.Add("in-memory, interleaved: " + name, "allocated per call", Stats.Median(s.Select(x => x.Bytes)), Stats.Median(h.Select(x => x.Bytes)), "bytes", target.Length > 0 ? "≤ 1.3×" : "");
                report.Add("in-memory, interleaved: " + name, "CPU per call", Stats.Median(s.Select(x => x.Cpu)), Stats.Median(h.Select(x => x.Cpu)), "us", target, Stats.Range(s.Zip(h, (a, b) => a.Cpu / b.Cpu)));
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>
    /// Runs both contenders in turn for at least <paramref name="minimum"/>, then until no method has been compiled for
    /// half a second (at most 30 s).
    /// </summary>
    private static (TimeSpan Elapsed, long Methods) WarmUp(Func<Task> hand, Func<Task> sdk, TimeSpan minimum)
    {
        var clock = Stopwatch.StartNew();
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        var count = start;
        var quietSince = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Batch(hand, 50);
            Batch(sdk, 50);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != count)
            {
                (count, quietSince) = (now, clock.Elapsed);
            }
            else if (clock.Elapsed >= minimum && clock.Elapsed - quietSince >= TimeSpan.FromMilliseconds(500))
            {
                break;
            }
        }

        return (clock.Elapsed, count - start);
    }

    private static (double Wall, double Cpu, double Bytes) Batch(Func<Task> call, int calls)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: false);
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            call().GetAwaiter().GetResult();
        }

        var (wall, used) = (clock.Elapsed.TotalMicroseconds / calls, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / calls);
        return (wall, used, (double)(GC.GetTotalAllocatedBytes(precise: false) - bytes) / calls);
    }
}
