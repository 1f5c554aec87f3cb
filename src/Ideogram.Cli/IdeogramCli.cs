using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Cli.Verbs;
using Ideogram.Sdk;

namespace Ideogram.Cli;

/// <summary>The <c>ideogram</c> command: its verbs, its help and how a command line is run.</summary>
internal sealed class IdeogramCli
{
    private readonly Dictionary<Command, (FieldOptions Fields, Option Provider, string Description)> _fieldHelp = [];

    private IdeogramCli(CliHost host) => Host = host;

    /// <summary>The verbs that run one operation each; <c>submit</c> and <c>price</c> offer the same ones as subcommands.</summary>
    public static IReadOnlyList<OperationVerb> Operations { get; } =
    [
        new GenerateVerb(), new EditVerb(), new RemixVerb(), new ReframeVerb(), new ReplaceBackgroundVerb(), new DescribeVerb(), new UpscaleVerb(),
    ];

    /// <summary>Every verb, in the order the help lists them.</summary>
    public static IReadOnlyList<ICliVerb> Verbs { get; } =
    [
        .. Operations, new SubmitVerb(), new StatusVerb(), new WaitVerb(), new DownloadVerb(), new CapabilitiesVerb(), new PriceVerb(), new EmulatorVerb(),
    ];

    /// <summary>The consoles, environment and working directory the commands use.</summary>
    public CliHost Host { get; }

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments (without the program name).</param>
    /// <param name="host">The host.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl+C).</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliHost host, CancellationToken cancellationToken)
    {
        var cli = new IdeogramCli(host);
        var root = cli.CreateRoot();
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return cli.ReportUsageErrors(parse, args);
        }

        var configuration = new InvocationConfiguration
        {
            Output = host.Out.Profile.Out.Writer,
            Error = host.Error.Profile.Out.Writer,

            // Ctrl+C is turned into the cancellation token by the program itself.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the help of <paramref name="command"/> list, for each request option, the values the provider named by
    /// <c>--provider</c> (or the default one) accepts.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="fields">Its request options.</param>
    /// <param name="provider">Its <c>--provider</c> option.</param>
    public void DescribePerProvider(Command command, FieldOptions fields, Option provider)
    {
        fields.Describe(IdeogramProvider.Ideogram);
        _fieldHelp[command] = (fields, provider, command.Description ?? string.Empty);
    }

    private RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Make and change images with Ideogram 3.0 through Ideogram, Runflow, Segmind, Runware or API in One. " +
            "With no API key and no --base-url the commands run against a local emulator (placeholder images, nothing charged).");
        foreach (var verb in Verbs)
        {
            root.Subcommands.Add(verb.Create(this));
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ProviderHelpAction((HelpAction)help.Action!, this);
        return root;
    }

    private int ReportUsageErrors(ParseResult parse, IReadOnlyList<string> args)
    {
        var verb = VerbPath(parse.CommandResult);
        var output = new CommandOutput(Host, verb, args.Contains("--json"));
        var message = string.Join(" ", parse.Errors.Select(e => e.Message));
        var code = output.Fail(new UsageException(message));
        Host.Error.Profile.Out.Writer.WriteLine($"Run '{(verb.Length == 0 ? "ideogram" : "ideogram " + verb)} --help' to see the options.");
        return code;
    }

    /// <summary>The verbs of a parse, without the program name (<c>submit generate</c>; empty for the root).</summary>
    private static string VerbPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult { Command: not RootCommand } command; current = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return string.Join(" ", names);
    }

    /// <summary>The help action: sets the request options' texts for the chosen provider, then writes the usual help.</summary>
    private sealed class ProviderHelpAction(HelpAction inner, IdeogramCli cli) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            if (cli._fieldHelp.TryGetValue(command, out var help))
            {
                var named = parseResult.GetResult(help.Provider)?.Tokens is [var first, ..] ? first.Value : null;
                var provider = named is not null && ValueParsers.TryParseProvider(named, out var p) ? p : IdeogramProvider.Ideogram;
                help.Fields.Describe(provider);
                command.Description = $"{help.Description} The values listed are {ValueParsers.Name(provider)}'s (add --provider NAME for another's).";
            }

            return inner.Invoke(parseResult);
        }
    }
}
