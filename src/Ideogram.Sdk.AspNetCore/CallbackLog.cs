using System.Net;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.AspNetCore;

/// <summary>The endpoints' log messages. None carries a body, a signature, a token or a secret.</summary>
internal static partial class CallbackLog
{
    [LoggerMessage(1, LogLevel.Warning, "Refused a {Provider} delivery from {RemoteAddress}: {Reason}. Answered 401; the body is not logged.")]
    public static partial void Refused(ILogger logger, IdeogramProvider provider, IPAddress? remoteAddress, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Refused a {Provider} delivery from {RemoteAddress}: its body is larger than {MaxBodyBytes} bytes. Answered 413.")]
    public static partial void TooLarge(ILogger logger, IdeogramProvider provider, IPAddress? remoteAddress, long maxBodyBytes);

    [LoggerMessage(3, LogLevel.Warning, "An authenticated {Provider} delivery of {Length} bytes could not be read: {Problem} Answered 400; the body is not logged.")]
    public static partial void Unreadable(ILogger logger, IdeogramProvider provider, int length, string problem);

    [LoggerMessage(4, LogLevel.Debug, "{Provider} delivered job {JobId} ({State}) again; it was handled already, {Waits} wait(s) in this process were told. Answered 200.")]
    public static partial void Duplicate(ILogger logger, IdeogramProvider provider, string jobId, ImageJobState state, int waits);

    [LoggerMessage(5, LogLevel.Debug, "{Provider} delivered job {JobId} ({State}) while the same delivery is being handled. Answered 503 so it is retried.")]
    public static partial void InProgress(ILogger logger, IdeogramProvider provider, string jobId, ImageJobState state);

    [LoggerMessage(6, LogLevel.Information, "{Provider} delivered job {JobId} ({State}); {Waits} wait(s) in this process were told.")]
    public static partial void Delivered(ILogger logger, IdeogramProvider provider, string jobId, ImageJobState state, int waits);
}
