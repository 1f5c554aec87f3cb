using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.EmulatorTests.Emulator;
using Ideogram.Sdk.Providers.Runware;

namespace Ideogram.Sdk.EmulatorTests.Providers.Runware;

/// <summary>The real client against the emulator's Runware host, over real HTTP.</summary>
public sealed class RunwareEmulatorTests
{
    private const string Key = "rw-emulator-key";

    private static async Task<(IdeogramEmulator Emulator, IdeogramClient Client, DelayRecordingTimeProvider Clock)> StartAsync(
        Action<IdeogramClientOptions>? configure = null, TimeSpan? jobStep = null)
    {
        // One clock for the client and the emulator: polls and back-offs are instant, timeouts fire only if it reaches them.
        var clock = new DelayRecordingTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)) { AutoAdvanceDelays = true };
        var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions
        {
            ApiKey = Key,
            JobStepDelay = jobStep ?? TimeSpan.Zero,
            TimeProvider = clock,
        });
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runware,
            ApiKey = Key,
            BaseAddress = emulator.BaseAddress(EmulatedProvider.Runware),
            TimeProvider = clock,

            // The emulator serves images from 127.0.0.1, a loopback address the SDK downloads from only when allowed.
            AllowPrivateNetworkInputs = true,
        };
        configure?.Invoke(options);
        return (emulator, new IdeogramClient(options), clock);
    }

    private static ImageInput Png() => ImageInput.FromBytes(EmuKit.Png(64, 64));

    private static JsonNode LastTask(IdeogramEmulator emulator) =>
        JsonNode.Parse(emulator.Control.GetJournal(EmulatedProvider.Runware).Last(e => e.Method == "POST").BodyText!)!.AsArray()
            .Select(t => t!).Last(t => (string?)t["taskType"] != "authentication");

    [Fact]
    public async Task Generate_returns_every_image_with_its_uuid_seed_and_cost_and_the_image_downloads()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        using var _c = client;

        var result = await client.GenerateAsync(new GenerateRequest("A lighthouse at dawn") { NumImages = 3, Seed = 100, AspectRatio = AspectRatio.Ratio16x9, RenderingSpeed = RenderingSpeed.Quality });

        Assert.Equal(3, result.Images.Count);
        Assert.Equal([100L, 101L, 102L], result.Images.Select(i => i.Seed!.Value));
        Assert.All(result.Images, i => Assert.NotNull(i.ProviderImageId));
        Assert.Equal(0.27m, result.Cost);
        var task = LastTask(emulator);
        Assert.Equal("ideogram:4@1", (string)task["model"]!);
        Assert.Equal(1312, (int)task["width"]!);

        using var png = new MemoryStream();
        var length = await client.DownloadAsync(result.Images[0], png);
        Assert.True(length > 8);
        Assert.Equal(0x89, png.ToArray()[0]);
    }

    [Fact]
    public async Task Each_ideogram_model_accepts_what_the_client_sends()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        using var _c = client;

        var edit = await client.EditAsync(new EditRequest(Png(), Png(), "Replace the sign text") { StyleCodes = ["AAFF5733"], MagicPrompt = MagicPrompt.Off });
        Assert.Equal("ideogram:4@3", (string)LastTask(emulator)["model"]!);
        var remix = await client.RemixAsync(new RemixRequest(Png(), "Same scene at night") { ImageWeight = 80, NegativePrompt = "blur", Resolution = Resolution.Res1024x1024 });
        Assert.Equal("ideogram:4@2", (string)LastTask(emulator)["model"]!);
        var reframe = await client.ReframeAsync(new ReframeRequest(Png(), Resolution.Res1536x640) { StylePreset = StylePreset.ArtDeco, MagicPrompt = MagicPrompt.On });
        Assert.Equal("ideogram:4@4", (string)LastTask(emulator)["model"]!);
        var background = await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(Png(), "A beach") { RenderingSpeed = RenderingSpeed.Turbo });
        Assert.Equal("ideogram:4@5", (string)LastTask(emulator)["model"]!);
        var withReferences = await client.GenerateAsync(new GenerateRequest("A poster")
        {
            StyleReferenceImages = [Png()],
            CharacterReferenceImages = [Png()],
            CharacterReferenceImageMasks = [Png()],
        });

        Assert.All([edit, remix, reframe, background, withReferences], r => Assert.Single(r.Images));
        Assert.Equal(0.03m, background.Cost);
    }

    [Fact]
    public async Task Base64_output_comes_back_as_bytes()
    {
        var (emulator, client, _) = await StartAsync(o => { o.Runware.OutputType = RunwareOutputType.Base64Data; o.Runware.OutputFormat = RunwareOutputFormat.Png; });
        await using var _e = emulator;
        using var _c = client;

        var result = await client.GenerateAsync(new GenerateRequest("A cat"));

        var image = Assert.Single(result.Images);
        Assert.Null(image.Url);
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal(0x89, image.Data!.Value.Span[0]);
    }

    [Fact]
    public async Task A_job_is_acknowledged_then_collected_with_getResponse()
    {
        var (emulator, client, clock) = await StartAsync(jobStep: TimeSpan.FromSeconds(2));
        await using var _e = emulator;
        using var _c = client;

        var job = await client.SubmitAsync(new GenerateRequest("A harbour") { NumImages = 2 });
        Assert.False(job.IsCompleted);
        var first = await client.PollAsync(job);
        Assert.Equal(ImageJobState.Running, first.State);
        Assert.Equal("processing", first.ProviderStatus);

        var result = await client.WaitAsync(ImageJob.Parse(job.ToToken()));

        Assert.Equal(2, result.Images.Count);
        Assert.Equal(job.Id, result.Job!.Id);
        var polls = emulator.Control.GetJournal(EmulatedProvider.Runware).Where(e => e.BodyText!.Contains("getResponse", StringComparison.Ordinal)).ToList();
        Assert.True(polls.Count >= 2);
        Assert.All(polls, p => Assert.Contains(job.Id, p.BodyText!, StringComparison.Ordinal));
        Assert.Contains(TimeSpan.FromSeconds(1), clock.Delays);
    }

    [Fact]
    public async Task The_async_delivery_option_serves_an_operation_by_submit_and_poll()
    {
        var (emulator, client, _) = await StartAsync(o => o.Runware.AsyncDelivery = true, jobStep: TimeSpan.FromSeconds(1));
        await using var _e = emulator;
        using var _c = client;

        var result = await client.EditAsync(new EditRequest(Png(), Png(), "Fix the text"));

        Assert.Single(result.Images);
        Assert.Equal("async", (string)JsonNode.Parse(emulator.Control.GetJournal(EmulatedProvider.Runware)[0].BodyText!)![0]!["deliveryMethod"]!);
    }

    [Fact]
    public async Task A_failed_async_task_fails_the_wait_with_the_job()
    {
        var (emulator, client, _) = await StartAsync(jobStep: TimeSpan.FromSeconds(1));
        await using var _e = emulator;
        using var _c = client;

        var job = await client.SubmitAsync(new GenerateRequest("EMULATOR_FAIL please"));
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));

        Assert.Equal("inferenceError", e.ErrorCode);
        Assert.Equal(job.Id, e.Job!.Id);
    }

    [Fact]
    public async Task A_failed_sync_task_is_typed_from_errors()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        using var _c = client;

        var failed = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("EMULATOR_FAIL now")));
        Assert.Equal("inferenceError", failed.ErrorCode);

        var credit = await Assert.ThrowsAsync<IdeogramInsufficientCreditsException>(() => client.GenerateAsync(new GenerateRequest("EMULATOR_NO_CREDIT")));
        Assert.Equal("insufficientCredits", credit.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error_in_both_auth_forms()
    {
        var (emulator, client, _) = await StartAsync(o => o.ApiKey = "wrong-key");
        await using var _e = emulator;
        using var _c = client;
        var header = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => client.GenerateAsync(new GenerateRequest("a")));
        Assert.Equal("invalidApiKey", header.ErrorCode);

        using var bodyClient = new IdeogramClient(new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runware,
            ApiKey = "wrong-key",
            BaseAddress = emulator.BaseAddress(EmulatedProvider.Runware),
            Runware = { AuthenticateInBody = true },
        });
        var body = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => bodyClient.GenerateAsync(new GenerateRequest("a")));
        Assert.Equal("invalidApiKey", body.ErrorCode);
        Assert.DoesNotContain("wrong-key", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authentication_task_is_accepted_in_place_of_the_header()
    {
        var (emulator, client, _) = await StartAsync(o => o.Runware.AuthenticateInBody = true);
        await using var _e = emulator;
        using var _c = client;

        var result = await client.GenerateAsync(new GenerateRequest("A kite"));

        Assert.Single(result.Images);
        var entry = emulator.Control.GetJournal(EmulatedProvider.Runware)[0];
        Assert.False(entry.Headers.ContainsKey("Authorization"));
        Assert.Equal("authentication", (string)JsonNode.Parse(entry.BodyText!)![0]!["taskType"]!);
    }

    [Fact]
    public async Task A_submission_refused_with_503_is_re_sent_with_the_same_task_uuid()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        using var _c = client;
        emulator.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runware, Method = "POST", Path = "/v1", Kind = FaultKind.ServiceUnavailable, Count = 1 });

        var result = await client.GenerateAsync(new GenerateRequest("A bridge"));

        Assert.Single(result.Images);
        var journal = emulator.Control.GetJournal(EmulatedProvider.Runware);
        Assert.Equal(2, journal.Count);
        Assert.Equal(503, journal[0].StatusCode);
        Assert.Equal(200, journal[1].StatusCode);
        var ids = journal.Select(e => (string)JsonNode.Parse(e.BodyText!)![0]!["taskUUID"]!).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public async Task An_ambiguous_500_on_a_paid_task_is_not_re_sent()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        using var _c = client;
        emulator.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runware, Method = "POST", Path = "/v1", Kind = FaultKind.ServerError, Count = 1 });

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("A bridge")));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Single(emulator.Control.GetJournal(EmulatedProvider.Runware));
    }
}
