// The known values below are the enum of Ideogram schema ColorPalettePresetName in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>A named colour palette preset (8 values).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<ColorPalettePreset>))]
public readonly struct ColorPalettePreset : IOpenEnumeration<ColorPalettePreset>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>EMBER</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public ColorPalettePreset(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>EMBER</c>.</summary>
    public static ColorPalettePreset Ember { get; } = new("EMBER");

    /// <summary>The value <c>FRESH</c>.</summary>
    public static ColorPalettePreset Fresh { get; } = new("FRESH");

    /// <summary>The value <c>JUNGLE</c>.</summary>
    public static ColorPalettePreset Jungle { get; } = new("JUNGLE");

    /// <summary>The value <c>MAGIC</c>.</summary>
    public static ColorPalettePreset Magic { get; } = new("MAGIC");

    /// <summary>The value <c>MELON</c>.</summary>
    public static ColorPalettePreset Melon { get; } = new("MELON");

    /// <summary>The value <c>MOSAIC</c>.</summary>
    public static ColorPalettePreset Mosaic { get; } = new("MOSAIC");

    /// <summary>The value <c>PASTEL</c>.</summary>
    public static ColorPalettePreset Pastel { get; } = new("PASTEL");

    /// <summary>The value <c>ULTRAMARINE</c>.</summary>
    public static ColorPalettePreset Ultramarine { get; } = new("ULTRAMARINE");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<ColorPalettePreset> Known { get; } = [Ember, Fresh, Jungle, Magic, Melon, Mosaic, Pastel, Ultramarine];

    static ColorPalettePreset IOpenEnumeration<ColorPalettePreset>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ColorPalettePreset other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ColorPalettePreset other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(ColorPalettePreset left, ColorPalettePreset right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(ColorPalettePreset left, ColorPalettePreset right) => !left.Equals(right);
}
