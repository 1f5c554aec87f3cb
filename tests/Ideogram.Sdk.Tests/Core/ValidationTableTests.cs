using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// Every rule of <c>RequestValidator</c> (the model's own rules) and of the Ideogram mapping table, one bad request
/// each: refused with an <see cref="ArgumentException"/>-family exception naming the parameter, the provider and what
/// is allowed, before a single HTTP request is sent.
/// </summary>
public sealed class ValidationTableTests
{
    private static readonly byte[] OverOneImage = CoreKit.Png((10 * 1024 * 1024) + 1);
    private static readonly byte[] SixMegabytes = CoreKit.Png(6 * 1024 * 1024);

    /// <summary>One bad request: how to make it, what must be named, and which exception type.</summary>
    /// <param name="Make">Builds a fresh request (streams are read once).</param>
    /// <param name="Parameter">The parameter the error must name.</param>
    /// <param name="Unsupported">True when it is the provider's table that refuses (<see cref="UnsupportedParameterException"/>).</param>
    /// <param name="Fragments">Text the message must contain (the problem and what is allowed).</param>
    private sealed record Case(Func<ImageRequest> Make, P Parameter, bool Unsupported, params string[] Fragments);

    private static GenerateRequest G(Action<GenerateRequest> set)
    {
        var r = new GenerateRequest("a red fox in the snow");
        set(r);
        return r;
    }

    private static GenerateRequest T(Action<GenerateRequest> set) => G(r =>
    {
        r.TransparentBackground = true;
        set(r);
    });

    private static EditRequest E(Action<EditRequest> set)
    {
        var r = new EditRequest(CoreKit.Image(), CoreKit.Image(), "a blue hat");
        set(r);
        return r;
    }

    private static RemixRequest Rx(Action<RemixRequest> set)
    {
        var r = new RemixRequest(CoreKit.Image(), "in watercolour");
        set(r);
        return r;
    }

    private static ReframeRequest Rf(Action<ReframeRequest> set)
    {
        var r = new ReframeRequest(CoreKit.Image(), Resolution.Res1280x800);
        set(r);
        return r;
    }

    private static ReplaceBackgroundRequest B(Action<ReplaceBackgroundRequest> set)
    {
        var r = new ReplaceBackgroundRequest(CoreKit.Image(), "a beach at dusk");
        set(r);
        return r;
    }

    private static DescribeRequest D(Action<DescribeRequest> set)
    {
        var r = new DescribeRequest(CoreKit.Image());
        set(r);
        return r;
    }

    private static UpscaleRequest U(Action<UpscaleRequest> set)
    {
        var r = new UpscaleRequest(CoreKit.Image());
        set(r);
        return r;
    }

    private static ColorPalette Colors(params string[] hex) => ColorPalette.FromMembers(hex.Select(h => new ColorPaletteMember(h)));

    private static ColorPalette Weighted(double weight) => ColorPalette.FromMembers(new ColorPaletteMember("#FF5733", 1.0), new ColorPaletteMember("#3357FF", weight));

    private static ImageInput Text(string text) => ImageInput.FromBytes(Encoding.UTF8.GetBytes(text));

