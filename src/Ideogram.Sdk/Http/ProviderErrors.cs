using System.Net;
using System.Text.Json;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk;

/// <summary>Maps failed provider answers to the typed exceptions, the same way for every provider.</summary>
internal static class ProviderErrors
{
    /// <summary>Reads the usual error bodies: <c>{"error": "..."}</c>, <c>{"error": {code, message}}</c>, <c>{"detail": ...}</c>, <c>{"message": ...}</c>, <c>{code, message}</c>, else raw text.</summary>
    public static (string? Code, string? Message) ReadCommonBody(ProviderResponse response)
    {
        var (code, message) = ReadBody(response);
        return (Redact(response, code), Redact(response, message));
    }

    /// <summary>Removes the request's key from provider text (a provider may echo it in an error); <see langword="null"/> stays null.</summary>
    public static string? Redact(ProviderResponse response, string? text) => Redact(text, response.Credential?.Reveal());

    public static string? Redact(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

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
        var message = Message(response.Provider, status, details.ErrorCode, details.ProviderMessage, details.RequestId);
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
            400 or 404 or 405 or 409 or 413 or 415 or 422 => new IdeogramBadRequestException(message, details, parameter),
            _ => new IdeogramException(message, details),
        };
    }

    public static ProviderErrorDetails Details(ProviderResponse response, string? code, string? message) =>
        new(response.Provider, response.StatusCode, Redact(response, code), Redact(response, message), response.RequestId, response.RetryAfter, response.Body.Length == 0 ? null : response.BodyPreview(1024));

    public static string Message(IdeogramProvider provider, int status, string? code, string? message, string? requestId)
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

    /// <summary>A response the SDK could not read (unexpected shape or content type); carries the raw body.</summary>
    public static IdeogramException Unreadable(ProviderResponse response, string what, Exception? inner = null)
    {
        var details = Details(response, null, what);
        return new IdeogramException($"{response.Provider} answered HTTP {(int)response.StatusCode} with {what}; see RawBody.", details, inner);
    }

    private static bool LooksLikeHtml(ProviderResponse response) =>
        response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || response.BodyPreview(64).TrimStart().StartsWith('<');

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    public static bool IsStatus(ProviderResponse r, HttpStatusCode code) => r.StatusCode == code;
}
