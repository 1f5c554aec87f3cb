using System.Text.Json;
using P = Ideogram.Sdk.ImageParameter;

namespace Ideogram.Sdk.Tests.Core;

/// <summary><c>client.Capabilities</c> for Ideogram: derived from the mapping table, and that table agrees with the OpenAPI spec.</summary>
public sealed class CapabilitiesTests
{
    private static readonly ProviderCapabilities Caps = IdeogramClient.GetCapabilities(IdeogramProvider.Ideogram);

    private static readonly Dictionary<string, P> WireNames = new()
    {
        ["prompt"] = P.Prompt,
        ["negative_prompt"] = P.NegativePrompt,
        ["seed"] = P.Seed,
        ["num_images"] = P.NumImages,
        ["resolution"] = P.Resolution,
        ["aspect_ratio"] = P.AspectRatio,
        ["rendering_speed"] = P.RenderingSpeed,
        ["magic_prompt"] = P.MagicPrompt,
        ["magic_prompt_option"] = P.MagicPrompt,
        ["style_type"] = P.StyleType,
        ["style_preset"] = P.StylePreset,
        ["style_codes"] = P.StyleCodes,
        ["color_palette"] = P.ColorPalette,
        ["style_reference_images"] = P.StyleReferenceImages,
        ["character_reference_images"] = P.CharacterReferenceImages,
        ["character_reference_images_mask"] = P.CharacterReferenceImageMasks,
        ["custom_model_uri"] = P.CustomModelUri,
        ["image"] = P.Image,
        ["image_file"] = P.Image,
        ["mask"] = P.Mask,
        ["image_weight"] = P.ImageWeight,
        ["upscale_factor"] = P.UpscaleFactor,
        ["describe_model_version"] = P.DescribeModelVersion,
        ["resemblance"] = P.Resemblance,
        ["detail"] = P.Detail,
        ["magic_prompt_version"] = P.MagicPromptVersion,
    };

    private static readonly Lazy<JsonElement> Spec = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Spec", "ideogram-openapi.json"))).RootElement);