    private const string Required = "is required";
    private const string NotSupported = "is not supported";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Model-wide numeric ranges.
        ["seed -1"] = new(() => G(r => r.Seed = -1), P.Seed, false, "is -1, out of range", "Allowed: 0..2147483647."),
        ["seed 2147483648"] = new(() => G(r => r.Seed = 2147483648L), P.Seed, false, "is 2147483648, out of range", "Allowed: 0..2147483647."),
        ["num_images 0"] = new(() => G(r => r.NumImages = 0), P.NumImages, false, "is 0, out of range", "Allowed: 1..8."),
        ["num_images 9"] = new(() => G(r => r.NumImages = 9), P.NumImages, false, "is 9, out of range", "Allowed: 1..8."),
        ["num_images -3 on upscale"] = new(() => U(r => r.NumImages = -3), P.NumImages, false, "is -3, out of range", "Allowed: 1..8."),
        ["image_weight 0"] = new(() => Rx(r => r.ImageWeight = 0), P.ImageWeight, false, "is 0, out of range", "Allowed: 1..100."),
        ["image_weight 101"] = new(() => Rx(r => r.ImageWeight = 101), P.ImageWeight, false, "is 101, out of range", "Allowed: 1..100."),
        ["resemblance 0"] = new(() => U(r => r.Resemblance = 0), P.Resemblance, false, "is 0, out of range", "Allowed: 1..100."),
        ["resemblance 101"] = new(() => U(r => r.Resemblance = 101), P.Resemblance, false, "is 101, out of range", "Allowed: 1..100."),
        ["detail 0"] = new(() => U(r => r.Detail = 0), P.Detail, false, "is 0, out of range", "Allowed: 1..100."),
        ["detail 101"] = new(() => U(r => r.Detail = 101), P.Detail, false, "is 101, out of range", "Allowed: 1..100."),

        // Colour palettes.
        ["palette colour 'red'"] = new(() => G(r => r.ColorPalette = Colors("red")), P.ColorPalette, false, "'red', which is not a hex colour", "Allowed: #RGB or #RRGGBB."),
        ["palette colour '#12345'"] = new(() => G(r => r.ColorPalette = Colors("#FF5733", "#12345")), P.ColorPalette, false, "'#12345'", "Allowed: #RGB or #RRGGBB."),
        ["palette colour '123456' (no #)"] = new(() => G(r => r.ColorPalette = Colors("123456")), P.ColorPalette, false, "'123456'", "Allowed: #RGB or #RRGGBB."),
        ["palette colour '#GGGGGG'"] = new(() => E(r => r.ColorPalette = Colors("#GGGGGG")), P.ColorPalette, false, "'#GGGGGG'", "Allowed: #RGB or #RRGGBB."),
        ["palette weight 0.04"] = new(() => G(r => r.ColorPalette = Weighted(0.04)), P.ColorPalette, false, "weight 0.04, out of range", "Allowed: 0.05..1.0."),
        ["palette weight 1.01"] = new(() => Rx(r => r.ColorPalette = Weighted(1.01)), P.ColorPalette, false, "weight 1.01, out of range", "Allowed: 0.05..1.0."),
        ["palette weight NaN"] = new(() => G(r => r.ColorPalette = Weighted(double.NaN)), P.ColorPalette, false, "weight NaN, out of range", "Allowed: 0.05..1.0."),
        ["palette with 0 colours"] = new(() => G(r => r.ColorPalette = ColorPalette.FromMembers()), P.ColorPalette, false, "has 0 colours", "Allowed: 1 to 8 colours, or a preset."),
        ["palette with 9 colours"] = new(() => G(r => r.ColorPalette = Colors([.. Enumerable.Range(1, 9).Select(i => $"#00000{i}")])), P.ColorPalette, false, "has 9 colours", "Allowed: 1 to 8 colours, or a preset."),
        ["palette preset NEON"] = new(() => G(r => r.ColorPalette = ColorPalette.FromPreset(new ColorPalettePreset("NEON"))), P.ColorPalette, false, "unknown value 'NEON'", "Allowed: EMBER, FRESH, JUNGLE, MAGIC, MELON, MOSAIC, PASTEL, ULTRAMARINE."),

