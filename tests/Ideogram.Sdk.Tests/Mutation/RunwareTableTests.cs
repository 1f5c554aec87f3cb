using System.Text.Json.Nodes;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Providers.Runware;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>Runware's mapping table and option limits as they reach the wire: each accepted value, each substitute, each limit at its bound.</summary>
public sealed class RunwareTableTests
{
    private static async Task<JsonNode> TaskOf(ImageRequest request, UnsupportedParameterBehavior behavior = UnsupportedParameterBehavior.Strict)
    {
        var prepared = await RunwareKit.PrepareAsync(request, behavior);
        using var message = RunwareKit.Adapter.CreateSubmit(RunwareKit.Context(prepared, Guid.NewGuid()));
        return (await RunwareKit.BodyAsync(message)).AsArray().Single()!;
    }

    [Theory]
    [InlineData("TURBO", "TURBO")]
    [InlineData("DEFAULT", "DEFAULT")]
    [InlineData("BALANCED", "DEFAULT")]
    [InlineData("QUALITY", "QUALITY")]
    public async Task Each_rendering_speed_is_sent_as_runware_spells_it(string speed, string wire) =>
        Assert.Equal(wire, (string?)(await TaskOf(new GenerateRequest("a fox") { RenderingSpeed = new RenderingSpeed(speed) }))["providerSettings"]!["ideogram"]!["renderingSpeed"]);

    [Theory]
    [InlineData("AUTO")]
    [InlineData("ON")]
    [InlineData("OFF")]
    public async Task Each_magic_prompt_value_is_sent(string value) =>
        Assert.Contains($"\"{value}\"", (await TaskOf(new GenerateRequest("a fox") { MagicPrompt = new MagicPrompt(value) })).ToJsonString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("AUTO")]
    [InlineData("GENERAL")]
    [InlineData("REALISTIC")]
    [InlineData("DESIGN")]
    [InlineData("FICTION")]
    public async Task Each_style_type_is_sent(string value) =>
        Assert.Contains($"\"{value}\"", (await TaskOf(new GenerateRequest("a fox") { StyleType = new StyleType(value) })).ToJsonString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("RenderingSpeed", "FLASH", "TURBO")]
    [InlineData("StyleType", "CUSTOM", "AUTO")]
    [InlineData("StyleType", "STYLIZED", "GENERAL")]
    public async Task Best_effort_replaces_what_runware_lacks_with_its_nearest_value(string parameter, string value, string used)
    {
        var request = parameter == "RenderingSpeed"
            ? new GenerateRequest("a fox") { RenderingSpeed = new RenderingSpeed(value) }
            : new GenerateRequest("a fox") { StyleType = new StyleType(value) };

        var prepared = await RunwareKit.PrepareAsync(request, UnsupportedParameterBehavior.BestEffort);

        Assert.Equal(used, prepared.GetValue(Enum.Parse<ImageParameter>(parameter)));
        Assert.Contains(prepared.Warnings, w => w.Code == Warning.Substituted);
    }

    [Fact]
    public async Task A_count_limit_names_what_runware_allows()
    {
        var image = ImageInput.FromBytes(RunwareKit.Png);

        var codes = await Assert.ThrowsAsync<UnsupportedParameterException>(() => RunwareKit.PrepareAsync(new RemixRequest(image, "a fox") { StyleCodes = ["AAFF5733", "BBFF5733"] }));
        var references = await Assert.ThrowsAsync<UnsupportedParameterException>(() => RunwareKit.PrepareAsync(new GenerateRequest("a fox") { StyleReferenceImages = [image, image, image, image, image] }));
        var characters = await Assert.ThrowsAsync<UnsupportedParameterException>(() => RunwareKit.PrepareAsync(new GenerateRequest("a fox") { CharacterReferenceImages = [image, image] }));

        Assert.Equal("at most 1; one style code (not on generate)", codes.Allowed);
        Assert.Equal("at most 4; 1 to 4 style reference images", references.Allowed);
        Assert.Equal("at most 1; one character reference image", characters.Allowed);
    }

