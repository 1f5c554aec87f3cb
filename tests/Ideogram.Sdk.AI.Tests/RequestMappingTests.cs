using System.Drawing;
using System.Text.Json;
using Ideogram.Sdk;
using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI.Tests;

/// <summary>How an <see cref="ImageGenerationRequest"/> and its options become the client's request, and what is refused before anything is sent.</summary>
public sealed class RequestMappingTests
{
    private static (FakeIdeogramClient Client, IImageGenerator Generator) Make(
        IdeogramProvider provider = IdeogramProvider.Ideogram, UnsupportedParameterBehavior? rule = null, string? defaultModel = null)
    {
        var client = new FakeIdeogramClient(provider);
        return (client, client.AsIImageGenerator(new IdeogramImageGeneratorOptions { UnsupportedParameters = rule, DefaultModelId = defaultModel }));
    }

    private static ImageGenerationOptions With(params (string Key, object? Value)[] properties) =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary(properties.ToDictionary(p => p.Key, p => p.Value)) };

    private static T Single<T>(FakeIdeogramClient client)
        where T : ImageRequest => Assert.IsType<T>(Assert.Single(client.Requests));

    private static IReadOnlyList<Warning> WarningsOf(ImageGenerationResponse response) => Assert.IsType<ImageResult>(response.RawRepresentation).Warnings;

    private static DataContent Png(string name = "in.png") => new(FakeIdeogramClient.PngBytes, "image/png") { Name = name };

    [Fact]
    public async Task A_prompt_alone_is_text_to_image_with_the_clients_own_rule()
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("A poster that says 'HELLO'");

        var request = Single<GenerateRequest>(client);
        Assert.Equal("A poster that says 'HELLO'", request.Prompt);
        Assert.Equal(ImageOperation.Generate, request.Operation);
        Assert.Null(request.UnsupportedParameters);
        Assert.Null(request.NumImages);
        Assert.Null(request.RenderingSpeed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_prompt_is_refused_before_anything_is_sent(string? prompt)
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateAsync(new ImageGenerationRequest { Prompt = prompt }));

        Assert.Equal(ImageParameter.Prompt, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task Count_becomes_the_number_of_images()
    {
        var (client, generator) = Make();

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { Count = 3 });

        Assert.Equal(3, Single<GenerateRequest>(client).NumImages);
        Assert.Equal(3, response.Contents.Count);
    }

    [Theory]
    [InlineData("ideogram-3.0-turbo", "TURBO")]
    [InlineData("IDEOGRAM-V3-QUALITY", "QUALITY")]
    [InlineData("ideogram-3-balanced", "BALANCED")]
    [InlineData("ideogram-3.0-default", "DEFAULT")]
    [InlineData("flash", "FLASH")]
    [InlineData("ideogram-3.0", null)]
    [InlineData("ideogram-v3", null)]
    public async Task The_model_id_picks_the_rendering_speed(string modelId, string? speed)
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ModelId = modelId });

        Assert.Equal(speed, Single<GenerateRequest>(client).RenderingSpeed?.Value);
    }

    [Fact]
    public async Task The_default_model_id_applies_when_a_call_sets_none()
    {
        var (client, generator) = Make(defaultModel: IdeogramImageModels.Ideogram3Quality);

        await generator.GenerateImagesAsync("cats");
        await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ModelId = IdeogramImageModels.Ideogram3Turbo });

        Assert.Equal(RenderingSpeed.Quality, ((GenerateRequest)client.Requests[0]).RenderingSpeed);
        Assert.Equal(RenderingSpeed.Turbo, ((GenerateRequest)client.Requests[1]).RenderingSpeed);
    }

    [Fact]
    public void A_default_model_id_that_is_not_ideogram_is_refused_when_the_generator_is_made()
    {
        var client = new FakeIdeogramClient();

        var e = Assert.Throws<ArgumentException>(() => client.AsIImageGenerator(new IdeogramImageGeneratorOptions { DefaultModelId = "dall-e-3" }));

        Assert.Contains("dall-e-3", e.Message, StringComparison.Ordinal);
        Assert.Contains(IdeogramImageModels.Ideogram3Turbo, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_id_that_is_not_ideogram_is_refused_when_strict()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ModelId = "dall-e-3" }));

        Assert.Equal(ImageParameter.RenderingSpeed, e.Parameter);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Contains("dall-e-3", e.Message, StringComparison.Ordinal);
        Assert.Contains(IdeogramImageModels.Ideogram3Turbo, e.Allowed, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_model_id_that_is_not_ideogram_is_left_out_with_a_warning_in_best_effort()
    {
        var (client, generator) = Make(rule: UnsupportedParameterBehavior.BestEffort);

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ModelId = "dall-e-3" });

        Assert.Null(Single<GenerateRequest>(client).RenderingSpeed);
        var warning = Assert.Single(WarningsOf(response));
        Assert.Equal(Warning.Dropped, warning.Code);
        Assert.Equal(ImageParameter.RenderingSpeed, warning.Parameter);
    }

    [Fact]
    public async Task An_image_size_the_provider_takes_is_sent_as_that_exact_resolution()
    {
        var (client, generator) = Make();

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ImageSize = new Size(1280, 704) });

        var request = Single<GenerateRequest>(client);
        Assert.Equal(Resolution.Res1280x704, request.Resolution);
        Assert.Null(request.AspectRatio);
        Assert.Same(client.LastResult, response.RawRepresentation);
    }

    [Fact]
    public async Task A_size_the_provider_cannot_honour_is_refused_when_strict_naming_parameter_provider_and_allowed()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ImageSize = new Size(1280, 720) }));

        Assert.Equal(ImageParameter.Resolution, e.Parameter);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Equal("Resolution", e.ParamName);
        Assert.Contains("1280x720", e.Message, StringComparison.Ordinal);
        Assert.Contains("the nearest it takes is 1312x736", e.Message, StringComparison.Ordinal);
        Assert.Contains("1280x704", e.Allowed, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_known_resolution_one_provider_lacks_names_the_providers_that_take_it()
    {
        var (client, generator) = Make(IdeogramProvider.Runflow);

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ImageSize = new Size(1312, 736) }));

        Assert.Contains(IdeogramProvider.Ideogram, e.SupportedBy);
        Assert.Contains(IdeogramProvider.Runware, e.SupportedBy);
        Assert.DoesNotContain(IdeogramProvider.Runflow, e.SupportedBy);
        Assert.Contains("1024x1024", e.Allowed, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, 1280, 720, "16x9")]
    [InlineData(IdeogramProvider.Runflow, 1200, 1000, "4x3")]
    [InlineData(IdeogramProvider.ApiInOne, 1024, 1024, "1x1")]
    [InlineData(IdeogramProvider.ApiInOne, 600, 1400, "9x16")]
    public async Task In_best_effort_a_size_the_provider_cannot_honour_becomes_the_nearest_aspect_ratio_with_a_warning(IdeogramProvider provider, int width, int height, string ratio)
    {
        var (client, generator) = Make(provider, UnsupportedParameterBehavior.BestEffort);

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ImageSize = new Size(width, height) });

        var request = Single<GenerateRequest>(client);
        Assert.Equal(ratio, request.AspectRatio?.Value);
        Assert.Null(request.Resolution);
        Assert.Equal(UnsupportedParameterBehavior.BestEffort, request.UnsupportedParameters);
        var warning = Assert.Single(WarningsOf(response));
        Assert.Equal(Warning.Substituted, warning.Code);
        Assert.Equal(ImageParameter.Resolution, warning.Parameter);
        Assert.Contains($"{width}x{height}", warning.Message, StringComparison.Ordinal);
        Assert.Contains(ratio, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_for_an_edit_that_takes_none_is_refused_when_strict_and_left_out_in_best_effort()
    {
        var options = With((IdeogramImageProperties.Mask, Png("mask.png")));
        options.ImageSize = new Size(1024, 1024);
        var (strictClient, strict) = Make();
        var (client, bestEffort) = Make(rule: UnsupportedParameterBehavior.BestEffort);

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => strict.EditImageAsync(Png(), "a hat", options));
        var response = await bestEffort.EditImageAsync(Png(), "a hat", options);

        Assert.Equal(ImageOperation.Edit, e.Operation);
        Assert.Contains("no size", e.Allowed, StringComparison.Ordinal);
        Assert.Empty(strictClient.Requests);
        var request = Single<EditRequest>(client);
        Assert.Null(request.Resolution);
        Assert.Null(request.AspectRatio);
        Assert.Equal(Warning.Dropped, Assert.Single(WarningsOf(response)).Code);
    }

    [Fact]
    public async Task The_rule_of_one_call_overrides_the_generators()
    {
        var (strictClient, strict) = Make(rule: UnsupportedParameterBehavior.Strict);
        var (bestEffortClient, bestEffort) = Make(rule: UnsupportedParameterBehavior.BestEffort);
        var loose = With((IdeogramImageProperties.UnsupportedParameters, "best_effort"));
        loose.ImageSize = new Size(1280, 720);
        var tight = With((IdeogramImageProperties.UnsupportedParameters, UnsupportedParameterBehavior.Strict));
        tight.ImageSize = new Size(1280, 720);

        await strict.GenerateImagesAsync("cats", loose);
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => bestEffort.GenerateImagesAsync("cats", tight));

        Assert.Equal(UnsupportedParameterBehavior.BestEffort, Single<GenerateRequest>(strictClient).UnsupportedParameters);
        Assert.Empty(bestEffortClient.Requests);
    }

    [Fact]
    public async Task An_original_image_is_remixed()
    {
        var (client, generator) = Make();

        await generator.EditImageAsync(Png("photo.png"), "in watercolour", With((IdeogramImageProperties.ImageWeight, 40)));

        var request = Single<RemixRequest>(client);
        Assert.Equal("in watercolour", request.Prompt);
        Assert.Equal(ImageInputKind.Bytes, request.Image!.Kind);
        Assert.Equal("image/png", request.Image.ContentType);
        Assert.Equal("photo.png", request.Image.FileName);
        Assert.Equal(40, request.ImageWeight);
    }

    [Fact]
    public async Task A_linked_original_image_is_passed_as_its_link()
    {
        var (client, generator) = Make(IdeogramProvider.Runware);
        var link = new Uri("https://images.example/photo.png");

        await generator.EditImagesAsync([new UriContent(link, "image/png")], "in watercolour");

        var request = Single<RemixRequest>(client);
        Assert.Equal(ImageInputKind.Url, request.Image!.Kind);
        Assert.Equal(link, request.Image.Url);
    }

    [Fact]
    public async Task An_original_image_with_a_mask_is_a_masked_edit()
    {
        var (client, generator) = Make();

        await generator.EditImageAsync(Png(), "a red hat", With(("Mask", new DataContent(FakeIdeogramClient.PngBytes, "image/png") { Name = "mask.png" })));

        var request = Single<EditRequest>(client);
        Assert.Equal("a red hat", request.Prompt);
        Assert.Equal("in.png", request.Image!.FileName);
        Assert.Equal("mask.png", request.Mask!.FileName);
    }

    [Fact]
    public async Task A_mask_may_be_bytes_or_a_link()
    {
        var (client, generator) = Make(IdeogramProvider.Runware);

        await generator.EditImageAsync(Png(), "a hat", With((IdeogramImageProperties.Mask, FakeIdeogramClient.PngBytes)));
        await generator.EditImageAsync(Png(), "a hat", With((IdeogramImageProperties.Mask, "https://images.example/mask.png")));

        Assert.Equal(ImageInputKind.Bytes, ((EditRequest)client.Requests[0]).Mask!.Kind);
        Assert.Equal(new Uri("https://images.example/mask.png"), ((EditRequest)client.Requests[1]).Mask!.Url);
    }

    [Fact]
    public async Task Two_original_images_are_refused()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.EditImagesAsync([Png(), Png()], "merge"));

        Assert.Equal(ImageParameter.Image, e.Parameter);
        Assert.Contains("2 original images", e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_mask_without_an_original_image_is_refused()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("a hat", With((IdeogramImageProperties.Mask, Png()))));

        Assert.Equal(ImageParameter.Mask, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task Content_that_is_not_an_image_is_refused()
    {
        var (client, generator) = Make();

        var text = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.EditImagesAsync([new TextContent("a photo")], "remix"));
        var pdf = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.EditImagesAsync([new DataContent(new byte[] { 1 }, "application/pdf")], "remix"));

        Assert.Equal(ImageParameter.Image, text.Parameter);
        Assert.Contains("TextContent", text.Message, StringComparison.Ordinal);
        Assert.Contains("application/pdf", pdf.Message, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task An_operation_the_provider_does_not_offer_is_refused_naming_the_providers_that_do()
    {
        var (client, generator) = Make(IdeogramProvider.Runflow);

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.EditImageAsync(Png(), "remix"));

        Assert.Equal(ImageOperation.Remix, e.Operation);
        Assert.Null(e.Parameter);
        Assert.Contains(IdeogramProvider.Ideogram, e.SupportedBy);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task Additional_properties_set_the_request()
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("cats", With(
            ("style_type", "realistic"),
            ("StylePreset", "art deco"),
            ("negativePrompt", "dogs"),
            ("seed", "42"),
            ("magic-prompt", false),
            ("color_palette", "ember"),
            ("custom_model_uri", "model/cats/version/2"),
            ("rendering_speed", RenderingSpeed.Quality)));

        var request = Single<GenerateRequest>(client);
        Assert.Equal(StyleType.Realistic, request.StyleType);
        Assert.Equal(StylePreset.ArtDeco, request.StylePreset);
        Assert.Equal("dogs", request.NegativePrompt);
        Assert.Equal(42, request.Seed);
        Assert.Equal(MagicPrompt.Off, request.MagicPrompt);
        Assert.Equal(ColorPalettePreset.Ember, request.ColorPalette!.Preset);
        Assert.Equal("model/cats/version/2", request.CustomModelUri);
        Assert.Equal(RenderingSpeed.Quality, request.RenderingSpeed);
    }

    [Fact]
    public async Task Additional_properties_read_from_json_work_too()
    {
        var (client, generator) = Make();
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            """{ "seed": 42, "style_type": "DESIGN", "magic_prompt": true, "style_codes": ["AAFF5733", "BBFF5733"], "aspect_ratio": "16:9" }""")!;
        var options = new ImageGenerationOptions { AdditionalProperties = new AdditionalPropertiesDictionary(json.ToDictionary(p => p.Key, p => (object?)p.Value)) };

        await generator.GenerateImagesAsync("cats", options);

        var request = Single<GenerateRequest>(client);
        Assert.Equal(42, request.Seed);
        Assert.Equal(StyleType.Design, request.StyleType);
        Assert.Equal(MagicPrompt.On, request.MagicPrompt);
        Assert.Equal(["AAFF5733", "BBFF5733"], request.StyleCodes);
        Assert.Equal(AspectRatio.Ratio16x9, request.AspectRatio);
    }

    public static TheoryData<object> Seeds => new() { 42, 42L, (short)42, 42u, 42.0, 42.0f, 42m, "42", " 42 ", JsonSerializer.SerializeToElement(42) };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_seed_is_read_from_any_integer_spelling(object seed)
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.Seed, seed)));

        Assert.Equal(42, Single<GenerateRequest>(client).Seed);
    }

    public static TheoryData<string, ImageParameter, object, string> BadValues => new()
    {
        { IdeogramImageProperties.Seed, ImageParameter.Seed, true, "an integer" },
        { IdeogramImageProperties.Seed, ImageParameter.Seed, 4.5, "an integer" },
        { IdeogramImageProperties.Seed, ImageParameter.Seed, "forty-two", "an integer" },
        { IdeogramImageProperties.NegativePrompt, ImageParameter.NegativePrompt, 5, "a string" },
        { IdeogramImageProperties.StyleType, ImageParameter.StyleType, 3, "a StyleType or its name" },
        { IdeogramImageProperties.StyleCodes, ImageParameter.StyleCodes, 12, "a list of strings" },
        { IdeogramImageProperties.Mask, ImageParameter.Mask, 12, "an image" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_value_of_the_wrong_kind_is_refused_naming_the_key(string key, ImageParameter parameter, object value, string expected)
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", With((key, value))));

        Assert.Equal(parameter, e.Parameter);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Contains($"AdditionalProperties[\"{key}\"]", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_value_the_client_does_not_know_is_refused_by_the_clients_own_check()
    {
        // Refused by validation, before any connection: the address is never dialled.
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = "unused", BaseAddress = new Uri("http://127.0.0.1:9") });
        var generator = client.AsIImageGenerator();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.StylePreset, "not a preset"))));

        Assert.Equal(ImageParameter.StylePreset, e.Parameter);
        Assert.Contains("ART_DECO", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_palette_may_be_a_list_of_colours()
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.ColorPalette, new[] { "#FF0000", "#00FF00" })));
        await generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.ColorPalette, "#0000FF, #FFFFFF")));

        Assert.Equal(["#FF0000", "#00FF00"], ((GenerateRequest)client.Requests[0]).ColorPalette!.Members.Select(m => m.ColorHex));
        Assert.Equal(["#0000FF", "#FFFFFF"], ((GenerateRequest)client.Requests[1]).ColorPalette!.Members.Select(m => m.ColorHex));
    }

    [Fact]
    public async Task A_transparent_background_is_asked_for_with_a_boolean()
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("a logo", With((IdeogramImageProperties.TransparentBackground, "true")));

        var request = Single<GenerateRequest>(client);
        Assert.True(request.TransparentBackground);
        Assert.Equal(ImageOperation.GenerateTransparent, request.Operation);
    }

    [Fact]
    public async Task An_aspect_ratio_and_an_image_size_together_are_refused()
    {
        var (client, generator) = Make();
        var options = With((IdeogramImageProperties.AspectRatio, "16x9"));
        options.ImageSize = new Size(1024, 1024);

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", options));

        Assert.Equal(ImageParameter.AspectRatio, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_speed_that_contradicts_the_model_id_is_refused()
    {
        var (client, generator) = Make();
        var options = With((IdeogramImageProperties.RenderingSpeed, "quality"));
        options.ModelId = IdeogramImageModels.Ideogram3Turbo;

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", options));

        Assert.Equal(ImageParameter.RenderingSpeed, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task One_key_in_two_spellings_is_refused()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", With(("style_type", "DESIGN"), ("styleType", "GENERAL"))));

        Assert.Contains("styleType", e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task An_image_weight_outside_a_remix_is_refused_when_strict()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.ImageWeight, 40))));

        Assert.Equal(ImageParameter.ImageWeight, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task An_unknown_key_is_refused_when_strict_naming_it_and_the_known_keys()
    {
        var (client, generator) = Make();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", With(("quality", "hd"))));

        Assert.Contains("AdditionalProperties[\"quality\"]", e.Message, StringComparison.Ordinal);
        Assert.Contains(IdeogramImageProperties.StylePreset, e.Allowed, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task An_unknown_key_is_left_out_with_a_warning_in_best_effort()
    {
        var (client, generator) = Make(rule: UnsupportedParameterBehavior.BestEffort);

        var response = await generator.GenerateImagesAsync("cats", With(("quality", "hd")));

        Assert.Single(client.Requests);
        var warning = Assert.Single(WarningsOf(response));
        Assert.Equal(Warning.Dropped, warning.Code);
        Assert.Contains("quality", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_value_counts_as_not_set()
    {
        var (client, generator) = Make();

        await generator.GenerateImagesAsync("cats", With((IdeogramImageProperties.Seed, null), ("some_other_providers_key", null)));

        Assert.Null(Single<GenerateRequest>(client).Seed);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    public async Task A_media_type_cannot_be_chosen_so_it_is_refused_when_strict_and_left_out_in_best_effort(string mediaType)
    {
        var (strictClient, strict) = Make();
        var (client, bestEffort) = Make(rule: UnsupportedParameterBehavior.BestEffort);

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => strict.GenerateImagesAsync("cats", new ImageGenerationOptions { MediaType = mediaType }));
        var response = await bestEffort.GenerateImagesAsync("cats", new ImageGenerationOptions { MediaType = mediaType });

        Assert.Contains(mediaType, e.Message, StringComparison.Ordinal);
        Assert.Empty(strictClient.Requests);
        Assert.Single(client.Requests);
        Assert.Contains(mediaType, Assert.Single(WarningsOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_image_media_type_is_honoured_and_a_non_image_one_is_refused_in_any_mode()
    {
        var (client, generator) = Make(rule: UnsupportedParameterBehavior.BestEffort);

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { MediaType = "image/*" });
        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { MediaType = "text/plain" }));

        Assert.Empty(WarningsOf(response));
        Assert.IsNotType<UnsupportedParameterException>(e);
        Assert.Single(client.Requests);
    }

    [Fact]
    public async Task Hosted_results_and_streaming_are_refused_when_strict()
    {
        var (client, generator) = Make();

        await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Hosted }));
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", new ImageGenerationOptions { StreamingCount = 2 }));

        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task The_request_the_raw_representation_factory_makes_is_the_one_sent_with_its_extra_settings()
    {
        var (client, generator) = Make();
        var styleReference = ImageInput.FromBytes(FakeIdeogramClient.PngBytes, "style.png", "image/png");
        GenerateRequest? made = null;
        var options = With((IdeogramImageProperties.Seed, 5));
        options.Count = 2;
        options.RawRepresentationFactory = g =>
        {
            Assert.Same(generator, g);
            return made = new GenerateRequest("ignored") { StyleReferenceImages = [styleReference], Seed = 5 };
        };

        await generator.GenerateImagesAsync("cats", options);

        var sent = Single<GenerateRequest>(client);
        Assert.Same(made, sent);
        Assert.Equal("cats", sent.Prompt);
        Assert.Same(styleReference, Assert.Single(sent.StyleReferenceImages));
        Assert.Equal(5, sent.Seed);
        Assert.Equal(2, sent.NumImages);
    }

    [Fact]
    public async Task Options_that_contradict_the_factorys_request_are_refused()
    {
        var (client, generator) = Make();
        var options = With((IdeogramImageProperties.StyleType, "DESIGN"));
        options.RawRepresentationFactory = _ => new GenerateRequest("x") { StyleType = StyleType.Realistic };

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", options));

        Assert.Equal(ImageParameter.StyleType, e.Parameter);
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task A_factory_request_of_another_operation_is_refused_and_a_foreign_object_follows_the_rule()
    {
        var (client, generator) = Make();
        var (lenientClient, lenient) = Make(rule: UnsupportedParameterBehavior.BestEffort);
        var remix = new ImageGenerationOptions { RawRepresentationFactory = _ => new RemixRequest(ImageInput.FromUrl("https://images.example/a.png"), "x") };
        var foreign = new ImageGenerationOptions { RawRepresentationFactory = _ => new Uri("https://example.com") };

        var wrongOperation = await Assert.ThrowsAsync<IdeogramValidationException>(() => generator.GenerateImagesAsync("cats", remix));
        await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("cats", foreign));
        var response = await lenient.GenerateImagesAsync("cats", foreign);

        Assert.Contains("RemixRequest", wrongOperation.Message, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
        Assert.Equal("cats", Single<GenerateRequest>(lenientClient).Prompt);
        Assert.Contains("Uri", Assert.Single(WarningsOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_token_reaches_the_client()
    {
        var (client, generator) = Make();
        using var cts = new CancellationTokenSource();

        await generator.GenerateImagesAsync("cats", cancellationToken: cts.Token);
        await cts.CancelAsync();

        Assert.Equal(cts.Token, Assert.Single(client.Tokens));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateImagesAsync("cats", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task The_clients_exceptions_come_through_unchanged()
    {
        var (client, generator) = Make();
        var failure = new IdeogramRateLimitException("slow down", new ProviderErrorDetails(IdeogramProvider.Ideogram, System.Net.HttpStatusCode.TooManyRequests, RequestId: "req-1"));
        client.Failure = failure;

        var e = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => generator.GenerateImagesAsync("cats"));

        Assert.Same(failure, e);
    }
}
