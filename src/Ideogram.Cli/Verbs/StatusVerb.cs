using System.CommandLine;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram status TOKEN</c>: one status read of a job; prints its state.</summary>
internal sealed class StatusVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => JobCommand.Create(
        cli,
        "status",
        "Read a job's state once and print it (Queued, Running, Succeeded, Failed, Canceled). Exits 5 for a failed job.",
        savesImages: false,
        async (client, job, run, _, cancellationToken) =>
        {
            var status = await client.PollAsync(job, cancellationToken).ConfigureAwait(false);
            run.Record(job, status);
            run.Result(CommandOutput.StateText(status));
            return status.State is ImageJobState.Failed or ImageJobState.Canceled
                ? run.Fail(status.Error ?? new IdeogramJobFailedException($"{job.Provider} job '{job.Id}' ended as {status.State}."))
                : run.Finish(ExitCodes.Success);
        });
}