    [Fact]
    public void Each_operation_has_its_model_and_the_others_none()
    {
        Assert.Equal(
            ["ideogram:4@1", "ideogram:4@2", "ideogram:4@3", "ideogram:4@4", "ideogram:4@5"],
            new[] { ImageOperation.Generate, ImageOperation.Remix, ImageOperation.Edit, ImageOperation.Reframe, ImageOperation.ReplaceBackground }.Select(RunwareParameters.ModelOf));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RunwareParameters.ModelOf(ImageOperation.Describe));
        Assert.Equal("operation", e.ParamName);
        Assert.StartsWith("Runware does not serve this operation.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_options_are_spelled_as_runware_spells_them()
    {
        Assert.Equal(["URL", "base64Data", "dataURI"], new[] { RunwareOutputType.Url, RunwareOutputType.Base64Data, RunwareOutputType.DataUri }.Select(RunwareParameters.Wire));
        Assert.Equal(["JPG", "PNG", "WEBP"], new[] { RunwareOutputFormat.Jpg, RunwareOutputFormat.Png, RunwareOutputFormat.Webp }.Select(RunwareParameters.Wire));
        Assert.Equal(["image/jpeg", "image/jpeg", "image/png", "image/webp"], new RunwareOutputFormat?[] { null, RunwareOutputFormat.Jpg, RunwareOutputFormat.Png, RunwareOutputFormat.Webp }.Select(RunwareParameters.ContentType));
    }

    [Fact]
    public void A_size_is_the_resolution_or_the_aspect_ratios_size_and_nothing_else()
    {
        var byResolution = new PreparedRequest { Operation = ImageOperation.Generate, Resolution = new Resolution("1280x768") };
        var neither = new PreparedRequest { Operation = ImageOperation.Generate };

        Assert.Equal((1280, 768), RunwareParameters.SizeOf(byResolution));
        Assert.Null(RunwareParameters.SizeOf(neither));
        Assert.NotNull(RunwareParameters.SizeOf(new PreparedRequest { Operation = ImageOperation.Generate, AspectRatio = AspectRatio.Ratio16x9 }));
        foreach (var bad in new[] { "0x768", "1280x0", "square" })
        {
            var e = Assert.Throws<InvalidOperationException>(() => RunwareParameters.SizeOf(new PreparedRequest { Operation = ImageOperation.Generate, Resolution = new Resolution(bad) }));
            Assert.Equal($"'{bad}' is not a width×height pair; validation should have refused it.", e.Message);
        }
    }

    [Fact]
    public void Output_quality_and_result_lifetime_are_held_to_runwares_limits()
    {
        var options = new RunwareOptions { OutputQuality = 20 };
        options.OutputQuality = 99;
        options.ResultLifetime = TimeSpan.FromSeconds(60);
        options.ResultLifetime = TimeSpan.FromSeconds(int.MaxValue);

        var low = Assert.Throws<ArgumentOutOfRangeException>(() => options.OutputQuality = 19);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.OutputQuality = 100);
        var short_ = Assert.Throws<ArgumentOutOfRangeException>(() => options.ResultLifetime = TimeSpan.FromSeconds(59));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ResultLifetime = TimeSpan.FromSeconds(int.MaxValue) + TimeSpan.FromSeconds(1));

        Assert.StartsWith("Runware's outputQuality is 20..99.", low.Message, StringComparison.Ordinal);
        Assert.StartsWith("Runware's ttl is an integer number of seconds, at least 60.", short_.Message, StringComparison.Ordinal);
        Assert.Equal((99, TimeSpan.FromSeconds(int.MaxValue)), (options.OutputQuality, options.ResultLifetime));
        options.OutputQuality = null;
        options.ResultLifetime = null;
        Assert.Null(options.OutputQuality);
    }
}
