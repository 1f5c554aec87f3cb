using System.Collections;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// A provider that echoes the request's key (as written, JSON-escaped or URL-encoded) in any answer, on any path of
/// any adapter (a refused submission, a failed status read, a failed job, run or task), never gets it into an
/// exception: not its message, provider message, error code, raw body, request id, <c>ToString()</c> or <c>Data</c>.
/// </summary>
public sealed class KeyEchoTests
{
    /// <summary>A key with characters that JSON and URL encoders escape, so each echoed form differs.</summary>
    internal const string Key = "sk+Live/Zq81=xYv02&TOPSECRET";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in Scenarios.Keys)
        {
            foreach (var form in Forms.Keys)
            {
                data.Add(scenario, form);
            }
        }

        return data;
    }

    /// <summary>How the key comes back, ready to put between JSON quotes.</summary>
    internal static readonly Dictionary<string, string> Forms = new()
    {
        ["raw"] = Key,
        ["json-escaped"] = JsonEncodedText.Encode(Key).ToString(),
        ["json-escaped, slash escaped"] = JsonEncodedText.Encode(Key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString().Replace("/", "\\/", StringComparison.Ordinal),
        ["url-encoded"] = Uri.EscapeDataString(Key),
    };

    private const string RunwareAck = """{"data":[{"taskType":"imageInference","taskUUID":"TASK"}]}""";

    /// <summary>Each scenario: the provider, what the caller does, and the answers (given the echoed key and the request's index).</summary>
    internal static readonly Dictionary<string, (IdeogramProvider Provider, Func<IdeogramClient, Task<Exception>> Act, Func<string, RecordedRequest, int, HttpResponseMessage> Answer)> Scenarios = new()
    {
        ["Ideogram refused submission"] = (IdeogramProvider.Ideogram, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"detail":"Invalid API key: {{k}}"}""", ("x-request-id", "req-" + Key))),
        ["Ideogram refused submission, key as the error code"] = (IdeogramProvider.Ideogram, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.BadRequest, $$"""{"error":{"code":"{{k}}","message":"header Api-Key={{k}} rejected"} }""")),
        ["Runflow refused submission"] = (IdeogramProvider.Runflow, c => Fails(c.SubmitAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.UnprocessableEntity, $$"""{"code":"VALIDATION_ERROR","message":"bad {{k}}","errors":[{"field":"input.{{k}}","message":"token {{k}} rejected"}]}""")),
        ["Runflow failed status read"] = (IdeogramProvider.Runflow, c => Fails(c.PollAsync(Pending(IdeogramProvider.Runflow, "run-1"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Forbidden, $$"""{"code":"FORBIDDEN","message":"key {{k}} may not read runs"}""")),
        ["Runflow failed run"] = (IdeogramProvider.Runflow, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, r, _) => r.Method == HttpMethod.Post
                ? FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run-1","status_code":"queued"}""")
                : FunctionHandler.Json($$"""{"id":"run-1","status_code":"failed","failure_code":"AUTH_{{k}}","failure_message":"key {{k}} revoked","request_id":"rq-{{k}}"}""")),
        ["Runflow failed run, error in output"] = (IdeogramProvider.Runflow, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, r, _) => r.Method == HttpMethod.Post
                ? FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run-1","status_code":"queued"}""")
                : FunctionHandler.Json($$"""{"id":"run-1","status_code":"failed","output":{"error":{"code":"E","message":"upstream said {{k}}"} } }""")),
        ["Segmind refused submission"] = (IdeogramProvider.Segmind, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"error":"Invalid key {{k}}","detail":"x-api-key {{k}}"}""")),
        ["Segmind failed synchronous request"] = (IdeogramProvider.Segmind, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json($$"""{"status":"FAILED","output":"none","error":"quota of {{k}} used"}""")),
        ["Segmind failed job"] = (IdeogramProvider.Segmind, c => Fails(c.SubmitAsync(new GenerateRequest("fox")).ContinueWith(t => c.WaitAsync(t.Result)).Unwrap()),
            (k, r, _) => r.Method == HttpMethod.Post
                ? FunctionHandler.Json("""{"request_id":"job-1","status":"QUEUED"}""")
                : FunctionHandler.Json(HttpStatusCode.UnprocessableEntity, $$"""{"status":"FAILED","error":{"message":"key {{k}} is over quota"} }""")),
        ["Segmind failed status read"] = (IdeogramProvider.Segmind, c => Fails(c.PollAsync(Pending(IdeogramProvider.Segmind, "job-1"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"error":"no access for {{k}}"}""")),
        ["Runware refused submission"] = (IdeogramProvider.Runware, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"errors":[{"code":"invalidApiKey","message":"Invalid API key {{k}}","parameter":"apiKey","taskType":"authentication"}]}""")),
        ["Runware refused submission, legacy error"] = (IdeogramProvider.Runware, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"error":true,"errorId":19,"errorMessage":"Invalid api key {{k}}"}""")),
        ["Runware failed item in the submission answer"] = (IdeogramProvider.Runware, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, r, _) => FunctionHandler.Json($$"""{"data":[{"taskType":"imageInference","taskUUID":"{{TaskOf(r)}}","status":"error","error":{"code":"providerError","message":"key {{k}}"} }]}""")),
        ["Runware failed task"] = (IdeogramProvider.Runware, c => Fails(c.SubmitAsync(new GenerateRequest("fox")).ContinueWith(t => c.WaitAsync(t.Result)).Unwrap()),
            (k, r, i) => i == 0
                ? FunctionHandler.Json(RunwareAck.Replace("TASK", TaskOf(r), StringComparison.Ordinal))
                : FunctionHandler.Json($$"""{"errors":[{"code":"timeoutProvider","status":"error","message":"provider saw {{k}}","taskUUID":"{{TaskOf(r)}}"}]}""")),
        ["Runware failed status read"] = (IdeogramProvider.Runware, c => Fails(c.PollAsync(Pending(IdeogramProvider.Runware, "3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"errors":[{"code":"invalidApiKey","message":"key {{k}} is not valid","taskType":"authentication"}]}""")),
        ["API in One refused submission"] = (IdeogramProvider.ApiInOne, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"error":{"code":401,"message":"bad key {{k}}","type":"authentication_error"} }""")),
        ["API in One error inside a 200 envelope"] = (IdeogramProvider.ApiInOne, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json($$"""{"code":401,"message":"Invalid key {{k}}"}""")),
        ["API in One task failed at once"] = (IdeogramProvider.ApiInOne, c => Fails(c.SubmitAsync(new GenerateRequest("fox"))),
            (k, _, _) => FunctionHandler.Json($$"""{"code":200,"message":"success","data":{"task_id":"t1","status":"failed","error":"key {{k}} blocked"} }""")),
        ["API in One failed task"] = (IdeogramProvider.ApiInOne, c => Fails(c.GenerateAsync(new GenerateRequest("fox"))),
            (k, r, _) => r.Method == HttpMethod.Post
                ? FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"t1","status":"IN_PROGRESS"}}""")
                : FunctionHandler.Json($$"""{"code":200,"message":"success","data":{"task_id":"t1","status":"failed","error":{"message":"key {{k}} blocked"} } }""")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_echoed_key_reaches_no_part_of_the_exception(string scenario, string form)
    {
        var (provider, act, answer) = Scenarios[scenario];
        var echo = Forms[form];
        var (client, handler) = FunctionHandler.NewClient(provider, Key, (r, i) => answer(echo, r, i));
        using (client)
        {
            var e = await act(client);

            Assert.NotEmpty(handler.Requests);
            Assert.IsAssignableFrom<IdeogramException>(e);
            AssertNoKey(e);
        }
    }

    [Fact]
    public async Task The_echo_is_masked_not_cut_so_the_rest_of_the_provider_text_stays_readable()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Segmind, Key,
            (_, _) => FunctionHandler.Json(HttpStatusCode.Unauthorized, $$"""{"error":"Invalid key {{JsonEncodedText.Encode(Key)}} for this model"}"""));
        using (client)
        {
            var e = Assert.IsType<IdeogramAuthenticationException>(await Fails(client.GenerateAsync(new GenerateRequest("fox"))));

            Assert.Equal("Invalid key *** for this model", e.ProviderMessage);
            Assert.Contains("Invalid key *** for this model", e.Message, StringComparison.Ordinal);
            Assert.Contains("Invalid key *** for this model", e.RawBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_failed_job_read_with_PollAsync_carries_no_key_in_its_status_error()
    {
        var (client, _) = FunctionHandler.NewClient(IdeogramProvider.Runflow, Key,
            (_, _) => FunctionHandler.Json($$"""{"id":"run-1","status_code":"failed","failure_code":"X","failure_message":"key {{Key}} revoked"}"""));
        using (client)
        {
            var status = await client.PollAsync(Pending(IdeogramProvider.Runflow, "run-1"));

            Assert.Equal(ImageJobState.Failed, status.State);
            AssertNoKey(status.Error!);
            Assert.Equal("key *** revoked", status.Error!.ProviderMessage);
        }
    }

    private static ImageJob Pending(IdeogramProvider provider, string id) =>
        new(provider, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch, provider == IdeogramProvider.Runware
            ? new Dictionary<string, string> { ["taskUUID"] = id, ["numberResults"] = "1" }
            : null);

    private static string TaskOf(RecordedRequest request) =>
        JsonNode.Parse(request.Body!)!.AsArray().Select(t => t!).Last()["taskUUID"]!.GetValue<string>();

    private static async Task<Exception> Fails(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("The call was expected to fail.");
    }

    private static void AssertNoKey(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            NoKey(e.Message);
            NoKey(e.ToString());
            foreach (DictionaryEntry entry in e.Data)
            {
                NoKey(entry.Key.ToString());
                NoKey(entry.Value?.ToString());
            }

            if (e is IdeogramException ie)
            {
                NoKey(ie.ProviderMessage);
                NoKey(ie.ErrorCode);
                NoKey(ie.RawBody);
                NoKey(ie.RequestId);
                NoKey((ie as IdeogramBadRequestException)?.ProviderParameter);
                NoKey(ie.Job?.ToString());
            }
        }
    }

    /// <summary>Neither end of the key in any form (each form keeps both ends readable).</summary>
    private static void NoKey(string? text)
    {
        Assert.DoesNotContain("TOPSECRET", text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq81", text ?? string.Empty, StringComparison.Ordinal);
    }
}
