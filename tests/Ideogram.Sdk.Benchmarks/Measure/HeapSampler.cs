namespace Ideogram.Sdk.Benchmarks.Measure;

/// <summary>
/// Peak managed heap during an operation: a dedicated thread reads <see cref="GC.GetTotalMemory(bool)"/> (bytes in the
/// managed heap, including objects allocated since the last collection) continuously; the peak is reported above the
/// heap measured after a full collection just before the operation started.
/// </summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _peak;

    private HeapSampler()
    {
        Baseline = GC.GetTotalMemory(forceFullCollection: true);
        _peak = Baseline;
        _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
        _thread.Start();
    }

    public long Baseline { get; }

    public static HeapSampler Start() => new();

    /// <summary>Stops sampling and returns the peak above the baseline.</summary>
    public long Stop()
    {
        _running = false;
        _thread.Join();
        return Math.Max(0, Math.Max(_peak, GC.GetTotalMemory(false)) - Baseline);
    }

    public void Dispose()
    {
        if (_running)
        {
            Stop();
        }
    }

    private void Sample()
    {
        while (_running)
        {
            var now = GC.GetTotalMemory(false);
            if (now > _peak)
            {
                _peak = now;
            }

            Thread.SpinWait(200);
        }
    }
}
