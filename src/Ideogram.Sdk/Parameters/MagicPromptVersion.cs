// The known values below are the enum of Ideogram schema MagicPromptVersionEnum in Ideogram's OpenAPI spec;
// tests/Ideogram.Sdk.Tests/Spec holds a copy of that spec and a test keeps this list equal to it.
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>The MagicPrompt version an upscale may use (<c>magic_prompt_version</c>).</summary>
/// <remarks>
/// An open enumeration: the known values are static properties, and any other string can be carried too
/// (providers add values over time). Equality is case-insensitive; <see cref="ToString"/> returns the value.
/// </remarks>
[JsonConverter(typeof(OpenEnumJsonConverter<MagicPromptVersion>))]
public readonly struct MagicPromptVersion : IOpenEnumeration<MagicPromptVersion>
{
    private readonly string? _value;

    /// <summary>Creates a value; prefer the static known values.</summary>
    /// <param name="value">The wire spelling, for example <c>V_0</c>.</param>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public MagicPromptVersion(string value) => _value = OpenEnum.Require(value);

    /// <summary>The value as the wire spells it; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is one of <see cref="Known"/>.</summary>
    public bool IsKnown => OpenEnum.IsKnown(Known, this);

    /// <summary>The value <c>V_0</c>.</summary>
    public static MagicPromptVersion V0 { get; } = new("V_0");

    /// <summary>The value <c>V_0_1</c>.</summary>
    public static MagicPromptVersion V01 { get; } = new("V_0_1");

    /// <summary>The value <c>V_0_2</c>.</summary>
    public static MagicPromptVersion V02 { get; } = new("V_0_2");

    /// <summary>The value <c>V_0_3</c>.</summary>
    public static MagicPromptVersion V03 { get; } = new("V_0_3");

    /// <summary>The value <c>V_0_4</c>.</summary>
    public static MagicPromptVersion V04 { get; } = new("V_0_4");

    /// <summary>The value <c>V_0_5</c>.</summary>
    public static MagicPromptVersion V05 { get; } = new("V_0_5");

    /// <summary>The value <c>V_0_6</c>.</summary>
    public static MagicPromptVersion V06 { get; } = new("V_0_6");

    /// <summary>The value <c>V_0_7</c>.</summary>
    public static MagicPromptVersion V07 { get; } = new("V_0_7");

    /// <summary>The value <c>V_0_8</c>.</summary>
    public static MagicPromptVersion V08 { get; } = new("V_0_8");

    /// <summary>Every value the Ideogram 3.0 spec lists, in the spec's order.</summary>
    public static IReadOnlyList<MagicPromptVersion> Known { get; } = [V0, V01, V02, V03, V04, V05, V06, V07, V08];

    static MagicPromptVersion IOpenEnumeration<MagicPromptVersion>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(MagicPromptVersion other) => OpenEnum.Equal(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MagicPromptVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => OpenEnum.Hash(_value);

    /// <summary>The value as the wire spells it.</summary>
    public override string ToString() => Value;

    /// <summary>Case-insensitive equality.</summary>
    public static bool operator ==(MagicPromptVersion left, MagicPromptVersion right) => left.Equals(right);

    /// <summary>Case-insensitive inequality.</summary>
    public static bool operator !=(MagicPromptVersion left, MagicPromptVersion right) => !left.Equals(right);
}
