using Microsoft.Extensions.Time.Testing;

namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>
/// <see cref="FakeTimeProvider"/> that tells delays from timeouts: it records every delay the code under test waits for
/// (<see cref="Delays"/>, what backoff and polling are asserted with), can let those delays elapse at once
/// (<see cref="AutoAdvanceDelays"/>), and can move the clock to the next pending timer (<see cref="AdvanceToNextTimer"/>).
/// </summary>
/// <remarks>
/// A timeout is a timer whose state is a <see cref="CancellationTokenSource"/> (what <c>CancelAfter</c> and
/// <c>new CancellationTokenSource(delay, time)</c> create); every other timer is a delay. A timeout is never
/// auto-advanced nor listed: it fires only when the clock reaches it, through <see cref="FakeTimeProvider.Advance(TimeSpan)"/>,
/// <see cref="AdvanceToNextTimer"/> or a later delay that moves the clock past it. Timers fire as the base class fires
/// them: synchronously, on the thread that moves the clock.
/// </remarks>
public sealed class DelayRecordingTimeProvider : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly List<RecordedTimer> _pending = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _delayWaiters = [];
    private int _armedDelays;

    public DelayRecordingTimeProvider()
    {
    }

    public DelayRecordingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>When set, a delay fires at once, with the clock moved to its due time (delays cost nothing); timeouts do not.</summary>
    public bool AutoAdvanceDelays { get; set; }

    /// <summary>Every delay scheduled so far, in order; timeouts are not listed.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    /// <summary>
    /// Completes once <paramref name="count"/> delays have been scheduled and armed: the code under test is waiting on
    /// this clock, and moving it now fires them.
    /// </summary>
    public Task WhenDelaysScheduledAsync(int count)
    {
        lock (_gate)
        {
            if (_armedDelays >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _delayWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    /// <summary>Moves the clock to the earliest pending timer (a timeout, typically) and fires it; false when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset? next;
        lock (_gate)
        {
            next = _pending.Count == 0 ? null : _pending.Min(t => t.DueAt);
        }

        if (next is not { } due)
        {
            return false;
        }

        var delta = due - GetUtcNow();
        Advance(delta > TimeSpan.Zero ? delta : TimeSpan.Zero);
        return true;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordedTimer(this, isTimeout: state is CancellationTokenSource);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Scheduled(RecordedTimer timer, TimeSpan dueTime, bool isNewWait)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = GetUtcNow() + dueTime;
            _pending.Add(timer);
            if (isNewWait && !timer.IsTimeout)
            {
                _delays.Add(dueTime);
            }
        }
    }

    /// <summary>
    /// Counts a delay whose base timer is armed and completes the <see cref="WhenDelaysScheduledAsync"/> signals it
    /// reaches. Counting armed delays, not listed ones, means a test woken by the signal cannot move the clock while
    /// another delay it waits for is listed but not yet armed (that delay would then never fire).
    /// </summary>
    private void Armed()
    {
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _armedDelays++;
            foreach (var waiter in _delayWaiters.Where(w => _armedDelays >= w.Count).ToList())
            {
                _delayWaiters.Remove(waiter);
                reached.Add(waiter.Signal);
            }
        }

        foreach (var signal in reached)
        {
            signal.TrySetResult();
        }
    }

    private void Unscheduled(RecordedTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    /// <summary>The base class's timer, with its schedule mirrored here so delays can be listed and the next due time found.</summary>
    private sealed class RecordedTimer(DelayRecordingTimeProvider owner, bool isTimeout) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public bool IsTimeout { get; } = isTimeout;

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Scheduled(this, dueTime, isNewWait: true);
            var changed = Inner.Change(dueTime, period);
            if (!IsTimeout && dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Armed();
            }
            if (owner.AutoAdvanceDelays && !IsTimeout && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                owner.Advance(dueTime);
            }

            return changed;
        }

        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                owner.Unscheduled(this);
            }
            else
            {
                owner.Scheduled(this, _period, isNewWait: false);
            }
        }

        public void Dispose()
        {
            owner.Unscheduled(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner.Unscheduled(this);
            return Inner.DisposeAsync();
        }
    }
}
