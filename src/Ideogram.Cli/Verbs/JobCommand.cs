using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary>The shape of the verbs that act on a job token (<c>status</c>, <c>wait</c>, <c>download</c>).</summary>
internal static class JobCommand
{
    /// <summary>
    /// Creates a command taking a <c>TOKEN</c> argument and the connection options (the provider comes from the
    /// token), whose action runs <paramref name="act"/> with a client for the token's provider.
    /// </summary>
    /// <param name="cli">The tool.</param>
    /// <param name="name">The verb.</param>
    /// <param name="description">What it does.</param>
    /// <param name="savesImages">Whether it saves images (and so takes <c>--out</c>).</param>
    /// <param name="act">What to do with the job: gets the client, the job, the output, the output directory and the Ctrl+C token; returns the exit code.</param>
    /// <returns>The command.</returns>
    public static Command Create(
        IdeogramCli cli,
        string name,
        string description,
        bool savesImages,
        Func<ObservedClient, ImageJob, CommandOutput, string, CancellationToken, Task<int>> act)
    {
        var command = new Command(name, description);
        var token = new Argument<string>("TOKEN")
        {
            Description = "A job token, as printed by 'ideogram submit' (or by a command that timed out). It names the provider; the key is read for that provider.",
        };
        command.Arguments.Add(token);
        var connection = new ConnectionOptions(command, withProvider: false);
        var output = new OutputOptions(command, savesImages);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunJobAsync(
            cli.Host,
            parse,
            name,
            parse.GetRequiredValue(token),
            connection,
            output,
            (client, job, run, directory) => act(client, job, run, directory, cancellationToken),
            cancellationToken));
        return command;
    }
}
