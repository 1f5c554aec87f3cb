using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram wait TOKEN</c>: waits for a job to end, then saves its images.</summary>
internal sealed class WaitVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli)
    {
        var command = new Command("wait", "Wait for a job to end, then save its images (as the operation verbs do).");
        var token = JobTokenArgument.Create();
        command.Arguments.Add(token);
        var connection = new ConnectionOptions(command, withProvider: false);
        var output = new OutputOptions(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunJobAsync(cli.Host, parse, "wait", parse.GetRequiredValue(token), connection, output, async (client, job, run, directory) =>
        {
            var result = await run.TrackAsync(client, $"wait on {run.Document.Provider}", () => client.WaitAsync(job, null, cancellationToken)).ConfigureAwait(false);
            run.Record(result);
            return await CommandRunner.SaveAsync(client, result, run, directory, cancellationToken).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}