    private static JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r)
            ? Spec.Value.GetProperty("components").GetProperty("schemas").GetProperty(r.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>The neutral parameters of a spec operation's multipart body, and the required ones (Upscale's <c>image_request</c> JSON part is opened).</summary>
    private static (HashSet<P> Takes, HashSet<P> Required) FromSpec(string path)
    {
        var schema = Resolve(Spec.Value.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema"));
        var takes = new HashSet<P>();
        var required = new HashSet<P>();
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            if (property.Name == "image_request")
            {
                foreach (var inner in Resolve(property.Value).GetProperty("properties").EnumerateObject())
                {
                    takes.Add(WireNames[inner.Name]);
                }

                continue;
            }

            takes.Add(WireNames[property.Name]);
        }

        if (schema.TryGetProperty("required", out var list))
        {
            foreach (var name in list.EnumerateArray().Select(e => e.GetString()!).Where(n => n != "image_request"))
            {
                required.Add(WireNames[name]);
            }
        }

        return (takes, required);
    }

    [Theory]
    [InlineData(ImageOperation.Generate, "/v1/ideogram-v3/generate")]
    [InlineData(ImageOperation.GenerateTransparent, "/v1/ideogram-v3/generate-transparent")]
    [InlineData(ImageOperation.Edit, "/v1/ideogram-v3/edit")]
    [InlineData(ImageOperation.Remix, "/v1/ideogram-v3/remix")]
    [InlineData(ImageOperation.Reframe, "/v1/ideogram-v3/reframe")]
    [InlineData(ImageOperation.ReplaceBackground, "/v1/ideogram-v3/replace-background")]
    [InlineData(ImageOperation.Describe, "/describe")]
    [InlineData(ImageOperation.Upscale, "/upscale")]
    public void Parameters_and_required_inputs_match_the_spec(ImageOperation operation, string path)
    {
        var (takes, required) = FromSpec(path);

        Assert.True(Caps.Supports(operation));
        Assert.Equal(takes.Order(), Caps.GetParameters(operation));
        foreach (var parameter in Enum.GetValues<P>())
        {
            Assert.Equal(takes.Contains(parameter), Caps.Supports(operation, parameter));
            Assert.Equal(required.Contains(parameter), Caps.IsRequired(operation, parameter));
        }
    }

    [Fact]
    public void Reframe_requires_image_and_resolution_and_takes_no_prompt()
    {
        Assert.True(Caps.IsRequired(ImageOperation.Reframe, P.Image));
        Assert.True(Caps.IsRequired(ImageOperation.Reframe, P.Resolution));
        Assert.False(Caps.Supports(ImageOperation.Reframe, P.Prompt));
        Assert.False(Caps.Supports(ImageOperation.Reframe, P.AspectRatio));
        Assert.False(Caps.Supports(ImageOperation.Reframe, P.StyleType));
        Assert.False(Caps.Supports(ImageOperation.Reframe, P.MagicPrompt));
    }

    [Fact]
    public void Transparent_generation_has_no_style_type_resolution_or_references_but_has_upscale_factor()
    {
        Assert.False(Caps.Supports(ImageOperation.GenerateTransparent, P.StyleType));
        Assert.False(Caps.Supports(ImageOperation.GenerateTransparent, P.Resolution));
        Assert.False(Caps.Supports(ImageOperation.GenerateTransparent, P.StylePreset));
        Assert.False(Caps.Supports(ImageOperation.GenerateTransparent, P.StyleReferenceImages));
        Assert.True(Caps.Supports(ImageOperation.GenerateTransparent, P.UpscaleFactor));
        Assert.Equal(["X1", "X2", "X4"], Caps.GetAllowedValues(ImageOperation.GenerateTransparent, P.UpscaleFactor));
        Assert.False(Caps.Supports(ImageOperation.Generate, P.UpscaleFactor));
    }

    [Fact]
    public void Describe_takes_an_image_and_a_model_version_only()
    {
        Assert.Equal([P.Image, P.DescribeModelVersion], Caps.GetParameters(ImageOperation.Describe));
        Assert.True(Caps.IsRequired(ImageOperation.Describe, P.Image));
        Assert.False(Caps.IsRequired(ImageOperation.Describe, P.DescribeModelVersion));
    }

    [Fact]
    public void Style_types_are_the_public_ones_without_CUSTOM_or_STYLIZED()
    {
        string[] expected = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"];
        Assert.Equal(expected, Caps.GetAllowedValues(ImageOperation.Generate, P.StyleType));
        Assert.Equal(expected, Caps.GetAllowedValues(ImageOperation.Edit, P.StyleType));
        Assert.Equal(expected, Caps.GetAllowedValues(ImageOperation.Remix, P.StyleType));
        Assert.Empty(Caps.GetAllowedValues(ImageOperation.Reframe, P.StyleType));
    }

    [Fact]
    public void Rendering_speeds_exclude_FLASH_only_on_transparent()
    {
        Assert.Equal(["FLASH", "TURBO", "DEFAULT", "BALANCED", "QUALITY"], Caps.GetAllowedValues(ImageOperation.Generate, P.RenderingSpeed));
        Assert.Equal(["TURBO", "DEFAULT", "BALANCED", "QUALITY"], Caps.GetAllowedValues(ImageOperation.GenerateTransparent, P.RenderingSpeed));
        Assert.Contains("FLASH", Caps.GetAllowedValues(ImageOperation.Reframe, P.RenderingSpeed));
    }

    [Fact]
    public void Catalog_parameters_allow_the_whole_catalog()
    {
        foreach (var op in new[] { ImageOperation.Generate, ImageOperation.Remix, ImageOperation.Reframe })
        {
            Assert.Equal(Resolution.Known.Select(r => r.Value), Caps.GetAllowedValues(op, P.Resolution));
        }

        Assert.Equal(AspectRatio.Known.Select(r => r.Value), Caps.GetAllowedValues(ImageOperation.GenerateTransparent, P.AspectRatio));
        Assert.Equal(StylePreset.Known.Select(r => r.Value), Caps.GetAllowedValues(ImageOperation.ReplaceBackground, P.StylePreset));
        Assert.Equal(ColorPalettePreset.Known.Select(r => r.Value), Caps.GetAllowedValues(ImageOperation.Edit, P.ColorPalette));
        Assert.Equal(MagicPromptVersion.Known.Select(r => r.Value), Caps.GetAllowedValues(ImageOperation.Upscale, P.MagicPromptVersion));
        Assert.Equal(["AUTO", "ON", "OFF"], Caps.GetAllowedValues(ImageOperation.Upscale, P.MagicPrompt));
    }

    [Fact]
    public void Free_and_absent_parameters_have_no_value_list()
    {
        Assert.Empty(Caps.GetAllowedValues(ImageOperation.Generate, P.Prompt));
        Assert.Empty(Caps.GetAllowedValues(ImageOperation.Generate, P.Seed));
        Assert.Empty(Caps.GetAllowedValues(ImageOperation.Describe, P.StyleType));
    }

    [Fact]
    public void Ranges_and_counts()
    {
        Assert.Equal((0L, (long)int.MaxValue), Caps.GetRange(ImageOperation.Generate, P.Seed));
        Assert.Equal((1L, 8L), Caps.GetRange(ImageOperation.Upscale, P.NumImages));
        Assert.Equal((1L, 100L), Caps.GetRange(ImageOperation.Remix, P.ImageWeight));
        Assert.Equal((1L, 100L), Caps.GetRange(ImageOperation.Upscale, P.Resemblance));
        Assert.Equal((1L, 100L), Caps.GetRange(ImageOperation.Upscale, P.Detail));
        Assert.Null(Caps.GetRange(ImageOperation.Generate, P.Prompt));
        Assert.Null(Caps.GetRange(ImageOperation.Generate, P.ImageWeight));
        Assert.Equal(1, Caps.GetMaxCount(ImageOperation.Generate, P.CharacterReferenceImages));
        Assert.Equal(1, Caps.GetMaxCount(ImageOperation.Remix, P.CharacterReferenceImageMasks));
        Assert.Null(Caps.GetMaxCount(ImageOperation.Generate, P.StyleReferenceImages));
        Assert.Null(Caps.GetMaxCount(ImageOperation.Reframe, P.CharacterReferenceImages));
    }

    [Fact]
    public void Provider_facts()
    {
        Assert.Equal(IdeogramProvider.Ideogram, Caps.Provider);
        Assert.Equal(Enum.GetValues<ImageOperation>(), Caps.Operations);
        Assert.False(Caps.IsAsynchronous);
        Assert.False(Caps.AcceptsImageUrls);
        Assert.True(Caps.AcceptsImageBytes);
        Assert.Equal(8, Caps.MaxImagesPerCall);
        Assert.StartsWith("ProviderCapabilities(Ideogram: Generate, GenerateTransparent, Edit", Caps.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_reports_the_same_capabilities()
    {
        var (mock, _) = CoreKit.Refusing();
        using var client = CoreKit.Client(mock);

        var caps = client.Capabilities;

        Assert.Equal(Caps.Operations, caps.Operations);
        foreach (var op in caps.Operations)
        {
            Assert.Equal(Caps.GetParameters(op), caps.GetParameters(op));
            foreach (var p in caps.GetParameters(op))
            {
                Assert.Equal(Caps.GetAllowedValues(op, p), caps.GetAllowedValues(op, p));
                Assert.Equal(Caps.IsRequired(op, p), caps.IsRequired(op, p));
            }
        }
    }
}
