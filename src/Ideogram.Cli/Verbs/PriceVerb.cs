using System.CommandLine;
using System.Globalization;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;
using Spectre.Console;

namespace Ideogram.Cli.Verbs;

/// <summary>
/// <c>ideogram price generate --prompt TEXT [--provider P]</c>: what a request would cost, from the SDK's price table,
/// for one provider or for every provider side by side. The request is built and checked against each provider's
/// mapping table exactly as the operation verbs build it; nothing is sent and no key is needed.
/// </summary>
internal sealed class PriceVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => OperationVerb.CreateGroup(
        cli,
        "price",
        "Show what a request would cost at each provider (or the one given), from the SDK's price table; sends nothing and needs no key.",
        OperationUse.Price);

    /// <summary>Prices the request of a parse and prints the estimates.</summary>
    /// <param name="host">The host.</param>
    /// <param name="parse">The parse result.</param>
    /// <param name="name">The command name, for the document (<c>price generate</c>).</param>
    /// <param name="build">Builds the request from the parse.</param>
    /// <param name="provider">The <c>--provider</c> option.</param>
    /// <param name="outputOptions">The <c>--json</c> option.</param>
    /// <returns>
    /// The exit code: success when some provider has a price; otherwise the validation code when the request is refused
    /// (by the one provider given, or by every provider), or the failure code when no price is known.
    /// </returns>
    public static int Quote(CliHost host, ParseResult parse, string name, Func<ParseResult, CliHost, ImageRequest> build, Option<IdeogramProvider?> provider, OutputOptions outputOptions)
    {
        var output = new CommandOutput(host, name, outputOptions.Json(parse));
        try
        {
            var chosen = parse.GetValue(provider);
            if (chosen is { } one)
            {
                output.Target(one, null);
            }

            var request = build(parse, host);
            output.Document.Operation = request.Operation.ToString();
            var quotes = (chosen is { } only ? [only] : Enum.GetValues<IdeogramProvider>()).Select(p => Estimate(request, p)).ToList();
            output.Document.Prices = [.. quotes.Select(ToDocument)];
            if (!output.Json && (chosen is null || quotes[0].Estimate is not null))
            {
                host.Out.Write(Table(request.Operation, quotes));
            }

            if (quotes.Any(q => q.Estimate is not null))
            {
                return output.Finish(ExitCodes.Success);
            }

            return output.Fail(chosen is not null ? quotes[0].Refusal! : quotes.All(q => q.Refusal is not InvalidOperationException)
                ? new ArgumentException("No provider can serve this request: each one's reason is in the table.")
                : new InvalidOperationException("No price is known for this request at the providers that can serve it."));
        }
        catch (Exception e) when (Failures.IsExpected(e))
        {
            return output.Fail(e);
        }
    }

    /// <summary>The SDK's estimate at one provider, or why there is none.</summary>
    private static Estimated Estimate(ImageRequest request, IdeogramProvider provider)
    {
        try
        {
            return new Estimated(provider, PriceTable.Default.Estimate(request, provider), null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // ArgumentException: the provider's mapping table refuses the request; InvalidOperationException: no price line.
            return new Estimated(provider, null, e);
        }
    }

    private static CliPrice ToDocument(Estimated quote) => quote.Estimate is { } estimate
        ? new CliPrice
        {
            Provider = ValueParsers.Name(quote.Provider),
            Unit = estimate.Price is { } price ? UnitName(price.Unit) : null,
            UnitMinUsd = estimate.Price?.MinUsd,
            UnitMaxUsd = estimate.Price?.MaxUsd,
            Quantity = estimate.Quantity,
            MinUsd = estimate.MinUsd,
            MaxUsd = estimate.MaxUsd,
            Confirmed = estimate.IsConfirmed,
            Source = estimate.Price?.Source,
            AsOf = estimate.Price?.AsOf,
            Note = estimate.Price?.Note,
            Basis = estimate.Basis,
        }
        : new CliPrice
        {
            Provider = ValueParsers.Name(quote.Provider),
            CannotServe = Failures.Describe(quote.Refusal!, quote.Refusal is InvalidOperationException ? "no-price" : "validation"),
        };

    /// <summary>One row per provider: the price per image (or request), the count, the total and the source, or why it cannot serve.</summary>
    private static Table Table(ImageOperation operation, List<Estimated> quotes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{FileNames.Of(operation)}: estimated cost (USD), before anything is sent")
            .AddColumn("Provider")
            .AddColumn("Price")
            .AddColumn(new TableColumn("Images").RightAligned())
            .AddColumn(new TableColumn("Total").RightAligned())
            .AddColumn("Source");
        foreach (var quote in quotes)
        {
            var name = ValueParsers.Name(quote.Provider);
            if (quote.Estimate is not { } estimate)
            {
                table.AddRow(new Text(name), new Text("cannot serve"), new Text("—"), new Text("—"), new Text(Failures.OneLine(quote.Refusal!.Message)));
                continue;
            }

            var mark = estimate.IsConfirmed ? string.Empty : " *";
            table.AddRow(
                new Text(name),
                new Text(estimate.Price is { } price ? $"{Usd(price.MinUsd, price.MaxUsd)} per {UnitName(price.Unit)}{mark}" : "—"),
                new Text(estimate.Price?.Unit == PriceUnit.PerRequest ? "1 request" : estimate.Quantity.ToString(CultureInfo.InvariantCulture)),
                new Text(Usd(estimate.MinUsd, estimate.MaxUsd) + mark),
                new Text(estimate.Price is { } line ? Source(line) : estimate.Basis));
        }

        if (quotes.Any(q => q.Estimate is { IsConfirmed: false }))
        {
            table.Caption("* unconfirmed: no source gives this figure for exactly this case (the source column says what is assumed)");
        }

        return table;
    }

    private static string Source(ProviderPrice price) =>
        price.Source
        + (price.AsOf is { } date ? ", " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty)
        + (price.Note is { } note ? "; * " + note : string.Empty);

    private static string UnitName(PriceUnit unit) => unit == PriceUnit.PerRequest ? "request" : "image";

    private static string Usd(decimal min, decimal max) => min == max
        ? string.Create(CultureInfo.InvariantCulture, $"${min:0.00##}")
        : string.Create(CultureInfo.InvariantCulture, $"${min:0.00##}–${max:0.00##}");

    /// <summary>A provider's estimate, or the exception that says why it has none.</summary>
    private sealed record Estimated(IdeogramProvider Provider, CostEstimate? Estimate, Exception? Refusal);
}
