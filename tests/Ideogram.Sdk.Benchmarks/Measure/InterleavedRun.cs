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
            Console.WriteLine($"in-memory, interleaved: {rounds} rounds per scenario, one thread");
            foreach (var (name, calls, hand, sdk) in scenarios)
            {
                Batch(hand, calls / 4);
                Batch(sdk, calls / 4);
                var results = new Dictionary<string, List<(double Wall, double Cpu)>> { ["SDK"] = [], ["hand"] = [] };
                for (var r = 0; r < rounds; r++)
                {
                    var order = r % 2 == 0 ? new[] { ("SDK", sdk), ("hand", hand) } : [("hand", hand), ("SDK", sdk)];
                    foreach (var (who, call) in order)
                    {
                        results[who].Add(Batch(call, calls));
                    }
                }

                var (s, h) = (results["SDK"], results["hand"]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: SDK {Stats.Median(s.Select(x => x.Wall)):F1} µs wall, {Stats.Median(s.Select(x => x.Cpu)):F1} µs CPU; hand-written {Stats.Median(h.Select(x => x.Wall)):F1} µs wall, {Stats.Median(h.Select(x => x.Cpu)):F1} µs CPU"));
                var target = name.StartsWith("Runflow", StringComparison.Ordinal) ? "" : "≤ 1.15×";
                report.Add("in-memory, interleaved: " + name, "time per call", Stats.Median(s.Select(x => x.Wall)), Stats.Median(h.Select(x => x.Wall)), "us", target, Stats.Range(s.Zip(h, (a, b) => a.Wall / b.Wall)));
                report.Add("in-memory, interleaved: " + name, "CPU per call", Stats.Median(s.Select(x => x.Cpu)), Stats.Median(h.Select(x => x.Cpu)), "us", target, Stats.Range(s.Zip(h, (a, b) => a.Cpu / b.Cpu)));
            }
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static (double Wall, double Cpu) Batch(Func<Task> call, int calls)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            call().GetAwaiter().GetResult();
        }

        return (clock.Elapsed.TotalMicroseconds / calls, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / calls);
    }
}
