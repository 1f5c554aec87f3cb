using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The edges of the mapping layer: every parameter of a prepared request set, read, counted and cleared; the model's
/// limits exactly at their bounds; what the capability table says when operations disagree; and how a rule spells values.
/// </summary>
public sealed class MappingEdgeTests
{
    private static readonly LoadedImage Png = new(CoreKit.Png(), null, "a.png", "image/png");

    /// <summary>A prepared request with one value for every parameter.</summary>
    private static PreparedRequest Full() => new()
    {
        Operation = ImageOperation.Generate,
        Prompt = "p",
        NegativePrompt = "n",
        Seed = 1,
        NumImages = 2,
        Resolution = new Resolution("1024x1024"),
        AspectRatio = AspectRatio.Ratio16x9,
        RenderingSpeed = RenderingSpeed.Turbo,
        MagicPrompt = MagicPrompt.On,
        StyleType = StyleType.Design,
        StylePreset = new StylePreset("TRAVEL_POSTER"),
        StyleCodes = ["AAFF5733"],
        ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#fff"), new ColorPaletteMember("#000")),
        StyleReferenceImages = [Png, Png],
        CharacterReferenceImages = [Png],
        CharacterReferenceImageMasks = [Png, Png, Png],
        CustomModelUri = "model/x",
        Image = Png,
        Mask = Png,
        ImageWeight = 50,
        UpscaleFactor = new UpscaleFactor("X2"),
        DescribeModelVersion = new DescribeModelVersion("V_3"),
        Resemblance = 40,
        Detail = 30,
        MagicPromptVersion = new MagicPromptVersion("V_0_3"),
    };

    public static TheoryData<ImageParameter> Parameters()
    {
        var data = new TheoryData<ImageParameter>();
        foreach (var parameter in Enum.GetValues<ImageParameter>())
        {
            data.Add(parameter);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Every_parameter_is_set_until_it_is_cleared_and_clearing_it_leaves_the_others(ImageParameter parameter)
    {
        var request = Full();
        Assert.True(request.IsSet(parameter));

        request.Clear(parameter);

        Assert.False(request.IsSet(parameter));
        Assert.Equal(0, request.GetCount(parameter));
        Assert.All(Enum.GetValues<ImageParameter>().Where(p => p != parameter), p => Assert.True(request.IsSet(p), $"{p} was cleared with {parameter}"));
        Assert.False(new PreparedRequest { Operation = ImageOperation.Generate }.IsSet(parameter));
        Assert.False(request.IsSet((ImageParameter)999));
    }

    [Fact]
    public void Values_numbers_texts_and_counts_read_back_as_set()
    {
        var request = Full();

        Assert.Equal<IEnumerable<string?>>(
            ["1024x1024", "16x9", "TURBO", "ON", "DESIGN", "TRAVEL_POSTER", null, "X2", "V_3", "V_0_3", null],
            [.. new[] { ImageParameter.Resolution, ImageParameter.AspectRatio, ImageParameter.RenderingSpeed, ImageParameter.MagicPrompt, ImageParameter.StyleType,
                ImageParameter.StylePreset, ImageParameter.ColorPalette, ImageParameter.UpscaleFactor, ImageParameter.DescribeModelVersion, ImageParameter.MagicPromptVersion,
                ImageParameter.Seed }.Select(request.GetValue)]);
        Assert.Equal([1L, 2L, 50L, 40L, 30L, null], [.. new[] { ImageParameter.Seed, ImageParameter.NumImages, ImageParameter.ImageWeight, ImageParameter.Resemblance, ImageParameter.Detail, ImageParameter.Prompt }.Select(request.GetNumber)]);
        Assert.Equal<IEnumerable<string?>>(["p", "n", null], [.. new[] { ImageParameter.Prompt, ImageParameter.NegativePrompt, ImageParameter.Seed }.Select(request.GetText)]);
        Assert.Equal([1, 2, 1, 3, 2, 1, 1, 1], [.. new[] { ImageParameter.StyleCodes, ImageParameter.StyleReferenceImages, ImageParameter.CharacterReferenceImages, ImageParameter.CharacterReferenceImageMasks,
            ImageParameter.ColorPalette, ImageParameter.Image, ImageParameter.Seed, ImageParameter.Mask }.Select(request.GetCount)]);
        Assert.Equal(0, new PreparedRequest { Operation = ImageOperation.Generate, ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Pastel) }.GetCount(ImageParameter.ColorPalette));
        Assert.Equal("PASTEL", new PreparedRequest { Operation = ImageOperation.Generate, ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Pastel) }.GetValue(ImageParameter.ColorPalette));
    }

