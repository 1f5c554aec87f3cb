using Microsoft.Extensions.Configuration;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Runware.RunwareKit;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>The mapping table: what each Runware model takes, and what is refused before any HTTP call.</summary>
public sealed class RunwareMappingTests
{
    private static IdeogramClient NoHttpClient() => Client(MockHttpExtensions.NoCalls(), new FakeTimeProvider());

    [Fact]
    public void The_69_documented_sizes_are_ideogram_3_resolutions()
    {
        Assert.Equal(69, RunwareParameters.Sizes.Count);
        Assert.Equal(Resolution.Known.Select(r => r.Value).Order(), RunwareParameters.Sizes.Order());
    }

    [Fact]
    public void Every_aspect_ratio_maps_to_a_documented_size_of_that_shape()
    {
        Assert.Equal(AspectRatio.Known.Select(r => r.Value).Order(), RunwareParameters.AspectRatioSizes.Keys.Order());
        foreach (var (ratio, size) in RunwareParameters.AspectRatioSizes)
        {
            Assert.Contains(size, RunwareParameters.Sizes);
            var r = new AspectRatio(ratio);
            var s = new Resolution(size);
            var wanted = (double)r.Width / r.Height;
            var got = (double)s.Width / s.Height;
            Assert.True(Math.Abs(Math.Log(wanted / got)) < 0.02, $"{ratio} → {size}");
        }
    }

    [Fact]
    public void The_style_presets_are_the_ones_the_edit_page_lists()
    {
        var page = File.ReadAllLines(FixturePath("edit-style-presets.txt")).Where(l => l.Length > 0);
        var capabilities = IdeogramClient.GetCapabilities(IdeogramProvider.Runware);
        Assert.Equal(page.Order(), capabilities.GetAllowedValues(ImageOperation.Edit, ImageParameter.StylePreset).Order());
    }

    [Fact]
    public void Capabilities_come_from_the_table()
    {
        var c = IdeogramClient.GetCapabilities(IdeogramProvider.Runware);

        Assert.Equal([ImageOperation.Generate, ImageOperation.Edit, ImageOperation.Remix, ImageOperation.Reframe, ImageOperation.ReplaceBackground], c.Operations.Order());
        Assert.Equal(20, c.MaxImagesPerCall);
        Assert.Equal((1L, 20L), c.GetRange(ImageOperation.Generate, ImageParameter.NumImages));
        Assert.Equal((1L, 100L), c.GetRange(ImageOperation.Remix, ImageParameter.ImageWeight));
        Assert.True(c.AcceptsImageUrls);
        Assert.True(c.AcceptsImageBytes);
        Assert.False(c.IsAsynchronous);
        Assert.DoesNotContain("FLASH", c.GetAllowedValues(ImageOperation.Generate, ImageParameter.RenderingSpeed));
        Assert.False(c.Supports(ImageOperation.Generate, ImageParameter.ColorPalette));
        Assert.False(c.Supports(ImageOperation.Generate, ImageParameter.StyleCodes));
        Assert.True(c.Supports(ImageOperation.Remix, ImageParameter.StyleCodes));
        Assert.False(c.Supports(ImageOperation.Reframe, ImageParameter.Prompt));
        Assert.False(c.Supports(ImageOperation.Edit, ImageParameter.Resolution));
        Assert.False(c.Supports(ImageOperation.ReplaceBackground, ImageParameter.AspectRatio));
        Assert.False(c.Supports(ImageOperation.Edit, ImageParameter.NegativePrompt));
        Assert.True(c.IsRequired(ImageOperation.Reframe, ImageParameter.Resolution));
        Assert.Equal(4, c.GetMaxCount(ImageOperation.Generate, ImageParameter.StyleReferenceImages));
        Assert.Equal(1, c.GetMaxCount(ImageOperation.Edit, ImageParameter.CharacterReferenceImages));
        Assert.False(c.Supports(ImageOperation.Reframe, ImageParameter.CharacterReferenceImages));
    }

    [Theory]
    [InlineData(ImageOperation.Describe)]
    [InlineData(ImageOperation.Upscale)]
    [InlineData(ImageOperation.GenerateTransparent)]
    public async Task Operations_runware_does_not_serve_fail_naming_the_providers_that_do(ImageOperation operation)
    {
        using var client = NoHttpClient();
        ImageRequest request = operation switch
        {
            ImageOperation.Describe => new DescribeRequest(ImageInput.FromBytes(Png)),
            ImageOperation.Upscale => new UpscaleRequest(ImageInput.FromBytes(Png)),
            _ => new GenerateRequest("a") { TransparentBackground = true },
        };

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.SubmitAsync(request));