        // Style codes.
        ["style code of 7 characters"] = new(() => G(r => r.StyleCodes = ["AAFF573"]), P.StyleCodes, false, "'AAFF573', which is not a style code", "Allowed: 8 hexadecimal characters"),
        ["style code of 9 characters"] = new(() => G(r => r.StyleCodes = ["AAFF5733", "AAFF57330"]), P.StyleCodes, false, "'AAFF57330'", "Allowed: 8 hexadecimal characters"),
        ["style code not hexadecimal"] = new(() => B(r => r.StyleCodes = ["GGFF5733"]), P.StyleCodes, false, "'GGFF5733'", "Allowed: 8 hexadecimal characters"),
        ["style codes with a style type"] = new(() => G(r => { r.StyleCodes = ["AAFF5733"]; r.StyleType = StyleType.Realistic; }), P.StyleCodes, false, "cannot be combined with StyleType", "Allowed: StyleCodes or StyleType, not both."),
        ["style codes with style reference images"] = new(() => Rx(r => { r.StyleCodes = ["AAFF5733"]; r.StyleReferenceImages = [CoreKit.Image()]; }), P.StyleCodes, false, "cannot be combined with StyleReferenceImages", "Allowed: StyleCodes or StyleReferenceImages, not both."),

        // Size.
        ["resolution and aspect ratio"] = new(() => G(r => { r.Resolution = Resolution.Res1024x1024; r.AspectRatio = AspectRatio.Ratio16x9; }), P.AspectRatio, false, "cannot be combined with Resolution", "Allowed: either Resolution or AspectRatio."),

        // Unknown values of strict enumerations (the spec's catalogs).
        ["resolution 1000x1000"] = new(() => G(r => r.Resolution = new Resolution("1000x1000")), P.Resolution, false, "unknown value '1000x1000'", "1024x1024", "1536x640"),
        ["aspect ratio 7x5"] = new(() => G(r => r.AspectRatio = new AspectRatio("7x5")), P.AspectRatio, false, "unknown value '7x5'", "Allowed: 1x3, 3x1, 1x2"),
        ["rendering speed WARP"] = new(() => G(r => r.RenderingSpeed = new RenderingSpeed("WARP")), P.RenderingSpeed, false, "unknown value 'WARP'", "Allowed: FLASH, TURBO, BALANCED, DEFAULT, QUALITY."),
        ["magic prompt MAYBE"] = new(() => G(r => r.MagicPrompt = new MagicPrompt("MAYBE")), P.MagicPrompt, false, "unknown value 'MAYBE'", "Allowed: AUTO, ON, OFF."),
        ["magic prompt MAYBE on upscale"] = new(() => U(r => r.MagicPrompt = new MagicPrompt("MAYBE")), P.MagicPrompt, false, "unknown value 'MAYBE'", "Allowed: AUTO, ON, OFF."),
        ["style type ANIME"] = new(() => G(r => r.StyleType = new StyleType("ANIME")), P.StyleType, false, "unknown value 'ANIME'", "Allowed: AUTO, GENERAL, REALISTIC, DESIGN, CUSTOM, FICTION, STYLIZED."),
        ["style preset NOPE"] = new(() => G(r => r.StylePreset = new StylePreset("NOPE")), P.StylePreset, false, "unknown value 'NOPE'", "80S_ILLUSTRATION", "WOODBLOCK_PRINT"),
        ["upscale factor X3"] = new(() => T(r => r.UpscaleFactor = new UpscaleFactor("X3")), P.UpscaleFactor, false, "unknown value 'X3'", "Allowed: X1, X2, X4."),
        ["magic prompt version V_9"] = new(() => U(r => r.MagicPromptVersion = new MagicPromptVersion("V_9")), P.MagicPromptVersion, false, "unknown value 'V_9'", "Allowed: V_0, V_0_1"),
        ["describe model version V_9"] = new(() => D(r => r.ModelVersion = new DescribeModelVersion("V_9")), P.DescribeModelVersion, true, "value 'V_9' is not supported", "Allowed: V_2, V_3, V_4, CUSTOM."),

