namespace Ideogram.Sdk;

/// <summary>A colour palette: either a named preset or up to eight explicit colours with optional weights.</summary>
public sealed class ColorPalette
{
    private ColorPalette(ColorPalettePreset? preset, IReadOnlyList<ColorPaletteMember> members)
    {
        Preset = preset;
        Members = members;
    }

    /// <summary>The preset, when the palette is a preset.</summary>
    public ColorPalettePreset? Preset { get; }

    /// <summary>The explicit colours, when the palette is not a preset; empty otherwise.</summary>
    public IReadOnlyList<ColorPaletteMember> Members { get; }

    /// <summary>A preset palette such as <see cref="ColorPalettePreset.Pastel"/>.</summary>
    /// <param name="preset">The preset.</param>
    /// <returns>The palette.</returns>
    public static ColorPalette FromPreset(ColorPalettePreset preset) => new(preset, []);

    /// <summary>An explicit palette (1 to 8 colours; weights, when given, should descend).</summary>
    /// <param name="members">The colours.</param>
    /// <returns>The palette.</returns>
    public static ColorPalette FromMembers(params IEnumerable<ColorPaletteMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new(null, [.. members]);
    }

    /// <inheritdoc />
    public override string ToString() => Preset is { } p ? $"ColorPalette({p})" : $"ColorPalette({string.Join(", ", Members)})";
}

/// <summary>One colour of an explicit palette.</summary>
/// <param name="ColorHex">The colour as <c>#RRGGBB</c> or <c>#RGB</c>.</param>
/// <param name="Weight">Its weight, 0.05 to 1.0; optional.</param>
public sealed record ColorPaletteMember(string ColorHex, double? Weight = null);
