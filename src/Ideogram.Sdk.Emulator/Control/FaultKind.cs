namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// What a scripted fault does to a matching request. The HTTP control API spells each kind in kebab case.
/// </summary>
/// <remarks>
/// By default a fault takes the place of the provider: the request is read and journaled but never handled, so nothing
/// runs (no job, no charge). With <see cref="FaultRule.AfterHandling"/> the provider handles the request first (a
/// submission creates its job and is charged) and the fault then replaces, delays, mangles or drops its answer.
/// </remarks>
public enum FaultKind
{
    /// <summary><c>rate-limit</c>: HTTP 429 with a <c>Retry-After</c> header (seconds; <see cref="FaultRule.RetryAfterSeconds"/>, default 1).</summary>
    RateLimit,

    /// <summary><c>server-error</c>: HTTP 500.</summary>
    ServerError,

    /// <summary><c>bad-gateway</c>: HTTP 502.</summary>
    BadGateway,

    /// <summary><c>service-unavailable</c>: HTTP 503 (with <c>Retry-After</c> when <see cref="FaultRule.RetryAfterSeconds"/> is set).</summary>
    ServiceUnavailable,

    /// <summary><c>status</c>: the status code in <see cref="FaultRule.StatusCode"/> with a JSON error body.</summary>
    Status,

    /// <summary>
    /// <c>delay</c>: waits <see cref="FaultRule.Delay"/> on the emulator's clock, then answers normally (with
    /// <see cref="FaultRule.AfterHandling"/>: handles the request at once and holds its answer back).
    /// </summary>
    Delay,

    /// <summary>
    /// <c>abort</c>: drops the connection without any answer. Alone: before the provider handles the request (nothing
    /// runs). With <see cref="FaultRule.AfterHandling"/>: the connection is reset after the request was read and run,
    /// so a submission is accepted and charged but its answer is lost.
    /// </summary>
    Abort,

    /// <summary>
    /// <c>truncated-body</c>: sends headers announcing a longer body than is sent, then drops the connection (after
    /// handling: the provider's own status and headers and the first half of its body).
    /// </summary>
    TruncatedBody,

    /// <summary>
    /// <c>malformed-json</c>: answers (default 200) with <c>application/json</c> that does not parse (after handling:
    /// the provider's own status and the first half of its body, complete as far as <c>Content-Length</c> says).
    /// </summary>
    MalformedJson,

    /// <summary><c>html-error</c>: answers (default 502) with an HTML error page, as a proxy in front of the provider would.</summary>
    HtmlError,

    /// <summary><c>gateway-timeout</c>: HTTP 504, as a gateway that gave up waiting for the provider answers.</summary>
    GatewayTimeout,

    /// <summary><c>empty-body</c>: answers (default 200; after handling, the provider's own status) with <c>Content-Length: 0</c>.</summary>
    EmptyBody,

    /// <summary>
    /// <c>oversized-body</c>: a body of <see cref="FaultRule.BodyBytes"/> bytes (default 8 MiB), larger than a client's
    /// limit: after handling, the provider's answer padded with spaces (JSON, text) or zero bytes (images); otherwise
    /// a space-padded <c>{}</c> with status 200. Sent with a <c>Content-Length</c>, or chunked without one when
    /// <see cref="FaultRule.WithoutContentLength"/> is set.
    /// </summary>
    OversizedBody,

    /// <summary>
    /// <c>stalled-body</c>: sends the status, the headers and the first half of the body, then waits
    /// <see cref="FaultRule.Delay"/> on the emulator's clock before the rest, as a host that stalls mid-answer does
    /// (after handling: the provider's own answer; otherwise a space-padded <c>{}</c> of 64 bytes with status 200).
    /// </summary>
    StalledBody,
}
