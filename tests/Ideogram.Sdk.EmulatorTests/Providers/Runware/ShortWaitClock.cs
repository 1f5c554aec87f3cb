namespace Ideogram.Sdk.EmulatorTests.Providers.Runware;

/// <summary>
/// A fake clock shared by the SDK and the emulator: a wait shorter than a minute (a poll interval, a retry back-off)
/// moves the clock forward and ends at once; longer timers (attempt and total timeouts) fire only if the clock ever
/// reaches them. Nothing sleeps on the real clock.
/// </summary>
internal sealed class ShortWaitClock : TimeProvider
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly List<ClockTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    /// <summary>Every wait that was started, in order.</summary>
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

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ClockTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ClockTimer timer, TimeSpan due)
    {
        List<ClockTimer> fire;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (due == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            Waits.Add(due);
            timer.DueAt = _ticks + Math.Max(0, due.Ticks);
            _timers.Add(timer);
            if (due < Threshold)
            {
                var by = due > TimeSpan.Zero ? due : TimeSpan.Zero;
                _now += by;
                _ticks += by.Ticks;
            }

            fire = [.. _timers.Where(t => t.DueAt <= _ticks)];
            foreach (var t in fire)
            {
                _timers.Remove(t);
            }
        }

        foreach (var t in fire)
        {
            t.Fire();
        }
    }

    private void Remove(ClockTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ClockTimer(ShortWaitClock owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire() => ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
