using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>
/// The SDK's instruments on one <c>Ideogram.Sdk</c> meter: the meter an <see cref="IMeterFactory"/> makes (under
/// dependency injection, or given in <see cref="IdeogramClientOptions.MeterFactory"/>), or one shared meter otherwise.
/// Names and units follow the OpenTelemetry naming rules (dotted lower case, UCUM units, durations in seconds).
/// </summary>
internal sealed class IdeogramMetrics
{
    private static readonly ConditionalWeakTable<Meter, IdeogramMetrics> ByMeter = [];

    private static readonly MemberCircuitState[] CircuitStates = Enum.GetValues<MemberCircuitState>();

    private static readonly string[] CircuitStateNames = [.. CircuitStates.Select(s => s switch
    {
        MemberCircuitState.HalfOpen => "half_open",
        _ => s.ToString().ToLowerInvariant(),
    })];

    private readonly List<WeakReference<IdeogramRouter>> _routers = [];

    private IdeogramMetrics(Meter meter)
    {
        OperationDuration = meter.CreateHistogram<double>(
            "ideogram.client.operation.duration", "s", "How long each call of the SDK took, from the call to its result or exception.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640] });
        Images = meter.CreateCounter<long>("ideogram.client.images", "{image}", "Images produced (returned by an operation, a synchronous submission, or the wait or watch that saw a job end).");
        Cost = meter.CreateCounter<double>("ideogram.client.cost", "{USD}", "What produced images cost, in US dollars, where the provider reports it.");
        Retries = meter.CreateCounter<long>("ideogram.client.retries", "{retry}", "Provider requests re-sent by the SDK's retry handler.");
        PollsPerJob = meter.CreateHistogram<long>(
            "ideogram.client.job.polls", "{poll}", "Status reads one wait for a job made before it ended (or stopped waiting).", null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] });
        ActiveJobs = meter.CreateUpDownCounter<long>("ideogram.client.active_jobs", "{job}", "Accepted jobs the SDK is waiting for now.");
        RoutingAttempts = meter.CreateCounter<long>("ideogram.router.attempts", "{attempt}", "Members a router tried or skipped, by outcome.");
        meter.CreateObservableGauge("ideogram.router.member.status", ObserveMembers, "1", "1 for each router member's current circuit state, 0 for the others.");
    }

    /// <summary>The shared meter's instruments, for clients built without an <see cref="IMeterFactory"/>.</summary>
    public static IdeogramMetrics Shared { get; } = new(new Meter(new MeterOptions(IdeogramTelemetry.MeterName) { Version = Telemetry.Version }));

    public Histogram<double> OperationDuration { get; }

    public Counter<long> Images { get; }

    public Counter<double> Cost { get; }

    public Counter<long> Retries { get; }

    public Histogram<long> PollsPerJob { get; }

    public UpDownCounter<long> ActiveJobs { get; }

    public Counter<long> RoutingAttempts { get; }

    /// <summary>Whether anything listens to an instrument that records per call.</summary>
    public bool Enabled => OperationDuration.Enabled || Images.Enabled || Cost.Enabled || Retries.Enabled || PollsPerJob.Enabled || ActiveJobs.Enabled || RoutingAttempts.Enabled;

    /// <summary>The instruments on <paramref name="factory"/>'s <c>Ideogram.Sdk</c> meter (made once per meter), or the shared ones.</summary>
    public static IdeogramMetrics For(IMeterFactory? factory) =>
        factory is null
            ? Shared
            : ByMeter.GetValue(factory.Create(new MeterOptions(IdeogramTelemetry.MeterName) { Version = Telemetry.Version }), static m => new IdeogramMetrics(m));

    /// <summary>Reports a router's member health until it is disposed (or collected).</summary>
    public void Track(IdeogramRouter router)
    {
        lock (_routers)
        {
            _routers.RemoveAll(r => !r.TryGetTarget(out _));
            _routers.Add(new WeakReference<IdeogramRouter>(router));
        }
    }

    public void Untrack(IdeogramRouter router)
    {
        lock (_routers)
        {
            _routers.RemoveAll(r => !r.TryGetTarget(out var target) || ReferenceEquals(target, router));
        }
    }

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        List<IdeogramRouter> routers;
        lock (_routers)
        {
            routers = [.. _routers.Select(r => r.TryGetTarget(out var target) ? target : null).OfType<IdeogramRouter>()];
        }

        var measurements = new List<Measurement<int>>();
        foreach (var router in routers)
        {
            foreach (var health in router.GetMemberHealth())
            {
                for (var i = 0; i < CircuitStates.Length; i++)
                {
                    measurements.Add(new Measurement<int>(
                        health.State == CircuitStates[i] ? 1 : 0,
                        new KeyValuePair<string, object?>(Telemetry.RouterMember, health.Member),
                        new KeyValuePair<string, object?>(Telemetry.ProviderName, Telemetry.Name(health.Provider)),
                        new KeyValuePair<string, object?>(Telemetry.CircuitState, CircuitStateNames[i])));
                }
            }
        }

        return measurements;
    }
}
