using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Sdk;

/// <summary>An open enumeration: a string value with well-known instances and room for values not known yet.</summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface IOpenEnumeration<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IOpenEnumeration<TSelf>
{
    /// <summary>The value as the wire spells it.</summary>
    string Value { get; }

    /// <summary>Creates an instance from its wire spelling.</summary>
    /// <param name="value">The wire spelling.</param>
    /// <returns>The instance.</returns>
    static abstract TSelf Create(string value);
}

/// <summary>Shared behaviour of the open enumerations: case-insensitive equality that also works on <c>default</c>.</summary>
internal static class OpenEnum
{
    public static string Require(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value.Trim();
    }

    public static bool Equal(string? left, string? right) =>
        string.Equals(left ?? string.Empty, right ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    public static int Hash(string? value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value ?? string.Empty);

    public static bool IsKnown<T>(IReadOnlyList<T> known, T value)
        where T : struct, IOpenEnumeration<T> =>
        KnownValues<T>.For(known).Contains(value.Value);

    /// <summary>
    /// The spellings of a type's known values as a case-insensitive set (the same equality as the type's own), built once
    /// from its <c>Known</c> list: validation asks about several values on every call, and a list of 60 presets is long to scan.
    /// </summary>
    private static class KnownValues<T>
        where T : struct, IOpenEnumeration<T>
    {
        /// <summary>The last list asked about and its set, as one object so a reader never sees one without the other.</summary>
        private static Tuple<IReadOnlyList<T>, FrozenSet<string>>? s_last;

        public static FrozenSet<string> For(IReadOnlyList<T> known)
        {
            if (Volatile.Read(ref s_last) is { } last && ReferenceEquals(last.Item1, known))
            {
                return last.Item2;
            }

            var values = new string[known.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = known[i].Value;
            }

            var set = values.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
            Volatile.Write(ref s_last, Tuple.Create(known, set));
            return set;
        }
    }

    /// <summary>Finds the canonical known instance for a value, so a user's <c>"turbo"</c> is sent as <c>TURBO</c>.</summary>
    public static T Canonical<T>(IReadOnlyList<T> known, T value)
        where T : struct, IOpenEnumeration<T>
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (known[i].Equals(value))
            {
                return known[i];
            }
        }

        return value;
    }

    /// <summary>Reads <c>W</c> (index 0) or <c>H</c> (index 1) of a <c>WxH</c> value; 0 when it is not of that form.</summary>
    public static int Dimension(string? value, int index)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        var x = value.AsSpan().IndexOfAny('x', 'X', ':');
        if (x <= 0 || x == value.Length - 1)
        {
            return 0;
        }

        // Both numbers must parse: a value that is not WxH as a whole has neither a width nor a height.
        return int.TryParse(value.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(value.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                ? (index == 0 ? w : h)
                : 0;
    }
}

/// <summary>Reads and writes an open enumeration as its JSON string.</summary>
/// <typeparam name="T">The open enumeration.</typeparam>
public sealed class OpenEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IOpenEnumeration<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }

        var value = reader.GetString();
        return string.IsNullOrWhiteSpace(value) ? default : T.Create(value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
