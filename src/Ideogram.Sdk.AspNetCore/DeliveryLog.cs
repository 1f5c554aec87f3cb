namespace Ideogram.Sdk.AspNetCore;

/// <summary>What <see cref="DeliveryLog.TryStart"/> found.</summary>
internal enum DeliveryStart
{
    /// <summary>Not seen within the window: the caller handles it, then calls <see cref="DeliveryLog.Handled"/> or <see cref="DeliveryLog.Abandon"/>.</summary>
    Started,

    /// <summary>Handled within the window: answer it without handling it again.</summary>
    Duplicate,

    /// <summary>Being handled by another request right now.</summary>
    InProgress,
}

/// <summary>
/// The deliveries handled recently, by key (provider, job, state, item), so a provider's retries and redeliveries reach
/// the handlers once. Bounded in time (the window) and in count (the oldest are forgotten first). Thread-safe.
/// </summary>
internal sealed class DeliveryLog(TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>A key's entry: <see langword="null"/> while it is being handled, then when it was handled.</summary>
    private readonly Dictionary<string, DateTimeOffset?> _entries = new(StringComparer.Ordinal);

    private readonly Queue<(string Key, DateTimeOffset At)> _handled = new();

    /// <summary>How many handled deliveries are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _handled.Count;
            }
        }
    }

    public DeliveryStart TryStart(string key, TimeSpan window, int capacity)
    {
        lock (_gate)
        {
            Forget(window, capacity);
            if (_entries.TryGetValue(key, out var at))
            {
                return at is null ? DeliveryStart.InProgress : DeliveryStart.Duplicate;
            }

            _entries[key] = null;
            return DeliveryStart.Started;
        }
    }

    public void Handled(string key, TimeSpan window, int capacity)
    {
        lock (_gate)
        {
            if (window <= TimeSpan.Zero)
            {
                _entries.Remove(key);
                return;
            }

            var now = time.GetUtcNow();
            _entries[key] = now;
            _handled.Enqueue((key, now));
            Forget(window, capacity);
        }
    }

    /// <summary>The handling failed: a retry of the delivery is handled again.</summary>
    public void Abandon(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var at) && at is null)
            {
                _entries.Remove(key);
            }
        }
    }

    private void Forget(TimeSpan window, int capacity)
    {
        var cutoff = time.GetUtcNow() - window;
        while (_handled.TryPeek(out var oldest) && (oldest.At <= cutoff || _handled.Count > capacity))
        {
            _handled.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var at) && at == oldest.At)
            {
                _entries.Remove(oldest.Key);
            }
        }
    }
}
