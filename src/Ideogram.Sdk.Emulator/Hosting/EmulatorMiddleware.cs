using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Middleware every provider host runs before its routes: records the request in the journal (secrets masked), then
/// applies the first armed fault that matches it. Requests under <see cref="ControlEndpoints.Prefix"/> pass untouched.
/// </summary>
internal static partial class EmulatorMiddleware
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Api-Key", "Authorization", "x-api-key", "Proxy-Authorization", "Cookie",
    };

    public static void UseEmulatorPipeline(this WebApplication app, EmulatedProvider provider, EmulatorContext context) =>
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (path.StartsWith(ControlEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                await next(http);
                return;
            }

            http.Request.EnableBuffering();
            var body = await EmuHttp.ReadBodyAsync(http);
            http.Request.Body.Position = 0;

            var entry = context.Control.Record(
                provider,
                http.Request.Method,
                path,
                http.Request.QueryString.Value ?? "",
                MaskHeaders(http.Request.Headers),
                body,
                BodyText(http.Request.ContentType, body));

            var fault = context.Control.TakeFault(provider, http.Request.Method, path);
            entry.Fault = fault?.Kind;
            var answered = true;
            try
            {
                answered = fault is null
                    ? await PassAsync(http, next)
                    : await ApplyFaultAsync(http, next, fault, context.Time);
            }
            finally
            {
                entry.StatusCode = answered && !http.RequestAborted.IsCancellationRequested ? http.Response.StatusCode : null;
            }
        });

    private static async Task<bool> PassAsync(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !http.Response.HasStarted)
        {
            // A bug in a provider's handler still answers in JSON, so a client sees a plain 500.
            http.Response.Clear();
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status500InternalServerError, "Internal server error: " + ex.Message);
        }

        return true;
    }

    /// <returns><see langword="false"/> when the connection was dropped instead of answered.</returns>
    private static async Task<bool> ApplyFaultAsync(HttpContext http, RequestDelegate next, FaultRule fault, TimeProvider time)
    {
        switch (fault.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(fault.Delay, time, http.RequestAborted);
                await next(http);
                return true;

            case FaultKind.RateLimit:
                http.Response.Headers.RetryAfter = (fault.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests.");
                return true;

            case FaultKind.ServerError:
                await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status500InternalServerError, "Internal server error.");
                return true;

            case FaultKind.BadGateway:
                await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status502BadGateway, "Bad gateway.");
                return true;

            case FaultKind.ServiceUnavailable:
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable.");
                return true;

            case FaultKind.Status:
                if (fault.RetryAfterSeconds is { } after)
                {
                    http.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
                }

                await EmuHttp.WriteJsonErrorAsync(http, fault.StatusCode ?? 500, "Scripted failure.");
                return true;

            case FaultKind.Abort:
                http.Abort();
                return false;

            case FaultKind.TruncatedBody:
            {
                var partial = "{\"created\":\"2000-01-01T00:00:00.000000+00:00\",\"data\":[{\"url\":"u8.ToArray();
                http.Response.StatusCode = fault.StatusCode ?? StatusCodes.Status200OK;
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = partial.Length + 512;
                await http.Response.Body.WriteAsync(partial);
                await http.Response.Body.FlushAsync();
                http.Abort();
                return false;
            }

            case FaultKind.MalformedJson:
            {
                var broken = "{\"data\": [{\"url\": \"http://127.0.0.1/\", \"seed\": 12"u8.ToArray();
                http.Response.StatusCode = fault.StatusCode ?? StatusCodes.Status200OK;
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = broken.Length;
                await http.Response.Body.WriteAsync(broken);
                return true;
            }

            case FaultKind.HtmlError:
            {
                var status = fault.StatusCode ?? StatusCodes.Status502BadGateway;
                var html = Encoding.UTF8.GetBytes(string.Create(
                    CultureInfo.InvariantCulture,
                    $"<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"));
                http.Response.StatusCode = status;
                http.Response.ContentType = "text/html";
                http.Response.ContentLength = html.Length;
                await http.Response.Body.WriteAsync(html);
                return true;
            }

            default:
                throw new InvalidOperationException($"Unhandled fault kind {fault.Kind}.");
        }
    }

    private static Dictionary<string, string> MaskHeaders(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            result[name] = SecretHeaders.Contains(name) ? "***" : values.ToString();
        }

        return result;
    }

    private static string? BodyText(string? contentType, byte[] body)
    {
        if (body.Length == 0)
        {
            return "";
        }

        var type = contentType?.ToUpperInvariant() ?? "";
        var textual = type.Contains("JSON", StringComparison.Ordinal)
            || type.StartsWith("TEXT/", StringComparison.Ordinal)
            || type.Contains("FORM", StringComparison.Ordinal);
        if (!textual)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        return ApiKeyProperty().Replace(text, "$1\"***\"");
    }

    // Runware authenticates with an "apiKey" property inside the JSON body.
    [GeneratedRegex("(\"apiKey\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyProperty();
}
