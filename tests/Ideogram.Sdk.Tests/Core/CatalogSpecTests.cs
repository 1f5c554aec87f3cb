using System.Reflection;
using System.Text.Json;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// The open-enum catalogs are Ideogram's official OpenAPI spec (a copy lives in <c>Spec/ideogram-openapi.json</c>):
/// same values, same order. And the open enums behave like Azure.Core's extensible enums.
/// </summary>
public sealed class CatalogSpecTests
{
    private static readonly Lazy<JsonDocument> Spec = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Spec", "ideogram-openapi.json"))));

    private static string[] SpecEnum(string schema) =>
        [.. Spec.Value.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    private static string[] Values<T>(IReadOnlyList<T> known)
        where T : struct, IOpenEnumeration<T> => [.. known.Select(k => k.Value)];

    [Fact]
    public void Resolutions_are_the_spec_ResolutionV3_69_values_in_order()
    {
        Assert.Equal(SpecEnum("ResolutionV3"), Values(Resolution.Known));
        Assert.Equal(69, Resolution.Known.Count);
    }

    [Fact]
    public void Aspect_ratios_are_the_spec_AspectRatioV3_15_values_in_order()
    {
        Assert.Equal(SpecEnum("AspectRatioV3"), Values(AspectRatio.Known));
        Assert.Equal(15, AspectRatio.Known.Count);
    }

    [Fact]
    public void Style_presets_are_the_spec_StylePresetV3_62_values_in_order()
    {
        Assert.Equal(SpecEnum("StylePresetV3"), Values(StylePreset.Known));
        Assert.Equal(62, StylePreset.Known.Count);
    }

    [Fact]
    public void Palette_presets_are_the_spec_ColorPalettePresetName_8_values_in_order()
    {
        Assert.Equal(SpecEnum("ColorPalettePresetName"), Values(ColorPalettePreset.Known));
        Assert.Equal(8, ColorPalettePreset.Known.Count);
    }

    [Fact]
    public void The_small_catalogs_are_their_spec_enums_in_order()
    {
        Assert.Equal(SpecEnum("RenderingSpeed"), Values(RenderingSpeed.Known));
        Assert.Equal(SpecEnum("MagicPromptOption"), Values(MagicPrompt.Known));
        Assert.Equal(SpecEnum("StyleTypeV3"), Values(StyleType.Known));
        Assert.Equal(SpecEnum("UpscaleFactor"), Values(UpscaleFactor.Known));
        Assert.Equal(SpecEnum("DescribeModelVersion"), Values(DescribeModelVersion.Known));
        Assert.Equal(SpecEnum("MagicPromptVersionEnum"), Values(MagicPromptVersion.Known));
    }

    [Fact]
    public void Every_static_value_is_in_Known_and_Known_has_no_duplicates()
    {
        Assert.Equal(69, StaticsAreKnown<Resolution>());
        Assert.Equal(15, StaticsAreKnown<AspectRatio>());
        Assert.Equal(62, StaticsAreKnown<StylePreset>());
        Assert.Equal(8, StaticsAreKnown<ColorPalettePreset>());
        Assert.Equal(5, StaticsAreKnown<RenderingSpeed>());
        Assert.Equal(3, StaticsAreKnown<MagicPrompt>());
        Assert.Equal(7, StaticsAreKnown<StyleType>());
        Assert.Equal(3, StaticsAreKnown<UpscaleFactor>());
        Assert.Equal(3, StaticsAreKnown<DescribeModelVersion>());
        Assert.Equal(9, StaticsAreKnown<MagicPromptVersion>());
    }

    private static int StaticsAreKnown<T>()
        where T : struct, IOpenEnumeration<T>
    {
        var known = (IReadOnlyList<T>)typeof(T).GetProperty("Known", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var statics = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T)).Select(p => (T)p.GetValue(null)!).ToList();
        Assert.Equal(known.Count, statics.Count);
        Assert.All(statics, s => Assert.Contains(s, known));
        Assert.Equal(known.Count, known.Select(k => k.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return known.Count;
    }

    [Fact]
    public void Open_enums_compare_and_hash_case_insensitively()
    {
        OpenEnumBehaves<Resolution>("1024x1024", "1024X1024");
        OpenEnumBehaves<AspectRatio>("16x9", "16X9");
        OpenEnumBehaves<StylePreset>("WATERCOLOR", "watercolor");
        OpenEnumBehaves<ColorPalettePreset>("PASTEL", "Pastel");
        OpenEnumBehaves<RenderingSpeed>("TURBO", "turbo");
        OpenEnumBehaves<MagicPrompt>("ON", "on");
        OpenEnumBehaves<StyleType>("REALISTIC", "Realistic");
        OpenEnumBehaves<UpscaleFactor>("X2", "x2");
        OpenEnumBehaves<DescribeModelVersion>("V_3", "v_3");
        OpenEnumBehaves<MagicPromptVersion>("V_0_8", "v_0_8");
    }

    private static void OpenEnumBehaves<T>(string canonical, string otherCase)
        where T : struct, IOpenEnumeration<T>
    {
        var a = T.Create(canonical);
        var b = T.Create(otherCase);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<T> { a, b });
        Assert.Equal(otherCase, b.Value);
        Assert.Equal(otherCase, b.ToString());
        Assert.False(a.Equals(T.Create(canonical + "_NOT")));
        Assert.False(a.Equals((object)canonical));

        // default: empty value, a hash that works, equal only to itself.
        T d = default;
        Assert.Equal(string.Empty, d.Value);
        Assert.Equal(string.Empty, d.ToString());
        Assert.Equal(d.GetHashCode(), default(T).GetHashCode());
        Assert.True(d.Equals(default));
        Assert.False(d.Equals(a));
        Assert.Equal(2, new HashSet<T> { d, a, b, default }.Count);
    }

    [Fact]
    public void Operators_follow_Equals()
    {
        Assert.True(new StyleType("auto") == StyleType.Auto);
        Assert.False(new StyleType("auto") != StyleType.Auto);
        Assert.True(RenderingSpeed.Turbo != RenderingSpeed.Quality);
        Assert.True(new Resolution("1280X800") == Resolution.Res1280x800);
        Assert.True(default(AspectRatio) != AspectRatio.Ratio1x1);
    }

    [Fact]
    public void Values_are_trimmed_and_empty_values_are_refused()
    {
        Assert.Equal("TURBO", new RenderingSpeed("  TURBO ").Value);
        Assert.Throws<ArgumentException>(() => new StyleType(string.Empty));
        Assert.Throws<ArgumentException>(() => new Resolution("   "));
        Assert.Throws<ArgumentNullException>(() => new AspectRatio(null!));
    }

    [Fact]
    public void Unknown_values_are_carried_and_reported_as_unknown()
    {
        var preset = new StylePreset("HOLOGRAPHIC_2027");
        Assert.Equal("HOLOGRAPHIC_2027", preset.Value);
        Assert.False(preset.IsKnown);
        Assert.True(new StylePreset("watercolor").IsKnown);
        Assert.False(new Resolution("1000x1000").IsKnown);
        Assert.True(Resolution.Res1024x1024.IsKnown);
        Assert.False(default(MagicPrompt).IsKnown);
    }

    private sealed record Settings(RenderingSpeed Speed, Resolution Size, StyleType? Style, AspectRatio? Ratio, IReadOnlyList<StylePreset> Presets);

    [Fact]
    public void Json_round_trips_through_the_converter_as_plain_strings()
    {
        var settings = new Settings(RenderingSpeed.Turbo, new Resolution("2048x2048"), StyleType.Fiction, null, [StylePreset.Watercolor, new StylePreset("NEXT_YEAR")]);

        var json = JsonSerializer.Serialize(settings);

        Assert.Equal("""{"Speed":"TURBO","Size":"2048x2048","Style":"FICTION","Ratio":null,"Presets":["WATERCOLOR","NEXT_YEAR"]}""", json);
        var back = JsonSerializer.Deserialize<Settings>(json)!;
        Assert.Equal(settings.Speed, back.Speed);
        Assert.Equal("2048x2048", back.Size.Value);
        Assert.False(back.Size.IsKnown);
        Assert.Equal(StyleType.Fiction, back.Style);
        Assert.Null(back.Ratio);
        Assert.Equal(settings.Presets, back.Presets);
    }

    [Fact]
    public void Json_reads_any_case_keeps_the_spelling_and_reads_empty_as_default()
    {
        Assert.Equal(RenderingSpeed.Quality, JsonSerializer.Deserialize<RenderingSpeed>("\"quality\""));
        Assert.Equal("quality", JsonSerializer.Deserialize<RenderingSpeed>("\"quality\"").Value);
        Assert.Equal(default, JsonSerializer.Deserialize<MagicPrompt>("\"\""));
        Assert.Equal("\"\"", JsonSerializer.Serialize(default(MagicPrompt)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<UpscaleFactor>("2"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<UpscaleFactor>("{}"));
    }

    [Theory]
    [InlineData("1280x800", 1280, 800)]
    [InlineData("512x1536", 512, 1536)]
    [InlineData("1024X768", 1024, 768)]
    [InlineData("3000x2000", 3000, 2000)]
    [InlineData("square", 0, 0)]
    [InlineData("x800", 0, 0)]
    [InlineData("800x", 0, 0)]
    [InlineData("-5x10", 0, 0)]
    public void Resolution_width_and_height(string value, int width, int height)
    {
        var r = new Resolution(value);
        Assert.Equal((width, height), (r.Width, r.Height));
    }

    [Fact]
    public void Every_known_resolution_has_its_numbers_and_default_has_zero()
    {
        Assert.All(Resolution.Known, r => Assert.Equal(r.Value, $"{r.Width}x{r.Height}"));
        Assert.Equal((0, 0), (default(Resolution).Width, default(Resolution).Height));
    }

    [Fact]
    public void Aspect_ratio_width_and_height()
    {
        Assert.Equal((16, 9), (AspectRatio.Ratio16x9.Width, AspectRatio.Ratio16x9.Height));
        Assert.Equal((1, 3), (AspectRatio.Ratio1x3.Width, AspectRatio.Ratio1x3.Height));
        Assert.Equal((21, 9), (new AspectRatio("21:9").Width, new AspectRatio("21:9").Height));
        Assert.All(AspectRatio.Known, a => Assert.Equal(a.Value, $"{a.Width}x{a.Height}"));
        Assert.Equal((0, 0), (default(AspectRatio).Width, default(AspectRatio).Height));
    }
}
