using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>
/// Every log event the SDK writes (source-generated: nothing is formatted or allocated unless the level is enabled).
/// No event carries a key; the prompt only <see cref="RequestContent"/>, which is written only with
/// <see cref="IdeogramClientOptions.EnableSensitiveData"/>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "SubmissionAccepted", Level = LogLevel.Information,
        Message = "{Provider} accepted the {Operation} submission as job {JobId}. If this process stops before the job ends, collect it with ImageJob.Parse(\"{JobToken}\").")]
    public static partial void SubmissionAccepted(ILogger logger, string provider, string operation, string jobId, string jobToken);

    [LoggerMessage(EventId = 2, EventName = "SubmissionCompleted", Level = LogLevel.Information,
        Message = "{Provider} completed the {Operation} request {RequestId} at once with {ImageCount} image(s).")]
    public static partial void SubmissionCompleted(ILogger logger, string provider, string operation, string? requestId, int imageCount);

    [LoggerMessage(EventId = 3, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Retrying the {Provider} {RequestKind} after HTTP {StatusCode}: retry {Attempt} of {MaxRetries} in {DelayMs} ms.")]
    public static partial void RetryScheduled(ILogger logger, string provider, string requestKind, int statusCode, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 12, EventName = "RetryScheduledAfterError", Level = LogLevel.Warning,
        Message = "Retrying the {Provider} {RequestKind} after {ErrorType}: retry {Attempt} of {MaxRetries} in {DelayMs} ms.")]
    public static partial void RetryScheduledAfterError(ILogger logger, string provider, string requestKind, string errorType, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 4, EventName = "JobStateChanged", Level = LogLevel.Information,
        Message = "{Provider} job {JobId}: {State} ({ProviderStatus}).")]
    public static partial void JobStateChanged(ILogger logger, string provider, string jobId, string state, string? providerStatus);

    [LoggerMessage(EventId = 5, EventName = "BestEffortWarning", Level = LogLevel.Warning,
        Message = "{Provider} {Operation}: {WarningCode} ({Parameter}): {WarningMessage}")]
    public static partial void BestEffortWarning(ILogger logger, string provider, string operation, string warningCode, string? parameter, string warningMessage);

    [LoggerMessage(EventId = 6, EventName = "OperationFailed", Level = LogLevel.Error,
        Message = "{Provider} {Call} failed with {ErrorType} (HTTP {StatusCode}, request id {RequestId}, submission {SubmissionState}, job {JobId}).")]
    public static partial void OperationFailed(ILogger logger, string provider, string call, string errorType, int? statusCode, string? requestId, string submissionState, string? jobId);

    [LoggerMessage(EventId = 7, EventName = "AcceptedJobNotFinished", Level = LogLevel.Warning,
        Message = "{Provider} job {JobId} was accepted (and may be charged) but this {Call} ended without its result ({ErrorType}). Collect it with ImageJob.Parse(\"{JobToken}\").")]
    public static partial void AcceptedJobNotFinished(ILogger logger, string provider, string call, string jobId, string errorType, string jobToken);

    [LoggerMessage(EventId = 8, EventName = "OperationCanceled", Level = LogLevel.Information,
        Message = "{Provider} {Call} was cancelled by the caller (submission {SubmissionState}, job {JobId}).")]
    public static partial void OperationCanceled(ILogger logger, string provider, string call, string submissionState, string? jobId);

    [LoggerMessage(EventId = 9, EventName = "StatusReadFailed", Level = LogLevel.Warning,
        Message = "Reading {Provider} job {JobId} failed with {ErrorType} (HTTP {StatusCode}); the wait goes on until its deadline.")]
    public static partial void StatusReadFailed(ILogger logger, string provider, string jobId, string errorType, int? statusCode);

    [LoggerMessage(EventId = 10, EventName = "OperationCompleted", Level = LogLevel.Debug,
        Message = "{Provider} {Call} completed in {ElapsedMs} ms.")]
    public static partial void OperationCompleted(ILogger logger, string provider, string call, long elapsedMs);

    [LoggerMessage(EventId = 11, EventName = "RequestContent", Level = LogLevel.Debug,
        Message = "{Provider} {Call} prompt: {Prompt}")]
    public static partial void RequestContent(ILogger logger, string provider, string call, string prompt);

    [LoggerMessage(EventId = 20, EventName = "RouterMemberFailed", Level = LogLevel.Warning,
        Message = "Router member {Member} did not serve the {Call} ({Outcome}, {ErrorType}).")]
    public static partial void RouterMemberFailed(ILogger logger, string member, string call, string outcome, string errorType);

    [LoggerMessage(EventId = 21, EventName = "RouterMemberSkipped", Level = LogLevel.Information,
        Message = "Router member {Member} was skipped for the {Call}: {Reason}.")]
    public static partial void RouterMemberSkipped(ILogger logger, string member, string call, string reason);
}
