using System.Net;
using System.Text.Json;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Runflow;
using RichardSzalay.MockHttp;
using static Ideogram.Sdk.Tests.Providers.Runflow.RunflowTestKit;

namespace Ideogram.Sdk.Tests.Providers.Runflow;

/// <summary>Golden wire checks: what the Runflow adapter sends, field by field.</summary>
public class RunflowWireTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];

    private sealed class Captured
    {
        public HttpMethod? Method { get; set; }

        public Uri? Uri { get; set; }

        public string? Authorization { get; set; }

        public string? ContentType { get; set; }

        public string? Accept { get; set; }

        public string? Organization { get; set; }

        public string? UserAgent { get; set; }

        public JsonElement Body { get; set; }
    }

    private static Captured CaptureSubmit(MockHttpMessageHandler mock)
    {
        var captured = new Captured();
        mock.When(HttpMethod.Post, RunsUrl).Respond(async request =>
        {
            captured.Method = request.Method;
            captured.Uri = request.RequestUri;
            captured.Authorization = request.Headers.Authorization?.ToString();
            captured.ContentType = request.Content?.Headers.ContentType?.MediaType;
            captured.Accept = request.Headers.Accept.ToString();
            captured.Organization = request.Headers.TryGetValues("X-Organization-Id", out var org) ? org.Single() : null;
            captured.UserAgent = request.Headers.UserAgent.ToString();
            captured.Body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync()).RootElement.Clone();
            return Json(HttpStatusCode.Created, Run("run-7", "queued"));
        });
        return captured;
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order()];

    [Fact]
    public async Task Submit_sends_every_field_of_a_neutral_request_in_runflow_spelling()
    {
        var mock = new MockHttpMessageHandler();
        var captured = CaptureSubmit(mock);
        using var client = Client(mock, Clock(), o => o.Runflow.OrganizationId = "org-1");
        var request = new GenerateRequest("A poster that says 'HELLO'")
        {
            NegativePrompt = "blurry text",
            Seed = 42,
            NumImages = 3,
            AspectRatio = AspectRatio.Ratio3x4,
            RenderingSpeed = RenderingSpeed.Default,
            MagicPrompt = MagicPrompt.Off,
            StyleType = StyleType.Design,
            StylePreset = new StylePreset("art_deco"),
            ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#abc", 0.5), new ColorPaletteMember("#112233")),
            StyleReferenceImages = [ImageInput.FromUrl("https://example.com/style.png"), ImageInput.FromBytes(Png)],
        };
        var options = new SubmitOptions
        {
            CallbackUrl = new Uri("https://example.com/hooks/runflow"),
            Metadata = new Dictionary<string, string> { ["job"] = "42" },
            ClientReference = "job-42",
        };

        var job = await client.SubmitAsync(request, options);

        Assert.Equal(HttpMethod.Post, captured.Method);
        Assert.Equal(new Uri(RunsUrl), captured.Uri);
        Assert.Equal("Bearer " + Key, captured.Authorization);
        Assert.Equal("application/json", captured.ContentType);
        Assert.Equal("application/json", captured.Accept);
        Assert.Equal("org-1", captured.Organization);
        Assert.StartsWith("Ideogram.Sdk/", captured.UserAgent, StringComparison.Ordinal);

        var body = captured.Body;
        Assert.Equal(["callback_url", "client_ref", "input", "metadata"], Keys(body));
        Assert.Equal("https://example.com/hooks/runflow", body.GetProperty("callback_url").GetString());
        Assert.Equal("job-42", body.GetProperty("client_ref").GetString());
        Assert.Equal("42", body.GetProperty("metadata").GetProperty("job").GetString());
        Assert.Single(body.GetProperty("metadata").EnumerateObject());

        var input = body.GetProperty("input");
        Assert.Equal(
            ["color_palette", "expand_prompt", "image_size", "image_urls", "negative_prompt", "num_images", "prompt", "rendering_speed", "seed", "style", "style_preset"],
            Keys(input));
        Assert.Equal("A poster that says 'HELLO'", input.GetProperty("prompt").GetString());
        Assert.Equal("blurry text", input.GetProperty("negative_prompt").GetString());
        Assert.Equal(42, input.GetProperty("seed").GetInt64());
        Assert.Equal(3, input.GetProperty("num_images").GetInt32());
        Assert.Equal("portrait_4_3", input.GetProperty("image_size").GetString());
        Assert.Equal("BALANCED", input.GetProperty("rendering_speed").GetString());
        Assert.Equal(JsonValueKind.False, input.GetProperty("expand_prompt").ValueKind);
        Assert.Equal("DESIGN", input.GetProperty("style").GetString());
        Assert.Equal("ART_DECO", input.GetProperty("style_preset").GetString());
        var members = input.GetProperty("color_palette").GetProperty("members");
        Assert.Equal(["members"], Keys(input.GetProperty("color_palette")));
        Assert.Equal(2, members.GetArrayLength());
        Assert.Equal("#aabbcc", members[0].GetProperty("color_hex").GetString());
        Assert.Equal(0.5, members[0].GetProperty("color_weight").GetDouble());
        Assert.Equal("#112233", members[1].GetProperty("color_hex").GetString());
        Assert.False(members[1].TryGetProperty("color_weight", out _));
        var urls = input.GetProperty("image_urls");
        Assert.Equal(2, urls.GetArrayLength());
        Assert.Equal("https://example.com/style.png", urls[0].GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), urls[1].GetString());

        Assert.Equal("run-7", job.Id);
        Assert.Equal(IdeogramProvider.Runflow, job.Provider);
        Assert.False(job.IsCompleted);
        Assert.Equal(DateTimeOffset.Parse("2026-05-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), job.CreatedAt);
    }

    [Fact]
    public async Task Minimal_request_sends_only_the_prompt_and_no_organization_header()
    {
        var mock = new MockHttpMessageHandler();
        var captured = CaptureSubmit(mock);
        using var client = Client(mock, Clock());

        await client.SubmitAsync(new GenerateRequest("just a prompt"));

        Assert.Equal(["input"], Keys(captured.Body));
        Assert.Equal(["prompt"], Keys(captured.Body.GetProperty("input")));
        Assert.Null(captured.Organization);
    }

    [Theory]
    [InlineData("TURBO", "TURBO")]
    [InlineData("DEFAULT", "BALANCED")]
    [InlineData("BALANCED", "BALANCED")]
    [InlineData("quality", "QUALITY")]
    public async Task Rendering_speed_is_mapped(string neutral, string wire)
    {
        var input = await SubmitInput(new GenerateRequest("p") { RenderingSpeed = new RenderingSpeed(neutral) });
        Assert.Equal(wire, input.GetProperty("rendering_speed").GetString());
    }

    [Theory]
    [InlineData("ON", true)]
    [InlineData("OFF", false)]
    public async Task Magic_prompt_on_and_off_become_expand_prompt(string neutral, bool wire)
    {
        var input = await SubmitInput(new GenerateRequest("p") { MagicPrompt = new MagicPrompt(neutral) });
        Assert.Equal(wire, input.GetProperty("expand_prompt").GetBoolean());
    }

    [Fact]
    public async Task Magic_prompt_auto_leaves_expand_prompt_out()
    {
        var input = await SubmitInput(new GenerateRequest("p") { MagicPrompt = MagicPrompt.Auto });
        Assert.False(input.TryGetProperty("expand_prompt", out _));
    }

    [Theory]
    [InlineData("1x1", "square_hd")]
    [InlineData("3x4", "portrait_4_3")]
    [InlineData("9x16", "portrait_16_9")]
    [InlineData("4x3", "landscape_4_3")]
    [InlineData("16x9", "landscape_16_9")]
    public async Task Aspect_ratios_with_a_preset_become_image_size(string ratio, string preset)
    {
        var input = await SubmitInput(new GenerateRequest("p") { AspectRatio = new AspectRatio(ratio) });
        Assert.Equal(preset, input.GetProperty("image_size").GetString());
    }

    [Fact]
    public async Task Resolution_1024_square_becomes_square_hd()
    {
        var input = await SubmitInput(new GenerateRequest("p") { Resolution = new Resolution("1024x1024") });
        Assert.Equal("square_hd", input.GetProperty("image_size").GetString());
    }

    [Theory]
    [InlineData("AUTO")]
    [InlineData("GENERAL")]
    [InlineData("REALISTIC")]
    [InlineData("design")]
    public async Task Style_types_become_style(string style)
    {
        var input = await SubmitInput(new GenerateRequest("p") { StyleType = new StyleType(style) });
        Assert.Equal(style.ToUpperInvariant(), input.GetProperty("style").GetString());
    }

    [Fact]
    public async Task Style_codes_and_a_palette_preset_are_sent_as_documented()
    {
        var input = await SubmitInput(new GenerateRequest("p")
        {
            StyleCodes = ["aaff5733", "0011AABB"],
            ColorPalette = ColorPalette.FromPreset(new ColorPalettePreset("ember")),
        });

        Assert.Equal(["AAFF5733", "0011AABB"], input.GetProperty("style_codes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("EMBER", input.GetProperty("color_palette").GetProperty("name").GetString());
        Assert.Equal(["name"], Keys(input.GetProperty("color_palette")));
    }

    [Fact]
    public async Task Default_callback_url_is_used_when_the_submission_names_none()
    {
        var mock = new MockHttpMessageHandler();
        var captured = CaptureSubmit(mock);
        using var client = Client(mock, Clock(), o => o.Runflow.DefaultCallbackUrl = new Uri("https://example.com/default-hook"));

        await client.SubmitAsync(new GenerateRequest("p"));
        Assert.Equal("https://example.com/default-hook", captured.Body.GetProperty("callback_url").GetString());

        await client.SubmitAsync(new GenerateRequest("p"), new SubmitOptions { CallbackUrl = new Uri("https://example.com/override") });
        Assert.Equal("https://example.com/override", captured.Body.GetProperty("callback_url").GetString());
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///tmp/hook")]
    public async Task A_callback_url_that_is_not_http_fails_before_any_call(string url)
    {
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, RunsUrl).Respond(HttpStatusCode.Created);
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() =>
            client.SubmitAsync(new GenerateRequest("p"), new SubmitOptions { CallbackUrl = new Uri(url) }));

        Assert.Contains("callback URL", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(post));
    }

    [Fact]
    public async Task A_client_reference_longer_than_255_characters_fails_before_any_call()
    {
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, RunsUrl).Respond(HttpStatusCode.Created);
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() =>
            client.SubmitAsync(new GenerateRequest("p"), new SubmitOptions { ClientReference = new string('x', 256) }));

        Assert.Contains("256 characters", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(post));
    }

    [Fact]
    public async Task Poll_is_one_authenticated_get_of_the_run()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock, "0197d3c2-aaaa-7bbb-8ccc-000000000001");
        HttpRequestMessage? seen = null;
        mock.When(HttpMethod.Get, RunUrl("0197d3c2-aaaa-7bbb-8ccc-000000000001")).Respond(request =>
        {
            seen = request;
            return Json(HttpStatusCode.OK, Run("0197d3c2-aaaa-7bbb-8ccc-000000000001", "running"));
        });
        using var client = Client(mock, Clock(), o => o.Runflow.OrganizationId = "org-9");
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var status = await client.PollAsync(job);

        Assert.NotNull(seen);
        Assert.Equal(HttpMethod.Get, seen!.Method);
        Assert.Equal(new Uri(RunUrl("0197d3c2-aaaa-7bbb-8ccc-000000000001")), seen.RequestUri);
        Assert.Equal("Bearer " + Key, seen.Headers.Authorization?.ToString());
        Assert.Equal("org-9", seen.Headers.GetValues("X-Organization-Id").Single());
        Assert.Null(seen.Content);
        Assert.Equal(ImageJobState.Running, status.State);
        Assert.Equal("running", status.ProviderStatus);
    }

    [Fact]
    public async Task Run_ids_are_escaped_into_the_poll_path()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.Created, Run("a/b c", "queued")));
        Uri? seen = null;
        mock.When(HttpMethod.Get, Base + "*").Respond(request =>
        {
            seen = request.RequestUri;
            return Json(HttpStatusCode.OK, Run("a/b c", "queued"));
        });
        using var client = Client(mock, Clock());

        await client.PollAsync(await client.SubmitAsync(new GenerateRequest("p")));

        Assert.Equal("/v1/runs/a%2Fb%20c", seen!.AbsolutePath);
    }

    [Theory]
    [InlineData("https://api.runflow.io/", "0197d3c2-8f1e-7a55-b1f4-6a0e2d3c4b5a")]
    [InlineData("https://proxy.example/runflow/", "a/b c?d#e%f")]
    [InlineData("https://proxy.example:8443/a/b/", "..")]
    [InlineData("http://127.0.0.1:5000/", "run.1")]
    public void A_polls_address_is_the_runs_route_and_the_escaped_run_id(string baseAddress, string id)
    {
        var adapter = new RunflowAdapter();
        var context = new PollContext
        {
            Job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch),
            BaseAddress = new Uri(baseAddress),
            Options = new IdeogramClientOptions(),
            Time = TimeProvider.System,
        };

        using var first = adapter.CreatePoll(context);
        using var again = adapter.CreatePoll(context);

        var expected = new Uri(new Uri(baseAddress), "v1/runs/" + Uri.EscapeDataString(id));
        Assert.Equal(expected.AbsoluteUri, first.RequestUri!.AbsoluteUri);
        Assert.Equal(expected.AbsoluteUri, again.RequestUri!.AbsoluteUri);
    }

    private static async Task<JsonElement> SubmitInput(GenerateRequest request)
    {
        var mock = new MockHttpMessageHandler();
        var captured = CaptureSubmit(mock);
        using var client = Client(mock, Clock());
        await client.SubmitAsync(request);
        return captured.Body.GetProperty("input");
    }
}
