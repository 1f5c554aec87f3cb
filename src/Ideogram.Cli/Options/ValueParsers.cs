using System.CommandLine.Parsing;
using System.Globalization;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>Reads the values typed on the command line that are not plain strings or numbers.</summary>
internal static class ValueParsers
{
    /// <summary>The provider names the tool accepts, in <see cref="IdeogramProvider"/> order.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = [.. Enum.GetValues<IdeogramProvider>().Select(Name)];

    /// <summary>The name of a provider on the command line (<c>apiinone</c> for API in One).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>Its lower-case name.</returns>
    public static string Name(IdeogramProvider provider) => provider.ToString().ToLowerInvariant();

    /// <summary>Reads a provider name, case-insensitively; <c>api-in-one</c> is also accepted.</summary>
    /// <param name="text">The name as typed.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseProvider(string text, out IdeogramProvider provider)
    {
        var name = text.Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<IdeogramProvider>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                provider = candidate;
                return true;
            }
        }

        provider = default;
        return false;
    }

    /// <summary>An option parser for <c>--provider</c>.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The provider (the parse error is recorded on <paramref name="result"/> otherwise).</returns>
    public static IdeogramProvider Provider(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParseProvider(text, out var provider))
        {
            return provider;
        }

        result.AddError($"Unknown provider '{text}'. Use one of: {string.Join(", ", ProviderNames)}.");
        return default;
    }

    /// <summary>
    /// An option parser for durations: a number with a unit (<c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>1h</c>), a plain
    /// number of seconds, or <c>hh:mm:ss</c>; more than zero.
    /// </summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The duration (the parse error is recorded on <paramref name="result"/> otherwise).</returns>
    public static TimeSpan? Duration(ArgumentResult result) => Duration(result, allowZero: false);

    /// <summary>An option parser for durations that may be zero (<c>0ms</c>: at once).</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The duration (the parse error is recorded on <paramref name="result"/> otherwise).</returns>
    public static TimeSpan? DurationOrZero(ArgumentResult result) => Duration(result, allowZero: true);

    private static TimeSpan? Duration(ArgumentResult result, bool allowZero)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParseDuration(text, allowZero, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration: use for example 500ms, 30s, 10m or 1h.");
        return null;
    }

    private static bool TryParseDuration(string text, bool allowZero, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        double? seconds = null;
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, unit) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count))
            {
                seconds = count * unit;
                break;
            }
        }

        if (seconds is null && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            seconds = plain;
        }

        if (seconds is { } value)
        {
            if (value >= TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(value);
        }
        else if (!text.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return false;
        }

        return duration > TimeSpan.Zero || (allowZero && duration == TimeSpan.Zero);
    }

    /// <summary>An option parser for absolute http(s) URLs.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The URL (the parse error is recorded on <paramref name="result"/> otherwise).</returns>
    public static Uri? HttpUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"'{text}' is not an absolute http(s) URL.");
        return null;
    }

    /// <summary>
    /// Reads <c>--color-palette</c>: a preset name (<c>PASTEL</c>), or colours with optional weights
    /// (<c>#FF0000:0.6,#00FF00:0.4</c>). The SDK checks the colours and weights.
    /// </summary>
    /// <param name="text">The palette as typed.</param>
    /// <returns>The palette.</returns>
    /// <exception cref="UsageException">A weight is not a number.</exception>
    public static ColorPalette ColorPalette(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('#'))
        {
            return Sdk.ColorPalette.FromPreset(new ColorPalettePreset(text));
        }

        var members = new List<ColorPaletteMember>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                members.Add(new ColorPaletteMember(part));
                continue;
            }

            var weight = part[(colon + 1)..];
            if (!double.TryParse(weight, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w))
            {
                throw new UsageException($"--color-palette: '{weight}' is not a weight (use a number such as 0.5, as in #FF0000:0.5).");
            }

            members.Add(new ColorPaletteMember(part[..colon], w));
        }

        return Sdk.ColorPalette.FromMembers(members);
    }
}
