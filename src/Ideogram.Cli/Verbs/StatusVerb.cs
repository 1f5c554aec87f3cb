using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram status TOKEN</c>: one status read of a job; prints its state.</summary>
internal sealed class StatusVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli)
    {
        var command = new Command("status", "Read a job's state once and print it (Queued, Running, Succeeded, Failed, Canceled). Exits 5 for a failed job.");
        var token = JobTokenArgument.Create();
        command.Arguments.Add(token);
        var connection = new ConnectionOptions(command, withProvider: false);
        var output = new OutputOptions(command, savesImages: false);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunJobAsync(cli.Host, parse, "status", parse.GetRequiredValue(token), connection, output, async (client, job, run, _) =>
        {
            var status = await client.PollAsync(job, cancellationToken).ConfigureAwait(false);
            run.Record(job, status);
            run.Result(CommandOutput.StateText(status));
            if (status.State is ImageJobState.Failed or ImageJobState.Canceled)
            {
                return run.Fail(status.Error ?? new IdeogramJobFailedException($"{job.Provider} job '{job.Id}' ended as {status.State}."));
            }

            return run.Finish(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }
}
