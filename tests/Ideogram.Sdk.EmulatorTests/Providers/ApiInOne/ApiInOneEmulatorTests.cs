using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Emulator;
using Ideogram.Sdk.EmulatorTests.Providers.Segmind;

namespace Ideogram.Sdk.EmulatorTests.Providers.ApiInOne;

/// <summary>The real client against the emulated API in One, over real HTTP.</summary>
public sealed class ApiInOneEmulatorTests
{
    private const string Key = "aio_test_key";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    private static IdeogramClient Client(IdeogramEmulator emu, HttpMessageHandler? transport = null, string key = Key) =>
        EmuKit.SdkClient(emu, IdeogramProvider.ApiInOne, EmulatedProvider.ApiInOne, key, transport);

    [Fact]
    public async Task The_page_example_makes_a_task_that_is_polled_to_a_png()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emu = await EmuKit.StartAsync(o => (o.ApiKey, o.TimeProvider, o.JobStepDelay) = (Key, clock, Step));
        using var transport = new StepClockHandler(clock, Step, r => r.RequestUri!.AbsolutePath.StartsWith("/api/v1/tasks/", StringComparison.Ordinal));
        using var client = Client(emu, transport);

        var job = await client.SubmitAsync(new GenerateRequest("A vintage travel poster for Tokyo with \"Visit Tokyo\" in retro lettering")
        {
            RenderingSpeed = RenderingSpeed.Turbo,
            AspectRatio = AspectRatio.Ratio3x4,
            StyleType = StyleType.Design,
        });
        var first = await client.PollAsync(job);
        var result = await client.WaitAsync(job);

        Assert.EndsWith("_ideogram", job.Id, StringComparison.Ordinal);
        Assert.Equal((ImageJobState.Running, "IN_PROGRESS"), (first.State, first.ProviderStatus));
        using var png = new MemoryStream();
        await client.DownloadAsync(Assert.Single(result.Images), png);
        var (w, h, _) = EmuKit.VerifyPng(png.ToArray());
        Assert.Equal((54, 72), (w, h));

        var create = emu.Control.GetJournal(EmulatedProvider.ApiInOne)[0];
        Assert.Equal(("POST", "/api/v1/images/generations"), (create.Method, create.Path));
        var body = JsonDocument.Parse(create.BodyText!).RootElement;
        Assert.Equal("ideogram-v3-turbo", body.GetProperty("model").GetString());
        Assert.Equal("3:4", body.GetProperty("aspect_ratio").GetString());
        Assert.Equal("Design", body.GetProperty("style").GetString());
    }

    [Fact]
    public async Task Edit_with_urls_and_references_completes()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu);
        var made = Assert.Single((await client.GenerateAsync(new GenerateRequest("A city skyline") { AspectRatio = AspectRatio.Ratio1x1 })).Images).Url!;

        var edited = await client.EditAsync(new EditRequest(ImageInput.FromUrl(made), ImageInput.FromUrl(made), "Add fireworks")
        {
            RenderingSpeed = RenderingSpeed.Quality,
            StyleReferenceImages = [ImageInput.FromUrl(made)],
        });

        Assert.Single(edited.Images);
    }

    [Fact]
    public async Task A_failed_task_is_a_job_failure_with_its_job()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = Client(emu);

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.GenerateAsync(new GenerateRequest("an unsafe-prompt poster")));

        Assert.NotNull(e.Job);
        Assert.Contains("content policy", e.ProviderMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Errors_are_typed_and_bytes_never_leave_the_client()
    {
        await using var emu = await EmuKit.StartAsync(o => o.ApiKey = Key);
        using var wrongKey = Client(emu, key: "aio_wrong");
        using var client = Client(emu);

        var auth = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => wrongKey.GenerateAsync(new GenerateRequest("A poster")));
        Assert.Equal("authentication_error", auth.ErrorCode);
        var bad = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("A poster")
        {
            ExtraWireFields = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["not_a_field"] = 1 },
        }));
        Assert.Equal("invalid_request", bad.ErrorCode);

        // API in One takes prompts of 3 to 5000 characters: a shorter one never leaves the client.
        emu.Control.ClearJournal();
        var shortPrompt = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("ab")));
        Assert.Equal(ImageParameter.Prompt, shortPrompt.Parameter);
        Assert.Empty(emu.Control.GetJournal(EmulatedProvider.ApiInOne));

        await Assert.ThrowsAsync<UnsupportedParameterException>(() =>
            client.EditAsync(new EditRequest(ImageInput.FromBytes(EmuKit.Png(8, 8)), ImageInput.FromUrl("https://example.com/m.png"), "a fox")));
        Assert.Empty(emu.Control.GetJournal(EmulatedProvider.ApiInOne));
    }
}
