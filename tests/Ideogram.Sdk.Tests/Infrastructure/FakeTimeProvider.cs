namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>
/// A manual clock for tests: time moves only when <see cref="Advance"/> is called (or, with <see cref="AutoAdvance"/>,
/// whenever someone starts waiting), so retries, backoff and polling run instantly and deterministically.
/// </summary>
/// <remarks>
/// A timeout (a timer that cancels a <see cref="CancellationTokenSource"/>) is not a wait: <see cref="AutoAdvance"/>
/// does not fire it and <see cref="Waits"/> does not list it. It fires only when the clock reaches its due time
/// (through <see cref="Advance"/>, or a later wait that moves the clock past it).
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _ticks;

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When set, any wait (a delay timer) fires at once, with the clock moved to its due time (waits cost nothing); timeouts do not.</summary>
    public bool AutoAdvance { get; set; }

    /// <summary>Every delay that was waited for, in order (what a test asserts backoff with); timeouts are not listed.</summary>
    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            _now += by;
            _ticks += by.Ticks;
            due = [.. _timers.Where(t => t.DueAt <= _ticks)];
        }

        foreach (var t in due)
        {
            t.Fire();
        }
    }

    /// <summary>Moves the clock to the earliest pending timer (a timeout, typically) and fires it; false when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        long? next;
        lock (_gate)
        {
            next = _timers.Count == 0 ? null : _timers.Min(t => t.DueAt);
        }

        if (next is not { } due)
        {
            return false;
        }

        Advance(TimeSpan.FromTicks(Math.Max(0, due - GetTimestamp())));
        return true;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state) { IsTimeout = state is CancellationTokenSource };
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime)
    {
        bool fireNow;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = _ticks + dueTime.Ticks;
            _timers.Add(timer);
            if (!timer.IsTimeout)
            {
                Waits.Add(dueTime);
            }

            fireNow = (AutoAdvance && !timer.IsTimeout) || dueTime <= TimeSpan.Zero;
        }

        if (fireNow)
        {
            Advance(dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero);
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _fired;

        public long DueAt { get; set; }

        public bool IsTimeout { get; init; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _fired = false;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (_fired)
            {
                return;
            }

            _fired = true;
            owner.Remove(this);
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
