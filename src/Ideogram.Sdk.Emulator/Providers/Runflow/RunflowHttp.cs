using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>Runflow's HTTP conventions: bearer auth, JSON bodies and the <c>{code, message, errors}</c> error envelope.</summary>
internal static class RunflowHttp
{
    /// <summary>The token of an <c>Authorization: Bearer</c> header, or <see langword="null"/>.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = header[Prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>
    /// The organization a key belongs to: a uuid derived from the key, so runs and secrets are scoped per key and
    /// another key's runs answer 404.
    /// </summary>
    public static Guid OrgId(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("runflow-org:" + key), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Task WriteJsonAsync(HttpContext http, int statusCode, JsonNode body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>Writes <c>{"code", "message", "errors"}</c>; <c>errors</c> is <see langword="null"/> unless field errors are given.</summary>
    public static Task WriteErrorAsync(HttpContext http, int statusCode, string code, string message, IEnumerable<RunflowFieldError>? errors = null)
    {
        JsonArray? details = null;
        if (errors is not null)
        {
            details = [];
            foreach (var error in errors)
                details.Add(new JsonObject { ["field"] = error.Field, ["message"] = error.Message });
        }

        return WriteJsonAsync(http, statusCode, new JsonObject { ["code"] = code, ["message"] = message, ["errors"] = details });
    }

    public static Task WriteValidationErrorAsync(HttpContext http, IReadOnlyCollection<RunflowFieldError> errors) =>
        WriteErrorAsync(http, StatusCodes.Status422UnprocessableEntity, RunflowCatalog.ValidationError, "Request validation failed.", errors);

    /// <summary>
    /// Reads a JSON request body. Writes the error response and returns <see langword="null"/> when the content type is not
    /// JSON (415) or the body does not parse (400). An empty body reads as <paramref name="emptyAs"/> when given.
    /// </summary>
    public static async Task<JsonDocument?> ReadJsonAsync(HttpContext http, string? emptyAs = null)
    {
        var request = http.Request;
        if (emptyAs is not null && request.ContentLength == 0)
            return JsonDocument.Parse(emptyAs);

        if (request.ContentType is not { } contentType
            || !contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, RunflowCatalog.UnsupportedMediaType, "Content-Type must be application/json.");
            return null;
        }

        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, RunflowCatalog.BadRequest, "The request body is not valid JSON.");
            return null;
        }
    }
}
