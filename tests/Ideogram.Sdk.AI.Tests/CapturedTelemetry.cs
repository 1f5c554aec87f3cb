using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Trace;

namespace Ideogram.Sdk.AI.Tests;

/// <summary>
/// Microsoft.Extensions.AI's own middleware around a generator, with its spans captured by OpenTelemetry's in-memory
/// exporter and its logs by <see cref="FakeLogCollector"/>. Each instance listens to a source of its own, so tests
/// running side by side do not see each other's spans.
/// </summary>
internal sealed class CapturedTelemetry : IDisposable
{
    private readonly TracerProvider _tracing;

    public CapturedTelemetry()
    {
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
        _tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(SourceName).AddInMemoryExporter(Activities).Build()!;
    }

    public string SourceName { get; } = "Ideogram.Sdk.AI.Tests." + Guid.NewGuid().ToString("N");

    public List<Activity> Activities { get; } = [];

    public FakeLogCollector Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    /// <summary><c>new ImageGeneratorBuilder(inner).UseOpenTelemetry().UseLogging().Build()</c>, wired to this capture.</summary>
    public IImageGenerator Wrap(IImageGenerator inner) =>
        new ImageGeneratorBuilder(inner).UseOpenTelemetry(LoggerFactory, SourceName).UseLogging(LoggerFactory).Build();

    public void Dispose()
    {
        _tracing.Dispose();
        LoggerFactory.Dispose();
    }
}
