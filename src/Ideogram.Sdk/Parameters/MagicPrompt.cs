// The known values below are the enum of Ideogram schema MagicPromptOption in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>Whether MagicPrompt may rewrite the prompt: <c>AUTO</c>, <c>ON</c> or <c>OFF</c>.</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<MagicPrompt>))]
public readonly struct MagicPrompt : IOpenEnumeration<MagicPrompt>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>AUTO</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public MagicPrompt(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>AUTO</c>.</summary>
    public static MagicPrompt Auto { get; } = new("AUTO");

    /// <summary>The value <c>ON</c>.</summary>
    public static MagicPrompt On { get; } = new("ON");

    /// <summary>The value <c>OFF</c>.</summary>
    public static MagicPrompt Off { get; } = new("OFF");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<MagicPrompt> Known { get; } = [Auto, On, Off];

    static MagicPrompt IOpenEnumeration<MagicPrompt>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(MagicPrompt other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MagicPrompt other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(MagicPrompt left, MagicPrompt right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(MagicPrompt left, MagicPrompt right) => !left.Equals(right);
}
