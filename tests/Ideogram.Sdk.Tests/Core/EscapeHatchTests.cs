using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>Extra wire fields for what the SDK does not model yet, and the provider's raw answer on results and failures.</summary>
public sealed class EscapeHatchTests
{
    private static readonly Dictionary<IdeogramProvider, string> Answers = new()
    {
        [IdeogramProvider.Ideogram] = CoreKit.GenerateJson,
        [IdeogramProvider.Segmind] = """{"request_id":"r1","status":"QUEUED"}""",
        [IdeogramProvider.Runflow] = """{"id":"run_1","status_code":"queued"}""",
        [IdeogramProvider.ApiInOne] = """{"code":200,"message":"success","data":{"task_id":"t_ideogram","status":"IN_PROGRESS"}}""",
    };

    private static (IdeogramClient Client, FunctionHandler Handler) Client(IdeogramProvider provider, Func<RecordedRequest, int, HttpResponseMessage>? respond = null)
    {
        respond ??= (r, _) => provider == IdeogramProvider.Runware
            ? FunctionHandler.Json($$"""{"data":[{"taskType":"imageInference","taskUUID":"{{JsonNode.Parse(r.Body!)!.AsArray()[0]!["taskUUID"]}}","imageUUID":"i","imageURL":"https://im.runware.ai/i.jpg"}]}""")
            : FunctionHandler.Json(provider == IdeogramProvider.Runflow ? HttpStatusCode.Created : HttpStatusCode.OK, Answers[provider], ("x-request-id", "req-42"));
        return FunctionHandler.NewClient(provider, "key-0123456789", respond);
    }

    private static GenerateRequest WithExtras(long? seed = null) => new("fox")
    {
        Seed = seed,
        ExtraWireFields = new Dictionary<string, JsonNode?> { ["future_knob"] = 3, ["future_mode"] = "sharp", ["future_list"] = new JsonArray(1, 2) },
    };

    [Theory]
    [InlineData(IdeogramProvider.Segmind)]
    [InlineData(IdeogramProvider.ApiInOne)]
    [InlineData(IdeogramProvider.Runflow)]
    [InlineData(IdeogramProvider.Runware)]
    public async Task Extra_fields_go_verbatim_where_the_providers_own_parameters_go(IdeogramProvider provider)
    {
        var (client, handler) = Client(provider);

        var job = await client.SubmitAsync(WithExtras());

        var body = JsonNode.Parse(handler.Requests[0].Body!)!;
        var target = provider switch
        {
            IdeogramProvider.Runflow => body["input"]!,
            IdeogramProvider.Runware => body.AsArray().Last()!,
            _ => body,
        };
        Assert.Equal(3, (int)target["future_knob"]!);
        Assert.Equal("sharp", (string?)target["future_mode"]);
        Assert.Equal("[1,2]", target["future_list"]!.ToJsonString());
        Assert.NotNull(target[provider == IdeogramProvider.Runware ? "positivePrompt" : "prompt"]);
        var warning = Assert.Single(job.Warnings, w => w.Code == Warning.ExtraWireFields);
        Assert.Contains("future_knob, future_mode, future_list", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_ideogram_extra_fields_are_form_fields_and_strings_are_sent_as_their_text()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, CoreKit.GenerateJson);
        using var client = CoreKit.Client(handler);

        var result = await client.GenerateAsync(WithExtras(seed: 7));

        var form = (await handler.Requests[0].ReadPartsAsync()).ToDictionary(p => p.Name, p => p.Text);
        Assert.Equal("3", form["future_knob"]);
        Assert.Equal("sharp", form["future_mode"]);
        Assert.Equal("[1,2]", form["future_list"]);
        Assert.Equal("7", form["seed"]);
        Assert.Contains(result.Warnings, w => w.Code == Warning.ExtraWireFields);
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, "prompt")]
    [InlineData(IdeogramProvider.Segmind, "prompt")]
    [InlineData(IdeogramProvider.Runflow, "prompt")]
    [InlineData(IdeogramProvider.Runware, "positivePrompt")]
    [InlineData(IdeogramProvider.ApiInOne, "model")]
    public async Task A_field_the_sdk_already_sends_is_refused_before_anything_is_sent(IdeogramProvider provider, string field)
    {
        var (client, handler) = Client(provider);
        var request = WithExtras();
        request.ExtraWireFields![field] = "overridden";

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(request));

        Assert.Empty(handler.Requests);
        Assert.Equal(nameof(ImageRequest.ExtraWireFields), e.ParamName);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_carries_the_providers_answer()
    {
        var (client, _) = Client(IdeogramProvider.Ideogram);

        var result = await client.GenerateAsync(new GenerateRequest("fox"));

        var raw = result.RawResponse!;
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(["req-42"], raw.Headers["X-Request-Id"]);
        Assert.Equal("application/json", raw.ContentType);
        Assert.Equal("a red fox", (string?)JsonNode.Parse(raw.ReadBodyAsString())!["data"]![0]!["prompt"]);
    }

    [Fact]
    public async Task A_failure_carries_the_providers_answer_without_the_key()
    {
        const string key = "key-0123456789";
        var (client, _) = Client(IdeogramProvider.Segmind, (_, _) =>
            FunctionHandler.Json(HttpStatusCode.BadRequest, $$"""{"error":"bad key {{key}}","new_detail":"why"}""", ("x-echo", key)));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        var raw = e.RawResponse!;
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Equal("why", (string?)JsonNode.Parse(raw.ReadBodyAsString())!["new_detail"]);
        Assert.DoesNotContain(key, raw.ReadBodyAsString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, string.Join(",", raw.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_polled_result_carries_the_answer_of_the_read_that_finished_it()
    {
        var (client, _) = Client(IdeogramProvider.ApiInOne, (r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Answers[IdeogramProvider.ApiInOne])
            : FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"t_ideogram","status":"completed","output":{"image_urls":["https://cdn.apiin.one/t.png"]},"future":"x"}}"""));

        var result = await client.GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal("x", (string?)JsonNode.Parse(result.RawResponse!.ReadBodyAsString())!["data"]!["future"]);
    }
}
