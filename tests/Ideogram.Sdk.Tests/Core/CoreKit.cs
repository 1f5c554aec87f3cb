using System.Net;
using System.Text;
using Ideogram.Sdk.Tests.Infrastructure;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>Shared pieces of the core tests: images, canned Ideogram answers, and a transport that records what is sent.</summary>
internal static class CoreKit
{
    public const string Key = "test-key-3f9c2a7e41d8";

    public static readonly Uri Base = new("https://api.ideogram.test/");

    /// <summary>
    /// A PNG-signed image of the given size (the SDK recognises images by their first bytes), ending with PNG's
    /// <c>IEND</c> chunk when there is room (a download that lacks it was cut short).
    /// </summary>
    public static byte[] Png(int size = 64)
    {
        var bytes = new byte[size];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        for (var i = signature.Length; i < size; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        if (size >= signature.Length + TestImages.PngEnd.Length)
        {
            TestImages.PngEnd.CopyTo(bytes, size - TestImages.PngEnd.Length);
        }

        return bytes;
    }

    public static ImageInput Image(int size = 64) => ImageInput.FromBytes(Png(size));

    public const string GenerateJson = """
        {"created":"2025-06-01T10:00:00.000000+00:00","data":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp=1893456000","prompt":"a red fox","resolution":"1024x1024","is_image_safe":true,"seed":7,"style_type":"AUTO"}]}
        """;

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static IdeogramClient Client(HttpMessageHandler transport, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions { ApiKey = Key, BaseAddress = Base, TimeProvider = new Infrastructure.DelayRecordingTimeProvider { AutoAdvanceDelays = true } };
        configure?.Invoke(options);
        return new IdeogramClient(options, transport);
    }

    /// <summary>A transport that answers nothing but records every request that reaches it (the validation tests expect none).</summary>
    public static (MockHttpMessageHandler Mock, List<string> Sent) Refusing()
    {
        var mock = new MockHttpMessageHandler();
        var sent = new List<string>();
        mock.Fallback.Respond(req =>
        {
            lock (sent)
            {
                sent.Add($"{req.Method} {req.RequestUri}");
            }

            return new HttpResponseMessage(HttpStatusCode.InternalServerError);
        });
        return (mock, sent);
    }

    /// <summary>Calls the public method for the request's type.</summary>
    public static Task<ImageResult> Run(IIdeogramClient client, ImageRequest request, CancellationToken ct = default) => request switch
    {
        GenerateRequest g => client.GenerateAsync(g, ct),
        EditRequest e => client.EditAsync(e, ct),
        RemixRequest r => client.RemixAsync(r, ct),
        ReframeRequest f => client.ReframeAsync(f, ct),
        ReplaceBackgroundRequest b => client.ReplaceBackgroundAsync(b, ct),
        DescribeRequest d => client.DescribeAsync(d, ct),
        UpscaleRequest u => client.UpscaleAsync(u, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };
}

/// <summary>The parts of a multipart body, read while the request is still alive.</summary>
internal sealed class CapturedForm
{
    public List<(string Name, string? FileName, string? ContentType, byte[] Bytes)> Parts { get; } = [];

    public string? Path { get; private set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<CapturedForm> ReadAsync(HttpRequestMessage request)
    {
        var form = new CapturedForm { Path = request.RequestUri?.AbsolutePath };
        foreach (var h in request.Headers)
        {
            form.Headers[h.Key] = string.Join(",", h.Value);
        }

        if (request.Content is MultipartContent multipart)
        {
            foreach (var part in multipart)
            {
                var name = part.Headers.ContentDisposition?.Name?.Trim('"') ?? string.Empty;
                form.Parts.Add((name, part.Headers.ContentDisposition?.FileName?.Trim('"'), part.Headers.ContentType?.MediaType, await part.ReadAsByteArrayAsync()));
            }
        }

        return form;
    }

    public bool Has(string name) => Parts.Any(p => p.Name == name);

    public string Text(string name) => Encoding.UTF8.GetString(Parts.Single(p => p.Name == name).Bytes);

    public IReadOnlyList<string> Names => [.. Parts.Select(p => p.Name)];
}
