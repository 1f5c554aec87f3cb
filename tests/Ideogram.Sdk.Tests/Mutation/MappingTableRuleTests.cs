using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Tests.Core;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How a provider's table is applied, on a small table of its own: what strict refuses and best effort drops, clamps or
/// substitutes (with the exact warning), what even best effort never bends, and which shape is nearest to a size.
/// </summary>
public sealed class MappingTableRuleTests
{
    private static readonly ProviderProfile Table = new()
    {
        Provider = IdeogramProvider.Segmind,
        Operations = ProviderProfile.Build(
            new OperationProfile(
                ImageOperation.Generate,
                ParameterRule.Any(ImageParameter.Prompt, required: true),
                ParameterRule.Text(ImageParameter.NegativePrompt, 2, 5),
                ParameterRule.Range(ImageParameter.Seed, 0, 10),
                ParameterRule.OneOf(ImageParameter.StyleType, ["AUTO"]),
                ParameterRule.OneOf(ImageParameter.RenderingSpeed, ["TURBO"], substitutes: new Dictionary<string, string> { ["QUALITY"] = "TURBO" }),
                ParameterRule.Any(ImageParameter.StyleCodes, maxCount: 1)),
            new OperationProfile(ImageOperation.Remix, ParameterRule.Any(ImageParameter.Prompt, required: true)),
            new OperationProfile(ImageOperation.Edit, ParameterRule.Any(ImageParameter.Image, required: true), ParameterRule.Any(ImageParameter.Prompt, required: true)),
            new OperationProfile(ImageOperation.Describe, ParameterRule.Any(ImageParameter.Image), ParameterRule.Any(ImageParameter.DescribeModelVersion, required: true)),
            new OperationProfile(ImageOperation.Upscale, ParameterRule.Any(ImageParameter.Image, required: true))),
    };

    private static ValueTask<PreparedRequest> Prepare(ImageRequest request, bool bestEffort = false) =>
        RequestValidator.PrepareAsync(request, Table, bestEffort ? UnsupportedParameterBehavior.BestEffort : UnsupportedParameterBehavior.Strict, CancellationToken.None);

    [Fact]
    public async Task Best_effort_drops_a_parameter_the_table_lacks_and_a_value_it_cannot_replace_saying_so()
    {
        var prepared = await Prepare(new GenerateRequest("a fox") { AspectRatio = AspectRatio.Ratio16x9, StyleType = StyleType.Design }, bestEffort: true);

        Assert.False(prepared.IsSet(ImageParameter.AspectRatio));
        Assert.False(prepared.IsSet(ImageParameter.StyleType));
        Assert.Equal(
            [
                (Warning.Dropped, "AspectRatio is not supported by Segmind for Generate and was left out."),
                (Warning.Dropped, "StyleType 'DESIGN' is not supported by Segmind for Generate and was left out."),
            ],
            prepared.Warnings.Select(w => (w.Code, w.Message)));
    }

