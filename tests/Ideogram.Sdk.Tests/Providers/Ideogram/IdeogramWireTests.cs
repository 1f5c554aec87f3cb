using System.Net;
using System.Text.Json;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Ideogram.IdeogramTestKit;

namespace Ideogram.Sdk.Tests.Providers.Ideogram;

/// <summary>Golden wire checks: every operation's request, field by field, as Ideogram's spec names them.</summary>
public class IdeogramWireTests
{
    [Fact]
    public async Task Generate_sends_every_field_as_the_spec_names_it()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response(2));
        using var client = Client(handler);
        var style = TestImages.Png(1);
        var character = TestImages.Jpeg();
        var mask = TestImages.Png(2);

        await client.GenerateAsync(new GenerateRequest("A poster that says 'HELLO'")
        {
            NegativePrompt = "blurry",
            AspectRatio = AspectRatio.Ratio16x9,
            RenderingSpeed = RenderingSpeed.Turbo,
            MagicPrompt = MagicPrompt.Off,
            StyleType = StyleType.Design,
            StylePreset = StylePreset.ArtDeco,
            NumImages = 2,
            Seed = 42,
            ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#b470b3", 0.49), new ColorPaletteMember("#7A79E3")),
            StyleReferenceImages = [ImageInput.FromBytes(style, "style.png")],
            CharacterReferenceImages = [ImageInput.FromBytes(character)],
            CharacterReferenceImageMasks = [ImageInput.FromBytes(mask, "mask.png")],
            CustomModelUri = "model/my-model/version/2",
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://ideogram.test/v1/ideogram-v3/generate", request.Uri.ToString());
        Assert.Equal(Key, request.Headers["Api-Key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("multipart/form-data; boundary=", request.ContentType, StringComparison.Ordinal);
        var parts = (await request.ReadPartsAsync()).ByName();

        Assert.Equal("A poster that says 'HELLO'", parts["prompt"].Single().Text);
        Assert.Equal("blurry", parts["negative_prompt"].Single().Text);
        Assert.Equal("16x9", parts["aspect_ratio"].Single().Text);
        Assert.Equal("TURBO", parts["rendering_speed"].Single().Text);
        Assert.Equal("OFF", parts["magic_prompt"].Single().Text);
        Assert.Equal("DESIGN", parts["style_type"].Single().Text);
        Assert.Equal("ART_DECO", parts["style_preset"].Single().Text);
        Assert.Equal("2", parts["num_images"].Single().Text);
        Assert.Equal("42", parts["seed"].Single().Text);
        Assert.Equal("model/my-model/version/2", parts["custom_model_uri"].Single().Text);

        var palette = parts["color_palette"].Single();
        Assert.Equal("application/json", palette.ContentType);
        Assert.Equal("""{"members":[{"color_hex":"#b470b3","color_weight":0.49},{"color_hex":"#7A79E3"}]}""", palette.Text);

        var styleRef = parts["style_reference_images"].Single();
        Assert.Equal("style.png", styleRef.FileName);
        Assert.Equal("image/png", styleRef.ContentType);
        Assert.Equal(style, styleRef.Bytes);
        var characterRef = parts["character_reference_images"].Single();
        Assert.Equal("image.jpg", characterRef.FileName);
        Assert.Equal("image/jpeg", characterRef.ContentType);
        Assert.Equal(character, characterRef.Bytes);
        Assert.Equal(mask, parts["character_reference_images_mask"].Single().Bytes);

        // Quoted names, as curl -F writes them; text parts carry no content type.
        Assert.Contains("name=\"prompt\"", parts["prompt"].Single().RawDisposition, StringComparison.Ordinal);
        Assert.Null(parts["prompt"].Single().ContentType);
        Assert.Equal(14, parts.Count);
        Assert.False(parts.ContainsKey("resolution"));
    }

    [Fact]
    public async Task Generate_minimal_request_matches_the_reference_page_curl()
    {
        // curl -F prompt="A photo of a cat sleeping on a couch." -F rendering_speed="TURBO"
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.GenerateAsync(new GenerateRequest("A photo of a cat sleeping on a couch.") { RenderingSpeed = RenderingSpeed.Turbo });

        var parts = await Assert.Single(handler.Requests).ReadPartsAsync();
        Assert.Equal(["prompt", "rendering_speed"], parts.Select(p => p.Name));
        Assert.Equal("A photo of a cat sleeping on a couch.", parts[0].Text);
        Assert.Equal("TURBO", parts[1].Text);
    }

    [Fact]
    public async Task Style_codes_are_repeated_parts_and_a_palette_preset_is_a_name()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.GenerateAsync(new GenerateRequest("codes")
        {
            StyleCodes = ["aaff5733", "0133FF57"],
            ColorPalette = ColorPalette.FromPreset(new ColorPalettePreset("pastel")),
            Resolution = Resolution.Res1024x1024,
            RenderingSpeed = new RenderingSpeed("balanced"),
        });

        var parts = (await Assert.Single(handler.Requests).ReadPartsAsync()).ByName();
        Assert.Equal(["AAFF5733", "0133FF57"], parts["style_codes"].Select(p => p.Text));
        Assert.Equal("""{"name":"PASTEL"}""", parts["color_palette"].Single().Text);
        Assert.Equal("1024x1024", parts["resolution"].Single().Text);

        // BALANCED is the server spec's older name for DEFAULT; the public API takes DEFAULT.
        Assert.Equal("DEFAULT", parts["rendering_speed"].Single().Text);
    }

    [Fact]
    public async Task Transparent_goes_to_its_own_route_with_upscale_factor()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.GenerateAsync(new GenerateRequest("A logo for Ideogram Coffee.")
        {
            TransparentBackground = true,
            RenderingSpeed = RenderingSpeed.Turbo,
            AspectRatio = AspectRatio.Ratio1x1,
            UpscaleFactor = UpscaleFactor.X2,
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/v1/ideogram-v3/generate-transparent", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal("X2", parts["upscale_factor"].Single().Text);
        Assert.Equal("1x1", parts["aspect_ratio"].Single().Text);
        Assert.Equal("TURBO", parts["rendering_speed"].Single().Text);
        Assert.Equal(4, parts.Count);
    }

    [Fact]
    public async Task Edit_sends_image_and_mask_files()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);
        var image = TestImages.Png(3);
        var mask = TestImages.Png(4);

        await client.EditAsync(new EditRequest(ImageInput.FromBytes(image, "cat.png"), ImageInput.FromBytes(mask, "mask.png"), "A photo of a cat wearing a hat.")
        {
            StyleType = StyleType.Auto,
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.On,
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/v1/ideogram-v3/inpaint", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal(image, parts["image"].Single().Bytes);
        Assert.Equal("cat.png", parts["image"].Single().FileName);
        Assert.Equal(mask, parts["mask"].Single().Bytes);
        Assert.Equal("A photo of a cat wearing a hat.", parts["prompt"].Single().Text);
        Assert.Equal("AUTO", parts["style_type"].Single().Text);
        Assert.Equal("DEFAULT", parts["rendering_speed"].Single().Text);
        Assert.Equal("ON", parts["magic_prompt"].Single().Text);
        Assert.Equal(6, parts.Count);
    }

    [Fact]
    public async Task Edit_falls_back_to_the_legacy_route_once_when_inpaint_is_not_found()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.NotFound, """{"detail":"The requested URL was not found on the server."}""")
            .Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        var result = await client.EditAsync(new EditRequest(ImageInput.FromBytes(TestImages.Png()), ImageInput.FromBytes(TestImages.Png(1)), "a hat"));

        Assert.Single(result.Images);
        Assert.Equal(["/v1/ideogram-v3/inpaint", "/v1/ideogram-v3/edit"], handler.Requests.Select(r => r.Uri.AbsolutePath));
        Assert.Equal(
            (await handler.Requests[0].ReadPartsAsync()).Select(p => (p.Name, p.Text)),
            (await handler.Requests[1].ReadPartsAsync()).Select(p => (p.Name, p.Text)));
        Assert.Equal(Key, handler.Requests[1].Headers["Api-Key"]);
    }

    [Fact]
    public async Task A_404_on_another_route_or_on_both_edit_routes_is_a_bad_request_without_more_calls()
    {
        var handler = new ScriptedHandler()
            .Respond(HttpStatusCode.NotFound, """{"error":"not found"}""")
            .Respond(HttpStatusCode.NotFound, """{"error":"not found"}""")
            .Respond(HttpStatusCode.NotFound, """{"error":"not found"}""");
        using var client = Client(handler);

        await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("x")));
        Assert.Single(handler.Requests);
        await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.EditAsync(new EditRequest(ImageInput.FromBytes(TestImages.Png()), ImageInput.FromBytes(TestImages.Png()), "a hat")));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Remix_sends_image_weight_and_aspect_ratio()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.RemixAsync(new RemixRequest(ImageInput.FromBytes(TestImages.Png()), "A photo of a cat")
        {
            ImageWeight = 50,
            AspectRatio = AspectRatio.Ratio1x2,
            StyleType = StyleType.Auto,
            RenderingSpeed = RenderingSpeed.Default,
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/v1/ideogram-v3/remix", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal("50", parts["image_weight"].Single().Text);
        Assert.Equal("1x2", parts["aspect_ratio"].Single().Text);
        Assert.Equal(["image", "prompt", "aspect_ratio", "rendering_speed", "image_weight", "style_type"], parts.Keys);
    }

    [Fact]
    public async Task Reframe_sends_image_and_resolution_only()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.ReframeAsync(new ReframeRequest(ImageInput.FromBytes(TestImages.Png()), Resolution.Res512x1536));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/v1/ideogram-v3/reframe", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal(["image", "resolution"], parts.Keys);
        Assert.Equal("512x1536", parts["resolution"].Single().Text);
    }

    [Fact]
    public async Task Replace_background_sends_prompt_and_image()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(ImageInput.FromBytes(TestImages.Png()), "Add a forest in the background")
        {
            MagicPrompt = MagicPrompt.On,
            RenderingSpeed = RenderingSpeed.Quality,
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/v1/ideogram-v3/replace-background", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal(["image", "prompt", "rendering_speed", "magic_prompt"], parts.Keys);
        Assert.Equal("QUALITY", parts["rendering_speed"].Single().Text);
    }

    [Fact]
    public async Task Describe_sends_image_file_and_model_version_and_reads_descriptions()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, SpecExample("DescribeResponse"));
        using var client = Client(handler);

        var result = await client.DescribeAsync(new DescribeRequest(ImageInput.FromBytes(TestImages.Jpeg(), "cat.jpg")) { ModelVersion = DescribeModelVersion.V3 });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/describe", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal(["image_file", "describe_model_version"], parts.Keys);
        Assert.Equal("cat.jpg", parts["image_file"].Single().FileName);
        Assert.Equal("image/jpeg", parts["image_file"].Single().ContentType);
        Assert.Equal("V_3", parts["describe_model_version"].Single().Text);
        Assert.StartsWith("A meticulously illustrated cat", Assert.Single(result.Descriptions), StringComparison.Ordinal);
        Assert.Empty(result.Images);
    }

    [Fact]
    public async Task Describe_takes_V_4_which_newer_public_docs_list_beside_the_specs_values()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, SpecExample("DescribeResponse"));
        using var client = Client(handler);

        await client.DescribeAsync(new DescribeRequest(ImageInput.FromBytes(TestImages.Png())) { ModelVersion = new DescribeModelVersion("v_4") });

        var parts = (await Assert.Single(handler.Requests).ReadPartsAsync()).ByName();
        Assert.Equal("V_4", parts["describe_model_version"].Single().Text);
    }

    [Fact]
    public async Task Upscale_sends_image_request_as_one_json_part()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, SpecExample("GenerateImageResponse"));
        using var client = Client(handler);

        var result = await client.UpscaleAsync(new UpscaleRequest(ImageInput.FromBytes(TestImages.Png())) { Resemblance = 55, Detail = 90, MagicPrompt = MagicPrompt.Auto, Seed = 7 });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/upscale", request.Uri.AbsolutePath);
        var parts = (await request.ReadPartsAsync()).ByName();
        Assert.Equal(["image_file", "image_request"], parts.Keys);
        var json = parts["image_request"].Single();
        Assert.Equal("application/json", json.ContentType);
        using var doc = JsonDocument.Parse(json.Bytes);
        Assert.Equal(55, doc.RootElement.GetProperty("resemblance").GetInt32());
        Assert.Equal(90, doc.RootElement.GetProperty("detail").GetInt32());
        Assert.Equal("AUTO", doc.RootElement.GetProperty("magic_prompt_option").GetString());
        Assert.Equal(7, doc.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal(4, doc.RootElement.EnumerateObject().Count());
        Assert.Equal(2, result.Images.Count);
        Assert.All(result.Images, i => Assert.Equal("4096x4096", i.UpscaledResolution));
    }

    [Fact]
    public async Task A_url_input_is_fetched_and_uploaded_as_a_file_without_the_api_key()
    {
        var png = TestImages.Png(9);
        var handler = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(png) })
            .Respond(HttpStatusCode.OK, V3Response());
        using var client = Client(handler);

        await client.RemixAsync(new RemixRequest(ImageInput.FromUrl("https://cdn.example/pics/cat.png"), "remix"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("https://cdn.example/pics/cat.png", handler.Requests[0].Uri.ToString());
        Assert.False(handler.Requests[0].Headers.ContainsKey("Api-Key"));
        var image = (await handler.Requests[1].ReadPartsAsync()).Single(p => p.Name == "image");
        Assert.Equal(png, image.Bytes);
        Assert.Equal("cat.png", image.FileName);
    }

    [Fact]
    public async Task Stream_and_file_inputs_are_read_once_and_sent_intact()
    {
        var bytes = TestImages.Png(100);
        var path = Path.Combine(Path.GetTempPath(), $"ideogram-test-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response());
            using var client = Client(handler);
            using var stream = new MemoryStream(bytes);

            await client.EditAsync(new EditRequest(ImageInput.FromFile(path), ImageInput.FromStream(stream, "m.png"), "edit"));

            var parts = (await Assert.Single(handler.Requests).ReadPartsAsync()).ByName();
            Assert.Equal(bytes, parts["image"].Single().Bytes);
            Assert.Equal(Path.GetFileName(path), parts["image"].Single().FileName);
            Assert.Equal(bytes, parts["mask"].Single().Bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
