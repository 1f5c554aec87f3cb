using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class SegmindEndpointsTests
{
    // The page's Python sample: requests.post(url, headers=headers, json=data) serialises with json.dumps defaults.
    private const string DocumentedBody =
        "{\"prompt\": \"A cinematic photograph of a dark forest scene viewed from a distance. In the center, a small patch of glowing plants and flowers is illuminated by a faint, focused glow, casting a soft reflection in a still stream below. The delicate neon-style white text 'Segmind' is softly lit, creating a striking contrast against the deep shadows and mist. The surrounding dense foliage and mist create a mysterious and moody atmosphere, with strong contrast between light and shadow, enhancing the emotional and atmospheric tone.\", "
        + "\"resolution\": \"1024x1024\", \"rendering_speed\": \"DEFAULT\", \"magic_prompt\": \"AUTO\", \"negative_prompt\": \"No people, no animals.\", \"style_codes\": [], \"style_type\": \"GENERAL\"}";

    private static HttpRequestMessage Post(string path, string json, string? key = "SG_3ec0a235721add59") =>
        key is null ? EmuKit.Json(HttpMethod.Post, path, json) : EmuKit.Json(HttpMethod.Post, path, json, ("x-api-key", key));

    private static HttpRequestMessage Get(string path, string key = "SG_3ec0a235721add59") =>
        new(HttpMethod.Get, path) { Headers = { { "x-api-key", key } } };

    [Fact]
    public async Task Documented_v1_example_returns_json_with_an_image_url()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (status, json, response) = await EmuKit.SendAsync(client, Post("/v1/ideogram-3", DocumentedBody));

        Assert.Equal(200, status);
        Assert.Equal("COMPLETED", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("metrics").TryGetProperty("inference_time", out _));
        Assert.True(response.Headers.Contains("x-remaining-credits"));
        var (w, h, _) = EmuKit.VerifyPng(await client.GetByteArrayAsync(json.GetProperty("output").GetString()));
        Assert.Equal((64, 64), (w, h));
    }

    [Fact]
    public async Task Raw_image_mode_answers_png_bytes()
    {
        await using var emu = await EmuKit.StartAsync(o => o.SegmindRawImageResponse = true);
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        using var response = await client.SendAsync(Post("/v1/ideogram-3", """{"prompt":"cat","aspect_ratio":"2x1"}"""));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var (w, h, _) = EmuKit.VerifyPng(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((88, 44), (w, h));
    }

    [Theory]
    [InlineData("/v1/ideogram-3-remix", """{"image":"https://example.com/cat.png","prompt":"A cat","image_weight":50,"negative_prompt":"No people, no buildings","resolution":"1024x1024","seed":6522,"style_codes":[],"style_type":"GENERAL","style_reference_images":[]}""")]
    [InlineData("/v1/ideogram-3-reframe", """{"image":"https://example.com/square.png","resolution":"1024x1024","rendering_speed":"DEFAULT","style_codes":[],"style_reference_images":[]}""")]
    [InlineData("/v1/ideogram-3-replace-background", """{"prompt":"Add a forest in the background","image":"https://example.com/ideo-3.png","rendering_speed":"DEFAULT","magic_prompt":"AUTO","style_codes":[],"style_reference_images":[]}""")]
    [InlineData("/v1/ideogram-describe", """{"image_file":"https://example.com/cat.png"}""")]
    public async Task Documented_samples_of_the_other_slugs_are_accepted(string path, string body)
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (status, json, _) = await EmuKit.SendAsync(client, Post(path, body));
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("output").GetString()));
    }

    [Theory]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","seed":99}""", 400, "between 100 and 999999")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","seed":1000000}""", 400, "between 100 and 999999")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","rendering_speed":"FLASH"}""", 400, "'rendering_speed'")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","style_type":"FICTION"}""", 400, "'style_type'")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","num_images":2}""", 400, "Unknown field 'num_images'")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","resolution":"1024x1024","aspect_ratio":"1x1"}""", 400, "conjunction")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","seed":"123"}""", 400, "must be an integer")]
    [InlineData("/v1/ideogram-3", """{"aspect_ratio":"1x1"}""", 400, "'prompt' is required")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","style_codes":["AAFF5733"],"style_type":"GENERAL"}""", 400, "'style_codes'")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat","color_palette":{"name":"NOPE"}}""", 400, "preset")]
    [InlineData("/v1/ideogram-3", """[1]""", 400, "JSON object")]
    [InlineData("/v1/ideogram-3-remix", """{"prompt":"cat"}""", 400, "'image' is required")]
    [InlineData("/v1/ideogram-3-remix", """{"prompt":"cat","image":"not a url"}""", 400, "'image'")]
    [InlineData("/v1/ideogram-3-reframe", """{"image":"https://example.com/a.png","prompt":"x"}""", 400, "Unknown field 'prompt'")]
    [InlineData("/v1/ideogram-3-edit", """{"prompt":"cat"}""", 404, "not found")]
    [InlineData("/v1/ideogram-3", """{"prompt":"unsafe-prompt"}""", 400, "content_policy_violation")]
    [InlineData("/v1/ideogram-3", """{"prompt":"cat no-credits"}""", 406, "Not enough credits")]
    public async Task Rules_answer_the_documented_status_and_error_body(string path, string body, int expected, string message)
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (status, json, _) = await EmuKit.SendAsync(client, Post(path, body));
        Assert.Equal(expected, status);
        Assert.Contains(message, json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_missing_refused_and_out_of_credits()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        Assert.Equal(401, (await EmuKit.SendAsync(client, Post("/v1/ideogram-3", """{"prompt":"cat"}""", key: null))).Status);
        var (status, json, _) = await EmuKit.SendAsync(client, Post("/v1/ideogram-3", """{"prompt":"cat"}""", key: "no-credits"));
        Assert.Equal(406, status);
        Assert.Equal("Not enough credits to process request.", json.GetProperty("error").GetString());

        using var wrongHeader = EmuKit.Json(HttpMethod.Post, "/v1/ideogram-3", """{"prompt":"cat"}""", ("Authorization", "Bearer SG_x"));
        Assert.Equal(401, (await EmuKit.SendAsync(client, wrongHeader)).Status);
    }

    [Fact]
    public async Task V2_job_advances_with_the_clock_and_then_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emu = await EmuKit.StartAsync(o =>
        {
            o.TimeProvider = time;
            o.JobStepDelay = TimeSpan.FromSeconds(2);
        });
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (status, submit, _) = await EmuKit.SendAsync(client, Post("/v2/ideogram-3", DocumentedBody));
        Assert.Equal(200, status);
        Assert.Equal("QUEUED", submit.GetProperty("status").GetString());
        var id = submit.GetProperty("request_id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        var statusUrl = submit.GetProperty("status_url").GetString()!;
        var responseUrl = submit.GetProperty("response_url").GetString()!;
        Assert.EndsWith("/v2/requests/" + id + "/status", statusUrl, StringComparison.Ordinal);
        Assert.EndsWith("/v2/requests/" + id, responseUrl, StringComparison.Ordinal);
        Assert.EndsWith("/v1/requests/" + id, submit.GetProperty("poll_url").GetString(), StringComparison.Ordinal);

        Assert.Equal("QUEUED", (await EmuKit.SendAsync(client, Get(statusUrl))).Body.GetProperty("status").GetString());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("PROCESSING", (await EmuKit.SendAsync(client, Get(statusUrl))).Body.GetProperty("status").GetString());
        time.Advance(TimeSpan.FromSeconds(2));
        var (_, done, _) = await EmuKit.SendAsync(client, Get(statusUrl));
        Assert.Equal("COMPLETED", done.GetProperty("status").GetString());
        Assert.False(done.TryGetProperty("output", out _));

        var (resultStatus, result, _) = await EmuKit.SendAsync(client, Get(responseUrl));
        Assert.Equal(200, resultStatus);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        var url = result.GetProperty("output").GetString()!;
        EmuKit.VerifyPng(await client.GetByteArrayAsync(url));
        Assert.Equal(url, (await EmuKit.SendAsync(client, Get(responseUrl))).Body.GetProperty("output").GetString());

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(404, (await EmuKit.SendAsync(client, Get(statusUrl))).Status);
    }

    [Fact]
    public async Task V2_failed_job_answers_422_with_a_failed_body()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (_, submit, _) = await EmuKit.SendAsync(client, Post("/v2/ideogram-3", """{"prompt":"unsafe-prompt"}"""));
        foreach (var urlName in new[] { "status_url", "response_url" })
        {
            var (status, body, _) = await EmuKit.SendAsync(client, Get(submit.GetProperty(urlName).GetString()!));
            Assert.Equal(422, status);
            Assert.Equal("FAILED", body.GetProperty("status").GetString());
            Assert.Equal("content_policy_violation", body.GetProperty("error").GetString());
            Assert.Equal(submit.GetProperty("request_id").GetString(), body.GetProperty("request_id").GetString());
        }

        Assert.Equal(400, (await EmuKit.SendAsync(client, Post("/v2/ideogram-3", """{"prompt":"cat","seed":5}"""))).Status);
        Assert.Equal(404, (await EmuKit.SendAsync(client, Get("/v2/requests/" + Guid.NewGuid() + "/status"))).Status);
    }

    [Fact]
    public async Task Loopback_image_urls_are_fetched_and_must_exist()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.Segmind);
        var (_, first, _) = await EmuKit.SendAsync(client, Post("/v1/ideogram-3", """{"prompt":"cat","resolution":"640x1536"}"""));
        var own = first.GetProperty("output").GetString()!;
        var (status, json, _) = await EmuKit.SendAsync(client, Post("/v1/ideogram-describe", JsonSerializer.Serialize(new { image_file = own })));
        Assert.Equal(200, status);
        Assert.Contains("40x96", json.GetProperty("output").GetString(), StringComparison.Ordinal);

        var missing = new Uri(emu.BaseAddress(EmulatedProvider.Segmind), "generations/nothing.png").AbsoluteUri;
        (status, json, _) = await EmuKit.SendAsync(client, Post("/v1/ideogram-describe", JsonSerializer.Serialize(new { image_file = missing })));
        Assert.Equal(400, status);
        Assert.Contains("Could not download", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        var base64 = Convert.ToBase64String(EmuKit.Png(20, 10));
        (status, json, _) = await EmuKit.SendAsync(client, Post("/v1/ideogram-describe", JsonSerializer.Serialize(new { image_file = base64 })));
        Assert.Equal(200, status);
        Assert.Contains("20x10", json.GetProperty("output").GetString(), StringComparison.Ordinal);
    }
}
