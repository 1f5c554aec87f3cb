using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>
/// Everything the SDK emits during one test: its spans (an <see cref="ActivityListener"/> on <c>Ideogram.Sdk</c>, kept
/// when they belong to this test's root span, so tests running side by side do not see each other's), its metrics (the
/// meter of a meter factory of this test's own, through a <see cref="MeterListener"/>) and its logs (<see cref="FakeLogCollector"/>).
/// Create it in the test method: its root span becomes the current activity of the test's flow.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private const string TestSourceName = "Ideogram.Sdk.Tests.TelemetryCapture";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly MeterListener _meters;
    private readonly ServiceProvider _services;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is IdeogramTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, MeterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();

        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        Root = TestSource.StartActivity("test")!;
    }

    /// <summary>This test's root span: the caller's activity every SDK span of the test nests under.</summary>
    public Activity Root { get; }

    public IMeterFactory MeterFactory { get; }

    public ILoggerFactory LoggerFactory { get; }

    public FakeLogCollector Logs { get; } = new();

    /// <summary>The SDK's finished spans in this test's trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _stopped.Where(a => a.TraceId == Root.TraceId && a.Source.Name == IdeogramTelemetry.SourceName)];

    /// <summary>Every measurement recorded on this test's meter (observable instruments included once <see cref="Observe"/> has run).</summary>
    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>Options for a client that logs and records here.</summary>
    public void Configure(IdeogramClientOptions options)
    {
        options.LoggerFactory = LoggerFactory;
        options.MeterFactory = MeterFactory;
    }

    /// <summary>Reads the observable instruments (the router's member health) now.</summary>
    public void Observe() => _meters.RecordObservableInstruments();

    public IEnumerable<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    /// <summary>Every text the SDK emitted: span names, tags, events and statuses, log messages and their state, metric names and tags.</summary>
    public IReadOnlyList<string> EverythingEmitted()
    {
        Observe();
        var texts = new List<string>();
        foreach (var span in Spans)
        {
            texts.Add(span.DisplayName);
            texts.Add(span.OperationName);
            texts.Add(span.StatusDescription ?? string.Empty);
            texts.AddRange(span.TagObjects.SelectMany(t => Texts(t.Key, t.Value)));
            foreach (var e in span.Events)
            {
                texts.Add(e.Name);
                texts.AddRange(e.Tags.SelectMany(t => Texts(t.Key, t.Value)));
            }

            texts.AddRange(span.Baggage.SelectMany(b => Texts(b.Key, b.Value)));
        }

        foreach (var log in Logs.GetSnapshot())
        {
            texts.Add(log.Message);
            texts.Add(log.Category ?? string.Empty);
            texts.Add(log.Exception?.ToString() ?? string.Empty);
            texts.AddRange(log.StructuredState?.SelectMany(s => Texts(s.Key, s.Value)) ?? []);
            texts.AddRange(log.Scopes.Select(s => s?.ToString() ?? string.Empty));
        }

        foreach (var m in Measurements)
        {
            texts.Add(m.Instrument);
            texts.AddRange(m.Tags.SelectMany(t => Texts(t.Key, t.Value)));
        }

        return texts;
    }

    public void Dispose()
    {
        Root.Dispose();
        _listener.Dispose();
        _meters.Dispose();
        LoggerFactory.Dispose();
        _services.Dispose();
    }

    private static IEnumerable<string> Texts(string key, object? value)
    {
        yield return key;
        switch (value)
        {
            case null:
                break;
            case string s:
                yield return s;
                break;
            case System.Collections.IEnumerable many:
                foreach (var item in many)
                {
                    yield return item?.ToString() ?? string.Empty;
                }

                break;
            default:
                yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                break;
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    /// <summary>One recorded measurement.</summary>
    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Tag(string key) => Tags.TryGetValue(key, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
