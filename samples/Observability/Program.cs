// What the SDK shows an OpenTelemetry setup: a Runflow job against the bundled emulator (nothing is charged, no key is
// needed), traced and measured by OpenTelemetry's console exporter on stdout, and logged on stderr. The emulator refuses
// the first submission with a 503, so the trace also shows a retry.
//
//   dotnet run --project samples/Observability
//
// In an app with a host, the same setup is:
//   builder.Services.AddOpenTelemetry()
//       .WithTracing(t => t.AddSource(IdeogramTelemetry.SourceName))
//       .WithMetrics(m => m.AddMeter(IdeogramTelemetry.MeterName));
//   builder.Services.AddIdeogram(builder.Configuration.GetSection("Ideogram"));   // logs and meters through the container
using System.Diagnostics;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

return await ObservabilitySample.RunAsync(ConsoleExporterOutputTargets.Console, CancellationToken.None).ConfigureAwait(false);

internal static class ObservabilitySample
{
    /// <summary>The application's own spans: the SDK's nest under them.</summary>
    public static readonly ActivitySource App = new("Observability.Sample");

    /// <param name="exporterTargets">Where the console exporter writes (the tests keep it quiet).</param>
    /// <param name="ct">Stops the sample.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(ConsoleExporterOutputTargets exporterTargets, CancellationToken ct)
    {
        long bytes;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(App.Name, IdeogramTelemetry.SourceName).AddConsoleExporter(o => o.Targets = exporterTargets).Build())
        using (var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(IdeogramTelemetry.MeterName).AddConsoleExporter(o => o.Targets = exporterTargets).Build())
        {
            // Logs go to stderr, so stdout holds the exported spans and metrics only.
            using var logging = LoggerFactory.Create(b => b
                .SetMinimumLevel(LogLevel.Information)
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            bytes = await MakeAPosterAsync(logging, ct).ConfigureAwait(false);
        }   // the providers export what is left (the metrics) as they are disposed

        Console.Error.WriteLine($"Downloaded {bytes} bytes; the spans and metrics above are what an OpenTelemetry exporter receives.");
        return 0;
    }

    /// <summary>Submits a Runflow job to the emulator (its first submission refused once), waits for it and downloads the image, under a span of the app's own.</summary>
    private static async Task<long> MakeAPosterAsync(ILoggerFactory logging, CancellationToken ct)
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromMilliseconds(400) }, ct).ConfigureAwait(false);
        emulator.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runflow, Phase = RequestPhase.Submission, Kind = FaultKind.ServiceUnavailable });
        using var client = new IdeogramClient(new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = "emulator-key",
            BaseAddress = emulator.BaseAddress(EmulatedProvider.Runflow),
            LoggerFactory = logging,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(300), BackoffFactor = 1 },

            // The emulator serves its images from 127.0.0.1, which the SDK downloads from only when allowed.
            AllowPrivateNetworkInputs = true,
        });

        using var poster = App.StartActivity("make a poster");
        var job = await client.SubmitAsync(new GenerateRequest("A poster that says 'TRACED'") { RenderingSpeed = RenderingSpeed.Turbo }, cancellationToken: ct).ConfigureAwait(false);
        var result = await client.WaitAsync(job, cancellationToken: ct).ConfigureAwait(false);
        using var image = new MemoryStream();
        return await client.DownloadAsync(result.Images[0], image, ct).ConfigureAwait(false);
    }
}
