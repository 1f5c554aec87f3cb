using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Providers.Segmind;

/// <summary>Golden wire tests: Segmind's documented examples, reproduced from neutral requests, field by field.</summary>
public class SegmindWireTests
{
    internal const string PagePrompt = "A cinematic photograph of a dark forest scene viewed from a distance. In the center, a small patch of glowing plants and flowers is illuminated by a faint, focused glow, casting a soft reflection in a still stream below. The delicate neon-style white text 'Segmind' is softly lit, creating a striking contrast against the deep shadows and mist. The surrounding dense foliage and mist create a mysterious and moody atmosphere, with strong contrast between light and shadow, enhancing the emotional and atmospheric tone.";

    internal const string ResultJson = """{"status":"COMPLETED","output":"https://images.segmind.com/generations/result.jpeg","metrics":{"inference_time":9.5}}""";

    internal static (IdeogramClient Client, FunctionHandler Handler) Client(Func<RecordedRequest, int, HttpResponseMessage> respond, Action<IdeogramClientOptions>? configure = null) =>
        FunctionHandler.NewClient(IdeogramProvider.Segmind, "test-key", respond, configure);

    private static void AssertPost(RecordedRequest request, string path)
    {
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("api.segmind.com", request.Uri.Host);
        Assert.Equal(path, request.Path);
        Assert.Equal("test-key", request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public async Task Generate_reproduces_the_page_example()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.GenerateAsync(new GenerateRequest(PagePrompt)
        {
            Resolution = new Resolution("1024x1024"),
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.Auto,
            NegativePrompt = "No people, no animals.",
            StyleType = StyleType.General,
        });

        var request = Assert.Single(handler.Requests);
        AssertPost(request, "/v1/ideogram-3");
        WireAssert.BodyEquals($$"""
            {"prompt": {{System.Text.Json.JsonSerializer.Serialize(PagePrompt)}}, "resolution": "1024x1024", "rendering_speed": "DEFAULT",
             "magic_prompt": "AUTO", "negative_prompt": "No people, no animals.", "style_codes": [], "style_type": "GENERAL"}
            """, request.Json);
    }

    [Fact]
    public async Task Remix_reproduces_the_page_sample()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.RemixAsync(new RemixRequest(ImageInput.FromUrl("https://segmind-sd-models.s3.amazonaws.com/display_images/ideogram-remix-input.png"), "A colorful city at dusk")
        {
            ImageWeight = 50,
            NegativePrompt = "No people, no buildings",
            Resolution = new Resolution("1024x1024"),
            Seed = 6522,
            StyleType = StyleType.General,
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.Auto,
        });

        var request = Assert.Single(handler.Requests);
        AssertPost(request, "/v1/ideogram-3-remix");
        WireAssert.BodyEquals("""
            {"image": "https://segmind-sd-models.s3.amazonaws.com/display_images/ideogram-remix-input.png", "prompt": "A colorful city at dusk",
             "image_weight": 50, "negative_prompt": "No people, no buildings", "resolution": "1024x1024", "seed": 6522,
             "style_type": "GENERAL", "rendering_speed": "DEFAULT", "magic_prompt": "AUTO", "style_codes": [], "style_reference_images": []}
            """, request.Json);
    }

    [Fact]
    public async Task Reframe_reproduces_the_page_sample()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.ReframeAsync(new ReframeRequest(ImageInput.FromUrl("https://segmind-sd-models.s3.amazonaws.com/display_images/ideogram-reframe-input.png"), new Resolution("1024x1024"))
        {
            RenderingSpeed = RenderingSpeed.Default,
        });

        var request = Assert.Single(handler.Requests);
        AssertPost(request, "/v1/ideogram-3-reframe");
        WireAssert.BodyEquals("""
            {"image": "https://segmind-sd-models.s3.amazonaws.com/display_images/ideogram-reframe-input.png", "resolution": "1024x1024",
             "rendering_speed": "DEFAULT", "style_codes": [], "style_reference_images": []}
            """, request.Json);
    }

    [Fact]
    public async Task Replace_background_reproduces_the_page_sample()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(ImageInput.FromUrl("https://segmind-sd-models.s3.amazonaws.com/display_images/ideo-3.png"), "Add a forest in the background")
        {
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.Auto,
        });

        var request = Assert.Single(handler.Requests);
        AssertPost(request, "/v1/ideogram-3-replace-background");
        WireAssert.BodyEquals("""
            {"prompt": "Add a forest in the background", "image": "https://segmind-sd-models.s3.amazonaws.com/display_images/ideo-3.png",
             "rendering_speed": "DEFAULT", "magic_prompt": "AUTO", "style_codes": [], "style_reference_images": []}
            """, request.Json);
    }

    [Fact]
    public async Task Describe_sends_image_file_only_as_bare_base64()
    {
        var png = PngFixtures.Png;
        var (client, handler) = Client((_, _) => FunctionHandler.Json("""{"status":"COMPLETED","output":"A red square."}"""));

        var result = await client.DescribeAsync(new DescribeRequest(ImageInput.FromBytes(png)));

        var request = Assert.Single(handler.Requests);
        AssertPost(request, "/v1/ideogram-describe");
        WireAssert.BodyEquals($$"""{"image_file": "{{Convert.ToBase64String(png)}}"}""", request.Json);
        Assert.Equal(["A red square."], result.Descriptions);
        Assert.Empty(result.Images);
    }

    [Fact]
    public async Task Every_optional_field_has_its_segmind_spelling()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.RemixAsync(new RemixRequest(ImageInput.FromBytes(PngFixtures.Png), "p")
        {
            AspectRatio = AspectRatio.Ratio16x9,
            RenderingSpeed = RenderingSpeed.Balanced,
            MagicPrompt = MagicPrompt.Off,
            Seed = 100,
            ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#FF0000", 0.5), new ColorPaletteMember("#00FF00")),
            StyleReferenceImages = [ImageInput.FromUrl("https://example.com/ref.png"), ImageInput.FromUrl("data:image/png;base64," + Convert.ToBase64String(PngFixtures.Png))],
        });

        var body = Assert.Single(handler.Requests).Json;
        WireAssert.BodyEquals($$"""
            {"prompt": "p", "image": "{{Convert.ToBase64String(PngFixtures.Png)}}", "aspect_ratio": "16x9", "rendering_speed": "DEFAULT",
             "magic_prompt": "OFF", "seed": 100, "style_codes": [],
             "color_palette": {"members": [{"color_hex": "#FF0000", "color_weight": 0.5}, {"color_hex": "#00FF00"}]},
             "style_reference_images": ["https://example.com/ref.png", "{{Convert.ToBase64String(PngFixtures.Png)}}"]}
            """, body);
    }

    [Fact]
    public async Task Style_codes_and_a_palette_preset_are_sent_as_documented()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json(ResultJson));

        await client.GenerateAsync(new GenerateRequest("p") { StyleCodes = ["aaff5733", "0011AABB"], ColorPalette = ColorPalette.FromPreset(new ColorPalettePreset("ember")) });

        WireAssert.BodyEquals("""{"prompt": "p", "style_codes": ["AAFF5733", "0011AABB"], "color_palette": {"name": "EMBER"}}""", Assert.Single(handler.Requests).Json);
    }
}

internal static class PngFixtures
{
    /// <summary>A 1x1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
}
