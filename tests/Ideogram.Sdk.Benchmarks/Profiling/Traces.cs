using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Ideogram.Sdk.Benchmarks.Profiling;

/// <summary>
/// Traces a loop of calls in this process over EventPipe (the runtime's GC allocation ticks, one per ~100 KB allocated,
/// with the allocating stack; and the sample profiler's stacks, one per thread per millisecond), then reads the trace
/// with TraceEvent: bytes per call by type and by allocating method, CPU per call by method (inclusive and exclusive),
/// counting only stacks inside the loop.
/// </summary>
internal static class Traces
{
    private const string LoopFrame = "Traces.TracedLoop";

    private sealed class Loop
    {
        public required string Name { get; init; }

        public long Calls { get; init; }

        public double ExactBytesPerCall { get; init; }

        public double MicrosecondsPerCall { get; init; }

        public Dictionary<string, double> BytesByType { get; } = [];

        public Dictionary<string, double> BytesBySite { get; } = [];

        public Dictionary<string, int> Inclusive { get; } = [];

        public Dictionary<string, int> Exclusive { get; } = [];

        public int Samples { get; set; }

        public double TickBytes { get; set; }
    }

    public static async Task<string> RunAsync(int calls, List<(string Name, Action Call, IDisposable Owner)> loops)
    {
        var results = new List<Loop>();
        foreach (var (name, call, owner) in loops)
        {
            using (owner)
            {
                results.Add(await TraceAsync(name, call, calls).ConfigureAwait(false));
            }
        }

        return Render(results);
    }

