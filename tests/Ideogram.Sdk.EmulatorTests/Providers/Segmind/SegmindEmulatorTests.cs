using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Providers.Segmind;

/// <summary>The real client against the emulated Segmind, over real HTTP.</summary>
public sealed class SegmindEmulatorTests
{
    private const string Key = "SG_3ec0a235721add59";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);

    private static IdeogramClient Client(IdeogramEmulator emu, HttpMessageHandler? transport = null, Action<IdeogramClientOptions>? configure = null) =>
        EmuKit.SdkClient(emu, IdeogramProvider.Segmind, EmulatedProvider.Segmind, Key, transport, configure);

    private static JsonElement Body(JournalEntry entry) => JsonDocument.Parse(entry.BodyText!).RootElement;

    [Fact]
    public async Task Generate_v1_returns_a_downloadable_png_and_the_remaining_credits()
    {
        await using var emu = await EmuKit.StartAsync(o => o.ApiKey = Key);
        using var client = Client(emu);

        var result = await client.GenerateAsync(new GenerateRequest("A lighthouse at dusk") { AspectRatio = AspectRatio.Ratio2x1, Seed = 4321, RenderingSpeed = RenderingSpeed.Turbo });

        var image = Assert.Single(result.Images);
        Assert.Equal(4321, image.Seed);
        Assert.NotNull(result.RemainingCredits);
        using var png = new MemoryStream();
        await client.DownloadAsync(image, png);
        var (w, h, _) = EmuKit.VerifyPng(png.ToArray());
        Assert.Equal((88, 44), (w, h));
        var sent = Assert.Single(emu.Control.GetJournal(EmulatedProvider.Segmind), e => e.Method == "POST");
        Assert.Equal(("POST", "/v1/ideogram-3"), (sent.Method, sent.Path));
        Assert.Equal("2x1", Body(sent).GetProperty("aspect_ratio").GetString());
    }

    [Fact]
    public async Task Generate_v1_in_raw_image_mode_returns_the_bytes()
    {
        await using var emu = await EmuKit.StartAsync(o => o.SegmindRawImageResponse = true);
        using var client = Client(emu);

        var result = await client.GenerateAsync(new GenerateRequest("A lighthouse") { Resolution = new Resolution("1024x1024") });

        var image = Assert.Single(result.Images);
        Assert.Equal("image/png", image.ContentType);
        var (w, h, _) = EmuKit.VerifyPng(image.Data!.Value.ToArray());
        Assert.Equal((64, 64), (w, h));
    }

    [Fact]
    public async Task Every_model_accepts_what_the_client_sends()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu);
        var square = ImageInput.FromBytes(EmuKit.Png(256, 256));
        var made = Assert.Single((await client.GenerateAsync(new GenerateRequest("A bowl of fruit"))).Images).Url!;

        var remix = await client.RemixAsync(new RemixRequest(square, "In watercolour")
        {
            ImageWeight = 60, StyleType = StyleType.Design, NegativePrompt = "No text", MagicPrompt = MagicPrompt.Off, Seed = 100,
            ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Ember),
        });
        var reframe = await client.ReframeAsync(new ReframeRequest(ImageInput.FromUrl(made), new Resolution("1280x800"))
        {
            StyleReferenceImages = [ImageInput.FromUrl(made)],
        });
        var background = await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(square, "A beach") { StyleCodes = ["AAFF5733"] });
        var described = await client.DescribeAsync(new DescribeRequest(square));

        Assert.Single(remix.Images);
        Assert.Single(reframe.Images);
        Assert.Single(background.Images);
        Assert.Contains("256x256", Assert.Single(described.Descriptions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_goes_through_the_v2_queue_state_by_state()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emu = await EmuKit.StartAsync(o => (o.TimeProvider, o.JobStepDelay) = (clock, Step));
        using var transport = new StepClockHandler(clock, Step, r => r.RequestUri!.AbsolutePath.EndsWith("/status", StringComparison.Ordinal));
        using var client = Client(emu, transport);

        var job = await client.SubmitAsync(new GenerateRequest("A red fox") { Seed = 999 });
        var states = new List<ImageJobState>();
        ImageJobStatus status;
        do
        {
            status = await client.PollAsync(job);
            states.Add(status.State);
        }
        while (!status.IsTerminal);

        Assert.Equal([ImageJobState.Queued, ImageJobState.Running, ImageJobState.Succeeded], states);
        Assert.Equal(999, Assert.Single(status.Result!.Images).Seed);
        Assert.Equal(
            ["POST /v2/ideogram-3", $"GET /v2/requests/{job.Id}/status", $"GET /v2/requests/{job.Id}/status", $"GET /v2/requests/{job.Id}/status", $"GET /v2/requests/{job.Id}"],
            emu.Control.GetJournal(EmulatedProvider.Segmind).Select(e => $"{e.Method} {e.Path}"));
    }

    [Fact]
    public async Task A_failed_queued_job_is_a_job_failure_with_its_job()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu, configure: o => o.Segmind.UseQueue = true);

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.GenerateAsync(new GenerateRequest("unsafe-prompt please")));

        Assert.NotNull(e.Job);
        Assert.Equal("content_policy_violation", e.ErrorCode);
    }

    [Fact]
    public async Task Several_images_are_several_calls_with_counting_seeds()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu);

        var result = await client.GenerateAsync(new GenerateRequest("A kite") { NumImages = 3, Seed = 700 });

        Assert.Equal([700L, 701L, 702L], result.Images.Select(i => i.Seed!.Value).Order());
        var posts = emu.Control.GetJournal(EmulatedProvider.Segmind);
        Assert.Equal(3, posts.Count);
        Assert.Equal([700L, 701L, 702L], posts.Select(p => Body(p).GetProperty("seed").GetInt64()).Order());
    }

    [Fact]
    public async Task Errors_from_the_emulator_are_typed()
    {
        await using var emu = await EmuKit.StartAsync(o => o.ApiKey = Key);
        using var wrongKey = Client(emu, configure: o => o.ApiKey = "SG_wrong");
        using var noCredits = Client(emu, configure: o => o.ApiKey = "no-credits");
        using var client = Client(emu);

        await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => wrongKey.GenerateAsync(new GenerateRequest("p")));
        await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.GenerateAsync(new GenerateRequest("an unsafe-prompt")));
        var credits = await Assert.ThrowsAsync<IdeogramInsufficientCreditsException>(() => client.GenerateAsync(new GenerateRequest("no-credits left")));
        Assert.Equal("Not enough credits to process request.", credits.ProviderMessage);

        emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Kind = FaultKind.HtmlError });
        var html = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("p")));
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, html.StatusCode);
    }

    [Fact]
    public async Task Validation_refusals_send_nothing()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu);

        await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { Seed = 5 }));
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.UpscaleAsync(new UpscaleRequest(ImageInput.FromBytes(EmuKit.Png(8, 8)))));

        Assert.Empty(emu.Control.GetJournal(EmulatedProvider.Segmind));
    }
}
