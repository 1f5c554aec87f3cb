using System.Net;
using System.Text.Json;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk;

/// <summary>
/// Maps failed provider answers to the typed exceptions, the same way for every provider. The one place that builds
/// the text and <see cref="ProviderErrorDetails"/> of an exception about a provider's answer: everything passes
/// through <see cref="ProviderResponse.Redact"/> here (on top of the answer itself being scrubbed of the request's key
/// when it was read), so no adapter can put a key into <see cref="Exception.Message"/>, <see cref="IdeogramException.ProviderMessage"/>,
/// <see cref="IdeogramException.ErrorCode"/> or <see cref="IdeogramException.RawBody"/>.
/// </summary>
internal static class ProviderErrors
{
    /// <summary>Reads the usual error bodies: <c>{"error": "..."}</c>, <c>{"error": {code, message}}</c>, <c>{"detail": ...}</c>, <c>{"message": ...}</c>, <c>{code, message}</c>, else raw text.</summary>
    public static (string? Code, string? Message) ReadCommonBody(ProviderResponse response)
    {
        var (code, message) = ReadBody(response);
        return (response.Redact(code), response.Redact(message));
    }

    /// <summary>
    /// An exception about a provider's answer with text of the adapter's own (a failed job, an answer it could not
    /// read): the message, code and provider message are redacted, and the details come from the answer.
    /// </summary>
    public static T Create<T>(ProviderResponse response, string message, string? code, string? providerMessage, Func<string, ProviderErrorDetails, T> create, string? requestId = null)
        where T : Exception
    {
        ArgumentNullException.ThrowIfNull(create);
        return create(response.Redact(message)!, Details(response, code, providerMessage, requestId));
    }

    /// <summary>
    /// An exception about a body that arrived without a request of the SDK's (a provider's callback): no key was sent,
    /// so there is none to remove; the body preview is kept short.
    /// </summary>
    public static T FromCallback<T>(IdeogramProvider provider, string message, string? code, string? providerMessage, string? requestId, ReadOnlySpan<byte> body, Func<string, ProviderErrorDetails, T> create)
        where T : Exception
    {
        ArgumentNullException.ThrowIfNull(create);
        var preview = body.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 1024)]);
        return create(message, new ProviderErrorDetails(provider, null, code, providerMessage, requestId, null, preview));
    }

    private static (string? Code, string? Message) ReadBody(ProviderResponse response)
    {
        if (response.Body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, response.BodyPreview(500));
            }

            string? code = Text(root, "code") ?? Text(root, "error_code");
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (code, error.GetString());
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (Text(error, "code") ?? Text(error, "type") ?? code, Text(error, "message") ?? Text(error, "detail"));
                }
            }

            var message = Text(root, "detail") ?? Text(root, "message") ?? Text(root, "title");
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, LooksLikeHtml(response) ? $"HTTP {(int)response.StatusCode} (an HTML error page)" : response.BodyPreview(500));
        }
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                JsonValueKind.Array or JsonValueKind.Object => v.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>The typed exception for a status; <paramref name="isContentPolicy"/> marks a safety refusal.</summary>
    public static IdeogramException FromResponse(ProviderResponse response, (string? Code, string? Message) error, bool isContentPolicy = false, bool isInsufficientCredits = false, string? parameter = null)
    {
        var details = Details(response, error.Code, error.Message);
        var status = (int)response.StatusCode;
        var message = Message(response, details.ErrorCode, details.ProviderMessage);
        if (isContentPolicy)
        {
            return new IdeogramContentPolicyException(message, details);
        }

        if (isInsufficientCredits || status == 402)
        {
            return new IdeogramInsufficientCreditsException(message, details);
        }

        return status switch
        {
            401 or 403 => new IdeogramAuthenticationException(message, details),
            429 => new IdeogramRateLimitException(message, details),
            400 or 404 or 405 or 409 or 413 or 415 or 422 => new IdeogramBadRequestException(message, details, response.Redact(parameter)),
            _ => new IdeogramException(message, details),
        };
    }

    /// <summary>The details of an exception about a provider's answer, redacted.</summary>
    public static ProviderErrorDetails Details(ProviderResponse response, string? code, string? message, string? requestId = null) =>
        new(response.Provider, response.StatusCode, response.Redact(code), response.Redact(message), response.Redact(requestId) ?? response.RequestId, response.RetryAfter,
            response.Body.Length == 0 ? null : response.BodyPreview(1024));

    /// <summary>The usual message for a failed answer (<c>Provider answered HTTP 400 [code]: message (request id …).</c>), redacted.</summary>
    public static string Message(ProviderResponse response, string? code, string? message, string? suffix = null)
    {
        var text = Message(response.Provider, (int)response.StatusCode, code, message, response.RequestId);
        return response.Redact(suffix is null ? text : text[..^1] + suffix)!;
    }

    private static string Message(IdeogramProvider provider, int status, string? code, string? message, string? requestId)
    {
        var text = $"{provider} answered HTTP {status}";
        if (code is not null)
        {
            text += $" [{code}]";
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            text += $": {Truncate(message, 300)}";
        }

        if (requestId is not null)
        {
            text += $" (request id {requestId})";
        }

        return text + ".";
    }

    /// <summary>
    /// A response the SDK could not read (unexpected shape or content type, a malformed value); carries the raw body,
    /// and the accepted job when one is known, so a paid job is not lost with the answer.
    /// </summary>
    public static IdeogramException Unreadable(ProviderResponse response, string what, Exception? inner = null, ImageJob? job = null)
    {
        var exception = Create(response, $"{response.Provider} answered HTTP {(int)response.StatusCode} with {what}; see RawBody.", null, what, (m, d) => new IdeogramException(m, d, inner));
        exception.Job = job;
        return exception;
    }

    private static bool LooksLikeHtml(ProviderResponse response) =>
        response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || response.BodyPreview(64).TrimStart().StartsWith('<');

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
