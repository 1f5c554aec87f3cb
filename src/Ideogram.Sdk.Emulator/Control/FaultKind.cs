namespace Ideogram.Sdk.Emulator.Control;

/// <summary>What a scripted fault does to a matching request. The HTTP control API spells each kind in kebab case.</summary>
public enum FaultKind
{
    /// <summary><c>rate-limit</c>: HTTP 429 with a <c>Retry-After</c> header (seconds; <see cref="FaultRule.RetryAfterSeconds"/>, default 1).</summary>
    RateLimit,

    /// <summary><c>server-error</c>: HTTP 500.</summary>
    ServerError,

    /// <summary><c>bad-gateway</c>: HTTP 502.</summary>
    BadGateway,

    /// <summary><c>service-unavailable</c>: HTTP 503.</summary>
    ServiceUnavailable,

    /// <summary><c>status</c>: the status code in <see cref="FaultRule.StatusCode"/> with a JSON error body.</summary>
    Status,

    /// <summary><c>delay</c>: waits <see cref="FaultRule.Delay"/> on the emulator's clock, then answers normally.</summary>
    Delay,

    /// <summary><c>abort</c>: drops the connection without a response.</summary>
    Abort,

    /// <summary><c>truncated-body</c>: sends headers announcing a longer body than is sent, then drops the connection.</summary>
    TruncatedBody,

    /// <summary><c>malformed-json</c>: answers (default 200) with <c>application/json</c> that does not parse.</summary>
    MalformedJson,

    /// <summary><c>html-error</c>: answers (default 502) with an HTML error page, as a proxy in front of the provider would.</summary>
    HtmlError,
}
