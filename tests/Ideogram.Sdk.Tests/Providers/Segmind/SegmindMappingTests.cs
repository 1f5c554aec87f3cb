using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Providers.Segmind;

/// <summary>Segmind's mapping table: what it refuses before any call, what best effort changes, and the one-image-per-call fan-out.</summary>
public class SegmindMappingTests
{
    private static IdeogramClient Offline(UnsupportedParameterBehavior behavior = UnsupportedParameterBehavior.Strict) =>
        SegmindWireTests.Client((r, _) => throw new InvalidOperationException($"No HTTP call was expected, but {r.Method} {r.Uri} was sent."), o => o.UnsupportedParameters = behavior).Client;

    [Fact]
    public async Task Operations_segmind_lacks_fail_before_any_call_naming_who_offers_them()
    {
        var client = Offline();
        var png = ImageInput.FromBytes(PngFixtures.Png);

        var edit = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.EditAsync(new EditRequest(png, png, "p")));
        var transparent = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { TransparentBackground = true }));
        var upscale = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.UpscaleAsync(new UpscaleRequest(png)));

        Assert.Contains(IdeogramProvider.Ideogram, edit.SupportedBy);
        Assert.DoesNotContain(IdeogramProvider.Segmind, edit.SupportedBy);
        Assert.Equal([IdeogramProvider.Ideogram], transparent.SupportedBy);
        Assert.Equal([IdeogramProvider.Ideogram], upscale.SupportedBy);
        Assert.Contains("Segmind", edit.Message, StringComparison.Ordinal);
        Assert.Contains("Ideogram", upscale.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public async Task A_seed_outside_100_to_999999_is_refused_in_strict_mode(long seed)
    {
        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Offline().GenerateAsync(new GenerateRequest("p") { Seed = seed }));

        Assert.Equal(ImageParameter.Seed, e.Parameter);
        Assert.Equal("100..999999", e.Allowed);
        Assert.Contains("Segmind", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 100)]
    [InlineData(5_000_000, 999999)]
    public async Task Best_effort_clamps_the_seed_with_a_warning(long seed, long sent)
    {
        var (client, handler) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(SegmindWireTests.ResultJson), o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);

        var result = await client.GenerateAsync(new GenerateRequest("p") { Seed = seed });

        Assert.Equal(sent, (long)Assert.Single(handler.Requests).Json["seed"]!);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((Warning.Clamped, ImageParameter.Seed), (warning.Code, warning.Parameter));
        Assert.Equal(sent, Assert.Single(result.Images).Seed);
    }

    [Fact]
    public async Task Flash_fiction_and_style_presets_are_refused_in_strict_mode()
    {
        var client = Offline();

        var flash = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { RenderingSpeed = RenderingSpeed.Flash }));
        var fiction = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { StyleType = StyleType.Fiction }));
        var preset = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { StylePreset = StylePreset.ArtDeco }));

        Assert.Equal(ImageParameter.RenderingSpeed, flash.Parameter);
        Assert.Contains(IdeogramProvider.Ideogram, flash.SupportedBy);
        Assert.Equal(ImageParameter.StyleType, fiction.Parameter);
        Assert.DoesNotContain("FICTION", fiction.Allowed, StringComparison.Ordinal);
        Assert.Equal(ImageParameter.StylePreset, preset.Parameter);
    }

    [Fact]
    public async Task Best_effort_runs_flash_as_turbo_fiction_as_auto_and_drops_presets()
    {
        var (client, handler) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(SegmindWireTests.ResultJson), o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);

        var result = await client.GenerateAsync(new GenerateRequest("p") { RenderingSpeed = RenderingSpeed.Flash, StyleType = StyleType.Fiction, StylePreset = StylePreset.ArtDeco });

        WireAssert.BodyEquals("""{"prompt":"p","rendering_speed":"TURBO","style_type":"AUTO","style_codes":[]}""", Assert.Single(handler.Requests).Json);
        Assert.Equal(
            [(Warning.Dropped, ImageParameter.StylePreset), (Warning.Substituted, ImageParameter.RenderingSpeed), (Warning.Substituted, ImageParameter.StyleType)],
            result.Warnings.Select(w => (w.Code, w.Parameter)).Order());
    }

    [Fact]
    public async Task Fields_a_model_does_not_list_are_refused()
    {
        var client = Offline();
        var url = ImageInput.FromUrl("https://x.test/a.png");

        var generateRefs = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { StyleReferenceImages = [url] }));
        var backgroundSeed = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(url, "p") { Seed = 500 }));
        var characters = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("p") { CharacterReferenceImages = [url] }));

        Assert.Equal(ImageParameter.StyleReferenceImages, generateRefs.Parameter);
        Assert.Equal(ImageParameter.Seed, backgroundSeed.Parameter);
        Assert.Equal(ImageParameter.CharacterReferenceImages, characters.Parameter);
    }

    [Fact]
    public async Task Several_images_are_made_by_several_calls_with_counting_seeds()
    {
        var (client, handler) = SegmindWireTests.Client((r, i) => FunctionHandler.Json(
            $$"""{"status":"COMPLETED","output":"https://images.segmind.com/generations/{{r.Json["seed"]}}.jpeg"}""", ("x-remaining-credits", "5")));

        var result = await client.GenerateAsync(new GenerateRequest("p") { NumImages = 3, Seed = 500 });

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("/v1/ideogram-3", r.Path));
        Assert.All(handler.Requests, r => Assert.Null(r.Json["num_images"]));
        Assert.Equal([500L, 501L, 502L], handler.Requests.Select(r => (long)r.Json["seed"]!).Order());
        Assert.Equal([500L, 501L, 502L], result.Images.Select(i => i.Seed!.Value).Order());
        Assert.All(result.Images, i => Assert.EndsWith($"/{i.Seed}.jpeg", i.Url!.AbsolutePath, StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Parameter == ImageParameter.Seed && w.Message.Contains("500..502", StringComparison.Ordinal));
        Assert.Equal(5m, result.RemainingCredits);
    }

    [Fact]
    public async Task Counting_seeds_go_down_where_counting_up_would_leave_segminds_range()
    {
        var (client, handler) = SegmindWireTests.Client((r, i) => FunctionHandler.Json(
            $$"""{"status":"COMPLETED","output":"https://images.segmind.com/generations/{{r.Json["seed"]}}.jpeg"}"""));

        var result = await client.GenerateAsync(new GenerateRequest("p") { NumImages = 3, Seed = 999999 });

        Assert.Equal([999997L, 999998L, 999999L], handler.Requests.Select(r => (long)r.Json["seed"]!).Order());
        Assert.Contains(result.Warnings, w => w.Parameter == ImageParameter.Seed && w.Message.Contains("999999..999997", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_images_without_a_seed_send_no_seed()
    {
        var (client, handler) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(SegmindWireTests.ResultJson));

        var result = await client.GenerateAsync(new GenerateRequest("p") { NumImages = 2 });

        Assert.Equal(2, result.Images.Count);
        Assert.All(handler.Requests, r => WireAssert.BodyEquals("""{"prompt":"p","style_codes":[]}""", r.Json));
    }

    [Fact]
    public async Task Submitting_several_images_queues_one_job_per_image()
    {
        var count = 0;
        var (client, handler) = SegmindWireTests.Client((_, _) => FunctionHandler.Json($$"""{"request_id":"r{{Interlocked.Increment(ref count)}}","status":"QUEUED"}"""));

        var job = await client.SubmitAsync(new GenerateRequest("p") { NumImages = 2 });

        Assert.Equal(["r1", "r2"], job.Parts.Select(p => p.Id));
        Assert.All(handler.Requests, r => Assert.Equal("/v2/ideogram-3", r.Path));
    }

    [Fact]
    public void Capabilities_describe_the_table()
    {
        var caps = IdeogramClient.GetCapabilities(IdeogramProvider.Segmind);

        Assert.Equal([ImageOperation.Generate, ImageOperation.Remix, ImageOperation.Reframe, ImageOperation.ReplaceBackground, ImageOperation.Describe], caps.Operations);
        Assert.Equal(1, caps.MaxImagesPerCall);
        Assert.True(caps.AcceptsImageUrls);
        Assert.True(caps.AcceptsImageBytes);
        Assert.Equal((100L, 999999L), caps.GetRange(ImageOperation.Generate, ImageParameter.Seed));
        Assert.Equal(["TURBO", "DEFAULT", "BALANCED", "QUALITY"], caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.RenderingSpeed));
        Assert.Equal(["AUTO", "GENERAL", "REALISTIC", "DESIGN"], caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.StyleType));
        Assert.Equal(15, caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.AspectRatio).Count);
        Assert.Equal(69, caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.Resolution).Count);
        Assert.False(caps.Supports(ImageOperation.Generate, ImageParameter.StylePreset));
        Assert.True(caps.IsRequired(ImageOperation.Reframe, ImageParameter.Resolution));
        Assert.False(caps.Supports(ImageOperation.Edit));
    }
}