        // Values the spec lists but Ideogram's public API refuses (strict mode).
        ["style type CUSTOM (strict)"] = new(() => G(r => r.StyleType = StyleType.Custom), P.StyleType, true, "value 'CUSTOM' is not supported", "Allowed: AUTO, GENERAL, REALISTIC, DESIGN, FICTION."),
        ["style type STYLIZED (strict)"] = new(() => Rx(r => r.StyleType = StyleType.Stylized), P.StyleType, true, "value 'STYLIZED' is not supported", "Allowed: AUTO, GENERAL, REALISTIC, DESIGN, FICTION."),
        ["style type lowercase custom (strict)"] = new(() => E(r => r.StyleType = new StyleType("custom")), P.StyleType, true, "value 'custom' is not supported"),
        ["FLASH on transparent"] = new(() => T(r => r.RenderingSpeed = RenderingSpeed.Flash), P.RenderingSpeed, true, "value 'FLASH' is not supported", "Allowed: TURBO, DEFAULT, BALANCED, QUALITY."),

        // Parameters an operation does not take.
        ["negative prompt on edit"] = new(() => E(r => r.NegativePrompt = "blur"), P.NegativePrompt, true, NotSupported),
        ["resolution on edit"] = new(() => E(r => r.Resolution = Resolution.Res1024x1024), P.Resolution, true, NotSupported),
        ["aspect ratio on edit"] = new(() => E(r => r.AspectRatio = AspectRatio.Ratio1x1), P.AspectRatio, true, NotSupported),
        ["aspect ratio on reframe"] = new(() => Rf(r => { r.Resolution = null; r.AspectRatio = AspectRatio.Ratio16x9; }), P.AspectRatio, true, NotSupported),
        ["style type on reframe"] = new(() => Rf(r => r.StyleType = StyleType.Auto), P.StyleType, true, NotSupported),
        ["magic prompt on reframe"] = new(() => Rf(r => r.MagicPrompt = MagicPrompt.On), P.MagicPrompt, true, NotSupported),
        ["prompt on reframe"] = new(() => Rf(r => r.Prompt = "wider"), P.Prompt, true, NotSupported),
        ["negative prompt on reframe"] = new(() => Rf(r => r.NegativePrompt = "people"), P.NegativePrompt, true, NotSupported),
        ["character reference on reframe"] = new(() => Rf(r => r.CharacterReferenceImages = [CoreKit.Image()]), P.CharacterReferenceImages, true, NotSupported),
        ["custom model on reframe"] = new(() => Rf(r => r.CustomModelUri = "model/fox/version/1"), P.CustomModelUri, true, NotSupported),
        ["resolution on transparent"] = new(() => T(r => r.Resolution = Resolution.Res1024x1024), P.Resolution, true, NotSupported),
        ["style preset on transparent"] = new(() => T(r => r.StylePreset = StylePreset.Watercolor), P.StylePreset, true, NotSupported),
        ["style type on transparent"] = new(() => T(r => r.StyleType = StyleType.Design), P.StyleType, true, NotSupported),
        ["style codes on transparent"] = new(() => T(r => r.StyleCodes = ["AAFF5733"]), P.StyleCodes, true, NotSupported),
        ["colour palette on transparent"] = new(() => T(r => r.ColorPalette = ColorPalette.FromPreset(ColorPalettePreset.Pastel)), P.ColorPalette, true, NotSupported),
        ["style reference on transparent"] = new(() => T(r => r.StyleReferenceImages = [CoreKit.Image()]), P.StyleReferenceImages, true, NotSupported),
        ["upscale factor on opaque generate"] = new(() => G(r => r.UpscaleFactor = UpscaleFactor.X2), P.UpscaleFactor, true, NotSupported),
        ["negative prompt on replace background"] = new(() => B(r => r.NegativePrompt = "clouds"), P.NegativePrompt, true, NotSupported),
        ["style type on replace background"] = new(() => B(r => r.StyleType = StyleType.General), P.StyleType, true, NotSupported),
        ["aspect ratio on replace background"] = new(() => B(r => r.AspectRatio = AspectRatio.Ratio4x3), P.AspectRatio, true, NotSupported),
        ["seed on describe"] = new(() => D(r => r.Seed = 1), P.Seed, true, NotSupported),
        ["num_images on describe"] = new(() => D(r => r.NumImages = 2), P.NumImages, true, NotSupported),

