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
/// makes the waits poll at once. Thread-safe. Clients use <see cref="Shared"/> unless
/// <see cref="IdeogramClientOptions.JobEvents"/> names another instance.
/// </remarks>
public sealed class IdeogramJobEvents
{
    private readonly Dictionary<(IdeogramProvider, string), List<Listener>> _listeners = [];
    private readonly Lock _gate = new();

    /// <summary>The instance clients use by default.</summary>
    public static IdeogramJobEvents Shared { get; } = new();

    /// <summary>Hands a job's status to the waits listening for that job (by provider and job id).</summary>
    /// <param name="status">The status, for example from <c>RunflowWebhook.Parse</c>.</param>
    /// <returns>How many waits were listening.</returns>
    public int Publish(ImageJobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Listener[] listeners;
        lock (_gate)
        {
            if (!_listeners.TryGetValue((status.Job.Provider, status.Job.Id), out var list))
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
        lock (_gate)
        {
            foreach (var key in listener.Keys)
            {
                if (!_listeners.TryGetValue(key, out var list))
                {
                    _listeners[key] = list = [];
                }

                list.Add(listener);
            }
        }

        return listener;
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
