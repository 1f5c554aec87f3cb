using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI;

/// <summary>
/// Reads the values of <c>ImageGenerationOptions.AdditionalProperties</c> leniently: the SDK's own type, its string
/// spelling, any .NET number or boolean, or a <see cref="JsonElement"/> holding one (as values arrive after a JSON
/// round trip). A value of the wrong kind is refused with an <see cref="IdeogramValidationException"/> naming the key.
/// </summary>
internal sealed class PropertyReader(IdeogramProvider provider, ImageOperation operation)
{
    private static readonly char[] ListSeparators = [',', ';', ' ', '\t', '\n', '\r'];

    public string Text(string key, ImageParameter? parameter, object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        _ => throw Bad(key, parameter, value, "a string"),
    };

    public long Integer(string key, ImageParameter? parameter, object value)
    {
        long? result = value switch
        {
            int i => i,
            long l => l,
            short s => s,
            sbyte s => s,
            byte b => b,
            ushort u => u,
            uint u => u,
            ulong u when u <= long.MaxValue => (long)u,
            double d => Whole(d),
            float f => Whole(f),
            decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue => (long)m,
            string s => ParseInteger(s),
            JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt64(out var n) ? n : Whole(e.GetDouble()),
            JsonElement { ValueKind: JsonValueKind.String } e => ParseInteger(e.GetString()!),
            _ => null,
        };
        return result ?? throw Bad(key, parameter, value, "an integer");
    }

    public bool Boolean(string key, ImageParameter? parameter, object value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var b) => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString()!.Trim(), out var b) => b,
        _ => throw Bad(key, parameter, value, "true or false"),
    };

    /// <summary>An open enumeration from itself or its spelling; <paramref name="spell"/> turns a friendly spelling into the wire one.</summary>
    public T Open<T>(string key, ImageParameter parameter, object value, Func<string, string>? spell = null)
        where T : struct, IOpenEnumeration<T>
    {
        var text = value switch
        {
            T known => known.Value,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Bad(key, parameter, value, $"a {typeof(T).Name} or its name");
        }

        return T.Create(spell is null ? text.Trim() : spell(text.Trim()));
    }

    public IReadOnlyList<string> Strings(string key, ImageParameter parameter, object value)
    {
        switch (value)
        {
            case string s:
                return s.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return e.GetString()!.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                var fromJson = new List<string>();
                foreach (var item in array.EnumerateArray())
                {
                    fromJson.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Bad(key, parameter, value, "a list of strings"));
                }

                return fromJson;
            case System.Collections.IEnumerable items:
                var list = new List<string>();
                foreach (var item in items)
                {
                    list.Add(item switch
                    {
                        string text => text,
                        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
                        _ => throw Bad(key, parameter, value, "a list of strings"),
                    });
                }

                return list;
            default:
                throw Bad(key, parameter, value, "a list of strings");
        }
    }

    public MagicPrompt MagicPromptOf(string key, object value) => value switch
    {
        bool b => b ? MagicPrompt.On : MagicPrompt.Off,
        JsonElement { ValueKind: JsonValueKind.True } => MagicPrompt.On,
        JsonElement { ValueKind: JsonValueKind.False } => MagicPrompt.Off,
        _ => Open<MagicPrompt>(key, ImageParameter.MagicPrompt, value, Upper),
    };

    public ColorPalette PaletteOf(string key, object value)
    {
        switch (value)
        {
            case ColorPalette palette:
                return palette;
            case ColorPalettePreset preset:
                return ColorPalette.FromPreset(preset);
            case IEnumerable<ColorPaletteMember> members:
                return ColorPalette.FromMembers(members);
        }

        // A string that names no colour is a preset name; otherwise the value is a list of hex colours.
        if (value is string or JsonElement { ValueKind: JsonValueKind.String })
        {
            var text = Text(key, ImageParameter.ColorPalette, value).Trim();
            if (text.Length > 0 && !text.Contains('#', StringComparison.Ordinal))
            {
                return ColorPalette.FromPreset(Open<ColorPalettePreset>(key, ImageParameter.ColorPalette, text, Upper));
            }
        }

        var hexes = Strings(key, ImageParameter.ColorPalette, value);
        return ColorPalette.FromMembers(hexes.Select(h => new ColorPaletteMember(h)));
    }

    public ImageInput ImageOf(string key, ImageParameter parameter, object value) => value switch
    {
        ImageInput input => input,
        DataContent data => ImageInputs.From(data),
        UriContent uri => ImageInput.FromUrl(uri.Uri),
        byte[] bytes => ImageInput.FromBytes(bytes),
        ReadOnlyMemory<byte> memory => ImageInput.FromBytes(memory),
        Uri { IsAbsoluteUri: true } uri => ImageInput.FromUrl(uri),
        string s when s.StartsWith("data:", StringComparison.OrdinalIgnoreCase) => ImageInputs.From(new DataContent(s)),
        string s when Uri.TryCreate(s, UriKind.Absolute, out var uri) => ImageInput.FromUrl(uri),
        _ => throw Bad(key, parameter, value, "an image (DataContent, UriContent, ImageInput, bytes or an absolute URL)"),
    };

    public UnsupportedParameterBehavior BehaviorOf(string key, object value)
    {
        if (value is UnsupportedParameterBehavior behavior)
        {
            return behavior;
        }

        var text = value is string or JsonElement { ValueKind: JsonValueKind.String } ? Text(key, null, value) : null;
        return Squash(text) switch
        {
            "strict" => UnsupportedParameterBehavior.Strict,
            "besteffort" => UnsupportedParameterBehavior.BestEffort,
            _ => throw Bad(key, null, value, "strict or best_effort"),
        };
    }

    public IdeogramValidationException Bad(string key, ImageParameter? parameter, object value, string expected) =>
        new(provider, operation, parameter, $"is given as AdditionalProperties[\"{key}\"] = {Kind(value)}, which is not {expected}", expected);

    /// <summary>The spelling of a key or keyword without case, <c>_</c> or <c>-</c>: <c>style_type</c>, <c>styleType</c> and <c>Style-Type</c> are one.</summary>
    public static string Squash(string? text) =>
        text is null ? string.Empty : string.Concat(text.Where(c => c is not ('_' or '-' or ' '))).ToLowerInvariant();

    /// <summary>Upper case with spaces and dashes as underscores: <c>art deco</c> is <c>ART_DECO</c>.</summary>
    public static string Upper(string text) => text.Replace(' ', '_').Replace('-', '_').ToUpperInvariant();

    /// <summary>What a value is, for messages: its kind, never its content (it may be a prompt or other user data).</summary>
    private static string Kind(object value) => value switch
    {
        JsonElement e => $"a JSON {e.ValueKind}",
        _ => $"a {value.GetType().Name}",
    };

    private static long? Whole(double d) =>
        double.IsFinite(d) && d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758e18 ? (long)d : null;

    private static long? ParseInteger(string s) =>
        long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>Image inputs from Microsoft.Extensions.AI content.</summary>
internal static class ImageInputs
{
    public static ImageInput From(DataContent data) => ImageInput.FromBytes(data.Data, data.Name, data.MediaType);
}
