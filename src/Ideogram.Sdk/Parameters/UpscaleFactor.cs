// The known values below are the enum of Ideogram schema UpscaleFactor in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>How much a transparent-background generation is upscaled: <c>X1</c>, <c>X2</c> or <c>X4</c>.</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<UpscaleFactor>))]
public readonly struct UpscaleFactor : IOpenEnumeration<UpscaleFactor>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>X1</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public UpscaleFactor(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>X1</c>.</summary>
    public static UpscaleFactor X1 { get; } = new("X1");

    /// <summary>The value <c>X2</c>.</summary>
    public static UpscaleFactor X2 { get; } = new("X2");

    /// <summary>The value <c>X4</c>.</summary>
    public static UpscaleFactor X4 { get; } = new("X4");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<UpscaleFactor> Known { get; } = [X1, X2, X4];

    static UpscaleFactor IOpenEnumeration<UpscaleFactor>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(UpscaleFactor other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UpscaleFactor other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(UpscaleFactor left, UpscaleFactor right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(UpscaleFactor left, UpscaleFactor right) => !left.Equals(right);
}
