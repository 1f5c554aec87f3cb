using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>A request as it reached the transport: method, URL, headers and body bytes, with a multipart view.</summary>
public sealed class CapturedRequest
{
    public required HttpMethod Method { get; init; }

    public required Uri Uri { get; init; }

    public required Dictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public string? ContentType { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public static async Task<CapturedRequest> FromAsync(HttpRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers)
        {
            headers[h.Key] = string.Join(",", h.Value);
        }

        byte[] body = [];
        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }

            body = await request.Content.ReadAsByteArrayAsync();
        }

        return new CapturedRequest
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            Headers = headers,
            Body = body,
            ContentType = request.Content?.Headers.ContentType?.ToString(),
        };
    }

    /// <summary>The multipart parts, in order, read with ASP.NET Core's reader (independent of the SDK's writer).</summary>
    public async Task<List<FormPart>> ReadPartsAsync()
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(Body));
        var parts = new List<FormPart>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add(new FormPart(
                HeaderUtilities.RemoveQuotes(disposition.Name).Value!,
                disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null,
                section.ContentType,
                buffer.ToArray(),
                section.ContentDisposition!));
        }

        return parts;
    }
}

public sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Bytes, string RawDisposition)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}

/// <summary>A transport that answers from a queue of scripted responses and records every request.</summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<CapturedRequest, HttpResponseMessage>> _responses = new();

    public List<CapturedRequest> Requests { get; } = [];

    public ScriptedHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        _responses.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public ScriptedHandler Respond(Func<CapturedRequest, HttpResponseMessage> responder)
    {
        _responses.Enqueue(responder);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var captured = await CapturedRequest.FromAsync(request);
        Requests.Add(captured);
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri}.");
        }

        var response = _responses.Dequeue()(captured);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>Small images for tests (real PNG/JPEG signatures).</summary>
public static class TestImages
{
    /// <summary>PNG's last chunk (<c>IEND</c>, empty, with its CRC): a whole PNG ends with it.</summary>
    public static readonly byte[] PngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>A PNG-signed stub of 24 + <paramref name="extra"/> bytes that ends like a PNG.</summary>
    public static byte[] Png(int extra = 0)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        return [.. signature, .. new byte[4 + extra], .. PngEnd];
    }

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
}