    [Fact]
    public void Setting_values_and_numbers_replaces_them_and_refuses_other_parameters()
    {
        var request = Full();
        foreach (var (parameter, value) in new (ImageParameter, string)[]
        {
            (ImageParameter.Resolution, "512x512"), (ImageParameter.AspectRatio, "1x1"), (ImageParameter.RenderingSpeed, "QUALITY"), (ImageParameter.MagicPrompt, "OFF"),
            (ImageParameter.StyleType, "AUTO"), (ImageParameter.StylePreset, "BRIGHT_ART"), (ImageParameter.ColorPalette, "JUNGLE"), (ImageParameter.UpscaleFactor, "X4"),
            (ImageParameter.DescribeModelVersion, "V_2"), (ImageParameter.MagicPromptVersion, "V_0_2"),
        })
        {
            request.SetValue(parameter, value);
            Assert.Equal(value, request.GetValue(parameter));
        }

        foreach (var parameter in new[] { ImageParameter.Seed, ImageParameter.NumImages, ImageParameter.ImageWeight, ImageParameter.Resemblance, ImageParameter.Detail })
        {
            request.SetNumber(parameter, 7);
            Assert.Equal(7L, request.GetNumber(parameter));
            if (parameter != ImageParameter.Seed)
            {
                Assert.Throws<OverflowException>(() => request.SetNumber(parameter, (long)int.MaxValue + 1));
            }
        }

        request.SetNumber(ImageParameter.Seed, (long)int.MaxValue + 1);
        Assert.Equal((long)int.MaxValue + 1, request.GetNumber(ImageParameter.Seed));
        Assert.Equal("parameter", Assert.Throws<ArgumentOutOfRangeException>(() => request.SetValue(ImageParameter.Seed, "1")).ParamName);
        Assert.Equal("parameter", Assert.Throws<ArgumentOutOfRangeException>(() => request.SetNumber(ImageParameter.Prompt, 1)).ParamName);
        Assert.Contains("Not an enumerated parameter.", Assert.Throws<ArgumentOutOfRangeException>(() => request.SetValue(ImageParameter.Seed, "1")).Message, StringComparison.Ordinal);
        Assert.Contains("Not a numeric parameter.", Assert.Throws<ArgumentOutOfRangeException>(() => request.SetNumber(ImageParameter.Prompt, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_input_image_is_listed_with_its_parameter()
    {
        Assert.Equal(
            [ImageParameter.Image, ImageParameter.Mask, ImageParameter.StyleReferenceImages, ImageParameter.StyleReferenceImages, ImageParameter.CharacterReferenceImages,
                ImageParameter.CharacterReferenceImageMasks, ImageParameter.CharacterReferenceImageMasks, ImageParameter.CharacterReferenceImageMasks],
            Full().AllImages().Select(i => i.Parameter));
    }

    private static (IdeogramClient Client, FunctionHandler Handler) Client(IdeogramProvider provider) =>
        FunctionHandler.NewClient(provider, CoreKit.Key, (_, _) => throw new InvalidOperationException("refused before sending"));

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, 0, "1..8")]
    [InlineData(IdeogramProvider.Ideogram, 9, "1..8")]
    [InlineData(IdeogramProvider.Runware, 21, "1..20")]
    public async Task An_image_count_out_of_the_providers_range_is_refused_naming_it(IdeogramProvider provider, int count, string allowed)
    {
        var (client, handler) = Client(provider);
        using var _ = client;

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest("a fox") { NumImages = count }));

        Assert.Equal(ImageParameter.NumImages, e.Parameter);
        Assert.Equal(allowed, e.Allowed);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task The_bounds_of_the_model_rules_themselves_are_allowed()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Json(System.Net.HttpStatusCode.OK, CoreKit.GenerateJson));
        using var _ = client;

        await client.GenerateAsync(new GenerateRequest("a fox") { NumImages = 1 });
        await client.GenerateAsync(new GenerateRequest("a fox") { NumImages = 8 });
        await client.GenerateAsync(new GenerateRequest("a fox") { ColorPalette = ColorPalette.FromMembers(Enumerable.Range(0, 8).Select(i => new ColorPaletteMember($"#00000{i}", 0.05))) });
        await client.GenerateAsync(new GenerateRequest("a fox") { ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#abc", 1.0)) });

        Assert.Equal(4, handler.Requests.Count);
    }

    [Theory]
    [InlineData(9, null, "has 9 colours")]
    [InlineData(0, null, "has 0 colours")]
    [InlineData(1, 0.0499, "out of range")]
    [InlineData(1, 1.0001, "out of range")]
    [InlineData(1, double.NaN, "out of range")]
    public async Task A_palette_out_of_bounds_is_refused(int members, double? weight, string problem)
    {
        var (client, handler) = Client(IdeogramProvider.Ideogram);
        using var _ = client;
        var palette = ColorPalette.FromMembers(Enumerable.Range(0, members).Select(i => new ColorPaletteMember($"#00000{i}", weight)));

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest("a fox") { ColorPalette = palette }));

