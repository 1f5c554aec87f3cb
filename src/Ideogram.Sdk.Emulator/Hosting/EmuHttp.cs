using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>Small helpers for writing responses.</summary>
internal static class EmuHttp
{
    // Plain '+', '&' and quotes in the output, as Python and Node servers write them.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="body"/> as <c>application/json</c> with <paramref name="status"/>.</summary>
    public static async Task WriteJsonAsync(HttpContext http, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Relaxed));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>Writes <c>{"error": message}</c>, the error shape Ideogram and Segmind use.</summary>
    public static Task WriteJsonErrorAsync(HttpContext http, int status, string message) =>
        WriteJsonAsync(http, status, new JsonObject { ["error"] = message });

    /// <summary>The first value of a request header, or <see langword="null"/>.</summary>
    public static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Whether the request's media type is <paramref name="mediaType"/> (parameters ignored).</summary>
    public static bool HasMediaType(HttpContext http, string mediaType)
    {
        var contentType = http.Request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return string.Equals(media, mediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the whole request body.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }
}
