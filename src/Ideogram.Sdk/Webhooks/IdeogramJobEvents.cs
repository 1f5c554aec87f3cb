namespace Ideogram.Sdk;

/// <summary>
/// Hands job statuses that arrive outside polling (a provider's callback received by your web app) to every
/// <see cref="IIdeogramClient.WaitAsync"/> and <see cref="IIdeogramClient.WatchAsync"/> waiting for that job in this
/// process, so a wait ends as soon as the callback arrives instead of at its next poll. Polling stays the fallback: a
/// wait that never hears of its job still finds out by polling.
/// </summary>
/// <remarks>
/// Publish only statuses you have verified (a callback whose signature or secret token you checked): a published
/// terminal status is taken as the job's outcome without asking the provider again. A status that is not terminal only
/// makes the waits poll at once. A callback can arrive before anyone waits (a job that fails at once may call back
/// before <c>SubmitAsync</c> has returned), so the last <see cref="KeptStatuses"/> terminal statuses are kept and end a
/// wait for their job that starts later; statuses carrying image bytes inline are not kept (those waits poll). Thread-safe.
/// Clients use <see cref="Shared"/> unless <see cref="IdeogramClientOptions.JobEvents"/> names another instance.
/// </remarks>
public sealed class IdeogramJobEvents
{
    /// <summary>How many terminal statuses are kept for waits that start after their callback arrived.</summary>
    public const int KeptStatuses = 64;

    private readonly Dictionary<(IdeogramProvider, string), List<Listener>> _listeners = [];
    private readonly Dictionary<(IdeogramProvider, string), ImageJobStatus> _kept = [];
    private readonly Queue<(IdeogramProvider, string)> _keptOrder = new();
    private readonly Lock _gate = new();

    /// <summary>The instance clients use by default.</summary>
    public static IdeogramJobEvents Shared { get; } = new();

    /// <summary>Hands a job's status to the waits listening for that job (by provider and job id).</summary>
    /// <param name="status">The status, for example from <c>RunflowWebhook.Parse</c>.</param>
    /// <returns>How many waits were listening.</returns>
    public int Publish(ImageJobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var key = (status.Job.Provider, status.Job.Id);
        Listener[] listeners;
        lock (_gate)
        {
            if (status.IsTerminal && !CarriesImageBytes(status))
            {
                Keep(key, status);
            }

            if (!_listeners.TryGetValue(key, out var list))
            {
                return 0;
            }

            listeners = [.. list];
        }

        foreach (var listener in listeners)
        {
            listener.Signal.TrySetResult(status);
        }

        return listeners.Length;
    }

    /// <summary>Starts listening for statuses of some jobs; dispose to stop.</summary>
    internal Listener Listen(IEnumerable<ImageJob> jobs)
    {
        var listener = new Listener(this, [.. jobs.Select(j => (j.Provider, j.Id))]);
        ImageJobStatus? earlier = null;
        lock (_gate)
        {
            foreach (var key in listener.Keys)
            {
                if (!_listeners.TryGetValue(key, out var list))
                {
                    _listeners[key] = list = [];
                }

                list.Add(listener);
                if (earlier is null && _kept.TryGetValue(key, out var kept))
                {
                    earlier = kept;
                }
            }
        }

        // A job that ended before this wait listened: the wait hears it at once.
        if (earlier is not null)
        {
            listener.Signal.TrySetResult(earlier);
        }

        return listener;
    }

    /// <summary>Keeps a terminal status (the newest for its job), forgetting the oldest beyond <see cref="KeptStatuses"/>. Under the gate.</summary>
    private void Keep((IdeogramProvider, string) key, ImageJobStatus status)
    {
        if (_kept.TryAdd(key, status))
        {
            _keptOrder.Enqueue(key);
            while (_keptOrder.Count > KeptStatuses)
            {
                _kept.Remove(_keptOrder.Dequeue());
            }
        }
        else
        {
            _kept[key] = status;
        }
    }

    private static bool CarriesImageBytes(ImageJobStatus status)
    {
        if (status.Result is not { } result)
        {
            return false;
        }

        for (var i = 0; i < result.Images.Count; i++)
        {
            if (result.Images[i].Data is not null)
            {
                return true;
            }
        }

        return false;
    }

    private void Remove(Listener listener)
    {
        lock (_gate)
        {
            foreach (var key in listener.Keys)
            {
                if (_listeners.TryGetValue(key, out var list) && list.Remove(listener) && list.Count == 0)
                {
                    _listeners.Remove(key);
                }
            }
        }
    }

    /// <summary>One wait's interest in some jobs: <see cref="Signal"/> completes with the first status published for any of them.</summary>
    internal sealed class Listener(IdeogramJobEvents owner, (IdeogramProvider, string)[] keys) : IDisposable
    {
        public (IdeogramProvider, string)[] Keys { get; } = keys;

        public TaskCompletionSource<ImageJobStatus> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => owner.Remove(this);
    }
}
