using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ideogram.Sdk.Benchmarks.Measure;

/// <summary>Runs <see cref="InMemoryBenchmarks"/> and adds each category's SDK figures, as ratios to its hand-written baseline, to the report.</summary>
internal static class InMemoryRun
{
    public static void Run(string[] args, Report report)
    {
        var full = args.Contains("--full");
        var rest = args.Where(a => a != "--full").ToArray();

        // In-process (no generated project to build on a busy machine); 10 measured iterations of ~0.5 s each. --full
        // uses BenchmarkDotNet's default job (a separate process, more iterations).
        var job = full
            ? Job.Default
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess");
        var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = rest.Length > 0
            ? BenchmarkSwitcher.FromTypes([typeof(InMemoryBenchmarks)]).Run(rest, config)
            : [BenchmarkRunner.Run<InMemoryBenchmarks>(config)];
        foreach (var summary in summaries)
        {
            AddRatios(summary, report);
        }
    }

    private static void AddRatios(Summary summary, Report report)
    {
        var byCategory = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .GroupBy(r => r.BenchmarkCase.Descriptor.Categories.FirstOrDefault() ?? "?");
        foreach (var group in byCategory)
        {
            var hand = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
            var sdk = group.FirstOrDefault(r => !r.BenchmarkCase.Descriptor.Baseline);
            if (hand is null || sdk is null)
            {
                continue;
            }

            var name = "in-memory: " + group.Key;
            var target = group.Key.StartsWith("Ideogram", StringComparison.Ordinal) || group.Key.EndsWith("JSON", StringComparison.Ordinal);
            report.Add(name, "time per call (median)", sdk.ResultStatistics!.Median / 1000, hand.ResultStatistics!.Median / 1000, "us", target ? "≤ 1.15×" : "");
            report.Add(name, "allocated per call", Allocated(sdk), Allocated(hand), "bytes", target ? "≤ 1.3×" : "");
        }
    }

    private static double Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;
}