        // Required inputs, set to null.
        ["generate without prompt"] = new(() => G(r => r.Prompt = null), P.Prompt, false, Required),
        ["transparent without prompt"] = new(() => T(r => r.Prompt = null), P.Prompt, false, Required),
        ["edit without image"] = new(() => E(r => r.Image = null), P.Image, false, Required),
        ["edit without mask"] = new(() => E(r => r.Mask = null), P.Mask, false, Required),
        ["edit without prompt"] = new(() => E(r => r.Prompt = null), P.Prompt, false, Required),
        ["remix without image"] = new(() => Rx(r => r.Image = null), P.Image, false, Required),
        ["remix without prompt"] = new(() => Rx(r => r.Prompt = null), P.Prompt, false, Required),
        ["reframe without image"] = new(() => Rf(r => r.Image = null), P.Image, false, Required),
        ["reframe without resolution"] = new(() => Rf(r => r.Resolution = null), P.Resolution, false, Required, "1280x800"),
        ["replace background without image"] = new(() => B(r => r.Image = null), P.Image, false, Required),
        ["replace background without prompt"] = new(() => B(r => r.Prompt = null), P.Prompt, false, Required),
        ["describe without image"] = new(() => D(r => r.Image = null), P.Image, false, Required),
        ["upscale without image"] = new(() => U(r => r.Image = null), P.Image, false, Required),

        // Empty text.
        ["empty prompt"] = new(() => G(r => r.Prompt = string.Empty), P.Prompt, false, "is empty", "Allowed: a non-empty text."),
        ["whitespace prompt"] = new(() => Rx(r => r.Prompt = " \t\n "), P.Prompt, false, "is empty", "Allowed: a non-empty text."),
        ["empty upscale prompt"] = new(() => U(r => r.Prompt = string.Empty), P.Prompt, false, "is empty", "Allowed: a non-empty text."),
        ["empty negative prompt"] = new(() => G(r => r.NegativePrompt = string.Empty), P.NegativePrompt, false, "is empty", "Allowed: a non-empty text, or leave it unset."),
        ["whitespace negative prompt"] = new(() => T(r => r.NegativePrompt = "   "), P.NegativePrompt, false, "is empty", "Allowed: a non-empty text, or leave it unset."),

        // Image sizes and counts.
        ["image over 10 MB"] = new(() => Rx(r => r.Image = ImageInput.FromBytes(OverOneImage)), P.Image, false, "is 10485761 bytes, over the limit", "Allowed: at most 10485760 bytes per image."),
        ["mask stream over 10 MB"] = new(() => E(r => r.Mask = ImageInput.FromStream(new MemoryStream(OverOneImage))), P.Mask, false, "over the limit", "Allowed: at most 10485760 bytes per image."),
        ["style references over 10 MB together"] = new(() => G(r => r.StyleReferenceImages = [ImageInput.FromBytes(SixMegabytes), ImageInput.FromBytes(SixMegabytes)]), P.StyleReferenceImages, false, "total 12582912 bytes, over the limit", "Allowed: at most 10485760 bytes together."),
        ["two character references"] = new(() => G(r => r.CharacterReferenceImages = [CoreKit.Image(), CoreKit.Image()]), P.CharacterReferenceImages, true, "has 2 items", "Allowed: at most 1; one character reference image."),
        ["two masks for one character reference"] = new(() => G(r => { r.CharacterReferenceImages = [CoreKit.Image()]; r.CharacterReferenceImageMasks = [CoreKit.Image(), CoreKit.Image()]; }), P.CharacterReferenceImageMasks, false, "has 2 masks for 1 character reference images", "Allowed: one mask per character reference image."),
        ["a mask without a character reference"] = new(() => Rx(r => r.CharacterReferenceImageMasks = [CoreKit.Image()]), P.CharacterReferenceImageMasks, false, "has 1 masks for 0 character reference images", "Allowed: one mask per character reference image."),

