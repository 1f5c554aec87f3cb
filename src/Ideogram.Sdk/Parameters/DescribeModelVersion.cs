// The known values below are the enum of Ideogram schema DescribeModelVersion in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>The model version used by describe (<c>describe_model_version</c>).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<DescribeModelVersion>))]
public readonly struct DescribeModelVersion : IOpenEnumeration<DescribeModelVersion>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>V_2</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public DescribeModelVersion(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>V_2</c>.</summary>
    public static DescribeModelVersion V2 { get; } = new("V_2");

    /// <summary>The value <c>V_3</c>.</summary>
    public static DescribeModelVersion V3 { get; } = new("V_3");

    /// <summary>The value <c>CUSTOM</c>.</summary>
    public static DescribeModelVersion Custom { get; } = new("CUSTOM");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<DescribeModelVersion> Known { get; } = [V2, V3, Custom];

    static DescribeModelVersion IOpenEnumeration<DescribeModelVersion>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DescribeModelVersion other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DescribeModelVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(DescribeModelVersion left, DescribeModelVersion right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(DescribeModelVersion left, DescribeModelVersion right) => !left.Equals(right);
}
