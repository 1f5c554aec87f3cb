using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>
/// One client's telemetry: its logger, its meter's instruments, its provider's names, and whether sensitive data may
/// be recorded. <see cref="IsActive"/> is checked before anything is allocated, so a client nobody observes pays a few
/// field reads per call.
/// </summary>
internal sealed class ClientTelemetry
{
    private readonly string[] _requestSpanNames;

    public ClientTelemetry(IdeogramProvider provider, IdeogramClientOptions options, Uri baseAddress)
    {
        Provider = provider;
        ProviderName = Telemetry.Name(provider);
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Telemetry.ClientCategory);
        Metrics = IdeogramMetrics.For(options.MeterFactory);
        Sensitive = options.EnableSensitiveData;
        Time = options.TimeProvider;
        ServerAddress = baseAddress.Host;
        ServerPort = baseAddress.Port;
        _requestSpanNames = [.. Enum.GetValues<RequestPurpose>().Select(p => Telemetry.Name(p) + " " + ProviderName)];
    }

    public IdeogramProvider Provider { get; }

    /// <summary><c>gen_ai.provider.name</c>.</summary>
    public string ProviderName { get; }

    public ILogger Logger { get; }

    public IdeogramMetrics Metrics { get; }

    /// <summary>Whether prompts, image URLs and exception messages may be recorded (<see cref="IdeogramClientOptions.EnableSensitiveData"/>).</summary>
    public bool Sensitive { get; }

    public TimeProvider Time { get; }

    public string ServerAddress { get; }

    public int ServerPort { get; }

    /// <summary>Whether anything listens: a span listener, an enabled logger, or an enabled instrument.</summary>
    public bool IsActive => Telemetry.Source.HasListeners() || Logger.IsEnabled(LogLevel.Critical) || Metrics.Enabled;

    /// <summary>The span name of one provider request (<c>status runflow</c>).</summary>
    public string RequestSpanName(RequestPurpose purpose) => _requestSpanNames[(int)purpose];

    /// <summary>Starts the telemetry of one public call, or returns <see langword="null"/> when nothing listens.</summary>
    public OperationScope? Start(SdkCall call, ImageOperation? operation = null, ImageRequest? request = null, ImageJob? job = null) =>
        IsActive ? new OperationScope(this, call, operation ?? request?.Operation ?? job?.Operation, request, job) : null;

    /// <summary>Starts the span of one provider request (the submission, a status read, a follow-up read, a cancel), when something listens.</summary>
    public Activity? StartRequest(RequestPurpose purpose, HttpRequestMessage message, ImageJob? job)
    {
        var activity = Telemetry.Source.StartActivity(RequestSpanName(purpose), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Telemetry.ProviderName, ProviderName);
            activity.SetTag(Telemetry.RequestKind, Telemetry.Name(purpose));
            activity.SetTag(Telemetry.HttpMethod, message.Method.Method);
            activity.SetTag(Telemetry.ServerAddress, ServerAddress);
            activity.SetTag(Telemetry.ServerPort, ServerPort);
            if (job is not null)
            {
                activity.SetTag(Telemetry.JobId, job.Id);
            }
        }

        return activity;
    }

    /// <summary>Logs and counts what a finished result carries that an operator should see: its best-effort warnings.</summary>
    public void LogWarnings(IReadOnlyList<Warning> warnings, ImageOperation operation)
    {
        if (warnings.Count == 0 || !Logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        foreach (var warning in warnings)
        {
            Log.BestEffortWarning(Logger, ProviderName, Telemetry.Name(operation), warning.Code, warning.Parameter?.ToString(), warning.Message);
        }
    }
}