        Assert.Equal(ImageParameter.ColorPalette, e.Parameter);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fff")]
    [InlineData("#ffff")]
    public async Task A_palette_colour_that_is_not_hex_is_refused(string? hex)
    {
        var (client, _) = Client(IdeogramProvider.Ideogram);
        using var _c = client;

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest("a fox") { ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember(hex!)) }));

        Assert.Contains("which is not a hex colour", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_given_to_a_provider_that_takes_urls_only_are_refused_naming_the_providers_that_take_bytes()
    {
        var (client, handler) = Client(IdeogramProvider.ApiInOne);
        using var _ = client;

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("a fox") { StyleReferenceImages = [ImageInput.FromBytes(CoreKit.Png())] }));

        Assert.Contains("was given as bytes, but this provider takes image URLs only; pass ImageInput.FromUrl(...)", e.Message, StringComparison.Ordinal);
        Assert.Equal(ImageParameter.StyleReferenceImages, e.Parameter);
        Assert.DoesNotContain(IdeogramProvider.ApiInOne, e.SupportedBy);
        Assert.Equal(
            [.. Enum.GetValues<IdeogramProvider>().Where(p => p != IdeogramProvider.ApiInOne && IdeogramClient.GetCapabilities(p).Supports(ImageOperation.Generate))],
            e.SupportedBy.Order());
        Assert.Empty(handler.Requests);
    }

    private static ProviderProfile Profile(params OperationProfile[] operations) =>
        new() { Provider = IdeogramProvider.Ideogram, Operations = ProviderProfile.Build(operations) };

    [Fact]
    public void A_capability_cell_spans_every_operation_in_operation_order()
    {
        var profile = Profile(
            new OperationProfile(ImageOperation.Remix, ParameterRule.Range(ImageParameter.Seed, 5, 100), ParameterRule.OneOf(ImageParameter.AspectRatio, ["16x9"]), ParameterRule.Any(ImageParameter.StyleCodes, maxCount: 2)),
            new OperationProfile(ImageOperation.Generate, ParameterRule.Range(ImageParameter.Seed, 0, 10), ParameterRule.OneOf(ImageParameter.AspectRatio, ["1x1"]), ParameterRule.Any(ImageParameter.StyleCodes, maxCount: 5)));

        Assert.Equal("0..100", CapabilitiesTable.Cell(profile, ImageParameter.Seed));
        Assert.Equal("1x1, 16x9", CapabilitiesTable.Cell(profile, ImageParameter.AspectRatio));
        Assert.Equal("✓ (at most 5)", CapabilitiesTable.Cell(profile, ImageParameter.StyleCodes));
        Assert.Equal("—", CapabilitiesTable.Cell(profile, ImageParameter.Mask));
        Assert.Equal("✓", CapabilitiesTable.Cell(Profile(new OperationProfile(ImageOperation.Generate, ParameterRule.Any(ImageParameter.Mask))), ImageParameter.Mask));
    }

    [Fact]
    public void Rules_keep_substitutes_case_insensitively_and_spell_values_for_the_wire()
    {
        var substitutes = new Dictionary<string, string> { ["16x9"] = "1x1" };
        var oneOf = ParameterRule.OneOf(ImageParameter.AspectRatio, ["1x1"], substitutes: substitutes);
        var mapped = ParameterRule.Mapped(ImageParameter.AspectRatio, new Dictionary<string, string> { ["1x1"] = "square" }, substitutes: substitutes);
        var operation = new OperationProfile(ImageOperation.Generate, mapped, ParameterRule.Any(ImageParameter.Prompt));

        Assert.Equal("1x1", oneOf.Substitutes!["16X9"]);
        Assert.Equal("1x1", mapped.Substitutes!["16X9"]);
        Assert.Null(ParameterRule.OneOf(ImageParameter.AspectRatio, ["1x1"]).Substitutes);
        Assert.Null(ParameterRule.Mapped(ImageParameter.AspectRatio, new Dictionary<string, string> { ["1x1"] = "square" }).Substitutes);
        Assert.Equal("square", operation.Wire(ImageParameter.AspectRatio, "1X1"));
        Assert.Equal("anything", operation.Wire(ImageParameter.Prompt, "anything"));
        Assert.Equal(
            "AspectRatio value '4x3' has no wire spelling; validation should have refused it.",
            Assert.Throws<InvalidOperationException>(() => operation.Wire(ImageParameter.AspectRatio, "4x3")).Message);
        Assert.True(new ProviderProfile { Provider = IdeogramProvider.Ideogram, Operations = ProviderProfile.Build() }.AcceptsImageBytes);
    }

    [Fact]
    public void A_rule_describes_what_it_allows()
    {
        Assert.Equal("1x1, 16x9", ParameterRule.OneOf(ImageParameter.AspectRatio, ["1x1", "16x9"]).DescribeAllowed());
        Assert.Equal("3 to 10 characters", ParameterRule.Text(ImageParameter.Prompt, 3, 10).DescribeAllowed());
        Assert.Equal("0..5", ParameterRule.Range(ImageParameter.Seed, 0, 5).DescribeAllowed());
        Assert.Equal("at most 4", ParameterRule.Any(ImageParameter.StyleCodes, maxCount: 4).DescribeAllowed());
        Assert.Equal("at most 4; one per reference", ParameterRule.Any(ImageParameter.StyleCodes, maxCount: 4, note: "one per reference").DescribeAllowed());
        Assert.Equal("a note", ParameterRule.Any(ImageParameter.Mask, note: "a note").DescribeAllowed());
        Assert.Null(ParameterRule.Any(ImageParameter.Mask).DescribeAllowed());
    }
}
