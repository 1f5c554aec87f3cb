using System.CommandLine;
using System.Globalization;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>
/// The request-field options of one command (<c>--aspect-ratio</c>, <c>--seed</c>...), each tied to the neutral
/// <see cref="ImageParameter"/> it sets, so its help can list what the chosen provider's mapping table allows.
/// </summary>
internal sealed class FieldOptions
{
    private readonly List<(Option Option, string Summary, Func<ProviderCapabilities, string> Allowed)> _fields = [];

    /// <summary>Creates the set for <paramref name="command"/>, which runs <paramref name="operation"/>.</summary>
    /// <param name="command">The command the options are added to.</param>
    /// <param name="operation">The operation it runs.</param>
    public FieldOptions(Command command, ImageOperation operation)
    {
        Command = command;
        Operation = operation;
    }

    /// <summary>The command the options belong to.</summary>
    public Command Command { get; }

    /// <summary>The operation whose rules the help describes.</summary>
    public ImageOperation Operation { get; }

    /// <summary>Adds a text option.</summary>
    /// <param name="name">The option name (<c>--prompt</c>).</param>
    /// <param name="parameter">The neutral parameter it sets.</param>
    /// <param name="summary">What it is, in a few words.</param>
    /// <param name="required">Whether the command cannot run without it.</param>
    /// <param name="operation">The operation whose rules apply, when not the command's own (<c>--upscale-factor</c> applies to transparent generation).</param>
    /// <returns>The option.</returns>
    public Option<string> Text(string name, ImageParameter parameter, string summary, bool required = false, ImageOperation? operation = null) =>
        Add(new Option<string>(name) { Required = required, HelpName = HelpNameOf(parameter) }, summary, c => Allowed(c, operation ?? Operation, parameter));

    /// <summary>Adds a whole-number option.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="parameter">The neutral parameter it sets.</param>
    /// <param name="summary">What it is, in a few words.</param>
    /// <returns>The option.</returns>
    public Option<T?> Number<T>(string name, ImageParameter parameter, string summary)
        where T : struct =>
        Add(new Option<T?>(name) { HelpName = "N" }, summary, c => Allowed(c, Operation, parameter));

    /// <summary>Adds an option that may be given several times (<c>--style-code A --style-code B</c>).</summary>
    /// <param name="name">The option name.</param>
    /// <param name="parameter">The neutral parameter it sets.</param>
    /// <param name="summary">What it is, in a few words.</param>
    /// <returns>The option.</returns>
    public Option<string[]> Many(string name, ImageParameter parameter, string summary) =>
        Add(new Option<string[]>(name) { HelpName = HelpNameOf(parameter), AllowMultipleArgumentsPerToken = false }, summary, c => Allowed(c, Operation, parameter));

    /// <summary>Adds a switch that selects another operation (<c>--transparent</c>: transparent generation).</summary>
    /// <param name="name">The option name.</param>
    /// <param name="operation">The operation it selects.</param>
    /// <param name="summary">What it does, in a few words.</param>
    /// <returns>The option.</returns>
    public Option<bool> Switch(string name, ImageOperation operation, string summary) =>
        Add(new Option<bool>(name), summary, c => c.Supports(operation) ? $"{c.Provider}: offered." : $"{c.Provider} does not offer {operation}.");

    /// <summary>Sets every option's help text from <paramref name="provider"/>'s mapping table for <see cref="Operation"/>.</summary>
    /// <param name="provider">The provider the help is for.</param>
    public void Describe(IdeogramProvider provider)
    {
        var capabilities = IdeogramClient.GetCapabilities(provider);
        foreach (var (option, summary, allowed) in _fields)
        {
            option.Description = $"{summary} {allowed(capabilities)}";
        }
    }

    /// <summary>What <paramref name="capabilities"/> allow for one parameter, as a sentence.</summary>
    /// <param name="capabilities">The provider's capabilities.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>For example "Runware: TURBO, DEFAULT, BALANCED, QUALITY." or "Not offered by Segmind for Edit.".</returns>
    public static string Allowed(ProviderCapabilities capabilities, ImageOperation operation, ImageParameter parameter)
    {
        var provider = capabilities.Provider;
        if (!capabilities.Supports(operation))
        {
            return $"{provider} does not offer {operation}.";
        }

        if (!capabilities.Supports(operation, parameter))
        {
            return $"Not offered by {provider} for {operation}.";
        }

        var required = capabilities.IsRequired(operation, parameter) ? " Required." : string.Empty;
        var values = AllowedValues(capabilities, operation, parameter);
        if (values.Count > 0)
        {
            return $"{provider}: {string.Join(", ", values)}.{required}";
        }

        if (capabilities.GetRange(operation, parameter) is { } range)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{provider}: {range.Min}..{range.Max}.{required}");
        }

        return capabilities.GetMaxCount(operation, parameter) is { } max
            ? string.Create(CultureInfo.InvariantCulture, $"{provider}: at most {max}.{required}")
            : $"Taken by {provider}.{required}";
    }

    /// <summary>
    /// The values a provider takes for an enumerated parameter: its mapping table's list, or, where the table takes any
    /// known value, the catalog of the neutral model.
    /// </summary>
    /// <param name="capabilities">The provider's capabilities.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The values; empty for parameters that are not enumerated.</returns>
    public static IReadOnlyList<string> AllowedValues(ProviderCapabilities capabilities, ImageOperation operation, ImageParameter parameter)
    {
        var values = capabilities.GetAllowedValues(operation, parameter);
        return values.Count > 0 ? values : Catalog(parameter);
    }

    private static IReadOnlyList<string> Catalog(ImageParameter parameter) => parameter switch
    {
        ImageParameter.Resolution => [.. Resolution.Known.Select(v => v.Value)],
        ImageParameter.AspectRatio => [.. AspectRatio.Known.Select(v => v.Value)],
        ImageParameter.RenderingSpeed => [.. RenderingSpeed.Known.Select(v => v.Value)],
        ImageParameter.MagicPrompt => [.. MagicPrompt.Known.Select(v => v.Value)],
        ImageParameter.StyleType => [.. StyleType.Known.Select(v => v.Value)],
        ImageParameter.StylePreset => [.. StylePreset.Known.Select(v => v.Value)],
        ImageParameter.ColorPalette => [.. ColorPalettePreset.Known.Select(v => v.Value)],
        ImageParameter.UpscaleFactor => [.. UpscaleFactor.Known.Select(v => v.Value)],
        ImageParameter.DescribeModelVersion => [.. DescribeModelVersion.Known.Select(v => v.Value)],
        ImageParameter.MagicPromptVersion => [.. MagicPromptVersion.Known.Select(v => v.Value)],
        _ => [],
    };

    private static string HelpNameOf(ImageParameter parameter) => parameter switch
    {
        ImageParameter.Image or ImageParameter.Mask or ImageParameter.StyleReferenceImages
            or ImageParameter.CharacterReferenceImages or ImageParameter.CharacterReferenceImageMasks => "PATH|URL",
        ImageParameter.Prompt or ImageParameter.NegativePrompt => "TEXT",
        ImageParameter.CustomModelUri => "URI",
        ImageParameter.StyleCodes => "CODE",
        _ => "VALUE",
    };

    private T Add<T>(T option, string summary, Func<ProviderCapabilities, string> allowed)
        where T : Option
    {
        option.Description = summary;
        _fields.Add((option, summary, allowed));
        Command.Options.Add(option);
        return option;
    }
}