        // Image content.
        ["text bytes as the image"] = new(() => Rx(r => r.Image = Text("hello, I am not a picture")), P.Image, false, "is not a JPEG, PNG or WebP image", "Allowed: JPEG, PNG or WebP."),
        ["text bytes as the mask"] = new(() => E(r => r.Mask = Text("GIF89a? no")), P.Mask, false, "is not a JPEG, PNG or WebP image", "Allowed: JPEG, PNG or WebP."),
        ["text bytes as a style reference"] = new(() => B(r => r.StyleReferenceImages = [Text("<svg/>")]), P.StyleReferenceImages, false, "is not a JPEG, PNG or WebP image", "Allowed: JPEG, PNG or WebP."),
        ["declared image/gif"] = new(() => D(r => r.Image = ImageInput.FromBytes(CoreKit.Png(), contentType: "image/gif")), P.Image, false, "content type 'image/gif'", "Allowed: JPEG, PNG or WebP."),
        ["empty image bytes"] = new(() => U(r => r.Image = ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty)), P.Image, false, "is not a JPEG, PNG or WebP image", "Allowed: JPEG, PNG or WebP."),
        ["empty image bytes declared as PNG"] = new(() => U(r => r.Image = ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty, contentType: "image/png")), P.Image, false, "is an empty image", "Allowed: a JPEG, PNG or WebP image."),

        // Custom models.
        ["custom model URI without a version"] = new(() => G(r => r.CustomModelUri = "model/fox"), P.CustomModelUri, false, "is 'model/fox', not a custom model URI", "Allowed: model/<name>/version/<version>."),
        ["custom model URI as a plain name"] = new(() => E(r => r.CustomModelUri = "my-fox-model"), P.CustomModelUri, false, "not a custom model URI", "Allowed: model/<name>/version/<version>."),
        ["custom model URI with an empty version"] = new(() => T(r => r.CustomModelUri = "model/fox/version/"), P.CustomModelUri, false, "not a custom model URI", "Allowed: model/<name>/version/<version>."),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void The_table_has_at_least_sixty_cases() => Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_request_is_refused_before_any_HTTP(string name)
    {
        var c = Cases[name];
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);
        var request = c.Make();

        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => CoreKit.Run(client, request));

        var v = Assert.IsAssignableFrom<IdeogramValidationException>(e);
        Assert.Equal(c.Unsupported, v is UnsupportedParameterException);
        Assert.Equal(c.Parameter, v.Parameter);
        Assert.Equal(c.Parameter.ToString(), v.ParamName);
        Assert.Equal(IdeogramProvider.Ideogram, v.Provider);
        Assert.Equal(request.Operation, v.Operation);
        Assert.StartsWith(c.Parameter.ToString() + " ", v.Message, StringComparison.Ordinal);
        Assert.Contains($"(Ideogram, {request.Operation})", v.Message, StringComparison.Ordinal);
        foreach (var fragment in c.Fragments)
        {
            Assert.Contains(fragment, v.Message, StringComparison.Ordinal);
        }

        if (c.Fragments.Contains(NotSupported))
        {
            // What the operation does take, straight from the same table as Capabilities.
            var takes = string.Join(", ", client.Capabilities.GetParameters(request.Operation));
            Assert.Contains($"Allowed: {takes}.", v.Message, StringComparison.Ordinal);
            Assert.Equal(takes, v.Allowed);
        }
        else if (!c.Fragments.Contains(Required))
        {
            Assert.Contains("Allowed: ", v.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(v.Allowed));
        }

        Assert.Empty(sent);
        Assert.DoesNotContain(CoreKit.Key, v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_entry_in_an_image_list_is_refused_naming_the_list()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);
        var request = new GenerateRequest("fox") { StyleReferenceImages = [CoreKit.Image(), null!] };

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(request));

        Assert.Equal(P.StyleReferenceImages, e.Parameter);
        Assert.StartsWith("StyleReferenceImages contains a null image (Ideogram, Generate).", e.Message, StringComparison.Ordinal);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task A_missing_file_fails_with_FileNotFoundException_naming_the_path_and_sends_nothing()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);
        var path = Path.Combine(Path.GetTempPath(), "ideogram-sdk-tests", Guid.NewGuid().ToString("N"), "missing.png");

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => client.RemixAsync(new RemixRequest(ImageInput.FromFile(path), "fox")));

        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task A_file_over_10_MB_is_refused_naming_the_parameter()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);
        var path = Path.Combine(Path.GetTempPath(), $"ideogram-sdk-big-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, OverOneImage);
        try
        {
            var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.DescribeAsync(new DescribeRequest(ImageInput.FromFile(path))));
            Assert.Equal(P.Image, e.Parameter);
            Assert.Contains("at most 10485760 bytes per image", e.Message, StringComparison.Ordinal);
            Assert.Empty(sent);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Submit_validates_the_same_way_and_sends_nothing()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(new GenerateRequest("fox") { Seed = -1 }));

        Assert.Equal(P.Seed, e.Parameter);
        Assert.Empty(sent);
    }

    // ---- Best effort ----

    private static (MockHttpMessageHandler Mock, List<CapturedForm> Forms) Accepting()
    {
        var mock = new MockHttpMessageHandler();
        var forms = new List<CapturedForm>();
        mock.Fallback.Respond(async req =>
        {
            var form = await CapturedForm.ReadAsync(req);
            lock (forms)
            {
                forms.Add(form);
            }

            return CoreKit.Json(CoreKit.GenerateJson);
        });
        return (mock, forms);
    }

    [Fact]
    public async Task Best_effort_substitutes_CUSTOM_with_a_warning_and_sends_the_substitute()
    {
        var (mock, forms) = Accepting();
        using var client = CoreKit.Client(mock, o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);

        var result = await client.GenerateAsync(new GenerateRequest("fox") { StyleType = StyleType.Custom, Seed = 3 });

        var form = Assert.Single(forms);
        Assert.Equal("/v1/ideogram-v3/generate", form.Path);
        Assert.Equal("AUTO", form.Text("style_type"));
        Assert.Equal("3", form.Text("seed"));
        var w = Assert.Single(result.Warnings);
        Assert.Equal(Warning.Substituted, w.Code);
        Assert.Equal("parameter-substituted", w.Code);
        Assert.Equal(P.StyleType, w.Parameter);
        Assert.Contains("'CUSTOM'", w.Message, StringComparison.Ordinal);
        Assert.Contains("'AUTO'", w.Message, StringComparison.Ordinal);
        Assert.Contains("Ideogram", w.Message, StringComparison.Ordinal);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task Best_effort_per_request_overrides_a_strict_client_STYLIZED_becomes_GENERAL()
    {
        var (mock, forms) = Accepting();
        using var client = CoreKit.Client(mock);
        var request = new RemixRequest(CoreKit.Image(), "fox") { StyleType = StyleType.Stylized, UnsupportedParameters = UnsupportedParameterBehavior.BestEffort };

        var result = await client.RemixAsync(request);

        Assert.Equal("GENERAL", Assert.Single(forms).Text("style_type"));
        Assert.Equal(Warning.Substituted, Assert.Single(result.Warnings).Code);

        // The same request without the override is refused by the same client.
        request.UnsupportedParameters = null;
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.RemixAsync(request));
        Assert.Single(forms);
    }

    [Fact]
    public async Task Best_effort_sends_TURBO_for_FLASH_on_transparent()
    {
        var (mock, forms) = Accepting();
        using var client = CoreKit.Client(mock, o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);

        var result = await client.GenerateAsync(new GenerateRequest("logo") { TransparentBackground = true, RenderingSpeed = RenderingSpeed.Flash });

        var form = Assert.Single(forms);
        Assert.Equal("/v1/ideogram-v3/generate-transparent", form.Path);
        Assert.Equal("TURBO", form.Text("rendering_speed"));
        var w = Assert.Single(result.Warnings);
        Assert.Equal((Warning.Substituted, P.RenderingSpeed), (w.Code, w.Parameter));
    }

    [Fact]
    public async Task Best_effort_drops_parameters_the_operation_does_not_take_with_a_warning_each()
    {
        var (mock, forms) = Accepting();
        using var client = CoreKit.Client(mock, o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);
        var request = new ReframeRequest(CoreKit.Image(), Resolution.Res1280x800) { StyleType = StyleType.Auto, MagicPrompt = MagicPrompt.On, NegativePrompt = "people", Seed = 9 };

        var result = await client.ReframeAsync(request);

        var form = Assert.Single(forms);
        Assert.Equal("/v1/ideogram-v3/reframe", form.Path);
        Assert.False(form.Has("style_type"));
        Assert.False(form.Has("magic_prompt"));
        Assert.False(form.Has("negative_prompt"));
        Assert.Equal("1280x800", form.Text("resolution"));
        Assert.Equal("9", form.Text("seed"));
        Assert.True(form.Has("image"));
        Assert.Equal(
            [P.NegativePrompt, P.MagicPrompt, P.StyleType],
            result.Warnings.Select(w => w.Parameter!.Value).Order().ToArray());
        Assert.All(result.Warnings, w => Assert.Equal(Warning.Dropped, w.Code));
        Assert.All(result.Warnings, w => Assert.Contains("left out", w.Message, StringComparison.Ordinal));

        // The caller's request is untouched: best effort works on a copy.
        Assert.Equal(StyleType.Auto, request.StyleType);
    }

    public static TheoryData<string> ModelWideNames => [.. ModelWide.Keys];

    private static readonly Dictionary<string, (Func<ImageRequest> Make, P Parameter)> ModelWide = new()
    {
        ["seed -1"] = (() => G(r => r.Seed = -1), P.Seed),
        ["num_images 9"] = (() => G(r => r.NumImages = 9), P.NumImages),
        ["style type ANIME"] = (() => G(r => r.StyleType = new StyleType("ANIME")), P.StyleType),
        ["resolution 1000x1000"] = (() => G(r => r.Resolution = new Resolution("1000x1000")), P.Resolution),
        ["style codes with style type"] = (() => G(r => { r.StyleCodes = ["AAFF5733"]; r.StyleType = StyleType.Auto; }), P.StyleCodes),
        ["resolution and aspect ratio"] = (() => Rx(r => { r.Resolution = Resolution.Res1024x1024; r.AspectRatio = AspectRatio.Ratio1x1; }), P.AspectRatio),
        ["empty prompt"] = (() => G(r => r.Prompt = " "), P.Prompt),
        ["bad hex colour"] = (() => G(r => r.ColorPalette = Colors("red")), P.ColorPalette),
        ["image over 10 MB"] = (() => Rx(r => r.Image = ImageInput.FromBytes(OverOneImage)), P.Image),
        ["text as the image"] = (() => Rx(r => r.Image = Text("plain text")), P.Image),
        ["two character references"] = (() => G(r => r.CharacterReferenceImages = [CoreKit.Image(), CoreKit.Image()]), P.CharacterReferenceImages),
        ["edit without mask"] = (() => E(r => r.Mask = null), P.Mask),
        ["reframe without resolution"] = (() => Rf(r => r.Resolution = null), P.Resolution),
        ["bad custom model URI"] = (() => G(r => r.CustomModelUri = "fox"), P.CustomModelUri),
    };

    [Theory]
    [MemberData(nameof(ModelWideNames))]
    public async Task Best_effort_never_bends_model_rules_counts_or_required_inputs(string name)
    {
        var (make, parameter) = ModelWide[name];
        var (mock, sent) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock, o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);

        var e = await Assert.ThrowsAnyAsync<IdeogramValidationException>(() => CoreKit.Run(client, make()));

        Assert.Equal(parameter, e.Parameter);
        Assert.Empty(sent);
    }
}
