using System.Diagnostics;

namespace Ideogram.Sdk.Benchmarks.Profiling;

/// <summary>
/// Sits just in front of the in-memory transport and notes the thread's allocated bytes and the time when a request
/// reaches it and when its answer leaves it, splitting a call into: before the transport (validation, translation,
/// pipeline), the transport itself (identical for every contender), and after it (reading and parsing the answer).
/// Exact on one thread: the in-memory calls complete synchronously, which <see cref="Hops"/> checks.
/// </summary>
internal sealed class StageProbe(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public long EnterBytes { get; private set; }

    public long ExitBytes { get; private set; }

    public long EnterTicks { get; private set; }

    public long ExitTicks { get; private set; }

    public int ThreadId { get; private set; }

    /// <summary>Calls in which the request reached the transport on another thread than the caller's (the split would be wrong).</summary>
    public int Hops { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ThreadId = Environment.CurrentManagedThreadId;
        EnterTicks = Stopwatch.GetTimestamp();
        EnterBytes = GC.GetAllocatedBytesForCurrentThread();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        ExitBytes = GC.GetAllocatedBytesForCurrentThread();
        ExitTicks = Stopwatch.GetTimestamp();
        return response;
    }
}
