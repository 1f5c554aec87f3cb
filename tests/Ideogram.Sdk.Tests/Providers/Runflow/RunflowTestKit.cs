using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Providers.Runflow;

/// <summary>Builds Runflow clients over MockHttp with a fake clock, and Runflow run bodies.</summary>
internal static class RunflowTestKit
{
    public const string Base = "https://api.runflow.io/";
    public const string RunsUrl = Base + "v1/models/ideogram/v3/runs";
    public const string Key = "rf_live_test_key";

    /// <summary>
    /// The SDK's request deadlines in these tests: far beyond what any test's waits add up to. The fake clock never fires a
    /// timeout on its own (see <see cref="DelayRecordingTimeProvider"/>), only when the waits move it that far.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromHours(1);

    public static IdeogramClient Client(MockHttpMessageHandler mock, FakeTimeProvider time, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = Key,
            BaseAddress = new Uri(Base),
            TimeProvider = time,
            AttemptTimeout = Deadline,
            TotalTimeout = Deadline,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return new IdeogramClient(options, mock);
    }

    public static DelayRecordingTimeProvider Clock() => new() { AutoAdvanceDelays = true };

    public static string RunUrl(string id) => Base + "v1/runs/" + id;

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        FunctionHandler.Json(status, body, headers);

    /// <summary>A run object as Runflow's API reference lists it.</summary>
    public static string Run(string id, string status, JsonNode? output = null, Action<JsonObject>? edit = null)
    {
        var run = new JsonObject
        {
            ["id"] = id,
            ["status_code"] = status,
            ["target_type"] = "model",
            ["model_id"] = "0195f3a2-7c1e-7d40-9a41-1d3e5b7c9a01",
            ["org_id"] = "0195f3a2-0000-7000-8000-000000000001",
            ["input"] = new JsonObject { ["prompt"] = "a poster" },
            ["output"] = output?.DeepClone(),
            ["cost"] = status == "succeeded" ? "0.06" : null,
            ["client_ref"] = null,
            ["request_id"] = "req-" + id,
            ["created_at"] = "2026-05-06T10:00:00Z",
            ["completed_at"] = null,
            ["callback_url"] = null,
            ["metadata"] = new JsonObject(),
            ["failure_code"] = null,
            ["failure_message"] = null,
            ["failure_stage_code"] = null,
        };
        edit?.Invoke(run);
        return run.ToJsonString();
    }

    /// <summary>The documented succeeded output: <c>{outputs: [{url, type, width, height}], seed, nsfw_detected, timing}</c>.</summary>
    public static JsonObject Outputs(params string[] urls)
    {
        var outputs = new JsonArray();
        foreach (var url in urls)
        {
            outputs.Add(new JsonObject { ["url"] = url, ["type"] = "image", ["width"] = 768, ["height"] = 1024, ["content_type"] = "image/webp" });
        }

        return new JsonObject { ["outputs"] = outputs, ["seed"] = 1234, ["nsfw_detected"] = false, ["timing"] = new JsonObject { ["inference_ms"] = 8000 } };
    }

    public const string ImageUrl = "https://bucket.s3.dualstack.eu-central-1.amazonaws.com/outputs/r1/result.webp?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260506T100142Z&X-Amz-Expires=259200&X-Amz-Signature=abc";

    /// <summary>Answers a submission with 201 and a queued run.</summary>
    public static void AcceptRun(MockHttpMessageHandler mock, string id = "r1") =>
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.Created, Run(id, "queued")));

    /// <summary>Answers polls of <paramref name="id"/> with the given responses in turn (the last one repeats).</summary>
    public static Func<int> ScriptPolls(MockHttpMessageHandler mock, string id, params Func<HttpResponseMessage>[] answers)
    {
        var count = 0;
        mock.When(HttpMethod.Get, RunUrl(id)).Respond(_ =>
        {
            var index = Math.Min(Interlocked.Increment(ref count) - 1, answers.Length - 1);
            return answers[index]();
        });
        return () => Volatile.Read(ref count);
    }
}
