// The known values below are the enum of Ideogram schema StyleTypeV3 in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>The broad style of a generation (Ideogram 3.0 <c>style_type</c>).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<StyleType>))]
public readonly struct StyleType : IOpenEnumeration<StyleType>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>AUTO</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public StyleType(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>AUTO</c>.</summary>
    public static StyleType Auto { get; } = new("AUTO");

    /// <summary>The value <c>GENERAL</c>.</summary>
    public static StyleType General { get; } = new("GENERAL");

    /// <summary>The value <c>REALISTIC</c>.</summary>
    public static StyleType Realistic { get; } = new("REALISTIC");

    /// <summary>The value <c>DESIGN</c>.</summary>
    public static StyleType Design { get; } = new("DESIGN");

    /// <summary>The value <c>CUSTOM</c>.</summary>
    public static StyleType Custom { get; } = new("CUSTOM");

    /// <summary>The value <c>FICTION</c>.</summary>
    public static StyleType Fiction { get; } = new("FICTION");

    /// <summary>The value <c>STYLIZED</c>.</summary>
    public static StyleType Stylized { get; } = new("STYLIZED");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<StyleType> Known { get; } = [Auto, General, Realistic, Design, Custom, Fiction, Stylized];

    static StyleType IOpenEnumeration<StyleType>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(StyleType other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StyleType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(StyleType left, StyleType right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(StyleType left, StyleType right) => !left.Equals(right);
}
