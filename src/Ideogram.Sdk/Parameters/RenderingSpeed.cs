// The known values below are the enum of Ideogram schema RenderingSpeed in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>The rendering speed (and price tier) of a generation: <c>FLASH</c>, <c>TURBO</c>, <c>DEFAULT</c>, <c>QUALITY</c> (and <c>BALANCED</c>, the original name of <c>DEFAULT</c>).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<RenderingSpeed>))]
public readonly struct RenderingSpeed : IOpenEnumeration<RenderingSpeed>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>FLASH</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public RenderingSpeed(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>FLASH</c>.</summary>
    public static RenderingSpeed Flash { get; } = new("FLASH");

    /// <summary>The value <c>TURBO</c>.</summary>
    public static RenderingSpeed Turbo { get; } = new("TURBO");

    /// <summary>The value <c>BALANCED</c>.</summary>
    public static RenderingSpeed Balanced { get; } = new("BALANCED");

    /// <summary>The value <c>DEFAULT</c>.</summary>
    public static RenderingSpeed Default { get; } = new("DEFAULT");

    /// <summary>The value <c>QUALITY</c>.</summary>
    public static RenderingSpeed Quality { get; } = new("QUALITY");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<RenderingSpeed> Known { get; } = [Flash, Turbo, Balanced, Default, Quality];

    static RenderingSpeed IOpenEnumeration<RenderingSpeed>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(RenderingSpeed other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RenderingSpeed other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(RenderingSpeed left, RenderingSpeed right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(RenderingSpeed left, RenderingSpeed right) => !left.Equals(right);
}
