using System.Globalization;
using System.Text;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Mapping;

/// <summary>
/// Renders the provider × operation and provider × parameter tables of the README from the mapping tables, so the
/// documentation is generated from the same data that validates requests.
/// </summary>
internal static class CapabilitiesTable
{
    /// <summary>The most values a cell lists before it gives a count instead.</summary>
    private const int MaxListedValues = 6;

    /// <summary>The Markdown of both tables, for every provider available in this build.</summary>
    public static string RenderMarkdown()
    {
        var providers = Enum.GetValues<IdeogramProvider>().Where(ProviderRegistry.IsAvailable).Select(p => ProviderRegistry.Get(p).Profile).ToList();
        var text = new StringBuilder();
        Header(text, "Operation", providers);
        foreach (var operation in Enum.GetValues<ImageOperation>())
        {
            Row(text, operation.ToString(), providers.Select(p => p.Operations.ContainsKey(operation) ? "✓" : "—"));
        }

        Row(text, "Images per call", providers.Select(p => p.MaxImagesPerCall.ToString(CultureInfo.InvariantCulture)));
        Row(text, "Image inputs", providers.Select(p => string.Join(", ", new[] { p.AcceptsImageUrls ? "URL" : null, p.AcceptsImageBytes ? "bytes" : null }.OfType<string>())));
        Row(text, "Jobs", providers.Select(p => p.IsAsynchronous ? "queued (polled)" : "synchronous"));

        text.Append('\n');
        Header(text, "Parameter", providers);
        foreach (var parameter in Enum.GetValues<ImageParameter>())
        {
            Row(text, parameter.ToString(), providers.Select(p => Cell(p, parameter)));
        }

        return text.ToString();
    }

    /// <summary>What a provider takes for a parameter across its operations: values, a range, a count limit, ✓, or —.</summary>
    internal static string Cell(ProviderProfile profile, ImageParameter parameter)
    {
        var rules = profile.Operations.OrderBy(o => o.Key).Select(o => o.Value[parameter]).OfType<ParameterRule>().ToList();
        if (rules.Count == 0)
        {
            return "—";
        }

        var values = rules.Where(r => r.Values is not null).SelectMany(r => r.AllowedValues).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (values.Count > 0)
        {
            return values.Count <= MaxListedValues
                ? string.Join(", ", values)
                : values.Count.ToString(CultureInfo.InvariantCulture) + " values";
        }

        var ranged = rules.Where(r => r.Min is not null && r.Max is not null).ToList();
        if (ranged.Count > 0)
        {
            return FormattableString.Invariant($"{ranged.Min(r => r.Min)}..{ranged.Max(r => r.Max)}");
        }

        return rules.Select(r => r.MaxCount).OfType<int>().DefaultIfEmpty().Max() is > 0 and var max
            ? FormattableString.Invariant($"✓ (at most {max})")
            : "✓";
    }

    private static void Header(StringBuilder text, string first, List<ProviderProfile> providers)
    {
        Row(text, first, providers.Select(p => p.Provider.ToString()));
        Row(text, "---", providers.Select(_ => "---"));
    }

    private static void Row(StringBuilder text, string first, IEnumerable<string> cells) =>
        text.Append("| ").Append(first).Append(" | ").Append(string.Join(" | ", cells)).Append(" |\n");
}
