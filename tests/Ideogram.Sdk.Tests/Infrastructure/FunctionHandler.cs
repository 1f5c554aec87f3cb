using Ideogram.Sdk.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>A transport that records every request (with its body) and answers from a script; no network.</summary>
public sealed class FunctionHandler(Func<RecordedRequest, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// A client of <paramref name="provider"/> over a new handler that answers with <paramref name="respond"/>: no retries,
    /// no initial poll delay, and a manual clock that nobody advances (timeouts never fire; polls without delay or backoff never wait).
    /// </summary>
    public static (IdeogramClient Client, FunctionHandler Handler) NewClient(
        IdeogramProvider provider, string apiKey, Func<RecordedRequest, int, HttpResponseMessage> respond, Action<IdeogramClientOptions>? configure = null)
    {
        var handler = new FunctionHandler(respond);
        var options = new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = apiKey,
            TimeProvider = new FakeTimeProvider(),
            MaxRetries = 0,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero },
        };
        configure?.Invoke(options);
        return (new IdeogramClient(options, handler), handler);
    }

    /// <summary>A transport that fails the test if anything is sent.</summary>
    public static FunctionHandler Forbidden() => new((r, _) => throw new InvalidOperationException($"No HTTP call was expected, but {r.Method} {r.Uri} was sent."));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.MediaType, body);
        int index;
        lock (_requests)
        {
            _requests.Add(recorded);
            index = _requests.Count - 1;
        }

        return respond(recorded, index);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Json(string json, params (string Name, string Value)[] headers) => Json(HttpStatusCode.OK, json, headers);

    public static HttpResponseMessage Raw(HttpStatusCode status, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        return new HttpResponseMessage(status) { Content = content };
    }
}

/// <summary>One request as it went on the wire.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[]? Body)
{
    public string Path => Uri.AbsolutePath;

    public JsonObject Json => JsonNode.Parse(Body!)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

public static class WireAssert
{
    /// <summary>Asserts a JSON body has exactly the expected fields, each with the expected value.</summary>
    public static void BodyEquals(string expectedJson, JsonObject actual)
    {
        var expected = JsonNode.Parse(expectedJson)!.AsObject();
        Assert.Equal(expected.Select(p => p.Key).Order(StringComparer.Ordinal), actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, actual[name]), $"Field '{name}': expected {value?.ToJsonString() ?? "null"}, got {actual[name]?.ToJsonString() ?? "null"}.");
        }
    }

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
