using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;
using Spectre.Console;

namespace Ideogram.Cli.Verbs;

/// <summary>
/// <c>ideogram capabilities [--provider P]</c>: what each provider offers, read from the SDK's mapping tables (the
/// same data that validates requests). Without a provider, one column per provider; with one, one column per operation.
/// </summary>
internal sealed class CapabilitiesVerb : ICliVerb
{
    /// <summary>The most values a cell lists before it gives a count (the full lists are in each verb's --help and in --json).</summary>
    private const int MaxListedValues = 6;

    /// <inheritdoc />
    public Command Create(IdeogramCli cli)
    {
        var command = new Command("capabilities", "Show what the providers offer: operations, parameters and allowed values.");
        var provider = ProviderOption.CreateOptional("Show one provider in detail (every operation it offers). Default: all providers side by side.");
        command.Options.Add(provider);
        var output = new OutputOptions(command, savesImages: false);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(provider);
            IReadOnlyList<ProviderCapabilities> all = chosen is { } one
                ? [IdeogramClient.GetCapabilities(one)]
                : [.. Enum.GetValues<IdeogramProvider>().Select(IdeogramClient.GetCapabilities)];
            if (output.Json(parse))
            {
                cli.Host.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(all.Select(ToDocument).ToList(), CliJsonContext.Output.ListCliCapabilities));
            }
            else
            {
                cli.Host.Out.Write(chosen is null ? Compare(all) : Detail(all[0]));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One column per provider: which operations it offers and what it takes for each parameter.</summary>
    private static Table Compare(IReadOnlyList<ProviderCapabilities> providers)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(string.Empty);
        foreach (var capabilities in providers)
        {
            table.AddColumn(ValueParsers.Name(capabilities.Provider));
        }

        foreach (var operation in Enum.GetValues<ImageOperation>())
        {
            Row(table, operation.ToString(), providers.Select(c => c.Supports(operation) ? "✓" : "—"));
        }

        Row(table, "Images per call", providers.Select(c => c.MaxImagesPerCall.ToString(CultureInfo.InvariantCulture)));
        Row(table, "Image inputs", providers.Select(Inputs));
        Row(table, "Jobs", providers.Select(c => c.IsAsynchronous ? "queued" : "synchronous"));
        Row(table, "Key variable", providers.Select(c => IdeogramClient.GetApiKeyVariable(c.Provider)));
        foreach (var parameter in Enum.GetValues<ImageParameter>())
        {
            Row(table, parameter.ToString(), providers.Select(c => Cell(c, c.Operations.Where(o => c.Supports(o, parameter)).ToList(), parameter)));
        }

        return table;
    }

    /// <summary>One provider, one column per operation it offers.</summary>
    private static Table Detail(ProviderCapabilities capabilities)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{ValueParsers.Name(capabilities.Provider)}: {Inputs(capabilities)} inputs, {(capabilities.IsAsynchronous ? "queued" : "synchronous")} jobs, {capabilities.MaxImagesPerCall} image(s) per call, key in {IdeogramClient.GetApiKeyVariable(capabilities.Provider)}")
            .AddColumn(string.Empty);
        foreach (var operation in capabilities.Operations)
        {
            table.AddColumn(FileNames.Of(operation));
        }

        foreach (var parameter in Enum.GetValues<ImageParameter>())
        {
            if (capabilities.Operations.Any(o => capabilities.Supports(o, parameter)))
            {
                Row(table, parameter.ToString(), capabilities.Operations.Select(o => Cell(capabilities, capabilities.Supports(o, parameter) ? [o] : [], parameter)));
            }
        }

        return table;
    }

    /// <summary>What a provider takes for a parameter over some operations: values, a range, a count limit, ✓, or —.</summary>
    private static string Cell(ProviderCapabilities capabilities, List<ImageOperation> operations, ImageParameter parameter)
    {
        if (operations.Count == 0)
        {
            return "—";
        }

        var values = operations.SelectMany(o => FieldOptions.AllowedValues(capabilities, o, parameter)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (values.Count > 0)
        {
            return values.Count <= MaxListedValues ? string.Join(", ", values) : string.Create(CultureInfo.InvariantCulture, $"{values.Count} values");
        }

        var ranges = operations.Select(o => capabilities.GetRange(o, parameter)).OfType<(long Min, long Max)>().ToList();
        if (ranges.Count > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ranges.Min(r => r.Min)}..{ranges.Max(r => r.Max)}");
        }

        var required = operations.All(o => capabilities.IsRequired(o, parameter)) ? " (required)" : string.Empty;
        return operations.Select(o => capabilities.GetMaxCount(o, parameter)).OfType<int>().DefaultIfEmpty().Max() is > 0 and var max
            ? string.Create(CultureInfo.InvariantCulture, $"✓ (at most {max})")
            : "✓" + required;
    }

    private static string Inputs(ProviderCapabilities capabilities) =>
        string.Join(", ", new[] { capabilities.AcceptsImageUrls ? "URL" : null, capabilities.AcceptsImageBytes ? "file" : null }.OfType<string>());

    private static void Row(Table table, string name, IEnumerable<string> cells) =>
        table.AddRow([new Text(name), .. cells.Select(c => new Text(c))]);

    private static CliCapabilities ToDocument(ProviderCapabilities capabilities)
    {
        var document = new CliCapabilities
        {
            Provider = ValueParsers.Name(capabilities.Provider),
            ApiKeyVariable = IdeogramClient.GetApiKeyVariable(capabilities.Provider),
            MaxImagesPerCall = capabilities.MaxImagesPerCall,
            AcceptsImageUrls = capabilities.AcceptsImageUrls,
            AcceptsImageBytes = capabilities.AcceptsImageBytes,
            IsAsynchronous = capabilities.IsAsynchronous,
        };
        foreach (var operation in capabilities.Operations)
        {
            var entry = new CliOperation { Name = operation.ToString() };
            foreach (var parameter in capabilities.GetParameters(operation))
            {
                var values = FieldOptions.AllowedValues(capabilities, operation, parameter);
                var range = capabilities.GetRange(operation, parameter);
                entry.Parameters.Add(new CliParameter
                {
                    Name = parameter.ToString(),
                    Required = capabilities.IsRequired(operation, parameter),
                    Values = values.Count > 0 ? values : null,
                    Min = range?.Min,
                    Max = range?.Max,
                    MaxCount = capabilities.GetMaxCount(operation, parameter),
                });
            }

            document.Operations.Add(entry);
        }

        return document;
    }
}
