using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class IdeogramEndpointsTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _emu = await EmuKit.StartAsync();
        _client = EmuKit.Client(_emu, EmulatedProvider.Ideogram);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emu.DisposeAsync();
    }

    [Fact]
    public async Task Documented_curl_example_is_accepted_byte_for_byte()
    {
        // curl -X POST .../v1/ideogram-v3/generate -H "Api-Key: <apiKey>" -H "Content-Type: multipart/form-data"
        //   -F prompt="A photo of a cat sleeping on a couch." -F rendering_speed="TURBO"
        const string boundary = "------------------------d74496d66958873e";
        var body = "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"prompt\"\r\n\r\nA photo of a cat sleeping on a couch.\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"rendering_speed\"\r\n\r\nTURBO\r\n"
            + "--" + boundary + "--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/ideogram-v3/generate")
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)),
        };
        request.Headers.Add("Api-Key", "<apiKey>");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=" + boundary);

        var (status, json, _) = await EmuKit.SendAsync(_client, request);

        Assert.Equal(200, status);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$", json.GetProperty("created").GetString());
        var item = Assert.Single(json.GetProperty("data").EnumerateArray().ToArray());
        Assert.Equal("A photo of a cat sleeping on a couch.", item.GetProperty("prompt").GetString());
        Assert.Equal("1024x1024", item.GetProperty("resolution").GetString());
        Assert.True(item.GetProperty("is_image_safe").GetBoolean());
        Assert.Equal("GENERAL", item.GetProperty("style_type").GetString());
        Assert.InRange(item.GetProperty("seed").GetInt64(), 0, 2147483647);
        var url = item.GetProperty("url").GetString()!;
        Assert.Matches(@"/api/images/ephemeral/[A-Za-z0-9_-]{22}\.png\?exp=\d+&sig=[0-9a-f]{64}$", url);

        var png = await _client.GetByteArrayAsync(url);
        var (w, h, _) = EmuKit.VerifyPng(png);
        Assert.Equal((64, 64), (w, h));
    }

    [Fact]
    public async Task Json_body_is_accepted_on_generate_and_transparent()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Json(HttpMethod.Post, "/v1/ideogram-v3/generate",
            """{"prompt":"A photo of a cat sleeping on a couch.","rendering_speed":"TURBO","aspect_ratio":"1x1","style_type":"AUTO"}""",
            ("Api-Key", "k")));
        Assert.Equal(200, status);
        Assert.Equal("GENERAL", json.GetProperty("data")[0].GetProperty("style_type").GetString());

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Json(HttpMethod.Post, "/v1/ideogram-v3/generate-transparent",
            """{"prompt":"A logo for Ideogram Coffee.","rendering_speed":"TURBO","aspect_ratio":"1x1","upscale_factor":"X2"}""",
            ("Api-Key", "k")));
        Assert.Equal(200, status);
        var item = json.GetProperty("data")[0];
        Assert.Equal("1024x1024", item.GetProperty("resolution").GetString());
        Assert.Equal("2048x2048", item.GetProperty("upscaled_resolution").GetString());
        var (w, h, colorType) = EmuKit.VerifyPng(await _client.GetByteArrayAsync(item.GetProperty("url").GetString()));
        Assert.Equal((128, 128, 6), (w, h, colorType));
    }

    [Fact]
    public async Task Json_is_refused_on_multipart_only_routes()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Json(HttpMethod.Post, "/v1/ideogram-v3/remix",
            """{"prompt":"x"}""", ("Api-Key", "k")));
        Assert.Equal(415, status);
        Assert.Contains("multipart/form-data", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Missing_key_is_401(string? key)
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", key, ("prompt", "cat")));
        Assert.Equal(401, status);
        Assert.Equal(JsonValueKind.String, json.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Configured_key_refuses_others()
    {
        await using var emu = await EmuKit.StartAsync(o => o.ApiKey = "right");
        using var client = EmuKit.Client(emu, EmulatedProvider.Ideogram);
        Assert.Equal(401, (await EmuKit.SendAsync(client, EmuKit.Multipart("/v1/ideogram-v3/generate", "wrong", ("prompt", "cat")))).Status);
        Assert.Equal(200, (await EmuKit.SendAsync(client, EmuKit.Multipart("/v1/ideogram-v3/generate", "right", ("prompt", "cat")))).Status);
    }

    [Theory]
    [InlineData("prompt=", "'prompt' is required")]
    [InlineData("rendering_speed=FAST", "'rendering_speed' must be one of")]
    [InlineData("rendering_speed=BALANCED", "'rendering_speed' must be one of")]
    [InlineData("style_type=ANIME", "'style_type' must be one of")]
    [InlineData("style_preset=NOPE", "'style_preset' must be one of")]
    [InlineData("magic_prompt=YES", "'magic_prompt' must be one of")]
    [InlineData("resolution=1000x1000", "'resolution' must be one of")]
    [InlineData("aspect_ratio=16:9", "'aspect_ratio' must be one of")]
    [InlineData("seed=-1", "'seed' must be between 0 and 2147483647")]
    [InlineData("seed=2147483648", "'seed' must be between")]
    [InlineData("seed=abc", "'seed' must be an integer")]
    [InlineData("num_images=0", "'num_images' must be between 1 and 8")]
    [InlineData("num_images=9", "'num_images' must be between 1 and 8")]
    [InlineData("resolution=1024x1024&aspect_ratio=1x1", "cannot be used in conjunction with 'aspect_ratio'")]
    [InlineData("style_codes=AAFF5733&style_type=GENERAL", "'style_codes' cannot be used in conjunction with 'style_type'")]
    [InlineData("style_codes=AAFF573", "8 hexadecimal")]
    [InlineData("style_codes=[\"AAFF5733\",\"ZZZZZZZZ\"]", "8 hexadecimal")]
    [InlineData("color_palette={\"name\":\"PASTEL\",\"members\":[{\"color_hex\":\"#fff\"}]}", "either 'name' or 'members'")]
    [InlineData("color_palette={\"name\":\"PINK\"}", "'color_palette.name' must be one of")]
    [InlineData("color_palette={\"members\":[]}", "1 to 8")]
    [InlineData("color_palette={\"members\":[{\"color_hex\":\"b470b3\"}]}", "#RGB or #RRGGBB")]
    [InlineData("color_palette={\"members\":[{\"color_hex\":\"#b470b3\",\"color_weight\":0.01}]}", "0.05 and 1.0")]
    [InlineData("color_palette=not json", "must be a JSON object")]
    [InlineData("upscale_factor=X2", "Unknown field 'upscale_factor'")]
    [InlineData("image_weight=50", "Unknown field 'image_weight'")]
    public async Task Generate_rules_answer_400(string fields, string message)
    {
        var parts = new List<(string, string)> { ("prompt", "A cat") };
        foreach (var pair in fields.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            parts.RemoveAll(p => p.Item1 == pair[..eq]);
            parts.Add((pair[..eq], pair[(eq + 1)..]));
        }

        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", [.. parts]));
        Assert.Equal(400, status);
        Assert.Contains(message, json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_full_generate_is_accepted_with_repeated_style_codes_and_a_palette()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k",
            ("prompt", "A poster"), ("seed", "12345"), ("num_images", "2"), ("aspect_ratio", "16x9"), ("magic_prompt", "OFF"),
            ("style_codes", "AAFF5733"), ("style_codes", "0133ff57"), ("style_preset", "80S_ILLUSTRATION"),
            ("negative_prompt", "blurry"),
            ("color_palette", """{"members":[{"color_hex":"#b470b3","color_weight":0.49},{"color_hex":"#7a79e3","color_weight":0.16}]}""")));
        Assert.Equal(200, status);
        var data = json.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(2, data.Length);
        Assert.Equal("1312x736", data[0].GetProperty("resolution").GetString());
        Assert.Equal(12345, data[0].GetProperty("seed").GetInt64());
        Assert.Equal(12346, data[1].GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Same_seed_and_prompt_give_the_same_pixels()
    {
        async Task<byte[]> Generate()
        {
            var (_, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "A cat"), ("seed", "7")));
            return await _client.GetByteArrayAsync(json.GetProperty("data")[0].GetProperty("url").GetString());
        }

        Assert.Equal(await Generate(), await Generate());
    }

    [Fact]
    public async Task Unknown_fields_are_allowed_when_configured()
    {
        await using var emu = await EmuKit.StartAsync(o => o.AllowUnknownFields = true);
        using var client = EmuKit.Client(emu, EmulatedProvider.Ideogram);
        var (status, _, _) = await EmuKit.SendAsync(client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat"), ("extra", "1")));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Character_references_allow_one_image_and_matching_masks()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat"),
            ("character_reference_images", "@png:32x32"), ("character_reference_images", "@png:32x32")));
        Assert.Equal(400, status);
        Assert.Contains("Only 1 character reference", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat"),
            ("character_reference_images_mask", "@png:32x32")));
        Assert.Equal(400, status);
        Assert.Contains("must match", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, _, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat"),
            ("character_reference_images", "@png:32x32"), ("character_reference_images_mask", "@png:32x32")));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Style_codes_cannot_join_style_reference_images()
    {
        var (status, _, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat"),
            ("style_codes", "AAFF5733"), ("style_reference_images", "@png:16x16")));
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Files_must_be_images_and_at_most_10_MB()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("cat"), "prompt" },
            { new ByteArrayContent(Encoding.ASCII.GetBytes("not an image")), "style_reference_images", "a.png" },
        };
        var (status, json, _) = await EmuKit.SendAsync(_client, new HttpRequestMessage(HttpMethod.Post, "/v1/ideogram-v3/generate")
        {
            Content = content,
            Headers = { { "Api-Key", "k" } },
        });
        Assert.Equal(400, status);
        Assert.Contains("JPEG, PNG or WebP", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        var big = new byte[(10 * 1024 * 1024) + 1];
        EmuKit.Png(1, 1).CopyTo(big, 0);
        using var bigContent = new MultipartFormDataContent
        {
            { new StringContent("cat"), "prompt" },
            { new ByteArrayContent(big), "style_reference_images", "a.png" },
        };
        (status, json, _) = await EmuKit.SendAsync(_client, new HttpRequestMessage(HttpMethod.Post, "/v1/ideogram-v3/generate")
        {
            Content = bigContent,
            Headers = { { "Api-Key", "k" } },
        });
        Assert.Equal(400, status);
        Assert.Contains("10MB", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsafe_prompt_is_422_and_unsafe_output_has_null_url()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "an unsafe-prompt here")));
        Assert.Equal(422, status);
        Assert.Equal("Prompt provided failed safety check due to the inclusion of prohibited content.", json.GetProperty("error").GetString());

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "unsafe-output"), ("num_images", "2")));
        Assert.Equal(200, status);
        foreach (var item in json.GetProperty("data").EnumerateArray())
        {
            Assert.False(item.GetProperty("is_image_safe").GetBoolean());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("url").ValueKind);
        }
    }

    [Fact]
    public async Task Transparent_refuses_flash_and_generate_only_fields()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate-transparent", "k", ("prompt", "logo"), ("rendering_speed", "FLASH")));
        Assert.Equal(400, status);
        Assert.Contains("FLASH", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        (status, _, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/generate-transparent", "k", ("prompt", "logo"), ("resolution", "1024x1024")));
        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("/v1/ideogram-v3/edit")]
    [InlineData("/v1/ideogram-v3/inpaint")]
    public async Task Edit_and_inpaint_keep_the_input_size_and_need_image_mask_prompt(string path)
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart(path, "k",
            ("image", "@png:832x1216"), ("mask", "@png:832x1216"), ("prompt", "A photo of a cat wearing a hat."), ("style_type", "AUTO"),
            ("rendering_speed", "DEFAULT")));
        Assert.Equal(200, status);
        Assert.Equal("832x1216", json.GetProperty("data")[0].GetProperty("resolution").GetString());

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart(path, "k", ("image", "@png:64x64"), ("prompt", "x")));
        Assert.Equal(400, status);
        Assert.Contains("'mask' is required", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart(path, "k", ("image", "@png:64x64"), ("mask", "@png:32x32"), ("prompt", "x")));
        Assert.Equal(400, status);
        Assert.Contains("same size", json.GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, _, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart(path, "k", ("image", "@png:64x64"), ("mask", "@png:64x64"), ("prompt", "x"), ("aspect_ratio", "1x1")));
        Assert.Equal(400, status);

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart(path, "k", ("image", "cat.png"), ("mask", "@png:64x64"), ("prompt", "x")));
        Assert.Equal(400, status);
        Assert.Contains("must be a file", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remix_reframe_and_replace_background_follow_their_field_lists()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/remix", "k",
            ("image", "@png:64x64"), ("prompt", "A photo of a cat"), ("rendering_speed", "DEFAULT"), ("image_weight", "50"),
            ("aspect_ratio", "1x2"), ("style_type", "AUTO")));
        Assert.Equal(200, status);
        Assert.Equal("704x1408", json.GetProperty("data")[0].GetProperty("resolution").GetString());
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/remix", "k",
            ("image", "@png:64x64"), ("prompt", "cat"), ("image_weight", "101")))).Status);

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/reframe", "k", ("image", "@png:64x64"), ("resolution", "512x1536")));
        Assert.Equal(200, status);
        Assert.Equal("512x1536", json.GetProperty("data")[0].GetProperty("resolution").GetString());
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/reframe", "k", ("image", "@png:64x64")))).Status);
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/reframe", "k",
            ("image", "@png:64x64"), ("resolution", "512x1536"), ("prompt", "x")))).Status);

        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/replace-background", "k",
            ("image", "@png:640x480"), ("prompt", "Add a forest in the background"), ("magic_prompt", "ON"), ("rendering_speed", "QUALITY")));
        Assert.Equal(200, status);
        Assert.Equal("640x480", json.GetProperty("data")[0].GetProperty("resolution").GetString());
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/v1/ideogram-v3/replace-background", "k",
            ("image", "@png:64x64"), ("prompt", "x"), ("style_type", "AUTO")))).Status);
    }

    [Fact]
    public async Task Describe_answers_descriptions_and_checks_input()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/describe", "k", ("image_file", "@png:40x30"), ("describe_model_version", "V_3")));
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("descriptions")[0].GetProperty("text").GetString()));

        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/describe", "k", ("image_file", "@png:40x30"), ("describe_model_version", "V_9")))).Status);
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/describe", "k", ("describe_model_version", "V_3")))).Status);
        (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/describe", "k", ("image_file", "@png:40x30:unsafe-input.png")));
        Assert.Equal(422, status);
        Assert.Contains("failed safety check", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upscale_answers_the_legacy_object()
    {
        var (status, json, _) = await EmuKit.SendAsync(_client, EmuKit.Multipart("/upscale", "k",
            ("image_file", "@png:512x512"), ("image_request", """{"resemblance": 55, "detail": 90}""")));
        Assert.Equal(200, status);
        var item = json.GetProperty("data")[0];
        Assert.Equal("512x512", item.GetProperty("resolution").GetString());
        Assert.Equal("1024x1024", item.GetProperty("upscaled_resolution").GetString());
        EmuKit.VerifyPng(await _client.GetByteArrayAsync(item.GetProperty("url").GetString()));

        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/upscale", "k",
            ("image_file", "@png:64x64"), ("image_request", """{"resemblance": 101}""")))).Status);
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/upscale", "k",
            ("image_file", "@png:64x64"), ("image_request", """{"magic_prompt": "ON"}""")))).Status);
        Assert.Equal(400, (await EmuKit.SendAsync(_client, EmuKit.Multipart("/upscale", "k", ("image_file", "@png:64x64")))).Status);
    }

    [Fact]
    public async Task Image_urls_expire_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        using var client = EmuKit.Client(emu, EmulatedProvider.Ideogram);
        var (_, json, _) = await EmuKit.SendAsync(client, EmuKit.Multipart("/v1/ideogram-v3/generate", "k", ("prompt", "cat")));
        Assert.Equal("2026-01-02T03:04:05.000000+00:00", json.GetProperty("created").GetString());
        var url = json.GetProperty("data")[0].GetProperty("url").GetString()!;
        Assert.Contains("exp=" + new DateTimeOffset(2026, 1, 3, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(), url, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await client.GetAsync(url)).StatusCode);
        time.Advance(TimeSpan.FromSeconds(1));
        var expired = await client.GetAsync(url);
        Assert.Equal(403, (int)expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(403, (int)(await client.GetAsync(url.Replace("sig=", "sig=0", StringComparison.Ordinal))).StatusCode);
    }
}
