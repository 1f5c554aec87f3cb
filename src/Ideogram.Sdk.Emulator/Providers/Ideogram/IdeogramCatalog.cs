using System.Collections.Frozen;

namespace Ideogram.Sdk.Emulator.Providers.Ideogram;

/// <summary>
/// Ideogram 3.0's value lists, from Ideogram's OpenAPI spec (public values only). Segmind serves the same resolutions
/// and aspect ratios. Every set is case-sensitive: the API spells values in upper case.
/// </summary>
internal static class IdeogramCatalog
{
    /// <summary>The 69 <c>ResolutionV3</c> values.</summary>
    public static readonly FrozenSet<string> Resolutions = FrozenSet.Create(
        StringComparer.Ordinal,
        "512x1536", "576x1408", "576x1472", "576x1536", "640x1344", "640x1408", "640x1472", "640x1536",
        "704x1152", "704x1216", "704x1280", "704x1344", "704x1408", "704x1472", "736x1312", "768x1088",
        "768x1216", "768x1280", "768x1344", "800x1280", "832x960", "832x1024", "832x1088", "832x1152",
        "832x1216", "832x1248", "864x1152", "896x960", "896x1024", "896x1088", "896x1120", "896x1152",
        "960x832", "960x896", "960x1024", "960x1088", "1024x832", "1024x896", "1024x960", "1024x1024",
        "1088x768", "1088x832", "1088x896", "1088x960", "1120x896", "1152x704", "1152x832", "1152x864",
        "1152x896", "1216x704", "1216x768", "1216x832", "1248x832", "1280x704", "1280x768", "1280x800",
        "1312x736", "1344x640", "1344x704", "1344x768", "1408x576", "1408x640", "1408x704", "1472x576",
        "1472x640", "1472x704", "1536x512", "1536x576", "1536x640");

    /// <summary>
    /// The 15 <c>AspectRatioV3</c> values and the resolution each one yields. Ideogram does not document the mapping:
    /// this is an inference (the exact-ratio member of the 69 resolutions; the nearest one for 16x9 and 9x16).
    /// Change it here if a real response shows otherwise.
    /// </summary>
    public static readonly FrozenDictionary<string, (int Width, int Height)> AspectRatios =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["1x3"] = (512, 1536),
            ["3x1"] = (1536, 512),
            ["1x2"] = (704, 1408),
            ["2x1"] = (1408, 704),
            ["9x16"] = (736, 1312),
            ["16x9"] = (1312, 736),
            ["10x16"] = (800, 1280),
            ["16x10"] = (1280, 800),
            ["2x3"] = (832, 1248),
            ["3x2"] = (1248, 832),
            ["3x4"] = (864, 1152),
            ["4x3"] = (1152, 864),
            ["4x5"] = (896, 1120),
            ["5x4"] = (1120, 896),
            ["1x1"] = (1024, 1024),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The aspect ratio names.</summary>
    public static readonly FrozenSet<string> AspectRatioNames = AspectRatios.Keys.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Public <c>RenderingSpeed</c> values.</summary>
    public static readonly FrozenSet<string> RenderingSpeeds = FrozenSet.Create(StringComparer.Ordinal, "FLASH", "TURBO", "DEFAULT", "QUALITY");

    /// <summary><c>MagicPromptOption</c> values.</summary>
    public static readonly FrozenSet<string> MagicPromptOptions = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "ON", "OFF");

    /// <summary><c>MagicPromptVersionEnum</c> values (upscale's <c>image_request</c>).</summary>
    public static readonly FrozenSet<string> MagicPromptVersions = FrozenSet.Create(
        StringComparer.Ordinal, "V_0", "V_0_1", "V_0_2", "V_0_3", "V_0_4", "V_0_5", "V_0_6", "V_0_7", "V_0_8");

    /// <summary>Public <c>StyleTypeV3</c> values.</summary>
    public static readonly FrozenSet<string> StyleTypes = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION");

    /// <summary>The 62 <c>StylePresetV3</c> values.</summary>
    public static readonly FrozenSet<string> StylePresets = FrozenSet.Create(
        StringComparer.Ordinal,
        "80S_ILLUSTRATION", "90S_NOSTALGIA", "ABSTRACT_ORGANIC", "ANALOG_NOSTALGIA", "ART_BRUT", "ART_DECO",
        "ART_POSTER", "AURA", "AVANT_GARDE", "BAUHAUS", "BLUEPRINT", "BLURRY_MOTION",
        "BRIGHT_ART", "C4D_CARTOON", "CHILDRENS_BOOK", "COLLAGE", "COLORING_BOOK_I", "COLORING_BOOK_II",
        "CUBISM", "DARK_AURA", "DOODLE", "DOUBLE_EXPOSURE", "DRAMATIC_CINEMA", "EDITORIAL",
        "EMOTIONAL_MINIMAL", "ETHEREAL_PARTY", "EXPIRED_FILM", "FLAT_ART", "FLAT_VECTOR", "FOREST_REVERIE",
        "GEO_MINIMALIST", "GLASS_PRISM", "GOLDEN_HOUR", "GRAFFITI_I", "GRAFFITI_II", "HALFTONE_PRINT",
        "HIGH_CONTRAST", "HIPPIE_ERA", "ICONIC", "JAPANDI_FUSION", "JAZZY", "LONG_EXPOSURE",
        "MAGAZINE_EDITORIAL", "MINIMAL_ILLUSTRATION", "MIXED_MEDIA", "MONOCHROME", "NIGHTLIFE", "OIL_PAINTING",
        "OLD_CARTOONS", "PAINT_GESTURE", "POP_ART", "RETRO_ETCHING", "RIVIERA_POP", "SPOTLIGHT_80S",
        "STYLIZED_RED", "SURREAL_COLLAGE", "TRAVEL_POSTER", "VINTAGE_GEO", "VINTAGE_POSTER", "WATERCOLOR",
        "WEIRD", "WOODBLOCK_PRINT");

    /// <summary>Colour palette preset names.</summary>
    public static readonly FrozenSet<string> PalettePresets = FrozenSet.Create(
        StringComparer.Ordinal, "EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE");

    /// <summary><c>UpscaleFactor</c> values (generate-transparent) and their multipliers.</summary>
    public static readonly FrozenDictionary<string, int> UpscaleFactors =
        new Dictionary<string, int>(StringComparer.Ordinal) { ["X1"] = 1, ["X2"] = 2, ["X4"] = 4 }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Upscale factor names.</summary>
    public static readonly FrozenSet<string> UpscaleFactorNames = UpscaleFactors.Keys.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// <c>describe_model_version</c> values: the spec lists V_2, V_3 and CUSTOM; newer public docs add V_4. All four are accepted.
    /// </summary>
    public static readonly FrozenSet<string> DescribeModelVersions = FrozenSet.Create(StringComparer.Ordinal, "V_2", "V_3", "V_4", "CUSTOM");

    /// <summary>Parses a <c>WIDTHxHEIGHT</c> value.</summary>
    public static (int Width, int Height) ParseResolution(string resolution)
    {
        var x = resolution.IndexOf('x', StringComparison.Ordinal);
        return (int.Parse(resolution[..x], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(resolution[(x + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
