using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Running;

/// <summary>Sorts the exceptions a command can end with into the tool's exit codes.</summary>
internal static class Failures
{
    /// <summary>Whether <paramref name="exception"/> is a failure the tool reports (anything else is a bug and propagates).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> when it is reported with an exit code.</returns>
    public static bool IsExpected(Exception exception) => exception
        is UsageException or FormatException or IdeogramException or OperationCanceledException or ArgumentException
        or NotSupportedException or IOException or UnauthorizedAccessException or HttpRequestException;

    /// <summary>The exit code and the <c>--json</c> error kind of a failure.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The exit code and kind.</returns>
    public static (int Code, string Kind) Classify(Exception exception) => exception switch
    {
        UsageException or FormatException => (ExitCodes.Usage, "usage"),
        IdeogramJobTimeoutException or IdeogramTimeoutException => (ExitCodes.Timeout, "timeout"),
        IdeogramJobFailedException => (ExitCodes.JobFailed, "job-failed"),
        IdeogramDownloadException => (ExitCodes.Failure, "failure"),

        // "2 of 3 calls succeeded before one failed": the cause decides.
        IdeogramException { InnerException: { } cause and (IdeogramException or OperationCanceledException) } wrapper when wrapper.GetType() == typeof(IdeogramException)
            => Classify(cause),
        IdeogramException => (ExitCodes.ProviderRefused, "provider"),
        OperationCanceledException => (ExitCodes.Canceled, "canceled"),
        ArgumentException or NotSupportedException => (ExitCodes.Validation, "validation"),
        _ => (ExitCodes.Failure, "failure"),
    };

    /// <summary>The paid job a failure carries, if a provider had accepted one.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The job, or <see langword="null"/>.</returns>
    public static ImageJob? JobOf(Exception? exception) => exception switch
    {
        null => null,
        IdeogramException { Job: { } job } => job,
        IdeogramCanceledException { Job: { } job } => job,
        _ => JobOf(exception.InnerException),
    };

    /// <summary>The images a failure carries that were made (and paid for) before it happened.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The partial result, or <see langword="null"/>.</returns>
    public static ImageResult? PartialResultOf(Exception exception) => exception switch
    {
        IdeogramException { PartialResult: { } partial } => partial,
        IdeogramCanceledException { PartialResult: { } partial } => partial,
        _ => null,
    };

    /// <summary>Whether the provider may have run and charged for the request that failed.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> when it may have.</returns>
    public static bool MayHaveCharged(Exception exception) => exception switch
    {
        IdeogramException e => e.MayHaveCharged,
        IdeogramCanceledException e => e.MayHaveCharged,
        _ => false,
    };

    /// <summary>The <c>--json</c> description of a failure.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="kind">Its kind (see <see cref="Classify"/>).</param>
    /// <returns>The error document.</returns>
    public static CliError Describe(Exception exception, string kind) => new()
    {
        Kind = kind,
        Message = OneLine(exception.Message),
        Type = exception.GetType().Name,
        StatusCode = exception is IdeogramException { StatusCode: { } status } ? (int)status : null,
        ErrorCode = (exception as IdeogramException)?.ErrorCode,
        ProviderMessage = (exception as IdeogramException)?.ProviderMessage is { } message ? OneLine(message) : null,
        RequestId = (exception as IdeogramException)?.RequestId,
        Parameter = exception switch
        {
            IdeogramValidationException { Parameter: { } parameter } => parameter.ToString(),
            ArgumentException { ParamName: { } name } => name,
            _ => null,
        },
        MayHaveCharged = MayHaveCharged(exception),
    };

    /// <summary>Joins the lines of a message, for one-line output.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text on one line.</returns>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
