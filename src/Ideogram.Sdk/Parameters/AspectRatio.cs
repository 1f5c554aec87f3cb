// The known values below are the enum of Ideogram schema AspectRatioV3 in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>An output aspect ratio such as <c>16x9</c> (Ideogram 3.0 <c>aspect_ratio</c>, 15 values).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<AspectRatio>))]
public readonly struct AspectRatio : IOpenEnumeration<AspectRatio>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>1x3</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public AspectRatio(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The first number of the value (the width, or the width part of the ratio); 0 when the value is not <c>WxH</c>.</summary>
    public int Width => OpenEnum.Dimension(_value, 0);

    /// <summary>The second number of the value (the height, or the height part of the ratio); 0 when the value is not <c>WxH</c>.</summary>
    public int Height => OpenEnum.Dimension(_value, 1);

    /// <summary>The value <c>1x3</c>.</summary>
    public static AspectRatio Ratio1x3 { get; } = new("1x3");

    /// <summary>The value <c>3x1</c>.</summary>
    public static AspectRatio Ratio3x1 { get; } = new("3x1");

    /// <summary>The value <c>1x2</c>.</summary>
    public static AspectRatio Ratio1x2 { get; } = new("1x2");

    /// <summary>The value <c>2x1</c>.</summary>
    public static AspectRatio Ratio2x1 { get; } = new("2x1");

    /// <summary>The value <c>9x16</c>.</summary>
    public static AspectRatio Ratio9x16 { get; } = new("9x16");

    /// <summary>The value <c>16x9</c>.</summary>
    public static AspectRatio Ratio16x9 { get; } = new("16x9");

    /// <summary>The value <c>10x16</c>.</summary>
    public static AspectRatio Ratio10x16 { get; } = new("10x16");

    /// <summary>The value <c>16x10</c>.</summary>
    public static AspectRatio Ratio16x10 { get; } = new("16x10");

    /// <summary>The value <c>2x3</c>.</summary>
    public static AspectRatio Ratio2x3 { get; } = new("2x3");

    /// <summary>The value <c>3x2</c>.</summary>
    public static AspectRatio Ratio3x2 { get; } = new("3x2");

    /// <summary>The value <c>3x4</c>.</summary>
    public static AspectRatio Ratio3x4 { get; } = new("3x4");

    /// <summary>The value <c>4x3</c>.</summary>
    public static AspectRatio Ratio4x3 { get; } = new("4x3");

    /// <summary>The value <c>4x5</c>.</summary>
    public static AspectRatio Ratio4x5 { get; } = new("4x5");

    /// <summary>The value <c>5x4</c>.</summary>
    public static AspectRatio Ratio5x4 { get; } = new("5x4");

    /// <summary>The value <c>1x1</c>.</summary>
    public static AspectRatio Ratio1x1 { get; } = new("1x1");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<AspectRatio> Known { get; } = [Ratio1x3, Ratio3x1, Ratio1x2, Ratio2x1, Ratio9x16, Ratio16x9, Ratio10x16, Ratio16x10, Ratio2x3, Ratio3x2, Ratio3x4, Ratio4x3, Ratio4x5, Ratio5x4, Ratio1x1];

    static AspectRatio IOpenEnumeration<AspectRatio>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(AspectRatio other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AspectRatio other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(AspectRatio left, AspectRatio right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(AspectRatio left, AspectRatio right) => !left.Equals(right);
}