        Assert.Equal(IdeogramProvider.Runware, e.Provider);
        Assert.Contains(IdeogramProvider.Ideogram, e.SupportedBy);
        Assert.DoesNotContain(IdeogramProvider.Runware, e.SupportedBy);
    }

    [Fact]
    public async Task Flash_is_refused_in_strict_mode_and_becomes_turbo_in_best_effort()
    {
        using var client = NoHttpClient();
        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("a") { RenderingSpeed = RenderingSpeed.Flash }));
        Assert.Equal(ImageParameter.RenderingSpeed, e.Parameter);
        Assert.Contains("TURBO", e.Message, StringComparison.Ordinal);
        Assert.Contains(IdeogramProvider.Ideogram, e.SupportedBy);

        var prepared = await PrepareAsync(new GenerateRequest("a") { RenderingSpeed = RenderingSpeed.Flash }, UnsupportedParameterBehavior.BestEffort);
        using var message = Adapter.CreateSubmit(Context(prepared, Guid.NewGuid()));
        var body = await BodyAsync(message);
        Assert.Equal("TURBO", (string)body[0]!["providerSettings"]!["ideogram"]!["renderingSpeed"]!);
        Assert.Contains(prepared.Warnings, w => w.Code == Warning.Substituted && w.Parameter == ImageParameter.RenderingSpeed);
    }

    [Fact]
    public async Task Balanced_is_sent_as_default()
    {
        var prepared = await PrepareAsync(new GenerateRequest("a") { RenderingSpeed = RenderingSpeed.Balanced });
        using var message = Adapter.CreateSubmit(Context(prepared, Guid.NewGuid()));
        Assert.Equal("DEFAULT", (string)(await BodyAsync(message))[0]!["providerSettings"]!["ideogram"]!["renderingSpeed"]!);
    }

    public static TheoryData<string, ImageRequest, ImageParameter> Refused => new()
    {
        { "palette", new GenerateRequest("a") { ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Ember) }, ImageParameter.ColorPalette },
        { "style code on generate", new GenerateRequest("a") { StyleCodes = ["AAFF5733"] }, ImageParameter.StyleCodes },
        { "two style codes", new RemixRequest(ImageInput.FromBytes(Png), "a") { StyleCodes = ["AAFF5733", "BBFF5733"] }, ImageParameter.StyleCodes },
        { "negative prompt on edit", new EditRequest(ImageInput.FromBytes(Png), ImageInput.FromBytes(Png), "a") { NegativePrompt = "x" }, ImageParameter.NegativePrompt },
        { "size on edit", new EditRequest(ImageInput.FromBytes(Png), ImageInput.FromBytes(Png), "a") { Resolution = Resolution.Res1024x1024 }, ImageParameter.Resolution },
        { "size on replace background", new ReplaceBackgroundRequest(ImageInput.FromBytes(Png), "a") { AspectRatio = AspectRatio.Ratio1x1 }, ImageParameter.AspectRatio },
        { "prompt on reframe", new ReframeRequest(ImageInput.FromBytes(Png), Resolution.Res1536x640) { Prompt = "a" }, ImageParameter.Prompt },
        { "character reference on reframe", new ReframeRequest(ImageInput.FromBytes(Png), Resolution.Res1536x640) { CharacterReferenceImages = [ImageInput.FromBytes(Png)] }, ImageParameter.CharacterReferenceImages },
        { "custom model", new GenerateRequest("a") { CustomModelUri = "model/x/version/1" }, ImageParameter.CustomModelUri },
        { "seed 0", new GenerateRequest("a") { Seed = 0 }, ImageParameter.Seed },
        { "five style references", new GenerateRequest("a") { StyleReferenceImages = [.. Enumerable.Range(0, 5).Select(_ => ImageInput.FromBytes(Png))] }, ImageParameter.StyleReferenceImages },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Unsupported_input_fails_before_any_http_call_naming_parameter_and_provider(string why, ImageRequest request, ImageParameter parameter)
    {
        using var client = NoHttpClient();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.SubmitAsync(request));

        Assert.True(parameter == e.Parameter, why);
        Assert.Equal(IdeogramProvider.Runware, e.Provider);
        Assert.Contains("Runware", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_reframe_size_is_a_validation_error()
    {
        using var client = NoHttpClient();
        var request = new ReframeRequest(ImageInput.FromBytes(Png), Resolution.Res1536x640) { Resolution = null };

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.ReframeAsync(request));

        Assert.Equal(ImageParameter.Resolution, e.Parameter);
    }
}

/// <summary>Runware settings bind from configuration like the rest of the options.</summary>
public sealed class RunwareOptionsBindingTests
{
    [Fact]
    public void Runware_options_bind_from_configuration_and_survive_the_client_copy()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ideogram:Provider"] = "Runware",
                ["Ideogram:Runware:AsyncDelivery"] = "true",
                ["Ideogram:Runware:AuthenticateInBody"] = "true",
                ["Ideogram:Runware:OutputType"] = "DataUri",
                ["Ideogram:Runware:OutputFormat"] = "Png",
                ["Ideogram:Runware:OutputQuality"] = "90",
                ["Ideogram:Runware:IncludeCost"] = "false",
                ["Ideogram:Runware:ResultLifetime"] = "00:10:00",
            })
            .Build();
        var options = new IdeogramClientOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection("Ideogram"), options);

        var copy = options.Clone().Runware;

        Assert.Equal(IdeogramProvider.Runware, options.Provider);
        Assert.True(copy.AsyncDelivery);
        Assert.True(copy.AuthenticateInBody);
        Assert.Equal(RunwareOutputType.DataUri, copy.OutputType);
        Assert.Equal(RunwareOutputFormat.Png, copy.OutputFormat);
        Assert.Equal(90, copy.OutputQuality);
        Assert.False(copy.IncludeCost);
        Assert.Equal(TimeSpan.FromMinutes(10), copy.ResultLifetime);
        Assert.NotSame(options.Runware, copy);
    }
}
