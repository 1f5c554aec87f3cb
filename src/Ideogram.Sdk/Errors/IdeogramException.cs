using System.Net;

namespace Ideogram.Sdk;

/// <summary>
/// A failure reported by a provider, or a failure to reach it. Carries what is needed to act on it: the provider,
/// the HTTP status, the provider's own error code and message, the request id, and whether a retry may help.
/// </summary>
/// <remarks>Messages never contain API keys or request bodies.</remarks>
public class IdeogramException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdeogramException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a provider's answer.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    /// <param name="innerException">The cause, if any.</param>
    public IdeogramException(string message, ProviderErrorDetails details, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        Provider = details.Provider;
        StatusCode = details.StatusCode;
        ErrorCode = details.ErrorCode;
        ProviderMessage = details.ProviderMessage;
        RequestId = details.RequestId;
        RetryAfter = details.RetryAfter;
        RawBody = details.RawBody;
    }

    /// <summary>The provider that answered (or was being called).</summary>
    public IdeogramProvider? Provider { get; }

    /// <summary>The HTTP status, when there was a response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's own error code, when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The provider's own error message, when it gave one.</summary>
    public string? ProviderMessage { get; }

    /// <summary>The request id the provider reported (or the one the SDK generated), for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>How long the provider asked the client to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The start of the raw response body (truncated), for diagnosing bodies the SDK could not read.</summary>
    public string? RawBody { get; }

    /// <summary>The provider's answer this failure was read from (status, headers, body; the key removed), when there was one.</summary>
    public ProviderRawResponse? RawResponse { get; internal set; }

    /// <summary>The job this failure concerns, when a paid job was already accepted (collect its result with it).</summary>
    public ImageJob? Job { get; internal set; }

    /// <summary>When a request was split into several provider calls and only some failed: what the others produced (already paid for).</summary>
    public ImageResult? PartialResult { get; internal set; }

    /// <summary>
    /// How far the paid submission this failure concerns got. <see cref="SubmissionState.NotSent"/> and
    /// <see cref="SubmissionState.Refused"/> prove nothing ran; <see cref="SubmissionState.MayHaveRun"/> and
    /// <see cref="SubmissionState.Accepted"/> mean it may be charged (collect <see cref="Job"/> rather than send it again).
    /// A failed status read or wait of an accepted job is <see cref="SubmissionState.Accepted"/>, yet
    /// <see cref="IsRetryable"/> (the read itself can be repeated for free).
    /// </summary>
    public SubmissionState Submission { get; internal set; }

    /// <summary>
    /// Whether the failed call may have cost money: its paid submission was accepted, or was sent and its fate is
    /// unknown (<see cref="Submission"/> is <see cref="SubmissionState.MayHaveRun"/>, <see cref="SubmissionState.Accepted"/>
    /// or <see cref="SubmissionState.Unknown"/> without a status that proves a refusal).
    /// </summary>
    public bool MayHaveCharged => Submission == SubmissionState.Unknown ? ResendMayCharge : Submission.MayHaveCharged();

    /// <summary>
    /// Whether sending the failed request again cannot pay twice and may succeed: a transient failure (no answer, 408,
    /// 429, 5xx) of a read, or of a paid submission that provably did not run (<see cref="Submission"/> is
    /// <see cref="SubmissionState.NotSent"/> or <see cref="SubmissionState.Refused"/>). Always <see langword="false"/>
    /// when the paid submission may have run or was accepted; then collect <see cref="Job"/> instead.
    /// </summary>
    public virtual bool IsRetryable => IsTransient && !ResendMayCharge;

    /// <summary>Whether the failed request was a read (a status read, a follow-up read, a download) rather than a paid submission.</summary>
    internal bool FailedOnRead { get; set; }

    /// <summary>Whether sending the failed request again might pay a second time.</summary>
    internal bool ResendMayCharge => Submission switch
    {
        SubmissionState.NotSent or SubmissionState.Refused => false,
        SubmissionState.Accepted => !FailedOnRead,
        SubmissionState.MayHaveRun => true,

        // Built outside the engine: only a refusal that proves nothing ran (408, 429, 503, a rate-limit exception) counts as safe.
        _ => StatusCode is null
            ? this is not IdeogramRateLimitException
            : StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable),
    };

    /// <summary>Whether the kind of failure may clear by itself (no answer, or HTTP 408, 429, 500, 502, 503, 504).</summary>
    private protected virtual bool IsTransient => StatusCode is null
        or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}

