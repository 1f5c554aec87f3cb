using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary>
/// A verb that runs one operation (<c>generate</c>, <c>edit</c>...). A subclass names it and declares its request
/// options; the verb runs it to its end and saves the images, and <c>submit NAME</c> submits it without waiting.
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
    public Command Create(IdeogramCli cli) => CreateCommand(cli, submit: false);

    /// <summary>Creates the <c>submit</c> subcommand of this operation.</summary>
    /// <param name="cli">The tool.</param>
    /// <returns>The command.</returns>
    public Command CreateSubmit(IdeogramCli cli) => CreateCommand(cli, submit: true);

    /// <summary>Adds the request options to <paramref name="fields"/> and says how to build the request from them.</summary>
    /// <param name="fields">The command's request options.</param>
    /// <returns>The request builder.</returns>
    protected abstract Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields);

    private Command CreateCommand(IdeogramCli cli, bool submit)
    {
        var command = new Command(Name, submit
            ? $"Submit: {Description} Prints the job token and returns without waiting (a provider that answers at once has its images saved)."
            : Description);
        var fields = new FieldOptions(command, Operation);
        var build = AddFields(fields);
        var connection = new ConnectionOptions(command);
        var output = new OutputOptions(command);
        cli.DescribePerProvider(command, fields, connection.Provider!);
        var run = new OperationCommand(submit ? $"submit {Name}" : Name, connection, output, build);
        command.SetAction((parse, cancellationToken) => submit
            ? CommandRunner.SubmitAsync(cli.Host, parse, run, cancellationToken)
            : CommandRunner.RunOperationAsync(cli.Host, parse, run, cancellationToken));
        return command;
    }
}
