using System.CommandLine;
using Ideogram.Cli.Running;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram wait TOKEN</c>: waits for a job to end, then saves its images.</summary>
internal sealed class WaitVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => JobCommand.Create(
        cli,
        "wait",
        "Wait for a job to end, then save its images (as the operation verbs do).",
        savesImages: true,
        async (client, job, run, directory, cancellationToken) =>
        {
            var result = await run.TrackAsync(client, $"wait on {run.Document.Provider}", () => client.WaitAsync(job, null, cancellationToken)).ConfigureAwait(false);
            run.Record(result);
            return await CommandRunner.SaveAsync(client, result, run, directory, cancellationToken).ConfigureAwait(false);
        });
}
