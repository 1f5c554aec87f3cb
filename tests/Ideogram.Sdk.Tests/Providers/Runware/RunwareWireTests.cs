using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Providers.Runware;
using static Ideogram.Sdk.Tests.Providers.Runware.RunwareKit;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>Golden wire tests: the task each neutral request becomes, field by field.</summary>
public sealed class RunwareWireTests
{
    private static async Task<(HttpRequestMessage Message, JsonNode Body)> BuildAsync(ImageRequest request, Guid id, bool preferJob = false, Action<RunwareOptions>? configure = null)
    {
        var prepared = await PrepareAsync(request);
        var message = Adapter.CreateSubmit(Context(prepared, id, preferJob, configure ?? (o => o.IncludeCost = false)));
        Adapter.Authenticate(message, new ApiKey(Key));
        return (message, await BodyAsync(message));
    }

    private static void AssertEnvelope(HttpRequestMessage message)
    {
        Assert.Equal(HttpMethod.Post, message.Method);
        Assert.Equal(Endpoint, message.RequestUri!.ToString());
        Assert.Equal("Bearer", message.Headers.Authorization!.Scheme);
        Assert.Equal(Key, message.Headers.Authorization.Parameter);
        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Edit_reproduces_the_documented_example_field_for_field()
    {
        var page = Fixture("edit-request.json");
        var request = new EditRequest(
            ImageInput.FromUrl((string)page["inputs"]!["seedImage"]!),
            ImageInput.FromUrl((string)page["inputs"]!["maskImage"]!),
            (string)page["positivePrompt"]!)
        {
            RenderingSpeed = RenderingSpeed.Quality,
            MagicPrompt = MagicPrompt.Off,
            StyleType = StyleType.Design,
            StylePreset = StylePreset.Editorial,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!));

        AssertEnvelope(message);
        AssertJsonEqual(new JsonArray(page), body);
    }

    [Fact]
    public async Task More_than_eight_images_go_in_one_task_because_runware_takes_up_to_twenty()
    {
        var (_, body) = await BuildAsync(new GenerateRequest("twelve posters") { NumImages = 12 }, Guid.NewGuid());

        Assert.Equal(12, (int)body[0]!["numberResults"]!);
        await Assert.ThrowsAnyAsync<IdeogramValidationException>(() => PrepareAsync(new GenerateRequest("too many") { NumImages = 21 }));
    }

    [Fact]
    public async Task Generate_reproduces_the_documented_example()
    {
        var page = Fixture("generate-request.json");
        var request = new GenerateRequest((string)page["positivePrompt"]!)
        {
            Resolution = Resolution.Res1024x1024,
            RenderingSpeed = RenderingSpeed.Quality,
            MagicPrompt = MagicPrompt.Auto,
            StyleType = StyleType.Design,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!));