/// <summary>How far a paid submission got before a call failed; it decides whether sending it again can pay twice.</summary>
public enum SubmissionState
{
    /// <summary>
    /// Not determined (an exception built outside the SDK). <c>MayHaveCharged</c> and <c>IsRetryable</c> then count only a
    /// refusal that proves nothing ran (HTTP 408, 429 or 503, or a rate-limit exception) as safe to send again; anything
    /// else is treated as <see cref="MayHaveRun"/>.
    /// </summary>
    Unknown,

    /// <summary>
    /// No paid request left the client: the call failed before sending (validation, a connection that was never made),
    /// or it concerns no paid submission (a download). Sending it again cannot pay twice.
    /// </summary>
    NotSent,

    /// <summary>
    /// The provider answered the submission with a refusal that proves it did not run (400/422 invalid, 401/403 key,
    /// 402/406 credits, 408, 429, 503). Sending it again cannot pay twice (it may be refused again).
    /// </summary>
    Refused,

    /// <summary>
    /// The submission was sent and its fate is unknown: a timeout or lost connection after sending, or a 500/502/504
    /// answer. It may have run and be charged; sending it again may pay twice.
    /// </summary>
    MayHaveRun,

    /// <summary>
    /// The provider accepted the paid submission (or some of its parts): the job is charged, and <c>Job</c> identifies it
    /// whenever its id is known (an accepting answer that broke off or could not be read may have taken the id with it).
    /// </summary>
    Accepted,
}

/// <summary>Helpers for <see cref="SubmissionState"/>.</summary>
public static class SubmissionStateExtensions
{
    /// <summary>Whether a submission in this state may have been charged (anything but <see cref="SubmissionState.NotSent"/> and <see cref="SubmissionState.Refused"/>).</summary>
    /// <param name="state">The state.</param>
    /// <returns>Whether it may have been charged.</returns>
    public static bool MayHaveCharged(this SubmissionState state) => state is not (SubmissionState.NotSent or SubmissionState.Refused);
}

/// <summary>What a provider said about a failure; the fields of <see cref="IdeogramException"/>.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="StatusCode">The HTTP status, if any.</param>
/// <param name="ErrorCode">The provider's error code, if any.</param>
/// <param name="ProviderMessage">The provider's error message, if any.</param>
/// <param name="RequestId">The request id, if any.</param>
/// <param name="RetryAfter">The provider's wait hint, if any.</param>
/// <param name="RawBody">The start of the raw body, if any.</param>
public sealed record ProviderErrorDetails(
    IdeogramProvider Provider,
    HttpStatusCode? StatusCode,
    string? ErrorCode = null,
    string? ProviderMessage = null,
    string? RequestId = null,
    TimeSpan? RetryAfter = null,
    string? RawBody = null);

/// <summary>The API key was missing, wrong or not allowed to do this (HTTP 401/403).</summary>
public sealed class IdeogramAuthenticationException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramAuthenticationException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramAuthenticationException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramAuthenticationException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    public IdeogramAuthenticationException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>The account has no credits or quota left for this call (HTTP 402, Segmind 406, Runware's insufficient-credit error).</summary>
public sealed class IdeogramInsufficientCreditsException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramInsufficientCreditsException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramInsufficientCreditsException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramInsufficientCreditsException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    public IdeogramInsufficientCreditsException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>Too many requests (HTTP 429), after the allowed retries, or with a wait longer than the configured maximum.</summary>
public sealed class IdeogramRateLimitException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramRateLimitException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramRateLimitException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramRateLimitException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said (see <see cref="IdeogramException.RetryAfter"/>).</param>
    public IdeogramRateLimitException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <inheritdoc />
    private protected override bool IsTransient => true;
}

/// <summary>The prompt or an input image failed the provider's safety check (Ideogram HTTP 422, or a result flagged unsafe that was asked for).</summary>
public sealed class IdeogramContentPolicyException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramContentPolicyException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramContentPolicyException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramContentPolicyException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    public IdeogramContentPolicyException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>The provider refused the request as invalid (HTTP 400/404/422 other than a safety failure).</summary>
public sealed class IdeogramBadRequestException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramBadRequestException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramBadRequestException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramBadRequestException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    /// <param name="parameter">The provider's name of the offending field, when it said.</param>
    public IdeogramBadRequestException(string message, ProviderErrorDetails details, string? parameter = null) : base(message, details)
    {
        ProviderParameter = parameter;
    }

    /// <summary>The provider's name of the offending field, when it said (Runware's <c>parameter</c>).</summary>
    public string? ProviderParameter { get; }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>An accepted job ended in failure at the provider.</summary>
