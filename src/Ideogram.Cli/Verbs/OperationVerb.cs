using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary>What a command built from an <see cref="OperationVerb"/> does with its request.</summary>
internal enum OperationUse
{
    /// <summary>Runs it to its end and saves the images (<c>generate</c>).</summary>
    Run,

    /// <summary>Submits it and prints the job token (<c>submit generate</c>).</summary>
    Submit,

    /// <summary>Prints what it would cost, sending nothing (<c>price generate</c>).</summary>
    Price,
}

/// <summary>
/// A verb that runs one operation (<c>generate</c>, <c>edit</c>...). A subclass names it and declares its request
/// options once; the same options serve the verb itself, <c>submit NAME</c> and <c>price NAME</c>.
/// </summary>
internal abstract class OperationVerb : ICliVerb
{
    /// <summary>The verb (<c>replace-background</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The operation whose rules its help lists.</summary>
    public abstract ImageOperation Operation { get; }

    /// <summary>What it does, for the help.</summary>
    public abstract string Description { get; }

    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => Create(cli, OperationUse.Run);

    /// <summary>Creates this operation's command for one use (the verb itself, or a subcommand of <c>submit</c> or <c>price</c>).</summary>
    /// <param name="cli">The tool.</param>
    /// <param name="use">What the command does with the request.</param>
    /// <returns>The command.</returns>
    public Command Create(IdeogramCli cli, OperationUse use) => AddTo(cli, new Command(Name, use switch
    {
        OperationUse.Submit => $"Submit: {Description} Prints the job token and returns without waiting (a provider that answers at once has its images saved).",
        OperationUse.Price => $"Price: {Description} Prints what it would cost at each provider (or the one given); sends nothing and spends nothing.",
        _ => Description,
    }), use);

    /// <summary>
    /// Creates a verb whose subcommands are the operations (<c>submit generate</c>, <c>price edit</c>...). Given request
    /// options and no operation, it is generate: <c>submit --prompt TEXT</c> is <c>submit generate --prompt TEXT</c>.
    /// </summary>
    /// <param name="cli">The tool.</param>
    /// <param name="name">The verb.</param>
    /// <param name="description">What it does.</param>
    /// <param name="use">What its commands do with the request.</param>
    /// <returns>The command.</returns>
    public static Command CreateGroup(IdeogramCli cli, string name, string description, OperationUse use)
    {
        var command = new Command(name, $"{description} With no operation, the options are generate's ('ideogram {name} --prompt TEXT').");
        foreach (var operation in IdeogramCli.Operations)
        {
            command.Subcommands.Add(operation.Create(cli, use));
        }

        return IdeogramCli.Operations.OfType<GenerateVerb>().Single().AddTo(cli, command, use);
    }

    /// <summary>
    /// Gives <paramref name="command"/> this operation's request options and the options and action of
    /// <paramref name="use"/> (so <c>submit</c> and <c>price</c> can take generate's options themselves).
    /// </summary>
    /// <param name="cli">The tool.</param>
    /// <param name="command">The command.</param>
    /// <param name="use">What the command does with the request.</param>
    /// <returns><paramref name="command"/>.</returns>
    public Command AddTo(IdeogramCli cli, Command command, OperationUse use)
    {
        var fields = new FieldOptions(command, Operation);
        var build = AddFields(fields);
        var name = use switch
        {
            OperationUse.Submit => $"submit {Name}",
            OperationUse.Price => $"price {Name}",
            _ => Name,
        };
        if (use == OperationUse.Price)
        {
            var provider = ProviderOption.CreateOptional("Price the request at this provider only. Default: every provider, side by side.");
            command.Options.Add(provider);
            var json = new OutputOptions(command, savesImages: false);
            cli.DescribePerProvider(command, fields, provider);
            command.SetAction(parse => PriceVerb.Quote(cli.Host, parse, name, build, provider, json));
            return command;
        }

        var connection = new ConnectionOptions(command);
        var output = new OutputOptions(command);
        cli.DescribePerProvider(command, fields, connection.Provider!);
        var run = new OperationCommand(name, connection, output, build);
        command.SetAction((parse, cancellationToken) => use == OperationUse.Submit
            ? CommandRunner.SubmitAsync(cli.Host, parse, run, cancellationToken)
            : CommandRunner.RunOperationAsync(cli.Host, parse, run, cancellationToken));
        return command;
    }

    /// <summary>Adds the request options to <paramref name="fields"/> and says how to build the request from them.</summary>
    /// <param name="fields">The command's request options.</param>
    /// <returns>The request builder.</returns>
    protected abstract Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields);
}