    private static async Task<Loop> TraceAsync(string name, Action call, int calls)
    {
        for (var i = 0; i < 5000; i++)
        {
            call();
        }

        // Let tiering finish promoting the hot methods before tracing the steady state.
        await Task.Delay(500).ConfigureAwait(false);
        for (var i = 0; i < 5000; i++)
        {
            call();
        }

        var file = Path.Combine(Path.GetTempPath(), $"ideogram-bench-{Environment.ProcessId}-{name.Replace(' ', '-')}.nettrace");
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader);
        var providers = new[]
        {
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, keywords),
            new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        };
        var client = new DiagnosticsClient(Environment.ProcessId);
        double exact, micros;
        using (var session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 512))
        {
            var output = new FileStream(file, FileMode.Create, FileAccess.Write);
            var copy = session.EventStream.CopyToAsync(output);

            // The runtime's EventPipe session starts and flushes on its own (real) time: give it a moment at each end.
            await Task.Delay(200).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            TracedLoop(call, calls);
            exact = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / calls;
            micros = clock.Elapsed.TotalMicroseconds / calls;
            await Task.Delay(200).ConfigureAwait(false);
            session.Stop();
            await copy.ConfigureAwait(false);
            await output.DisposeAsync().ConfigureAwait(false);
        }

        var loop = new Loop { Name = name, Calls = calls, ExactBytesPerCall = exact, MicrosecondsPerCall = micros };
        var etlx = TraceLog.CreateFromEventPipeDataFile(file);
        try
        {
            using var log = new TraceLog(etlx);
            foreach (var e in log.Events)
            {
                if (e is GCAllocationTickTraceData tick)
                {
                    var frames = Frames(e.CallStack());
                    if (!frames.Contains(LoopFrame))
                    {
                        continue;
                    }

                    var amount = tick.AllocationAmount64;
                    loop.TickBytes += amount;
                    Add(loop.BytesByType, tick.TypeName, amount);
                    Add(loop.BytesBySite, $"{tick.TypeName} ← {Allocator(frames)} ← {Caller(frames)}", amount);
                }
                else if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler")
                {
                    var frames = Frames(e.CallStack());
                    var at = frames.IndexOf(LoopFrame);
                    if (at < 0)
                    {
                        continue;
                    }

                    loop.Samples++;
                    var inLoop = frames.Take(at).ToList();
                    if (inLoop.Count > 0)
                    {
                        loop.Exclusive[inLoop[0]] = loop.Exclusive.GetValueOrDefault(inLoop[0]) + 1;
                    }

                    foreach (var frame in inLoop.Distinct())
                    {
                        loop.Inclusive[frame] = loop.Inclusive.GetValueOrDefault(frame) + 1;
                    }
                }
            }
        }
        finally
        {
            File.Delete(file);
            File.Delete(etlx);
        }

        // Ticks sample every ~100 KB; scale their split to the exact bytes per call measured around the loop.
        var scale = loop.TickBytes == 0 ? 0 : exact * calls / loop.TickBytes;
        foreach (var key in loop.BytesByType.Keys.ToList())
        {
            loop.BytesByType[key] *= scale / calls;
        }

        foreach (var key in loop.BytesBySite.Keys.ToList())
        {
            loop.BytesBySite[key] *= scale / calls;
        }

        return loop;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TracedLoop(Action call, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            call();
        }
    }

    private static void Add(Dictionary<string, double> map, string key, double value) => map[key] = map.GetValueOrDefault(key) + value;

    /// <summary>The stack from the innermost frame outwards, as <c>Type.Method</c> names (namespaces kept for the SDK's and Polly's types).</summary>
    private static List<string> Frames(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (; stack is not null; stack = stack.Caller)
        {
            var name = stack.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(name))
            {
                name = "?!" + stack.CodeAddress.ModuleName;
            }

            frames.Add(Short(name));
        }

        return frames;
    }

    /// <summary>Method names without parameter lists; namespaces shortened except for the SDK's own.</summary>
    private static string Short(string name)
    {
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            name = name[..paren];
        }

        foreach (var prefix in new[] { "Ideogram.Sdk.Benchmarks.Profiling.", "Ideogram.Sdk.Benchmarks.", "System.Net.Http.", "System.Text.Json.", "System.Runtime.CompilerServices.", "System.Threading.Tasks.", "System.Collections.Generic.", "System." })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    /// <summary>The innermost frame that is not an allocation helper.</summary>
    private static string Allocator(List<string> frames) =>
        frames.FirstOrDefault(f => !f.StartsWith("?!", StringComparison.Ordinal) && !f.Contains("AllocateUninitialized", StringComparison.Ordinal) && !f.Contains("GCHeap", StringComparison.Ordinal)) ?? "?";

    /// <summary>The innermost frame in the SDK (or in the hand-written client), which says which line of ours caused the allocation.</summary>
    private static string Caller(List<string> frames) =>
        frames.FirstOrDefault(f => (f.StartsWith("Ideogram.Sdk.", StringComparison.Ordinal) || f.StartsWith("Baseline.", StringComparison.Ordinal) || f.StartsWith("Wire.", StringComparison.Ordinal)) && !f.Contains("AsyncStateMachineBox", StringComparison.Ordinal)) ?? "(outside)";

    private static string Render(List<Loop> loops)
    {
        var text = new StringBuilder();
        var sdk = loops[0];
        var hand = loops[^1];
        text.AppendLine(CultureInfo.InvariantCulture, $"## EventPipe trace: {sdk.Calls} calls per loop");
        text.AppendLine();
        foreach (var l in loops)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {l.Name}: {l.ExactBytesPerCall:F0} bytes and {l.MicrosecondsPerCall:F2} µs per call while traced; {l.TickBytes / l.Calls:F0} bytes per call seen by allocation ticks (scaled to the exact figure below); {l.Samples} CPU samples in the loop.");
        }

        text.AppendLine();
        text.AppendLine("### Bytes per call by type (allocation ticks, scaled to the exact total)");
        text.AppendLine();
        text.AppendLine("| type | SDK | hand-written | SDK − hand-written |");
        text.AppendLine("|---|---|---|---|");
        foreach (var type in sdk.BytesByType.Keys.Union(hand.BytesByType.Keys).OrderByDescending(t => sdk.BytesByType.GetValueOrDefault(t) - hand.BytesByType.GetValueOrDefault(t)).Take(30))
        {
            var (s, h) = (sdk.BytesByType.GetValueOrDefault(type), hand.BytesByType.GetValueOrDefault(type));
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{type}` | {s:F0} | {h:F0} | {s - h:+0;-0;0} |");
        }

        foreach (var l in loops)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {l.Name}: bytes per call by type ← allocating method ← nearest frame of ours (top 30)");
            text.AppendLine();
            text.AppendLine("| bytes/call | type ← allocator ← our call site |");
            text.AppendLine("|---|---|");
            foreach (var (site, bytes) in l.BytesBySite.OrderByDescending(p => p.Value).Take(30))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {bytes:F0} | `{site}` |");
            }
        }

        foreach (var l in loops)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {l.Name}: CPU per call by method, inclusive (top 40 of {l.Samples} samples; µs = share of samples × {l.MicrosecondsPerCall:F2} µs)");
            text.AppendLine();
            text.AppendLine("| µs/call inclusive | share | µs/call exclusive | method |");
            text.AppendLine("|---|---|---|---|");
            foreach (var (method, count) in l.Inclusive.OrderByDescending(p => p.Value).Take(40))
            {
                var share = (double)count / l.Samples;
                var exclusive = (double)l.Exclusive.GetValueOrDefault(method) / l.Samples;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {share * l.MicrosecondsPerCall:F2} | {share:P0} | {exclusive * l.MicrosecondsPerCall:F2} | `{method}` |");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {l.Name}: exclusive (self) CPU, top 25");
            text.AppendLine();
            text.AppendLine("| µs/call | share | method |");
            text.AppendLine("|---|---|---|");
            foreach (var (method, count) in l.Exclusive.OrderByDescending(p => p.Value).Take(25))
            {
                var share = (double)count / l.Samples;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {share * l.MicrosecondsPerCall:F2} | {share:P1} | `{method}` |");
            }
        }

        return text.ToString();
    }
}
