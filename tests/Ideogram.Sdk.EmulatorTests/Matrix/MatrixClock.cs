namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>
/// The one fake clock of a matrix cell, shared by the client and the emulator, so every deadline is measured on it and
/// nothing sleeps on the real clock. The client's delays (retry backoff, <c>Retry-After</c>, poll intervals) elapse at
/// once. Its deadlines (a timer whose state is a <see cref="CancellationTokenSource"/>: attempt, total and read timeouts)
/// and the emulator's waits (<see cref="Host"/>: a delayed or stalled answer) fire only when the clock reaches them.
/// </summary>
/// <remarks>
/// When the emulator starts to wait, nothing else can move until the clock does: the clock then moves to the earliest
/// pending deadline or wait and fires it (the client's timeout when the wait is longer, as in every matrix cell). A host
/// that stalls after its headers needs one more step: the client reads the headers and only then arms the deadline of
/// the body read, so the clock waits for that deadline to be armed (<see cref="WaitsAfterHeaders"/>, with
/// <see cref="Transport"/> telling when headers arrived) before it moves.
/// </remarks>
internal sealed class MatrixClock : FakeTimeProvider
{
    /// <summary>Real-time bound on waiting for the client to arm a deadline after loopback I/O (a failing cell, not a hang).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly object _gate = new();
    private readonly List<Timer> _pending = [];
    private readonly List<TimeSpan> _delays = [];
    private long _sequence;
    private long? _headersAt;
    private TaskCompletionSource _changed = NewSignal();

    public MatrixClock(DateTimeOffset start)
        : base(start)
    {
        Host = new HostView(this);
    }

    /// <summary>The emulator's view of this clock: the same time; its waits are never skipped.</summary>
    public TimeProvider Host { get; }

    /// <summary>Whether the emulator's waits come after it sent its headers (a stalled body) rather than before (a delayed answer).</summary>
    public bool WaitsAfterHeaders { get; set; }

    /// <summary>Every delay the client waited for, in order (backoff and poll intervals; deadlines are not delays).</summary>
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

    /// <summary>The client's innermost handler: a connection pool of its own that tells the clock when an answer's headers arrived.</summary>
    public HttpMessageHandler Transport() => new HeadersSignal(this) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } };

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Create(callback, state, dueTime, period, state is CancellationTokenSource ? TimerKind.Deadline : TimerKind.Delay);

    private Timer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, TimerKind kind)
    {
        var timer = new Timer(this, kind);
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

    private void Armed(Timer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = GetUtcNow() + dueTime;
                timer.ArmedAt = ++_sequence;
                _pending.Add(timer);
                if (timer.Kind == TimerKind.Delay && dueTime > TimeSpan.Zero)
                {
                    _delays.Add(dueTime);
                }
            }
        }

        Pulse();
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (timer.Kind == TimerKind.Delay && dueTime > TimeSpan.Zero)
        {
            Advance(dueTime);
        }
        else if (timer.Kind == TimerKind.HostWait)
        {
            _ = Task.Run(() => MoveOnAsync(timer));
        }
    }

    private void Removed(Timer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }

        Pulse();
    }

    /// <summary>The emulator waits: moves the clock to the next deadline or wait, once the client is waiting too.</summary>
    private async Task MoveOnAsync(Timer wait)
    {
        if (WaitsAfterHeaders)
        {
            // The host sent its headers and stalls; the client reads them and then arms the body's deadline.
            var deadline = DateTime.UtcNow + Guard;
            while (!BodyDeadlineArmed() && IsPending(wait) && DateTime.UtcNow < deadline)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                if (!BodyDeadlineArmed())
                {
                    await changed.WaitAsync(Guard).ConfigureAwait(false);
                }
            }
        }

        DateTimeOffset? next;
        lock (_gate)
        {
            next = _pending.Contains(wait) ? _pending.Min(t => t.DueAt) : null;
        }

        if (next is { } due)
        {
            var delta = due - GetUtcNow();
            Advance(delta > TimeSpan.Zero ? delta : TimeSpan.Zero);
        }
    }

    private bool BodyDeadlineArmed()
    {
        lock (_gate)
        {
            return _headersAt is { } headers && _pending.Any(t => t.Kind == TimerKind.Deadline && t.ArmedAt > headers);
        }
    }

    private bool IsPending(Timer timer)
    {
        lock (_gate)
        {
            return _pending.Contains(timer);
        }
    }

    private void Sent()
    {
        lock (_gate)
        {
            _headersAt = null;
        }
    }

    private void HeadersArrived()
    {
        lock (_gate)
        {
            _headersAt = ++_sequence;
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum TimerKind
    {
        Delay,
        Deadline,
        HostWait,
    }

    private sealed class Timer(MatrixClock owner, TimerKind kind) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimerKind Kind { get; } = kind;

        public DateTimeOffset DueAt { get; set; }

        public long ArmedAt { get; set; }

        private TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period;
            var changed = Inner.Change(dueTime, period);
            owner.Armed(this, dueTime);
            return changed;
        }

        public void Fired()
        {
            if (Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero)
            {
                owner.Removed(this);
            }
        }

        public void Dispose()
        {
            owner.Removed(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner.Removed(this);
            return Inner.DisposeAsync();
        }
    }

    /// <summary>The emulator's clock: the same time, with every timer a wait of the host's that is never skipped.</summary>
    private sealed class HostView(MatrixClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.Create(callback, state, dueTime, period, TimerKind.HostWait);
    }

    /// <summary>Tells the clock when a request leaves and when its answer's headers arrive.</summary>
    private sealed class HeadersSignal(MatrixClock clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            clock.Sent();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            clock.HeadersArrived();
            return response;
        }
    }
}
