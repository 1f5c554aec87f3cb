// The known values below are the enum of Ideogram schema ResolutionV3 in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>An exact output size such as <c>1024x1024</c> (Ideogram 3.0 <c>resolution</c>, 69 values).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<Resolution>))]
public readonly struct Resolution : IOpenEnumeration<Resolution>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>512x1536</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public Resolution(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The first number of the value (the width, or the width part of the ratio); 0 when the value is not <c>WxH</c>.</summary>
    public int Width => OpenEnum.Dimension(_value, 0);

    /// <summary>The second number of the value (the height, or the height part of the ratio); 0 when the value is not <c>WxH</c>.</summary>
    public int Height => OpenEnum.Dimension(_value, 1);

    /// <summary>The value <c>512x1536</c>.</summary>
    public static Resolution Res512x1536 { get; } = new("512x1536");

    /// <summary>The value <c>576x1408</c>.</summary>
    public static Resolution Res576x1408 { get; } = new("576x1408");

    /// <summary>The value <c>576x1472</c>.</summary>
    public static Resolution Res576x1472 { get; } = new("576x1472");

    /// <summary>The value <c>576x1536</c>.</summary>
    public static Resolution Res576x1536 { get; } = new("576x1536");

    /// <summary>The value <c>640x1344</c>.</summary>
    public static Resolution Res640x1344 { get; } = new("640x1344");

    /// <summary>The value <c>640x1408</c>.</summary>
    public static Resolution Res640x1408 { get; } = new("640x1408");

    /// <summary>The value <c>640x1472</c>.</summary>
    public static Resolution Res640x1472 { get; } = new("640x1472");

    /// <summary>The value <c>640x1536</c>.</summary>
    public static Resolution Res640x1536 { get; } = new("640x1536");

    /// <summary>The value <c>704x1152</c>.</summary>
    public static Resolution Res704x1152 { get; } = new("704x1152");

    /// <summary>The value <c>704x1216</c>.</summary>
    public static Resolution Res704x1216 { get; } = new("704x1216");

    /// <summary>The value <c>704x1280</c>.</summary>
    public static Resolution Res704x1280 { get; } = new("704x1280");

    /// <summary>The value <c>704x1344</c>.</summary>
    public static Resolution Res704x1344 { get; } = new("704x1344");

    /// <summary>The value <c>704x1408</c>.</summary>
    public static Resolution Res704x1408 { get; } = new("704x1408");

    /// <summary>The value <c>704x1472</c>.</summary>
    public static Resolution Res704x1472 { get; } = new("704x1472");

    /// <summary>The value <c>736x1312</c>.</summary>
    public static Resolution Res736x1312 { get; } = new("736x1312");

    /// <summary>The value <c>768x1088</c>.</summary>
    public static Resolution Res768x1088 { get; } = new("768x1088");

    /// <summary>The value <c>768x1216</c>.</summary>
    public static Resolution Res768x1216 { get; } = new("768x1216");

    /// <summary>The value <c>768x1280</c>.</summary>
    public static Resolution Res768x1280 { get; } = new("768x1280");

    /// <summary>The value <c>768x1344</c>.</summary>
    public static Resolution Res768x1344 { get; } = new("768x1344");

    /// <summary>The value <c>800x1280</c>.</summary>
    public static Resolution Res800x1280 { get; } = new("800x1280");

    /// <summary>The value <c>832x960</c>.</summary>
    public static Resolution Res832x960 { get; } = new("832x960");

    /// <summary>The value <c>832x1024</c>.</summary>
    public static Resolution Res832x1024 { get; } = new("832x1024");

    /// <summary>The value <c>832x1088</c>.</summary>
    public static Resolution Res832x1088 { get; } = new("832x1088");

    /// <summary>The value <c>832x1152</c>.</summary>
    public static Resolution Res832x1152 { get; } = new("832x1152");

    /// <summary>The value <c>832x1216</c>.</summary>
    public static Resolution Res832x1216 { get; } = new("832x1216");

    /// <summary>The value <c>832x1248</c>.</summary>
    public static Resolution Res832x1248 { get; } = new("832x1248");

    /// <summary>The value <c>864x1152</c>.</summary>
    public static Resolution Res864x1152 { get; } = new("864x1152");

    /// <summary>The value <c>896x960</c>.</summary>
    public static Resolution Res896x960 { get; } = new("896x960");

    /// <summary>The value <c>896x1024</c>.</summary>
    public static Resolution Res896x1024 { get; } = new("896x1024");

    /// <summary>The value <c>896x1088</c>.</summary>
    public static Resolution Res896x1088 { get; } = new("896x1088");

    /// <summary>The value <c>896x1120</c>.</summary>
    public static Resolution Res896x1120 { get; } = new("896x1120");

    /// <summary>The value <c>896x1152</c>.</summary>
    public static Resolution Res896x1152 { get; } = new("896x1152");

    /// <summary>The value <c>960x832</c>.</summary>
    public static Resolution Res960x832 { get; } = new("960x832");

    /// <summary>The value <c>960x896</c>.</summary>
    public static Resolution Res960x896 { get; } = new("960x896");

    /// <summary>The value <c>960x1024</c>.</summary>
    public static Resolution Res960x1024 { get; } = new("960x1024");

    /// <summary>The value <c>960x1088</c>.</summary>
    public static Resolution Res960x1088 { get; } = new("960x1088");

    /// <summary>The value <c>1024x832</c>.</summary>
    public static Resolution Res1024x832 { get; } = new("1024x832");

    /// <summary>The value <c>1024x896</c>.</summary>
    public static Resolution Res1024x896 { get; } = new("1024x896");

    /// <summary>The value <c>1024x960</c>.</summary>
    public static Resolution Res1024x960 { get; } = new("1024x960");

    /// <summary>The value <c>1024x1024</c>.</summary>
    public static Resolution Res1024x1024 { get; } = new("1024x1024");

    /// <summary>The value <c>1088x768</c>.</summary>
    public static Resolution Res1088x768 { get; } = new("1088x768");

    /// <summary>The value <c>1088x832</c>.</summary>
    public static Resolution Res1088x832 { get; } = new("1088x832");

    /// <summary>The value <c>1088x896</c>.</summary>
    public static Resolution Res1088x896 { get; } = new("1088x896");

    /// <summary>The value <c>1088x960</c>.</summary>
    public static Resolution Res1088x960 { get; } = new("1088x960");

    /// <summary>The value <c>1120x896</c>.</summary>
    public static Resolution Res1120x896 { get; } = new("1120x896");

    /// <summary>The value <c>1152x704</c>.</summary>
    public static Resolution Res1152x704 { get; } = new("1152x704");

    /// <summary>The value <c>1152x832</c>.</summary>
    public static Resolution Res1152x832 { get; } = new("1152x832");

    /// <summary>The value <c>1152x864</c>.</summary>
    public static Resolution Res1152x864 { get; } = new("1152x864");

    /// <summary>The value <c>1152x896</c>.</summary>
    public static Resolution Res1152x896 { get; } = new("1152x896");

    /// <summary>The value <c>1216x704</c>.</summary>
    public static Resolution Res1216x704 { get; } = new("1216x704");

    /// <summary>The value <c>1216x768</c>.</summary>
    public static Resolution Res1216x768 { get; } = new("1216x768");

    /// <summary>The value <c>1216x832</c>.</summary>
    public static Resolution Res1216x832 { get; } = new("1216x832");

    /// <summary>The value <c>1248x832</c>.</summary>
    public static Resolution Res1248x832 { get; } = new("1248x832");

    /// <summary>The value <c>1280x704</c>.</summary>
    public static Resolution Res1280x704 { get; } = new("1280x704");

    /// <summary>The value <c>1280x768</c>.</summary>
    public static Resolution Res1280x768 { get; } = new("1280x768");

    /// <summary>The value <c>1280x800</c>.</summary>
    public static Resolution Res1280x800 { get; } = new("1280x800");

    /// <summary>The value <c>1312x736</c>.</summary>
    public static Resolution Res1312x736 { get; } = new("1312x736");

    /// <summary>The value <c>1344x640</c>.</summary>
    public static Resolution Res1344x640 { get; } = new("1344x640");

    /// <summary>The value <c>1344x704</c>.</summary>
    public static Resolution Res1344x704 { get; } = new("1344x704");

    /// <summary>The value <c>1344x768</c>.</summary>
    public static Resolution Res1344x768 { get; } = new("1344x768");

    /// <summary>The value <c>1408x576</c>.</summary>
    public static Resolution Res1408x576 { get; } = new("1408x576");

    /// <summary>The value <c>1408x640</c>.</summary>
    public static Resolution Res1408x640 { get; } = new("1408x640");

    /// <summary>The value <c>1408x704</c>.</summary>
    public static Resolution Res1408x704 { get; } = new("1408x704");

    /// <summary>The value <c>1472x576</c>.</summary>
    public static Resolution Res1472x576 { get; } = new("1472x576");

    /// <summary>The value <c>1472x640</c>.</summary>
    public static Resolution Res1472x640 { get; } = new("1472x640");

    /// <summary>The value <c>1472x704</c>.</summary>
    public static Resolution Res1472x704 { get; } = new("1472x704");

    /// <summary>The value <c>1536x512</c>.</summary>
    public static Resolution Res1536x512 { get; } = new("1536x512");

    /// <summary>The value <c>1536x576</c>.</summary>
    public static Resolution Res1536x576 { get; } = new("1536x576");

    /// <summary>The value <c>1536x640</c>.</summary>
    public static Resolution Res1536x640 { get; } = new("1536x640");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<Resolution> Known { get; } = [Res512x1536, Res576x1408, Res576x1472, Res576x1536, Res640x1344, Res640x1408, Res640x1472, Res640x1536, Res704x1152, Res704x1216, Res704x1280, Res704x1344, Res704x1408, Res704x1472, Res736x1312, Res768x1088, Res768x1216, Res768x1280, Res768x1344, Res800x1280, Res832x960, Res832x1024, Res832x1088, Res832x1152, Res832x1216, Res832x1248, Res864x1152, Res896x960, Res896x1024, Res896x1088, Res896x1120, Res896x1152, Res960x832, Res960x896, Res960x1024, Res960x1088, Res1024x832, Res1024x896, Res1024x960, Res1024x1024, Res1088x768, Res1088x832, Res1088x896, Res1088x960, Res1120x896, Res1152x704, Res1152x832, Res1152x864, Res1152x896, Res1216x704, Res1216x768, Res1216x832, Res1248x832, Res1280x704, Res1280x768, Res1280x800, Res1312x736, Res1344x640, Res1344x704, Res1344x768, Res1408x576, Res1408x640, Res1408x704, Res1472x576, Res1472x640, Res1472x704, Res1536x512, Res1536x576, Res1536x640];

    static Resolution IOpenEnumeration<Resolution>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(Resolution other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Resolution other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(Resolution left, Resolution right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(Resolution left, Resolution right) => !left.Equals(right);
}
