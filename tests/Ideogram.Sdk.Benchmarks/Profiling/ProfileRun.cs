using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ideogram.Sdk.Benchmarks.Baseline;
using Ideogram.Sdk.Benchmarks.Loopback;
using Ideogram.Sdk.Benchmarks.Wire;

namespace Ideogram.Sdk.Benchmarks.Profiling;

/// <summary>
/// Where the SDK's time and bytes go in the in-memory generate loop, next to the hand-written floor:
/// (1) an exact split of each call's allocations (and its time) into before / in / after the transport, for the SDK,
/// the SDK without its retry strategy (<c>MaxRetries = 0</c>), the SDK without its resilience handler (given a plain
/// <see cref="HttpClient"/>), and the hand-written call; (2) an EventPipe trace of each loop (allocation ticks by type
/// and allocating method, CPU samples by method), run in a child process with ReadyToRun off so every frame,
/// framework code included, is JIT-compiled and has a name.
/// </summary>
internal static class ProfileRun
{
    private const string ChildVariable = "IDEOGRAM_BENCH_PROFILE_CHILD";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "loop")
        {
            return Loop(args[1..]);
        }

        if (Environment.GetEnvironmentVariable(ChildVariable) is null)
        {
            return await RelaunchAsync(args).ConfigureAwait(false);
        }

        var calls = Commands.Option(args, "--calls", 20000);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Profile of the in-memory Ideogram generate loop ({calls} calls per variant, {DateTime.UtcNow:yyyy-MM-dd} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, ReadyToRun off)");
        text.AppendLine();
        text.Append(Stages(calls));
        text.AppendLine();
        var traced = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() is { } named && Enum.TryParse<IdeogramProvider>(named, ignoreCase: true, out var provider)
            && provider != IdeogramProvider.Ideogram
            ? JsonLoops(provider)
            : Loops();
        text.Append(await Traces.RunAsync(Commands.Option(args, "--trace-calls", calls * 5), traced).ConfigureAwait(false));
        var report = text.ToString();
        Console.WriteLine(report);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "profile.md");
        await File.WriteAllTextAsync(path, report).ConfigureAwait(false);
        Console.WriteLine($"(written to {Path.GetFullPath(path)})");
        return 0;
    }

    /// <summary>
    /// <c>profile loop sdk|hand [ideogram|segmind|runware|runflow] [--seconds S]</c>: only one in-memory generate loop (Ideogram's
    /// by default), for an outside profiler, for example
    /// <c>DOTNET_PerfMapEnabled=1 perf record -F 2000 -g -- dotnet Ideogram.Sdk.Benchmarks.dll profile loop sdk</c>.
    /// </summary>
    private static int Loop(string[] args)
    {
        var seconds = Commands.Option(args, "--seconds", 15);
        var provider = args.Length > 1 && Enum.TryParse<IdeogramProvider>(args[1], ignoreCase: true, out var named) ? named : IdeogramProvider.Ideogram;
        var loops = provider == IdeogramProvider.Ideogram ? Loops() : JsonLoops(provider);
        var (name, call, owner) = loops[args.Length > 0 && args[0] == "hand" ? 1 : 0];
        using (owner)
        {
            var clock = Stopwatch.StartNew();
            long calls = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (var i = 0; i < 1000; i++)
                {
                    call();
                }

                calls += 1000;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {calls} calls in {clock.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalMicroseconds / calls:F2} µs per call"));
        }

        foreach (var (_, _, other) in loops)
        {
            other.Dispose();
        }

        return 0;
    }

    /// <summary>The traced loops: one call each, run synchronously on the loop's thread (the in-memory transport completes at once).</summary>
    private static List<(string Name, Action Call, IDisposable Owner)> Loops()
    {
        var baseAddress = new Uri("https://provider.bench/");
        var sdkTransport = new InMemoryProvider();
        var sdk = Scenarios.Sdk(IdeogramProvider.Ideogram, sdkTransport, baseAddress);
        var handTransport = new InMemoryProvider();
        var http = Scenarios.Hand(IdeogramProvider.Ideogram, handTransport, baseAddress);
        var hand = new HandIdeogram(http);
        return
        [
            ("SDK", () => sdk.GenerateAsync(Scenarios.IdeogramGenerate()).GetAwaiter().GetResult(), sdk),
            ("hand-written", () => hand.GenerateAsync(Scenarios.Prompt).GetAwaiter().GetResult(), http),
        ];
    }

    /// <summary>The loops of a JSON provider's generate call (Segmind, Runware).</summary>
    private static List<(string Name, Action Call, IDisposable Owner)> JsonLoops(IdeogramProvider provider)
    {
        var baseAddress = new Uri("https://provider.bench/");
        var sdkTransport = new InMemoryProvider();
        var sdk = Scenarios.Sdk(provider, sdkTransport, baseAddress);
        var handTransport = new InMemoryProvider();
        var http = Scenarios.Hand(provider, handTransport, baseAddress);
        Func<Task> hand = provider switch
        {
            IdeogramProvider.Segmind => () => new HandSegmind(http).GenerateAsync(Scenarios.Prompt),
            IdeogramProvider.Runware => () => new HandRunware(http).GenerateAsync(Scenarios.Prompt),
            IdeogramProvider.Runflow => () => new HandRunflow(http).GenerateAsync(Scenarios.Prompt),
            _ => throw new ArgumentException($"No JSON loop for {provider}.", nameof(provider)),
        };
        return
        [
            ("SDK", () => sdk.GenerateAsync(Scenarios.JsonGenerate()).GetAwaiter().GetResult(), sdk),
            ("hand-written", () => hand().GetAwaiter().GetResult(), http),
        ];
    }

    private static string Stages(int calls)
    {
        var baseAddress = new Uri("https://provider.bench/");
        var rows = new List<(string Name, double Before, double In, double After, double Total, double BeforeUs, double InUs, double AfterUs, double TotalUs, int Hops)>();
        foreach (var variant in new[] { "hand-written", "SDK", "SDK, MaxRetries = 0", "SDK without its resilience handler" })
        {
            using var transport = new InMemoryProvider();
            using var probe = new StageProbe(transport);
            Func<Task> call;
            IDisposable owner;
            switch (variant)
            {
                case "hand-written":
                    var http = Scenarios.Hand(IdeogramProvider.Ideogram, probe, baseAddress);
                    var hand = new HandIdeogram(http);
                    (call, owner) = (() => hand.GenerateAsync(Scenarios.Prompt), http);
                    break;
                case "SDK without its resilience handler":
                    var plain = new HttpClient(probe, disposeHandler: false);
                    var bare = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = baseAddress }, plain);
                    (call, owner) = (() => bare.GenerateAsync(Scenarios.IdeogramGenerate()), plain);
                    break;
                default:
                    var sdk = new IdeogramClient(new IdeogramClientOptions { ApiKey = Scenarios.ApiKey, BaseAddress = baseAddress, MaxRetries = variant == "SDK" ? 2 : 0 }, probe);
                    (call, owner) = (() => sdk.GenerateAsync(Scenarios.IdeogramGenerate()), sdk);
                    break;
            }

            using (owner)
            {
                for (var i = 0; i < 2000; i++)
                {
                    call().GetAwaiter().GetResult();
                }

                double before = 0, inside = 0, after = 0, beforeTicks = 0, insideTicks = 0, afterTicks = 0;
                for (var i = 0; i < calls; i++)
                {
                    var thread = Environment.CurrentManagedThreadId;
                    var startTicks = Stopwatch.GetTimestamp();
                    var start = GC.GetAllocatedBytesForCurrentThread();
                    call().GetAwaiter().GetResult();
                    var end = GC.GetAllocatedBytesForCurrentThread();
                    var endTicks = Stopwatch.GetTimestamp();
                    if (probe.ThreadId != thread)
                    {
                        probe.Hops++;
                    }

                    before += probe.EnterBytes - start;
                    inside += probe.ExitBytes - probe.EnterBytes;
                    after += end - probe.ExitBytes;
                    beforeTicks += probe.EnterTicks - startTicks;
                    insideTicks += probe.ExitTicks - probe.EnterTicks;
                    afterTicks += endTicks - probe.ExitTicks;
                }

                double Us(double ticks) => ticks * 1_000_000 / Stopwatch.Frequency / calls;
                rows.Add((variant, before / calls, inside / calls, after / calls, (before + inside + after) / calls,
                    Us(beforeTicks), Us(insideTicks), Us(afterTicks), Us(beforeTicks + insideTicks + afterTicks), probe.Hops));
            }
        }

        var text = new StringBuilder();
        text.AppendLine("## Per call, split at the transport (exact bytes; time is a mean over the loop, noisy on a shared machine)");
        text.AppendLine();
        text.AppendLine("| variant | bytes before the transport | in the transport | after it | total | µs before | µs in | µs after | µs total | calls that hopped threads |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Before:F0} | {r.In:F0} | {r.After:F0} | {r.Total:F0} | {r.BeforeUs:F2} | {r.InUs:F2} | {r.AfterUs:F2} | {r.TotalUs:F2} | {r.Hops} |");
        }

        return text.ToString();
    }

    private static async Task<int> RelaunchAsync(string[] args)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        start.ArgumentList.Add("profile");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[ChildVariable] = "1";
        start.Environment["DOTNET_ReadyToRun"] = "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the profiling process.");
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }
}