        AssertEnvelope(message);
        AssertJsonEqual(new JsonArray(page), body);
    }

    [Fact]
    public async Task Reframe_reproduces_the_documented_example_without_a_prompt()
    {
        var page = Fixture("reframe-request.json");
        var request = new ReframeRequest(ImageInput.FromUrl((string)page["inputs"]!["seedImage"]!), Resolution.Res1536x640)
        {
            RenderingSpeed = RenderingSpeed.Quality,
            MagicPrompt = MagicPrompt.On,
            StylePreset = StylePreset.ArtDeco,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!));

        AssertEnvelope(message);
        AssertJsonEqual(new JsonArray(page), body);
        Assert.Null(body[0]!["positivePrompt"]);
    }

    [Fact]
    public async Task Remix_puts_the_image_in_referenceImages_and_the_weight_in_remixStrength()
    {
        var page = Fixture("remix-request.json");
        var request = new RemixRequest(ImageInput.FromUrl((string)page["inputs"]!["referenceImages"]![0]!), (string)page["positivePrompt"]!)
        {
            NegativePrompt = "blurry text",
            AspectRatio = AspectRatio.Ratio3x2,
            NumImages = 2,
            Seed = 42,
            RenderingSpeed = RenderingSpeed.Turbo,
            StyleCodes = ["aaff5733"],
            ImageWeight = 70,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!), configure: _ => { });

        AssertEnvelope(message);
        AssertJsonEqual(new JsonArray(page), body);
    }

    [Fact]
    public async Task ReplaceBackground_sends_bytes_as_a_data_uri_with_output_options_and_async_delivery()
    {
        var page = Fixture("replace-background-request.json");
        var request = new ReplaceBackgroundRequest(ImageInput.FromBytes(Png), (string)page["positivePrompt"]!)
        {
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.Off,
            StylePreset = StylePreset.GoldenHour,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!), preferJob: true, configure: o =>
        {
            o.OutputType = RunwareOutputType.Base64Data;
            o.OutputFormat = RunwareOutputFormat.Png;
        });

        AssertEnvelope(message);
        AssertJsonEqual(new JsonArray(page), body);
    }

    [Fact]
    public async Task Aspect_ratios_become_the_documented_width_and_height()
    {
        var (_, body) = await BuildAsync(new GenerateRequest("a") { AspectRatio = AspectRatio.Ratio16x9 }, Guid.NewGuid());
        Assert.Equal(1312, (int)body[0]!["width"]!);
        Assert.Equal(736, (int)body[0]!["height"]!);

        (_, body) = await BuildAsync(new GenerateRequest("a") { AspectRatio = AspectRatio.Ratio1x3 }, Guid.NewGuid());
        Assert.Equal(512, (int)body[0]!["width"]!);
        Assert.Equal(1536, (int)body[0]!["height"]!);
    }

    [Fact]
    public async Task Edit_and_replace_background_never_send_a_size_and_generate_sends_none_unless_asked()
    {
        var (_, generate) = await BuildAsync(new GenerateRequest("a"), Guid.NewGuid());
        Assert.Null(generate[0]!["width"]);
        Assert.Null(generate[0]!["height"]);
        Assert.Null(generate[0]!["inputs"]);
        Assert.Null(generate[0]!["providerSettings"]);
        Assert.Null(generate[0]!["deliveryMethod"]);
        Assert.Null(generate[0]!["numberResults"]);
        Assert.Null(generate[0]!["seed"]);

        var edit = new EditRequest(ImageInput.FromBytes(Png), ImageInput.FromBytes(Png), "a") { NumImages = 3, Seed = 7 };
        var (_, body) = await BuildAsync(edit, Guid.NewGuid());
        Assert.Null(body[0]!["width"]);
        Assert.Equal(3, (int)body[0]!["numberResults"]!);
        Assert.Equal(7, (long)body[0]!["seed"]!);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), (string)body[0]!["inputs"]!["seedImage"]!);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), (string)body[0]!["inputs"]!["maskImage"]!);
    }

    [Fact]
    public async Task Reference_images_and_character_references_go_in_providerSettings_ideogram()
    {
        var request = new GenerateRequest("a")
        {
            StyleReferenceImages = [ImageInput.FromUrl("https://example.com/s1.png"), ImageInput.FromBytes(Png)],
            CharacterReferenceImages = [ImageInput.FromUrl("https://example.com/c.png")],
            CharacterReferenceImageMasks = [ImageInput.FromUrl("https://example.com/m.png")],
        };

        var (_, body) = await BuildAsync(request, Guid.NewGuid());

        var ideogram = body[0]!["providerSettings"]!["ideogram"]!;
        AssertJsonEqual(new JsonArray("https://example.com/s1.png", "data:image/png;base64," + Convert.ToBase64String(Png)), ideogram["styleReferenceImages"]);
        AssertJsonEqual(new JsonArray("https://example.com/c.png"), ideogram["characterReferenceImages"]);
        AssertJsonEqual(new JsonArray("https://example.com/m.png"), ideogram["characterReferenceImagesMask"]);
    }

    [Fact]
    public async Task Options_map_to_output_cost_safety_and_ttl_fields()
    {
        var (_, body) = await BuildAsync(new GenerateRequest("a"), Guid.NewGuid(), configure: o =>
        {
            o.OutputType = RunwareOutputType.DataUri;
            o.OutputFormat = RunwareOutputFormat.Webp;
            o.OutputQuality = 80;
            o.CheckContent = true;
            o.ResultLifetime = TimeSpan.FromMinutes(5);
        });

        var task = body[0]!;
        Assert.Equal("dataURI", (string)task["outputType"]!);
        Assert.Equal("WEBP", (string)task["outputFormat"]!);
        Assert.Equal(80, (int)task["outputQuality"]!);
        Assert.True((bool)task["includeCost"]!);
        Assert.Equal(300, (int)task["ttl"]!);
        AssertJsonEqual(JsonNode.Parse("""{"checkContent":true,"mode":"fast"}""")!, task["safety"]);
    }

    [Fact]
    public void Option_setters_refuse_values_runware_does_not_take()
    {
        var options = new RunwareOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.OutputQuality = 19);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.OutputQuality = 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ResultLifetime = TimeSpan.FromSeconds(59));
    }

    [Fact]
    public async Task Async_delivery_is_sent_for_jobs_and_when_the_option_asks_for_it()
    {
        var (_, sync) = await BuildAsync(new GenerateRequest("a"), Guid.NewGuid());
        Assert.Null(sync[0]!["deliveryMethod"]);

        var (_, job) = await BuildAsync(new GenerateRequest("a"), Guid.NewGuid(), preferJob: true);
        Assert.Equal("async", (string)job[0]!["deliveryMethod"]!);

        var (_, option) = await BuildAsync(new GenerateRequest("a"), Guid.NewGuid(), configure: o => o.AsyncDelivery = true);
        Assert.Equal("async", (string)option[0]!["deliveryMethod"]!);
    }

    [Fact]
    public async Task The_task_uuid_is_a_client_made_uuid_v4_remembered_for_the_answer()
    {
        var prepared = await PrepareAsync(new GenerateRequest("a"));
        var context = Context(prepared, Guid.NewGuid());
        using var message = Adapter.CreateSubmit(context);
        var body = await BodyAsync(message);
        var id = (string)body[0]!["taskUUID"]!;

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(id, context.ClientAssignedId);
    }

    [Fact]
    public async Task The_authentication_task_goes_first_when_the_key_is_sent_in_the_body()
    {
        var page = Fixture("edit-request.json");
        var request = new EditRequest(ImageInput.FromUrl((string)page["inputs"]!["seedImage"]!), ImageInput.FromUrl((string)page["inputs"]!["maskImage"]!), (string)page["positivePrompt"]!)
        {
            RenderingSpeed = RenderingSpeed.Quality, MagicPrompt = MagicPrompt.Off, StyleType = StyleType.Design, StylePreset = StylePreset.Editorial,
        };

        var (message, body) = await BuildAsync(request, Guid.Parse((string)page["taskUUID"]!), configure: o => { o.IncludeCost = false; o.AuthenticateInBody = true; });

        Assert.Null(message.Headers.Authorization);
        AssertJsonEqual(new JsonArray(JsonNode.Parse($$"""{"taskType":"authentication","apiKey":"{{Key}}"}"""), page), body);
        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task GetResponse_asks_for_the_original_task_uuid()
    {
        var job = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "c34775f2-381c-4c0d-89bc-1d8e9bb0499b", DateTimeOffset.UnixEpoch,
            new Dictionary<string, string> { ["taskUUID"] = "c34775f2-381c-4c0d-89bc-1d8e9bb0499b", ["numberResults"] = "2" });
        using var message = Adapter.CreatePoll(PollContext(job));
        Adapter.Authenticate(message, new ApiKey(Key));

        AssertEnvelope(message);
        AssertJsonEqual(JsonNode.Parse("""[{"taskType":"getResponse","taskUUID":"c34775f2-381c-4c0d-89bc-1d8e9bb0499b"}]""")!, await BodyAsync(message));
    }

    [Fact]
    public async Task A_retried_submission_re_sends_the_same_task_uuid()
    {
        var time = new Infrastructure.DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(HttpStatusCode.ServiceUnavailable, """{"errors":[{"code":"serviceUnavailable","message":"Temporary capacity"}]}""")
            .Then(HttpStatusCode.TooManyRequests, """{"errors":[{"code":"rateLimitExceeded","message":"Queue full"}]}""")
            .Then(body => Json(HttpStatusCode.OK, $$"""{"data":[{{Item(ScriptedRunware.TaskUuid(body), 1)}}]}"""));
        using var client = Client(transport, time);

        var result = await client.GenerateAsync(new GenerateRequest("a"));

        Assert.Equal(3, transport.Sent.Count);
        var ids = transport.Sent.Select(s => ScriptedRunware.TaskUuid(s.Body)).Distinct().ToList();
        Assert.Single(ids);
        Assert.Single(result.Images);
        Assert.All(transport.Sent, s => Assert.Equal($"Bearer {Key}", s.Request.Headers.Authorization!.ToString()));
    }
}
