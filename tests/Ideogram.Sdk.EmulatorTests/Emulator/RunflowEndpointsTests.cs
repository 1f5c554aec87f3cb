using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using static Ideogram.Sdk.EmulatorTests.Emulator.RfTestKit;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class RunflowEndpointsTests
{
    /// <summary>The cURL body from Runflow's ideogram/v3 page, byte for byte.</summary>
    private const string DocExampleBody =
        """
        {
            "input": {
                "prompt": "Product packaging design for an artisan coffee bag, front label featuring the brand name 'ALTITUDE COFFEE CO.' in bold vintage slab-serif at the top, a detailed woodcut-style illustration of a mountain coffee plantation in the center, origin text 'SINGLE ORIGIN - COLOMBIAN SUPREMO' in smaller caps below the illustration, tasting notes 'NOTES: DARK CHOCOLATE, CARAMEL, TOASTED WALNUT' in elegant thin serif at the bottom, roast level indicator showing 'MEDIUM-DARK ROAST', net weight '340g / 12oz' in the corner, kraft paper texture background with deep burgundy and gold ink, premium specialty coffee aesthetic",
                "image_size": "portrait_4_3",
                "expand_prompt": false,
                "negative_prompt": "blurry text, misspelled, low quality, generic",
                "rendering_speed": "QUALITY"
            },
            "callback_url": "https://your-server.com/webhook"
        }
        """;

    private const string MinimalBody = """{"input":{"prompt":"Poster that says 'HELLO'"}}""";

    [Fact]
    public async Task Documented_example_is_accepted_and_answers_201_with_a_queued_run()
    {
        var handler = new RfRecordingHandler();
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { CallbackHandler = handler });
        using var client = Client(emulator);

        var (status, run) = await CreateRunAsync(client, DocExampleBody);

        Assert.Equal(201, status);
        Assert.Equal("queued", run.GetProperty("status_code").GetString());
        Assert.True(Guid.TryParse(run.GetProperty("id").GetString(), out _));
        Assert.Equal("portrait_4_3", run.GetProperty("input").GetProperty("image_size").GetString());
        Assert.Equal("https://your-server.com/webhook", run.GetProperty("callback_url").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("output").ValueKind);
        Assert.EndsWith("Z", run.GetProperty("created_at").GetString(), StringComparison.Ordinal);

        // JobStepDelay is zero: the run is terminal on the first read after creation.
        var (_, done) = await GetRunAsync(client, run.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", done.GetProperty("status_code").GetString());
        var output = Assert.Single(done.GetProperty("output").GetProperty("outputs").EnumerateArray());
        Assert.Equal(768, output.GetProperty("width").GetInt32());
        Assert.Equal(1024, output.GetProperty("height").GetInt32());
        Assert.Equal("image", output.GetProperty("type").GetString());
        Assert.Equal("0.06", done.GetProperty("cost").GetString());

        using var image = await client.GetAsync(new Uri(output.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_or_wrong_bearer_token_is_refused_with_401_UNAUTHORIZED()
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = "rf_live_right" });
        using var anonymous = Client(emulator, key: null);
        using var wrong = Client(emulator, key: "rf_live_wrong");
        using var xApiKey = Client(emulator, key: null);
        xApiKey.DefaultRequestHeaders.Add("x-api-key", "rf_live_right");

        foreach (var client in new[] { anonymous, wrong, xApiKey })
        {
            var (status, body) = await CreateRunAsync(client, MinimalBody);
            Assert.Equal(401, status);
            Assert.Equal("UNAUTHORIZED", body.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
            Assert.Equal(JsonValueKind.Null, body.GetProperty("errors").ValueKind);
        }

        using var right = Client(emulator, key: "rf_live_right");
        Assert.Equal(201, (await CreateRunAsync(right, MinimalBody)).Status);
    }

    [Theory]
    [InlineData("""{"input":{"prompt":"x","rendering_speed":"DEFAULT"}}""", "input.rendering_speed")]
    [InlineData("""{"input":{"prompt":"x","rendering_speed":"quality"}}""", "input.rendering_speed")]
    [InlineData("""{"input":{"prompt":"x","image_size":"1024x1024"}}""", "input.image_size")]
    [InlineData("""{"input":{"prompt":"x","image_size":{"width":1024,"height":1024}}}""", "input.image_size")]
    [InlineData("""{"input":{"prompt":"x","num_images":9}}""", "input.num_images")]
    [InlineData("""{"input":{"prompt":"x","num_images":0}}""", "input.num_images")]
    [InlineData("""{"input":{"prompt":"x","num_images":1.5}}""", "input.num_images")]
    [InlineData("""{"input":{"prompt":"x","style":"FICTION"}}""", "input.style")]
    [InlineData("""{"input":{"prompt":"x","style_preset":"NOT_A_PRESET"}}""", "input.style_preset")]
    [InlineData("""{"input":{"prompt":"x","expand_prompt":"false"}}""", "input.expand_prompt")]
    [InlineData("""{"input":{"prompt":"x","seed":"42"}}""", "input.seed")]
    [InlineData("""{"input":{"prompt":"x","style":"DESIGN","style_codes":["AABBCCDD"]}}""", "input.style_codes")]
    [InlineData("""{"input":{"prompt":"x","style_codes":["AABBCCD"]}}""", "input.style_codes[0]")]
    [InlineData("""{"input":{"prompt":"x","style_codes":["AABBCCDD"],"image_urls":["https://example.com/a.png"]}}""", "input.style_codes")]
    [InlineData("""{"input":{"prompt":"x","image_urls":["runflow://assets/1"]}}""", "input.image_urls[0]")]
    [InlineData("""{"input":{"prompt":"x","image_urls":["data:text/plain;base64,aGk="]}}""", "input.image_urls[0]")]
    [InlineData("""{"input":{"prompt":"x","color_palette":{"name":"EMBER","members":[{"color_hex":"#aabbcc"}]}}}""", "input.color_palette")]
    [InlineData("""{"input":{"prompt":"x","color_palette":{"name":"NEON"}}}""", "input.color_palette.name")]
    [InlineData("""{"input":{"prompt":"x","color_palette":{"members":[{"color_hex":"red"}]}}}""", "input.color_palette.members[0].color_hex")]
    [InlineData("""{"input":{"prompt":"x","color_palette":{"members":[{"color_hex":"#aabbcc","color_weight":2}]}}}""", "input.color_palette.members[0].color_weight")]
    [InlineData("""{"input":{"prompt":"x","magic_prompt":"ON"}}""", "input.magic_prompt")]
    [InlineData("""{"input":{"prompt":""}}""", "input.prompt")]
    [InlineData("""{"input":{"negative_prompt":"blurry"}}""", "input.prompt")]
    [InlineData("""{"prompt":"x"}""", "input")]
    [InlineData("""{"input":{"prompt":"x"},"webhook_url":"https://example.com"}""", "webhook_url")]
    [InlineData("""{"input":{"prompt":"x"},"callback_url":"ftp://example.com/hook"}""", "callback_url")]
    [InlineData("""{"input":{"prompt":"x"},"metadata":["a"]}""", "metadata")]
    [InlineData("""{"input":"x"}""", "input")]
    public async Task Invalid_requests_are_refused_with_422_and_the_field_named(string json, string field)
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (status, body) = await CreateRunAsync(client, json);

        Assert.Equal(422, status);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("code").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Every_documented_input_field_together_is_accepted()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (status, run) = await CreateRunAsync(client, """
            {"input":{"prompt":"A poster","num_images":2,"image_size":"landscape_16_9","style":"DESIGN","style_preset":"BAUHAUS",
                      "expand_prompt":true,"rendering_speed":"TURBO","sync_mode":false,
                      "color_palette":{"members":[{"color_hex":"#aabbcc","color_weight":0.6},{"rgb":{"r":1,"g":2,"b":3}}]},
                      "seed":42,"image_urls":["https://example.com/style.png","data:image/png;base64,iVBORw0KGgo="],
                      "negative_prompt":"blurry"},
             "callback_url":null,"metadata":{"job":"42"},"client_ref":"job-42"}
            """);

        Assert.Equal(201, status);
        Assert.Equal("job-42", run.GetProperty("client_ref").GetString());
        Assert.Equal("42", run.GetProperty("metadata").GetProperty("job").GetString());
    }

    [Fact]
    public async Task Unknown_fields_pass_when_AllowUnknownFields_is_set()
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { AllowUnknownFields = true });
        using var client = Client(emulator);

        var (status, _) = await CreateRunAsync(client, """{"input":{"prompt":"x","magic_prompt":"ON"},"extra":1}""");

        Assert.Equal(201, status);
    }

    [Fact]
    public async Task Non_json_bodies_and_unknown_routes_are_refused_the_Runflow_way()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        using var text = await client.PostAsync("v1/models/ideogram/v3/runs", new StringContent(MinimalBody, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        var (broken, brokenBody) = await CreateRunAsync(client, "{\"input\":");
        Assert.Equal(400, broken);
        Assert.Equal("BAD_REQUEST", brokenBody.GetProperty("code").GetString());

        var (model, modelBody) = await SendAsync(client, HttpMethod.Post, "v1/models/ideogram/v2/runs", MinimalBody);
        Assert.Equal(404, model);
        Assert.Equal("MODEL_NOT_FOUND", modelBody.GetProperty("code").GetString());

        var (run, runBody) = await GetRunAsync(client, Guid.NewGuid().ToString());
        Assert.Equal(404, run);
        Assert.Equal("RUN_NOT_FOUND", runBody.GetProperty("code").GetString());

        var (_, created) = await CreateRunAsync(client, MinimalBody);
        using var other = Client(emulator, key: "rf_live_other_org");
        Assert.Equal(404, (await GetRunAsync(other, created.GetProperty("id").GetString()!)).Status);
    }

    [Fact]
    public async Task Run_moves_through_every_status_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero));
        var step = TimeSpan.FromSeconds(10);
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, JobStepDelay = step });
        using var client = Client(emulator);

        var (_, created) = await CreateRunAsync(client, """{"input":{"prompt":"A sign","num_images":2,"image_size":"portrait_4_3","seed":7}}""");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("2026-05-06T10:00:00.000Z", created.GetProperty("created_at").GetString());

        async Task<JsonElement> StatusAfter(TimeSpan advance, string expected)
        {
            time.Advance(advance);
            var (status, run) = await GetRunAsync(client, id);
            Assert.Equal(200, status);
            Assert.Equal(expected, run.GetProperty("status_code").GetString());
            return run;
        }

        var queued = await StatusAfter(TimeSpan.FromSeconds(9), "queued");
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("started_at").ValueKind);
        await StatusAfter(TimeSpan.FromSeconds(1), "dispatching");
        var running = await StatusAfter(step, "running");
        Assert.Equal("2026-05-06T10:00:20.000Z", running.GetProperty("started_at").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("output").ValueKind);
        var done = await StatusAfter(step, "succeeded");

        Assert.Equal("2026-05-06T10:00:30.000Z", done.GetProperty("completed_at").GetString());
        Assert.Equal(30000, done.GetProperty("duration_ms").GetInt64());
        Assert.Equal("0.12", done.GetProperty("cost").GetString());
        var output = done.GetProperty("output");
        Assert.Equal(7, output.GetProperty("seed").GetInt64());
        Assert.False(output.GetProperty("nsfw_detected").GetBoolean());
        var outputs = output.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(2, outputs.Count);
        Assert.NotEqual(outputs[0].GetProperty("url").GetString(), outputs[1].GetProperty("url").GetString());

        var again = await StatusAfter(TimeSpan.FromHours(1), "succeeded");
        Assert.Equal(outputs[0].GetProperty("url").GetString(), again.GetProperty("output").GetProperty("outputs")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Magic_prompt_words_script_failure_credit_and_rate_limit()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (_, created) = await CreateRunAsync(client, """{"input":{"prompt":"EMULATOR_FAIL poster"}}""");
        var (_, failed) = await GetRunAsync(client, created.GetProperty("id").GetString()!);
        Assert.Equal("failed", failed.GetProperty("status_code").GetString());
        Assert.Equal("PROVIDER_ERROR", failed.GetProperty("failure_code").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("failure_message").GetString()));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("output").ValueKind);

        var (credit, creditBody) = await CreateRunAsync(client, """{"input":{"prompt":"EMULATOR_NO_CREDIT"}}""");
        Assert.Equal(402, credit);
        Assert.Equal("INSUFFICIENT_CREDIT", creditBody.GetProperty("code").GetString());

        using var limited = await client.PostAsync("v1/models/ideogram/v3/runs", Json("""{"input":{"prompt":"EMULATOR_RATE_LIMIT"}}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Sync_mode_returns_data_uris()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (_, created) = await CreateRunAsync(client, """{"input":{"prompt":"x","sync_mode":true}}""");
        var (_, run) = await GetRunAsync(client, created.GetProperty("id").GetString()!);

        Assert.StartsWith("data:image/png;base64,", run.GetProperty("output").GetProperty("outputs")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pages_forward_and_back_with_cursors_and_filters_by_status()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero));
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = time });
        using var client = Client(emulator);
        var ids = new List<string>();
        foreach (var prompt in new[] { "one", "two", "EMULATOR_FAIL three" })
        {
            var (_, run) = await CreateRunAsync(client, """{"input":{"prompt":"PROMPT"}}""".Replace("PROMPT", prompt, StringComparison.Ordinal));
            ids.Add(run.GetProperty("id").GetString()!);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        using var other = Client(emulator, key: "rf_live_other_org");
        await CreateRunAsync(other, MinimalBody);

        var (status, first) = await SendAsync(client, HttpMethod.Get, "v1/runs?limit=2");
        Assert.Equal(200, status);
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("prev_pq").ValueKind);

        var (_, second) = await SendAsync(client, HttpMethod.Get, "v1/runs?limit=2&pq=" + first.GetProperty("next_pq").GetString());
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_pq").ValueKind);

        var (_, back) = await SendAsync(client, HttpMethod.Get, "v1/runs?limit=2&from_prev=true&pq=" + second.GetProperty("prev_pq").GetString());
        Assert.Equal([ids[2], ids[1]], back.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));

        var (_, failed) = await SendAsync(client, HttpMethod.Get, "v1/runs?q=status_code:failed&fields=id,status_code");
        var only = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal(ids[2], only.GetProperty("id").GetString());
        Assert.Equal(2, only.EnumerateObject().Count());

        var (ascending, ascendingBody) = await SendAsync(client, HttpMethod.Get, "v1/runs?sort_by=created_at:asc");
        Assert.Equal(200, ascending);
        Assert.Equal(ids, ascendingBody.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));

        Assert.Equal(422, (await SendAsync(client, HttpMethod.Get, "v1/runs?limit=501")).Status);
        Assert.Equal(422, (await SendAsync(client, HttpMethod.Get, "v1/runs?page=2")).Status);
    }
}