public sealed class IdeogramJobFailedException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramJobFailedException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramJobFailedException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramJobFailedException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the provider said.</param>
    public IdeogramJobFailedException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}

/// <summary>
/// Waiting for a job ran past its deadline. The job may still finish: <see cref="IdeogramException.Job"/> is set, so
/// the paid result can be collected later with <see cref="IIdeogramClient.WaitAsync"/> or <see cref="IIdeogramClient.PollAsync"/>.
/// <see cref="IdeogramException.Submission"/> is <see cref="SubmissionState.Accepted"/>.
/// </summary>
public sealed class IdeogramJobTimeoutException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramJobTimeoutException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramJobTimeoutException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramJobTimeoutException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>
    /// Always <see langword="false"/>: the accepted job may still finish and is charged, so running the operation again
    /// would pay twice. Wait for <see cref="IdeogramException.Job"/> again instead (<see cref="IIdeogramClient.WaitAsync"/>).
    /// </summary>
    public override bool IsRetryable => false;
}

/// <summary>A call or attempt ran past its timeout before the provider answered.</summary>
public sealed class IdeogramTimeoutException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramTimeoutException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramTimeoutException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramTimeoutException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>An image link no longer works (it has expired) or the image is too large to download.</summary>
public sealed class IdeogramDownloadException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramDownloadException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramDownloadException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramDownloadException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">What the server said.</param>
    /// <param name="expired">Whether the link has expired.</param>
    public IdeogramDownloadException(string message, ProviderErrorDetails details, bool expired) : base(message, details)
    {
        IsExpired = expired;
    }

    /// <summary>Whether the link has expired (download images as soon as they are made).</summary>
    public bool IsExpired { get; init; }

    /// <inheritdoc />
    public override bool IsRetryable => !IsExpired && base.IsRetryable;
}

/// <summary>
/// A call was cancelled by the caller after a paid submission may have been sent. Still an
/// <see cref="OperationCanceledException"/>, so cancellation handling is unchanged; it also carries what was paid for:
/// <see cref="Job"/> (every accepted part), <see cref="PartialResult"/> (images already finished) and
/// <see cref="Submission"/>.
/// </summary>
public class IdeogramCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramCanceledException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramCanceledException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramCanceledException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cancellation.</param>
    /// <param name="token">The token that was cancelled.</param>
    public IdeogramCanceledException(string message, Exception? innerException, CancellationToken token) : base(message, innerException, token) { }

    /// <summary>The accepted job (for a split request, a composite whose <see cref="ImageJob.Parts"/> are the accepted parts); collect it later.</summary>
    public ImageJob? Job { get; internal set; }

    /// <summary>Images already finished (and paid for) when the call was cancelled, if any.</summary>
    public ImageResult? PartialResult { get; internal set; }

    /// <summary>How far the call's paid submission got (see <see cref="IdeogramException.Submission"/>).</summary>
    public SubmissionState Submission { get; internal set; }

    /// <summary>Whether the cancelled call may have cost money (see <see cref="IdeogramException.MayHaveCharged"/>).</summary>
    public bool MayHaveCharged => Submission.MayHaveCharged();
}

/// <summary>
/// Waiting for an accepted, paid job was cancelled by the caller. The job goes on at the provider;
/// <see cref="IdeogramCanceledException.Job"/> lets the caller collect it later.
/// </summary>
public sealed class IdeogramJobWaitCanceledException : IdeogramCanceledException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramJobWaitCanceledException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramJobWaitCanceledException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramJobWaitCanceledException(string message, Exception? innerException) : base(message, innerException) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="job">The job that was being waited for.</param>
    /// <param name="innerException">The cancellation.</param>
    /// <param name="token">The token that was cancelled.</param>
    public IdeogramJobWaitCanceledException(ImageJob job, OperationCanceledException innerException, CancellationToken token)
        : base($"Waiting for {job?.Provider} job '{job?.Id}' was cancelled; the job itself was not. Collect it later with its token.", innerException, token)
    {
        Job = job;
        Submission = SubmissionState.Accepted;
    }
}
