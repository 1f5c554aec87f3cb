// The known values below are the enum of Ideogram schema StylePresetV3 in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>A predefined artistic style (Ideogram 3.0 <c>style_preset</c>, 62 values).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<StylePreset>))]
public readonly struct StylePreset : IOpenEnumeration<StylePreset>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>80S_ILLUSTRATION</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public StylePreset(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>80S_ILLUSTRATION</c>.</summary>
    public static StylePreset Illustration80s { get; } = new("80S_ILLUSTRATION");

    /// <summary>The value <c>90S_NOSTALGIA</c>.</summary>
    public static StylePreset Nostalgia90s { get; } = new("90S_NOSTALGIA");

    /// <summary>The value <c>ABSTRACT_ORGANIC</c>.</summary>
    public static StylePreset AbstractOrganic { get; } = new("ABSTRACT_ORGANIC");

    /// <summary>The value <c>ANALOG_NOSTALGIA</c>.</summary>
    public static StylePreset AnalogNostalgia { get; } = new("ANALOG_NOSTALGIA");

    /// <summary>The value <c>ART_BRUT</c>.</summary>
    public static StylePreset ArtBrut { get; } = new("ART_BRUT");

    /// <summary>The value <c>ART_DECO</c>.</summary>
    public static StylePreset ArtDeco { get; } = new("ART_DECO");

    /// <summary>The value <c>ART_POSTER</c>.</summary>
    public static StylePreset ArtPoster { get; } = new("ART_POSTER");

    /// <summary>The value <c>AURA</c>.</summary>
    public static StylePreset Aura { get; } = new("AURA");

    /// <summary>The value <c>AVANT_GARDE</c>.</summary>
    public static StylePreset AvantGarde { get; } = new("AVANT_GARDE");

    /// <summary>The value <c>BAUHAUS</c>.</summary>
    public static StylePreset Bauhaus { get; } = new("BAUHAUS");

    /// <summary>The value <c>BLUEPRINT</c>.</summary>
    public static StylePreset Blueprint { get; } = new("BLUEPRINT");

    /// <summary>The value <c>BLURRY_MOTION</c>.</summary>
    public static StylePreset BlurryMotion { get; } = new("BLURRY_MOTION");

    /// <summary>The value <c>BRIGHT_ART</c>.</summary>
    public static StylePreset BrightArt { get; } = new("BRIGHT_ART");

    /// <summary>The value <c>C4D_CARTOON</c>.</summary>
    public static StylePreset C4dCartoon { get; } = new("C4D_CARTOON");

    /// <summary>The value <c>CHILDRENS_BOOK</c>.</summary>
    public static StylePreset ChildrensBook { get; } = new("CHILDRENS_BOOK");

    /// <summary>The value <c>COLLAGE</c>.</summary>
    public static StylePreset Collage { get; } = new("COLLAGE");

    /// <summary>The value <c>COLORING_BOOK_I</c>.</summary>
    public static StylePreset ColoringBookI { get; } = new("COLORING_BOOK_I");

    /// <summary>The value <c>COLORING_BOOK_II</c>.</summary>
    public static StylePreset ColoringBookIi { get; } = new("COLORING_BOOK_II");

    /// <summary>The value <c>CUBISM</c>.</summary>
    public static StylePreset Cubism { get; } = new("CUBISM");

    /// <summary>The value <c>DARK_AURA</c>.</summary>
    public static StylePreset DarkAura { get; } = new("DARK_AURA");

    /// <summary>The value <c>DOODLE</c>.</summary>
    public static StylePreset Doodle { get; } = new("DOODLE");

    /// <summary>The value <c>DOUBLE_EXPOSURE</c>.</summary>
    public static StylePreset DoubleExposure { get; } = new("DOUBLE_EXPOSURE");

    /// <summary>The value <c>DRAMATIC_CINEMA</c>.</summary>
    public static StylePreset DramaticCinema { get; } = new("DRAMATIC_CINEMA");

    /// <summary>The value <c>EDITORIAL</c>.</summary>
    public static StylePreset Editorial { get; } = new("EDITORIAL");

    /// <summary>The value <c>EMOTIONAL_MINIMAL</c>.</summary>
    public static StylePreset EmotionalMinimal { get; } = new("EMOTIONAL_MINIMAL");

    /// <summary>The value <c>ETHEREAL_PARTY</c>.</summary>
    public static StylePreset EtherealParty { get; } = new("ETHEREAL_PARTY");

    /// <summary>The value <c>EXPIRED_FILM</c>.</summary>
    public static StylePreset ExpiredFilm { get; } = new("EXPIRED_FILM");

    /// <summary>The value <c>FLAT_ART</c>.</summary>
    public static StylePreset FlatArt { get; } = new("FLAT_ART");

    /// <summary>The value <c>FLAT_VECTOR</c>.</summary>
    public static StylePreset FlatVector { get; } = new("FLAT_VECTOR");

    /// <summary>The value <c>FOREST_REVERIE</c>.</summary>
    public static StylePreset ForestReverie { get; } = new("FOREST_REVERIE");

    /// <summary>The value <c>GEO_MINIMALIST</c>.</summary>
    public static StylePreset GeoMinimalist { get; } = new("GEO_MINIMALIST");

    /// <summary>The value <c>GLASS_PRISM</c>.</summary>
    public static StylePreset GlassPrism { get; } = new("GLASS_PRISM");

    /// <summary>The value <c>GOLDEN_HOUR</c>.</summary>
    public static StylePreset GoldenHour { get; } = new("GOLDEN_HOUR");

    /// <summary>The value <c>GRAFFITI_I</c>.</summary>
    public static StylePreset GraffitiI { get; } = new("GRAFFITI_I");

    /// <summary>The value <c>GRAFFITI_II</c>.</summary>
    public static StylePreset GraffitiIi { get; } = new("GRAFFITI_II");

    /// <summary>The value <c>HALFTONE_PRINT</c>.</summary>
    public static StylePreset HalftonePrint { get; } = new("HALFTONE_PRINT");

    /// <summary>The value <c>HIGH_CONTRAST</c>.</summary>
    public static StylePreset HighContrast { get; } = new("HIGH_CONTRAST");

    /// <summary>The value <c>HIPPIE_ERA</c>.</summary>
    public static StylePreset HippieEra { get; } = new("HIPPIE_ERA");

    /// <summary>The value <c>ICONIC</c>.</summary>
    public static StylePreset Iconic { get; } = new("ICONIC");

    /// <summary>The value <c>JAPANDI_FUSION</c>.</summary>
    public static StylePreset JapandiFusion { get; } = new("JAPANDI_FUSION");

    /// <summary>The value <c>JAZZY</c>.</summary>
    public static StylePreset Jazzy { get; } = new("JAZZY");

    /// <summary>The value <c>LONG_EXPOSURE</c>.</summary>
    public static StylePreset LongExposure { get; } = new("LONG_EXPOSURE");

    /// <summary>The value <c>MAGAZINE_EDITORIAL</c>.</summary>
    public static StylePreset MagazineEditorial { get; } = new("MAGAZINE_EDITORIAL");

    /// <summary>The value <c>MINIMAL_ILLUSTRATION</c>.</summary>
    public static StylePreset MinimalIllustration { get; } = new("MINIMAL_ILLUSTRATION");

    /// <summary>The value <c>MIXED_MEDIA</c>.</summary>
    public static StylePreset MixedMedia { get; } = new("MIXED_MEDIA");

    /// <summary>The value <c>MONOCHROME</c>.</summary>
    public static StylePreset Monochrome { get; } = new("MONOCHROME");

    /// <summary>The value <c>NIGHTLIFE</c>.</summary>
    public static StylePreset Nightlife { get; } = new("NIGHTLIFE");

    /// <summary>The value <c>OIL_PAINTING</c>.</summary>
    public static StylePreset OilPainting { get; } = new("OIL_PAINTING");

    /// <summary>The value <c>OLD_CARTOONS</c>.</summary>
    public static StylePreset OldCartoons { get; } = new("OLD_CARTOONS");

    /// <summary>The value <c>PAINT_GESTURE</c>.</summary>
    public static StylePreset PaintGesture { get; } = new("PAINT_GESTURE");

    /// <summary>The value <c>POP_ART</c>.</summary>
    public static StylePreset PopArt { get; } = new("POP_ART");

    /// <summary>The value <c>RETRO_ETCHING</c>.</summary>
    public static StylePreset RetroEtching { get; } = new("RETRO_ETCHING");

    /// <summary>The value <c>RIVIERA_POP</c>.</summary>
    public static StylePreset RivieraPop { get; } = new("RIVIERA_POP");

    /// <summary>The value <c>SPOTLIGHT_80S</c>.</summary>
    public static StylePreset Spotlight80s { get; } = new("SPOTLIGHT_80S");

    /// <summary>The value <c>STYLIZED_RED</c>.</summary>
    public static StylePreset StylizedRed { get; } = new("STYLIZED_RED");

    /// <summary>The value <c>SURREAL_COLLAGE</c>.</summary>
    public static StylePreset SurrealCollage { get; } = new("SURREAL_COLLAGE");

    /// <summary>The value <c>TRAVEL_POSTER</c>.</summary>
    public static StylePreset TravelPoster { get; } = new("TRAVEL_POSTER");

    /// <summary>The value <c>VINTAGE_GEO</c>.</summary>
    public static StylePreset VintageGeo { get; } = new("VINTAGE_GEO");

    /// <summary>The value <c>VINTAGE_POSTER</c>.</summary>
    public static StylePreset VintagePoster { get; } = new("VINTAGE_POSTER");

    /// <summary>The value <c>WATERCOLOR</c>.</summary>
    public static StylePreset Watercolor { get; } = new("WATERCOLOR");

    /// <summary>The value <c>WEIRD</c>.</summary>
    public static StylePreset Weird { get; } = new("WEIRD");

    /// <summary>The value <c>WOODBLOCK_PRINT</c>.</summary>
    public static StylePreset WoodblockPrint { get; } = new("WOODBLOCK_PRINT");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<StylePreset> Known { get; } = [Illustration80s, Nostalgia90s, AbstractOrganic, AnalogNostalgia, ArtBrut, ArtDeco, ArtPoster, Aura, AvantGarde, Bauhaus, Blueprint, BlurryMotion, BrightArt, C4dCartoon, ChildrensBook, Collage, ColoringBookI, ColoringBookIi, Cubism, DarkAura, Doodle, DoubleExposure, DramaticCinema, Editorial, EmotionalMinimal, EtherealParty, ExpiredFilm, FlatArt, FlatVector, ForestReverie, GeoMinimalist, GlassPrism, GoldenHour, GraffitiI, GraffitiIi, HalftonePrint, HighContrast, HippieEra, Iconic, JapandiFusion, Jazzy, LongExposure, MagazineEditorial, MinimalIllustration, MixedMedia, Monochrome, Nightlife, OilPainting, OldCartoons, PaintGesture, PopArt, RetroEtching, RivieraPop, Spotlight80s, StylizedRed, SurrealCollage, TravelPoster, VintageGeo, VintagePoster, Watercolor, Weird, WoodblockPrint];

    static StylePreset IOpenEnumeration<StylePreset>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(StylePreset other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StylePreset other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(StylePreset left, StylePreset right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(StylePreset left, StylePreset right) => !left.Equals(right);
}