    [Fact]
    public async Task Strict_refuses_what_best_effort_drops()
    {
        var parameter = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new GenerateRequest("a fox") { AspectRatio = AspectRatio.Ratio16x9 }).AsTask());
        var value = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new GenerateRequest("a fox") { StyleType = StyleType.Design }).AsTask());

        Assert.Equal(ImageParameter.AspectRatio, parameter.Parameter);
        Assert.Contains("is not supported", parameter.Message, StringComparison.Ordinal);
        Assert.Equal(ImageParameter.StyleType, value.Parameter);
        Assert.Contains("value 'DESIGN' is not supported", value.Message, StringComparison.Ordinal);
        Assert.Equal("AUTO", value.Allowed);
    }

    [Fact]
    public async Task Best_effort_substitutes_from_the_table_and_clamps_into_the_range_saying_so()
    {
        var prepared = await Prepare(new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Quality, Seed = 20 }, bestEffort: true);

        Assert.Equal("TURBO", prepared.GetValue(ImageParameter.RenderingSpeed));
        Assert.Equal(10L, prepared.Seed);
        Assert.Equal(
            [
                (Warning.Clamped, "Seed 20 is outside Segmind's range 0..10; 10 was used instead."),
                (Warning.Substituted, "RenderingSpeed 'QUALITY' is not supported by Segmind; 'TURBO' was used instead."),
            ],
            prepared.Warnings.Select(w => (w.Code, w.Message)));
        Assert.Equal(10L, (await Prepare(new GenerateRequest("a fox") { Seed = 10 })).Seed);
        Assert.Equal(0L, (await Prepare(new GenerateRequest("a fox") { Seed = 0 })).Seed);
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new GenerateRequest("a fox") { Seed = 11 }).AsTask());
    }

    [Fact]
    public async Task Even_best_effort_refuses_images_masks_prompts_text_lengths_and_counts_it_cannot_send()
    {
        var image = ImageInput.FromBytes(CoreKit.Png());

        await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new RemixRequest(image, "a fox"), bestEffort: true).AsTask());
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new EditRequest(image, image, "a fox"), bestEffort: true).AsTask());
        var prompt = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new UpscaleRequest(image) { Prompt = "sharper" }, bestEffort: true).AsTask());
        var text = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new GenerateRequest("a fox") { NegativePrompt = "too long" }, bestEffort: true).AsTask());
        var codes = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Prepare(new GenerateRequest("a fox") { StyleCodes = ["AAFF5733", "BBFF5733"] }, bestEffort: true).AsTask());

        Assert.Equal(ImageParameter.Prompt, prompt.Parameter);
        Assert.Contains("is 8 characters long", text.Message, StringComparison.Ordinal);
        Assert.Equal("2 to 5 characters", text.Allowed);
        Assert.Contains("has 2 items", codes.Message, StringComparison.Ordinal);
        Assert.Equal("xy", (await Prepare(new GenerateRequest("a fox") { NegativePrompt = "xy" })).NegativePrompt);
        Assert.Equal("abcde", (await Prepare(new GenerateRequest("a fox") { NegativePrompt = "abcde" })).NegativePrompt);
    }

    [Fact]
    public async Task A_required_parameter_that_is_missing_is_refused_naming_it()
    {
        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => Prepare(new DescribeRequest(ImageInput.FromBytes(CoreKit.Png()))).AsTask());

        Assert.Equal(ImageParameter.DescribeModelVersion, e.Parameter);
        Assert.Contains("is required", e.Message, StringComparison.Ordinal);
    }

    private static ParameterRule Sizes(params string[] sizes) => ParameterRule.OneOf(ImageParameter.Resolution, sizes);

    [Theory]
    [InlineData("1000x1000", new[] { "512x512", "1024x1024", "2048x2048" }, "1024x1024")]
    [InlineData("1000x1000", new[] { "2048x2048", "1024x1024", "512x512" }, "1024x1024")]
    [InlineData("1600x900", new[] { "1024x1024", "1280x720", "720x1280" }, "1280x720")]
    [InlineData("150x150", new[] { "200x100", "100x200" }, "200x100")]
    [InlineData("150x150", new[] { "100x200", "200x100" }, "100x200")]
    [InlineData("0x512", new[] { "512x512" }, null)]
    [InlineData("512x0", new[] { "512x512" }, null)]
    [InlineData("square", new[] { "512x512" }, null)]
    [InlineData("512x512", new[] { "wide", "1024x576" }, "1024x576")]
    public void The_nearest_size_has_the_closest_shape_then_the_closest_area_and_the_first_of_equals(string value, string[] sizes, string? nearest) =>
        Assert.Equal(nearest, RequestValidator.Nearest(Sizes(sizes), value));

    [Fact]
    public void A_substitute_from_the_table_comes_first_when_the_table_takes_it()
    {
        var rule = ParameterRule.OneOf(ImageParameter.Resolution, ["512x512", "1024x1024"], substitutes: new Dictionary<string, string> { ["1000x1000"] = "512x512", ["900x900"] = "640x640" });

        Assert.Equal("512x512", RequestValidator.Nearest(rule, "1000x1000"));
        Assert.Equal("1024x1024", RequestValidator.Nearest(rule, "900x900"));
    }
}
