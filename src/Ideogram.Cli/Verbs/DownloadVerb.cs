using System.CommandLine;
using Ideogram.Cli.Running;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram download TOKEN</c>: saves the images of a job that has finished (without waiting).</summary>
internal sealed class DownloadVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => JobCommand.Create(
        cli,
        "download",
        "Save the images of a finished job (one status read, no waiting). A job still running exits 6: use 'ideogram wait TOKEN'.",
        savesImages: true,
        async (client, job, run, directory, cancellationToken) =>
        {
            var status = await client.PollAsync(job, cancellationToken).ConfigureAwait(false);
            run.Record(job, status);
            switch (status.State)
            {
                case ImageJobState.Succeeded when status.Result is { } result:
                    run.Record(result);
                    return await CommandRunner.SaveAsync(client, result, run, directory, cancellationToken).ConfigureAwait(false);
                case ImageJobState.Failed or ImageJobState.Canceled or ImageJobState.Succeeded:
                    return run.Fail(status.Error ?? new IdeogramJobFailedException($"{job.Provider} job '{job.Id}' ended as {status.State} without images."));
                default:
                    var message = $"job {job.Id} is {status.State}: nothing to download yet. Wait for it with: ideogram wait {run.Document.JobToken}";
                    run.Document.Error = new CliError { Kind = "timeout", Message = message };
                    run.Result(run.Document.JobToken!);
                    run.Warn(message);
                    return run.Finish(ExitCodes.Timeout);
            }
        });
}
