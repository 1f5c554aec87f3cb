namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// Scripts faults and reads the request journal of a running emulator. The same operations are served over HTTP under
/// <c>/_emulator/</c> on every provider host.
/// </summary>
public sealed class EmulatorControl
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _faults = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly List<CallbackAttempt> _callbackAttempts = [];
    private readonly List<(Func<CallbackAttempt, bool> Match, TaskCompletionSource<CallbackAttempt> Signal)> _callbackWaiters = [];
    private readonly TimeProvider _time;
    private readonly InFlightTracker[] _inFlight;
    private long _sequence;
    private long _faultIds;

    internal EmulatorControl(TimeProvider time)
    {
        _time = time;
        _inFlight = [.. Enum.GetValues<EmulatedProvider>().Select(_ => new InFlightTracker(time))];
    }

    /// <summary>Adds a fault. Faults are tried in the order they were added; the first armed match applies.</summary>
    /// <returns>The same rule, with <see cref="FaultRule.Id"/> assigned.</returns>
    public FaultRule AddFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Count, 1, nameof(rule));
        ArgumentException.ThrowIfNullOrEmpty(rule.Path, nameof(rule));
        if (!Enum.IsDefined(rule.Kind))
        {
            throw new ArgumentException($"Unknown fault kind {rule.Kind}.", nameof(rule));
        }

        if (rule.Kind == FaultKind.Status && rule.StatusCode is not (>= 100 and <= 599))
        {
            throw new ArgumentException("A Status fault needs a StatusCode between 100 and 599.", nameof(rule));
        }

        if (rule.StatusCode is { } status && status is < 100 or > 599)
        {
            throw new ArgumentException("StatusCode must be between 100 and 599.", nameof(rule));
        }

        if (rule.RetryAfterSeconds is < 0)
        {
            throw new ArgumentException("RetryAfterSeconds must not be negative.", nameof(rule));
        }

        if (rule.Delay < TimeSpan.Zero)
        {
            throw new ArgumentException("Delay must not be negative.", nameof(rule));
        }

        if (rule.Phase is { } phase && !Enum.IsDefined(phase))
        {
            throw new ArgumentException($"Unknown phase {phase}.", nameof(rule));
        }

        if (rule.BodyBytes is < 1)
        {
            throw new ArgumentException("BodyBytes must be at least 1.", nameof(rule));
        }

        rule.Arm();
        lock (_gate)
        {
            rule.Id = "fault_" + (++_faultIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _faults.Add(rule);
        }

        return rule;
    }

    /// <summary>The faults still armed.</summary>
    public IReadOnlyList<FaultRule> Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults.Where(f => f.Remaining > 0).ToArray();
            }
        }
    }

    /// <summary>Removes every fault.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>A snapshot of the journal in arrival order, optionally only one provider's requests and one phase.</summary>
    /// <example><c>emu.Control.GetJournal(EmulatedProvider.Segmind, RequestPhase.Submission).Count</c>: the paid submissions Segmind received.</example>
    public IReadOnlyList<JournalEntry> GetJournal(EmulatedProvider? provider = null, RequestPhase? phase = null)
    {
        lock (_gate)
        {
            return _journal.Where(e => (provider is null || e.Provider == provider) && (phase is null || e.Phase == phase)).ToArray();
        }
    }

    /// <summary>Empties the journal.</summary>
    public void ClearJournal()
    {
        lock (_gate)
        {
            _journal.Clear();
        }
    }

    /// <summary>
    /// <paramref name="provider"/>'s load now and its high-water marks: the most requests open at once and the most
    /// images asked for by open submissions and unfinished jobs at once (see <see cref="InFlightStats"/>).
    /// </summary>
    public InFlightStats GetInFlight(EmulatedProvider provider) => Tracker(provider).Snapshot();

    /// <summary>Restarts the high-water marks of <paramref name="provider"/> (or of every provider) from what is in flight now.</summary>
    public void ResetInFlight(EmulatedProvider? provider = null)
    {
        foreach (var candidate in Enum.GetValues<EmulatedProvider>())
        {
            if (provider is null || provider == candidate)
            {
                Tracker(candidate).Reset();
            }
        }
    }

    /// <summary>Every outbound callback attempt that has ended (Runflow's <c>callback_url</c> POSTs), in order.</summary>
    public IReadOnlyList<CallbackAttempt> GetCallbackAttempts()
    {
        lock (_gate)
        {
            return [.. _callbackAttempts];
        }
    }

    /// <summary>
    /// The first callback attempt, already recorded or still to come, that <paramref name="match"/> accepts: a test
    /// awaits delivery instead of polling. The attempt is recorded once its outcome is known, so the delivery history
    /// read afterwards (<c>GET /v1/runs/{id}/callback</c>) already includes it.
    /// </summary>
    /// <example><c>await emu.Control.WaitForCallbackAttemptAsync(a => a.JobId == runId &amp;&amp; a.IsFinal, ct)</c></example>
    public Task<CallbackAttempt> WaitForCallbackAttemptAsync(Func<CallbackAttempt, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            if (_callbackAttempts.FirstOrDefault(match) is { } recorded)
            {
                return Task.FromResult(recorded);
            }

            var signal = new TaskCompletionSource<CallbackAttempt>(TaskCreationOptions.RunContinuationsAsynchronously);
            _callbackWaiters.Add((match, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    internal void RecordCallbackAttempt(CallbackAttempt attempt)
    {
        List<TaskCompletionSource<CallbackAttempt>> matched = [];
        lock (_gate)
        {
            _callbackAttempts.Add(attempt);
            foreach (var waiter in _callbackWaiters.Where(w => w.Match(attempt)).ToList())
            {
                _callbackWaiters.Remove(waiter);
                matched.Add(waiter.Signal);
            }
        }

        foreach (var signal in matched)
        {
            signal.TrySetResult(attempt);
        }
    }

    internal InFlightTracker Tracker(EmulatedProvider provider) => _inFlight[(int)provider];

    internal FaultRule? TakeFault(EmulatedProvider provider, string method, string path, RequestPhase phase)
    {
        lock (_gate)
        {
            foreach (var rule in _faults)
            {
                if (rule.Matches(provider, method, path, phase) && rule.TryConsume())
                {
                    if (rule.Remaining == 0)
                    {
                        _faults.Remove(rule);
                    }

                    return rule;
                }
            }
        }

        return null;
    }

    internal JournalEntry Record(
        EmulatedProvider provider,
        string method,
        string path,
        string query,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        string? bodyText,
        RequestProfile profile)
    {
        lock (_gate)
        {
            var entry = new JournalEntry(++_sequence, provider, method, path, query, headers, body, bodyText, _time.GetUtcNow(), profile.Phase, profile.Images);
            _journal.Add(entry);
            return entry;
        }
    }
}
