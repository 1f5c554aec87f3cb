using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.EmulatorTests.Infrastructure;
using Ideogram.Sdk.Providers.Runflow;

namespace Ideogram.Sdk.EmulatorTests.Providers.Runflow;

/// <summary>The real <see cref="IdeogramClient"/> against the emulated Runflow, over real HTTP on loopback.</summary>
public sealed class RunflowEndToEndTests
{
    private const string Key = "rf_live_e2e_key";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private static Task<IdeogramEmulator> Start(TimeSpan? step = null) =>
        IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key, JobStepDelay = step ?? TimeSpan.FromMilliseconds(40) });

    private static IdeogramClient Client(IdeogramEmulator emu, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = Key,
            BaseAddress = emu.BaseAddress(EmulatedProvider.Runflow),
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(20), BackoffFactor = 1.5, MaxDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(30) },

            // The emulator serves images from 127.0.0.1, a loopback address the SDK downloads from only when allowed.
            AllowPrivateNetworkInputs = true,
        };
        configure?.Invoke(options);
        return new IdeogramClient(options);
    }

    /// <summary>Registers a callback signing secret the way a Runflow user does (<c>POST /v1/callback-secrets</c>).</summary>
    private static async Task<string> CreateSecretAsync(IdeogramEmulator emu, string label)
    {
        using var http = new HttpClient { BaseAddress = emu.BaseAddress(EmulatedProvider.Runflow) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/callback-secrets")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { label }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("plain_secret").GetString()!;
    }

    [Fact]
    public async Task Generate_goes_through_the_run_lifecycle_and_returns_downloadable_images()
    {
        await using var emu = await Start();
        using var client = Client(emu);

        var result = await client.GenerateAsync(new GenerateRequest("A travel poster that says 'LISBON'")
        {
            NegativePrompt = "blurry",
            Seed = 5,
            NumImages = 2,
            AspectRatio = AspectRatio.Ratio16x9,
            RenderingSpeed = RenderingSpeed.Quality,
            MagicPrompt = MagicPrompt.Off,
            StyleType = StyleType.Design,
            StylePreset = new StylePreset("TRAVEL_POSTER"),
            ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#f0a", 0.6), new ColorPaletteMember("#102030")),
        });

        Assert.Equal(2, result.Images.Count);
        Assert.All(result.Images, i => Assert.Equal(new Resolution("1024x576"), i.Resolution));
        Assert.All(result.Images, i => Assert.Equal(emu.BaseAddress(EmulatedProvider.Runflow).Authority, i.Url!.Authority));
        Assert.Equal(0.12m, result.Cost);
        Assert.NotNull(result.Job);

        using var png = new MemoryStream();
        await client.DownloadAsync(result.Images[0], png);
        Assert.Equal(Png[..8], png.ToArray()[..8]);

        var journal = emu.Control.GetJournal(EmulatedProvider.Runflow);
        var create = Assert.Single(journal, e => e.Method == "POST");
        Assert.Equal("/v1/models/ideogram/v3/runs", create.Path);
        Assert.Equal(201, create.StatusCode);
        var input = JsonDocument.Parse(create.Body).RootElement.GetProperty("input");
        Assert.Equal("landscape_16_9", input.GetProperty("image_size").GetString());
        Assert.Equal("QUALITY", input.GetProperty("rendering_speed").GetString());
        Assert.False(input.GetProperty("expand_prompt").GetBoolean());
        Assert.Contains(journal, e => e.Method == "GET" && e.Path == "/v1/runs/" + result.Job!.Id);
    }

    [Fact]
    public async Task Style_references_as_bytes_and_urls_and_style_codes_are_accepted()
    {
        await using var emu = await Start(TimeSpan.Zero);
        using var client = Client(emu);

        var withReferences = await client.GenerateAsync(new GenerateRequest("p")
        {
            StyleReferenceImages = [ImageInput.FromBytes(Png), ImageInput.FromUrl("https://example.com/style.webp")],
        });
        var withCodes = await client.GenerateAsync(new GenerateRequest("p") { StyleCodes = ["AAFF5733"], ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Ember) });

        Assert.Single(withReferences.Images);
        Assert.Single(withCodes.Images);
    }

    [Fact]
    public async Task A_run_that_fails_throws_job_failed_with_the_run()
    {
        await using var emu = await Start();
        using var client = Client(emu);

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.GenerateAsync(new GenerateRequest("EMULATOR_FAIL poster")));

        Assert.Equal("PROVIDER_ERROR", e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.ProviderMessage));
        Assert.NotNull(e.Job);
        Assert.Equal(IdeogramProvider.Runflow, e.Job!.Provider);
    }

    [Fact]
    public async Task Refusals_at_creation_are_typed()
    {
        await using var emu = await Start();
        using var client = Client(emu, o => o.MaxRetries = 0);
        using var stranger = Client(emu, o => o.ApiKey = "rf_live_someone_else");

        var credits = await Assert.ThrowsAsync<IdeogramInsufficientCreditsException>(() => client.SubmitAsync(new GenerateRequest("EMULATOR_NO_CREDIT p")));
        var limited = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.SubmitAsync(new GenerateRequest("EMULATOR_RATE_LIMIT p")));
        var auth = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => stranger.SubmitAsync(new GenerateRequest("p")));

        Assert.Equal("INSUFFICIENT_CREDIT", credits.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
        Assert.Equal("UNAUTHORIZED", auth.ErrorCode);
        Assert.DoesNotContain("rf_live_someone_else", auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_poll_is_retried_after_the_advertised_wait()
    {
        await using var emu = await Start(TimeSpan.Zero);
        using var client = Client(emu);
        var job = await client.SubmitAsync(new GenerateRequest("p"));
        emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runflow, Method = "GET", Path = "/v1/runs/*", Kind = FaultKind.RateLimit, RetryAfterSeconds = 1 });

        var result = await client.WaitAsync(job);

        Assert.Single(result.Images);
        var polls = emu.Control.GetJournal(EmulatedProvider.Runflow).Where(e => e.Method == "GET" && e.Path.StartsWith("/v1/runs/", StringComparison.Ordinal)).ToList();
        Assert.Equal(429, polls[0].StatusCode);
        Assert.Equal(200, polls[1].StatusCode);
        Assert.True(polls[1].Timestamp - polls[0].Timestamp >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task A_job_token_is_finished_by_a_second_client()
    {
        await using var emu = await Start();
        string token;
        using (var first = Client(emu))
        {
            token = (await first.SubmitAsync(new GenerateRequest("p"))).ToToken();
        }

        using var second = Client(emu);
        var result = await second.WaitAsync(ImageJob.Parse(token));

        Assert.Single(result.Images);
        Assert.Single(emu.Control.GetJournal(EmulatedProvider.Runflow), e => e.Method == "POST");
    }

    [Fact]
    public async Task A_signed_callback_reaches_a_loopback_listener_and_reads_like_the_poll()
    {
        await using var listener = new CallbackReceiver();
        await using var emu = await Start();
        var secret = await CreateSecretAsync(emu, "production");
        using var client = Client(emu);

        var job = await client.SubmitAsync(new GenerateRequest("p") { NumImages = 2 }, new SubmitOptions
        {
            CallbackUrl = listener.Url,
            Metadata = new Dictionary<string, string> { ["order"] = "42" },
            ClientReference = "order-42",
        });
        var polled = await client.WaitAsync(job);
        var callback = await listener.NextAsync();

        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [secret]));
        Assert.False(RunflowWebhook.Verify(callback.Body, callback.Signature, ["whsec_not_ours"]));
        Assert.False(string.IsNullOrEmpty(callback.RequestId));
        var status = RunflowWebhook.Parse(callback.Body);
        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(job.Id, status.Job.Id);
        Assert.Equal(polled.Images.Select(i => i.Url), status.Result!.Images.Select(i => i.Url));
        Assert.Equal("42", JsonDocument.Parse(callback.Body).RootElement.GetProperty("metadata").GetProperty("order").GetString());
    }

    [Fact]
    public async Task A_failed_run_calls_back_with_a_failure()
    {
        await using var listener = new CallbackReceiver();
        await using var emu = await Start();
        var secret = await CreateSecretAsync(emu, "production");
        using var client = Client(emu, o => o.Runflow.DefaultCallbackUrl = listener.Url);

        var job = await client.SubmitAsync(new GenerateRequest("EMULATOR_FAIL p"));
        var callback = await listener.NextAsync();

        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [secret]));
        var status = RunflowWebhook.Parse(callback.Body);
        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal(job.Id, status.Job.Id);
        Assert.IsType<IdeogramJobFailedException>(status.Error);
        var polled = await client.PollAsync(job);
        Assert.Equal(ImageJobState.Failed, polled.State);
        Assert.Equal("PROVIDER_ERROR", polled.Error!.ErrorCode);
    }

    [Fact]
    public async Task A_callback_that_arrives_before_any_poll_agrees_with_the_poll()
    {
        await using var listener = new CallbackReceiver();
        await using var emu = await Start(TimeSpan.FromMilliseconds(20));
        var secret = await CreateSecretAsync(emu, "production");
        using var client = Client(emu);

        var job = await client.SubmitAsync(new GenerateRequest("p"), new SubmitOptions { CallbackUrl = listener.Url });
        var callback = await listener.NextAsync();
        var polled = await client.PollAsync(job);

        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [secret]));
        var fromCallback = RunflowWebhook.Parse(callback.Body);
        Assert.Equal(ImageJobState.Succeeded, polled.State);
        Assert.Equal(polled.State, fromCallback.State);
        Assert.Equal(polled.Result!.Images.Select(i => i.Url), fromCallback.Result!.Images.Select(i => i.Url));
    }

    [Fact]
    public async Task A_callback_that_arrives_after_a_poll_finishes_the_job_the_poll_saw_pending()
    {
        await using var listener = new CallbackReceiver();
        await using var emu = await Start(TimeSpan.FromMilliseconds(400));
        var secret = await CreateSecretAsync(emu, "production");
        using var client = Client(emu);

        var job = await client.SubmitAsync(new GenerateRequest("p"), new SubmitOptions { CallbackUrl = listener.Url });
        var early = await client.PollAsync(job);
        Assert.False(early.IsTerminal);
        Assert.False(listener.HasPending);

        var callback = await listener.NextAsync();
        var late = await client.PollAsync(job);

        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [secret]));
        var fromCallback = RunflowWebhook.Parse(callback.Body);
        Assert.Equal(ImageJobState.Succeeded, fromCallback.State);
        Assert.Equal(ImageJobState.Succeeded, late.State);
        Assert.Equal(job.Id, fromCallback.Job.Id);
        Assert.Equal(late.Result!.Images.Select(i => i.Url), fromCallback.Result!.Images.Select(i => i.Url));
    }

    [Fact]
    public async Task During_secret_rotation_the_old_and_new_secrets_together_verify()
    {
        await using var listener = new CallbackReceiver();
        await using var emu = await Start(TimeSpan.Zero);
        var old = await CreateSecretAsync(emu, "old");
        var current = await CreateSecretAsync(emu, "new");
        using var client = Client(emu, o => o.Runflow.DefaultCallbackUrl = listener.Url);

        await client.SubmitAsync(new GenerateRequest("p"));
        var callback = await listener.NextAsync();

        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [old, current]));
        Assert.True(RunflowWebhook.Verify(callback.Body, callback.Signature, [current]));
        Assert.False(RunflowWebhook.Verify(callback.Body, callback.Signature, [old]));
    }
}
