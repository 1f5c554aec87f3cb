namespace Ideogram.Sdk;

/// <summary>
/// The names the SDK's telemetry is published under, for an OpenTelemetry setup
/// (<c>.WithTracing(t =&gt; t.AddSource(IdeogramTelemetry.SourceName)).WithMetrics(m =&gt; m.AddMeter(IdeogramTelemetry.MeterName))</c>)
/// or a logging filter (<see cref="LogCategoryPrefix"/>). The README lists every span, attribute, metric and log event.
/// </summary>
public static class IdeogramTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> every span comes from: <c>Ideogram.Sdk</c>.</summary>
    public const string SourceName = "Ideogram.Sdk";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> every instrument belongs to: <c>Ideogram.Sdk</c>.</summary>
    public const string MeterName = "Ideogram.Sdk";

    /// <summary>The start of every log category the SDK writes to: <c>Ideogram.Sdk</c>.</summary>
    public const string LogCategoryPrefix = "Ideogram.Sdk";
}
