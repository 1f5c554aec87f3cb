using System.Net;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>The SDK's Ideogram adapter end to end: real HTTP on loopback against the emulator, every operation.</summary>
public sealed class IdeogramEndToEndTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await IdeogramEmulator.StartAsync(new EmulatorOptions());

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private IdeogramClient NewClient(Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Ideogram,
            ApiKey = "e2e-key",
            BaseAddress = _emu.BaseAddress(EmulatedProvider.Ideogram),
            TimeProvider = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true },

            // The emulator serves images from 127.0.0.1, a loopback address the SDK downloads from only when allowed.
            AllowPrivateNetworkInputs = true,
        };
        configure?.Invoke(options);
        return new IdeogramClient(options);
    }

    private static async Task<byte[]> BytesOf(IdeogramClient client, GeneratedImage image)
    {
        using var buffer = new MemoryStream();
        await client.DownloadAsync(image, buffer);
        return buffer.ToArray();
    }

    private static void AssertPng(byte[] bytes, int width, int height)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    [Fact]
    public async Task Generate_and_download_real_pngs()
    {
        using var client = NewClient();

        var result = await client.GenerateAsync(new GenerateRequest("A poster that says 'HELLO'")
        {
            AspectRatio = AspectRatio.Ratio16x9,
            RenderingSpeed = RenderingSpeed.Turbo,
            StyleType = StyleType.Design,
            StylePreset = StylePreset.ArtDeco,
            NumImages = 2,
            Seed = 42,
            ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Ember),
        });

        Assert.Equal(2, result.Images.Count);
        Assert.All(result.Images, i => Assert.True(i.IsSafe));
        Assert.Equal(42, result.Images[0].Seed);
        Assert.NotNull(result.Images[0].ExpiresAt);
        var resolution = result.Images[0].Resolution!.Value;
        var path = Path.Combine(Path.GetTempPath(), $"ideogram-e2e-{Guid.NewGuid():N}.png");
        try
        {
            await client.DownloadAsync(result.Images[0], path);
            AssertPng(await File.ReadAllBytesAsync(path), resolution.Width / 16, resolution.Height / 16);
        }
        finally
        {
            File.Delete(path);
        }

        // What reached the server: multipart with the documented names, and the key in Api-Key.
        var call = _emu.Control.GetJournal(EmulatedProvider.Ideogram).First(e => e.Path == "/v1/ideogram-v3/generate");
        Assert.Equal("***", call.Headers["Api-Key"]);
    }

    [Fact]
    public async Task Every_operation_runs_end_to_end()
    {
        using var client = NewClient();
        var seed = await client.GenerateAsync(new GenerateRequest("a cat") { Resolution = Resolution.Res1024x1024 });
        var png = await BytesOf(client, seed.Images[0]);
        var input = ImageInput.FromBytes(png, "cat.png");

        var edited = await client.EditAsync(new EditRequest(input, ImageInput.FromBytes(png, "mask.png"), "a cat wearing a hat") { StyleType = StyleType.Auto });
        var remixed = await client.RemixAsync(new RemixRequest(input, "a dog") { ImageWeight = 30, AspectRatio = AspectRatio.Ratio1x2 });
        var reframed = await client.ReframeAsync(new ReframeRequest(input, Resolution.Res512x1536));
        var replaced = await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(input, "a forest") { MagicPrompt = MagicPrompt.On });
        var transparent = await client.GenerateAsync(new GenerateRequest("a logo") { TransparentBackground = true, UpscaleFactor = UpscaleFactor.X2 });
        var described = await client.DescribeAsync(new DescribeRequest(input));
        var upscaled = await client.UpscaleAsync(new UpscaleRequest(input) { Resemblance = 55, Detail = 90 });

        // Edits keep the input image's size (the emulator's PNGs are downscaled 16 times).
        Assert.Equal(new Resolution("64x64"), Assert.Single(edited.Images).Resolution);
        Assert.Equal(Resolution.Res704x1408, Assert.Single(remixed.Images).Resolution);
        Assert.Equal(Resolution.Res512x1536, Assert.Single(reframed.Images).Resolution);
        Assert.True(Assert.Single(replaced.Images).IsSafe);
        Assert.NotNull(Assert.Single(transparent.Images).UpscaledResolution);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(described.Descriptions)));
        Assert.NotNull(Assert.Single(upscaled.Images).Url);
        AssertPng(await BytesOf(client, reframed.Images[0]), 512 / 16, 1536 / 16);
    }

    [Fact]
    public async Task Edit_uses_inpaint_and_falls_back_to_the_legacy_edit_route_on_a_404()
    {
        using var client = NewClient();
        var seed = await client.GenerateAsync(new GenerateRequest("a cat"));
        var png = await BytesOf(client, seed.Images[0]);
        var request = new EditRequest(ImageInput.FromBytes(png, "cat.png"), ImageInput.FromBytes(png, "mask.png"), "a hat");

        await client.EditAsync(request);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Path = "/v1/ideogram-v3/inpaint", Kind = FaultKind.Status, StatusCode = 404, Count = 1 });
        var fallback = await client.EditAsync(request);

        Assert.Single(fallback.Images);
        var paths = _emu.Control.GetJournal(EmulatedProvider.Ideogram).Select(j => j.Path).Where(p => p.Contains("/v1/ideogram-v3/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/v1/ideogram-v3/generate", "/v1/ideogram-v3/inpaint", "/v1/ideogram-v3/inpaint", "/v1/ideogram-v3/edit"], paths);
    }

    [Fact]
    public async Task Safety_outcomes_are_typed()
    {
        using var client = NewClient();

        await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.GenerateAsync(new GenerateRequest("an unsafe-prompt here")));
        var withheld = await client.GenerateAsync(new GenerateRequest("an unsafe-output here"));
        Assert.True(withheld.HasUnsafeImages);
        Assert.Null(withheld.Images[0].Url);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error()
    {
        await using var strict = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = "the-right-key" });
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = "a-wrong-key", BaseAddress = strict.BaseAddress(EmulatedProvider.Ideogram) });

        var e = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => client.GenerateAsync(new GenerateRequest("x")));
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.DoesNotContain("a-wrong-key", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limits_are_retried_after_the_servers_wait_and_a_500_on_a_paid_submit_is_not()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
        using var client = NewClient(o => o.TimeProvider = time);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Path = "/v1/ideogram-v3/generate", Kind = FaultKind.RateLimit, RetryAfterSeconds = 3, Count = 2 });

        var result = await client.GenerateAsync(new GenerateRequest("retry me"));

        Assert.Single(result.Images);
        Assert.Equal(2, time.Delays.Count(w => w == TimeSpan.FromSeconds(3)));
        Assert.Equal(3, _emu.Control.GetJournal(EmulatedProvider.Ideogram).Count(e => e.Path == "/v1/ideogram-v3/generate"));

        _emu.Control.ClearJournal();
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Path = "/v1/ideogram-v3/generate", Kind = FaultKind.ServerError, Count = 1 });
        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("do not pay twice")));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Ideogram), j => j.Path == "/v1/ideogram-v3/generate");
    }

    [Fact]
    public async Task A_dropped_connection_after_sending_is_reported_not_resent_and_an_html_page_is_a_typed_error()
    {
        using var client = NewClient();
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Path = "/v1/ideogram-v3/generate", Kind = FaultKind.Abort, Count = 1 });

        await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("dropped")));
        Assert.Single(_emu.Control.GetJournal(EmulatedProvider.Ideogram), j => j.Path == "/v1/ideogram-v3/generate");

        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Path = "/v1/ideogram-v3/generate", Kind = FaultKind.HtmlError, StatusCode = 502, Count = 1 });
        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("html")));
        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Contains("HTML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_link_is_reported_as_expired()
    {
        var emuTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = emuTime, ImageUrlLifetime = TimeSpan.FromMinutes(5) });
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = "k", BaseAddress = emu.BaseAddress(EmulatedProvider.Ideogram), AllowPrivateNetworkInputs = true });
        var result = await client.GenerateAsync(new GenerateRequest("soon gone"));
        emuTime.Advance(TimeSpan.FromMinutes(10));

        // The client's own clock says the link is still valid, so it asks; the server's 403 reads as expired.
        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(result.Images[0], Stream.Null));
        Assert.True(e.IsExpired);
    }
}
