using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Middleware every provider host runs before its routes: has the host classify the request (its phase and the images
/// it asks for), records it in the journal (secrets masked) and in the host's in-flight counts, then applies the first
/// armed fault that matches it. Requests under <see cref="ControlEndpoints.Prefix"/> pass untouched.
/// </summary>
internal static partial class EmulatorMiddleware
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Api-Key", "Authorization", "x-api-key", "Proxy-Authorization", "Cookie",
    };

    public static void UseEmulatorPipeline(this WebApplication app, EmulatedProvider provider, EmulatorContext context, IProviderEndpoints? endpoints) =>
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
            var profile = await ClassifyAsync(http, provider, endpoints, path, body);

            var entry = context.Control.Record(
                provider,
                http.Request.Method,
                path,
                http.Request.QueryString.Value ?? "",
                MaskHeaders(http.Request.Headers),
                body,
                BodyText(http.Request.ContentType, body),
                profile);

            var ticket = context.Control.Tracker(provider).Enter(profile.Images);
            ticket.Attach(http);
            var fault = context.Control.TakeFault(provider, http.Request.Method, path, profile.Phase);
            entry.Fault = fault?.Kind;
            var answered = true;
            try
            {
                answered = fault is null
                    ? await PassAsync(http, next, entry)
                    : await ApplyFaultAsync(http, next, fault, context.Time, entry);
            }
            finally
            {
                ticket.Exit();
                entry.StatusCode = answered && !http.RequestAborted.IsCancellationRequested ? http.Response.StatusCode : null;
            }
        });

    private static async ValueTask<RequestProfile> ClassifyAsync(HttpContext http, EmulatedProvider provider, IProviderEndpoints? endpoints, string path, byte[] body)
    {
        if (HttpMethods.IsGet(http.Request.Method) && path.StartsWith(ImageStore.PathPrefix(provider), StringComparison.OrdinalIgnoreCase))
        {
            return RequestProfile.Of(RequestPhase.Download);
        }

        return endpoints is null
            ? RequestProfile.Other
            : await endpoints.ClassifyAsync(http.Request, path, body, http.RequestAborted);
    }

    private static async Task<bool> PassAsync(HttpContext http, RequestDelegate next, JournalEntry entry)
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

        entry.Handled = true;
        entry.ProviderStatusCode = http.Response.StatusCode;
        return true;
    }

    /// <summary>Runs the provider's route with its answer kept in memory instead of sent, then clears the response.</summary>
    private static async Task<CapturedAnswer> HandleInMemoryAsync(HttpContext http, RequestDelegate next, JournalEntry entry)
    {
        var wire = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await PassAsync(http, next, entry);
            await capture.CompleteAsync();
        }
        finally
        {
            http.Features.Set(wire);
        }

        var answer = new CapturedAnswer(
            http.Response.StatusCode,
            [.. http.Response.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))],
            buffer.ToArray(),
            http.Response.ContentType);
        http.Response.Clear();
        return answer;
    }

    /// <returns><see langword="false"/> when the connection was dropped instead of answered.</returns>
    private static async Task<bool> ApplyFaultAsync(HttpContext http, RequestDelegate next, FaultRule fault, TimeProvider time, JournalEntry entry)
    {
        if (fault.Kind == FaultKind.Delay && !fault.AfterHandling)
        {
            await Task.Delay(fault.Delay, time, http.RequestAborted);
            return await PassAsync(http, next, entry);
        }

        var answer = fault.AfterHandling ? await HandleInMemoryAsync(http, next, entry) : null;
        switch (fault.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(fault.Delay, time, http.RequestAborted);
                await WriteAnswerAsync(http, answer!, answer!.Body, answer.Body.Length);
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

            case FaultKind.GatewayTimeout:
                await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status504GatewayTimeout, "Gateway timeout.");
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
                if (answer is { Body.Length: > 0 })
                {
                    var announced = answer.Body.Length;
                    await WriteAnswerAsync(http, answer with { Status = fault.StatusCode ?? answer.Status }, answer.Body.AsMemory(0, announced / 2), announced);
                }
                else
                {
                    var partial = "{\"created\":\"2000-01-01T00:00:00.000000+00:00\",\"data\":[{\"url\":"u8.ToArray();
                    http.Response.StatusCode = fault.StatusCode ?? StatusCodes.Status200OK;
                    http.Response.ContentType = "application/json";
                    http.Response.ContentLength = partial.Length + 512;
                    await http.Response.Body.WriteAsync(partial);
                }

                // Ending the response short of its Content-Length makes Kestrel close the connection after the bytes
                // already sent (a reset could discard them in the client's buffer before it reads them).
                await http.Response.Body.FlushAsync();
                return false;
            }

            case FaultKind.MalformedJson:
            {
                if (answer is { Body.Length: >= 2 })
                {
                    var half = answer.Body.Length / 2;
                    await WriteAnswerAsync(http, answer with { Status = fault.StatusCode ?? answer.Status }, answer.Body.AsMemory(0, half), half);
                    return true;
                }

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

            case FaultKind.EmptyBody:
            {
                var empty = answer ?? new CapturedAnswer(StatusCodes.Status200OK, [], [], "application/json");
                await WriteAnswerAsync(http, empty with { Status = fault.StatusCode ?? empty.Status }, ReadOnlyMemory<byte>.Empty, 0);
                return true;
            }

            case FaultKind.OversizedBody:
                return await WriteOversizedAsync(http, fault, answer);

            case FaultKind.StalledBody:
            {
                var stalled = answer ?? new CapturedAnswer(StatusCodes.Status200OK, [], Encoding.ASCII.GetBytes("{}".PadRight(64)), "application/json");
                var half = stalled.Body.Length / 2;
                await WriteAnswerAsync(http, stalled with { Status = fault.StatusCode ?? stalled.Status }, stalled.Body.AsMemory(0, half), stalled.Body.Length);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(fault.Delay, time, http.RequestAborted);
                await http.Response.Body.WriteAsync(stalled.Body.AsMemory(half), http.RequestAborted);
                return true;
            }

            default:
                throw new InvalidOperationException($"Unhandled fault kind {fault.Kind}.");
        }
    }

    /// <summary>Writes a captured answer's status and headers, <paramref name="body"/>, and <paramref name="contentLength"/> as its length.</summary>
    private static async Task WriteAnswerAsync(HttpContext http, CapturedAnswer answer, ReadOnlyMemory<byte> body, long contentLength)
    {
        http.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = answer.ContentType;
        http.Response.ContentLength = contentLength;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <returns><see langword="false"/> when the client stopped reading (the connection was dropped) before the end.</returns>
    private static async Task<bool> WriteOversizedAsync(HttpContext http, FaultRule fault, CapturedAnswer? answer)
    {
        answer ??= new CapturedAnswer(StatusCodes.Status200OK, [], "{}"u8.ToArray(), "application/json");
        var total = Math.Max(fault.BodyBytes ?? FaultRule.DefaultOversizedBodyBytes, answer.Body.Length);
        var textual = IsTextual(answer.ContentType);
        http.Response.StatusCode = fault.StatusCode ?? answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = answer.ContentType;
        http.Response.ContentLength = fault.WithoutContentLength ? null : total;
        var padding = new byte[64 * 1024];
        if (textual)
        {
            padding.AsSpan().Fill((byte)' ');
        }

        try
        {
            await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
            for (var left = total - answer.Body.Length; left > 0; left -= padding.Length)
            {
                await http.Response.Body.WriteAsync(padding.AsMemory(0, (int)Math.Min(left, padding.Length)), http.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading at its limit and closed the connection: what the fault is for.
            return false;
        }

        return true;
    }

    /// <summary>A provider's answer, produced but not sent.</summary>
    private sealed record CapturedAnswer(int Status, KeyValuePair<string, StringValues>[] Headers, byte[] Body, string? ContentType);

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

        if (!IsTextual(contentType))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        return ApiKeyProperty().Replace(text, "$1\"***\"");
    }

    private static bool IsTextual(string? contentType)
    {
        var type = contentType?.ToUpperInvariant() ?? "";
        return type.Contains("JSON", StringComparison.Ordinal)
            || type.StartsWith("TEXT/", StringComparison.Ordinal)
            || type.Contains("FORM", StringComparison.Ordinal);
    }

    // Runware authenticates with an "apiKey" property inside the JSON body.
    [GeneratedRegex("(\"apiKey\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyProperty();
}
