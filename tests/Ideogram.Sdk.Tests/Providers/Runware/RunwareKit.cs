using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Tests.Infrastructure;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>Shared helpers for the Runware tests: fixtures, prepared requests, canned answers, a recording transport.</summary>
internal static class RunwareKit
{
    public const string Endpoint = "https://api.runware.ai/v1";
    public const string Key = "rw-test-key-0123456789";

    public static readonly RunwareAdapter Adapter = new();

    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Runware", name);

    public static JsonNode Fixture(string name) => JsonNode.Parse(File.ReadAllText(FixturePath(name)))!;

    public static Task<PreparedRequest> PrepareAsync(ImageRequest request, UnsupportedParameterBehavior behavior = UnsupportedParameterBehavior.Strict) =>
        RequestValidator.PrepareAsync(request, RunwareParameters.Profile, behavior, CancellationToken.None).AsTask();

    public static SubmitContext Context(PreparedRequest request, Guid id, bool preferJob = false, Action<RunwareOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new IdeogramClientOptions { Provider = IdeogramProvider.Runware };
        configure?.Invoke(options.Runware);
        return new SubmitContext
        {
            Request = request,
            BaseAddress = new Uri("https://api.runware.ai/"),
            Options = options,
            PreferJob = preferJob,
            Time = time ?? new FakeTimeProvider(),
            NewId = () => id,
        };
    }

    public static PollContext PollContext(ImageJob job, Action<RunwareOptions>? configure = null)
    {
        var options = new IdeogramClientOptions { Provider = IdeogramProvider.Runware };
        configure?.Invoke(options.Runware);
        return new PollContext { Job = job, BaseAddress = new Uri("https://api.runware.ai/"), Options = options, Time = new FakeTimeProvider() };
    }

    public static ProviderResponse Response(HttpStatusCode status, string body) =>
        new(IdeogramProvider.Runware, status, new HttpResponseMessage().Headers, null, Encoding.UTF8.GetBytes(body), new FakeTimeProvider(), null);

    public static async Task<JsonNode> BodyAsync(HttpRequestMessage message) =>
        JsonNode.Parse(await message.Content!.ReadAsStringAsync())!;

    /// <summary>Semantic JSON equality with both documents in the failure message.</summary>
    public static void AssertJsonEqual(JsonNode expected, JsonNode? actual)
    {
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected:\n{expected.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }

    public static IdeogramClient Client(HttpMessageHandler transport, FakeTimeProvider time, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runware,
            ApiKey = Key,
            TimeProvider = time,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return new IdeogramClient(options, transport);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) => FunctionHandler.Json(status, body);

    /// <summary>The result item of a task, as Runware sends it.</summary>
    public static string Item(string taskUuid, int index, string? status = null, decimal cost = 0.06m) =>
        $$"""{"taskType":"imageInference","taskUUID":"{{taskUuid}}",{{(status is null ? "" : $"\"status\":\"{status}\",")}}"imageUUID":"00000000-0000-4000-8000-00000000000{{index}}","imageURL":"https://im.runware.ai/image/ws/2/ii/00000000-0000-4000-8000-00000000000{{index}}.jpg","seed":{{1000 + index}},"cost":{{cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";
}

/// <summary>A transport that records every request body and answers from a script (one answer per request, in order).</summary>
internal sealed class ScriptedRunware : HttpMessageHandler
{
    private readonly Queue<Func<JsonNode, HttpResponseMessage>> _answers = new();

    public List<(HttpRequestMessage Request, JsonNode Body)> Sent { get; } = [];

    public ScriptedRunware Then(Func<JsonNode, HttpResponseMessage> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public ScriptedRunware Then(HttpStatusCode status, string body) => Then(_ => RunwareKit.Json(status, body));

    /// <summary>The taskUUID of the first task of a request body (after a leading authentication task, if any).</summary>
    public static string TaskUuid(JsonNode body) =>
        body.AsArray().Select(t => t!).First(t => (string?)t["taskType"] != "authentication")["taskUUID"]!.GetValue<string>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(RunwareKit.Endpoint, request.RequestUri!.ToString());
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        Sent.Add((request, body));
        Assert.True(_answers.Count > 0, $"Unexpected request #{Sent.Count}: {body.ToJsonString()}");
        return _answers.Dequeue()(body);
    }
}

internal static class MockHttpExtensions
{
    /// <summary>A MockHttp handler that fails the test on any request (for "refused before any HTTP call").</summary>
    public static MockHttpMessageHandler NoCalls()
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ => throw new InvalidOperationException("No HTTP call was expected."));
        return mock;
    }
}
