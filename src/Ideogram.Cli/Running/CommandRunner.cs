using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Running;

/// <summary>The name and options of one operation command (<c>generate</c>, <c>submit generate</c>...).</summary>
/// <param name="Name">The command name, for the <c>--json</c> document.</param>
/// <param name="Connection">Its connection options.</param>
/// <param name="Output">Its output options.</param>
/// <param name="Build">Builds the request from a parse.</param>
internal sealed record OperationCommand(string Name, ConnectionOptions Connection, OutputOptions Output, Func<ParseResult, CliHost, ImageRequest> Build);

/// <summary>The flows the verbs share: run an operation and save its images, submit a job, act on a job token.</summary>
internal static class CommandRunner
{
    /// <summary>Runs an operation to its end (a queued job is waited for), then saves the images.</summary>
    /// <param name="host">The host.</param>
    /// <param name="parse">The parse result.</param>
    /// <param name="command">The command's name and options.</param>
    /// <param name="cancellationToken">Cancels the run (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunOperationAsync(CliHost host, ParseResult parse, OperationCommand command, CancellationToken cancellationToken) =>
        RunAsync(host, parse, command, async (client, request, output, directory) =>
        {
            var result = await output.TrackAsync(client, $"{FileNames.Of(request.Operation)} on {output.Document.Provider}", () => ExecuteAsync(client, request, cancellationToken)).ConfigureAwait(false);
            output.Record(result);
            return await SaveAsync(client, result, output, directory, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Submits a job and prints its token without waiting. A provider that answers at once (Ideogram) gives a finished
    /// job: its images are saved right away, since they are paid for and their links expire.
    /// </summary>
    /// <param name="host">The host.</param>
    /// <param name="parse">The parse result.</param>
    /// <param name="command">The command's name and options.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> SubmitAsync(CliHost host, ParseResult parse, OperationCommand command, CancellationToken cancellationToken) =>
        RunAsync(host, parse, command, async (client, request, output, directory) =>
        {
            var job = await output.TrackAsync(client, $"submitting {FileNames.Of(request.Operation)} to {output.Document.Provider}", () => client.SubmitAsync(request, null, cancellationToken)).ConfigureAwait(false);
            output.Record(job);
            output.Result(output.Document.JobToken!);
            if (job.Result is { } done)
            {
                output.Progress($"{output.Document.Provider} answered at once: the images are saved now (there is nothing to wait for).");
                output.Record(done);
                return await SaveAsync(client, done, output, directory, cancellationToken).ConfigureAwait(false);
            }

            output.Progress(output.CollectLater(job));
            return output.Finish(ExitCodes.Success);
        }, cancellationToken);

    /// <summary>Reads a job token and acts on it with a client for the token's provider.</summary>
    /// <param name="host">The host.</param>
    /// <param name="parse">The parse result.</param>
    /// <param name="name">The command name.</param>
    /// <param name="token">The token as typed.</param>
    /// <param name="connection">The command's connection options (without <c>--provider</c>).</param>
    /// <param name="outputOptions">The command's output options.</param>
    /// <param name="act">What to do with the job; returns the exit code.</param>
    /// <param name="cancellationToken">Cancels the run (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunJobAsync(
        CliHost host,
        ParseResult parse,
        string name,
        string token,
        ConnectionOptions connection,
        OutputOptions outputOptions,
        Func<ObservedClient, ImageJob, CommandOutput, string, Task<int>> act,
        CancellationToken cancellationToken)
    {
        var output = new CommandOutput(host, name, outputOptions.Json(parse));
        ClientConnection? open = null;
        try
        {
            var job = ImageJob.Parse(token.Trim());
            output.Target(job.Provider, job.Operation);
            output.Record(job);
            open = await ClientConnection.OpenAsync(host, connection.Read(parse, job.Provider), output, cancellationToken).ConfigureAwait(false);
            return await act(open.Client, job, output, outputOptions.Directory(parse, host)).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.IsExpected(e))
        {
            return output.Fail(e);
        }
        finally
        {
            if (open is not null)
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Saves a result's images and ends the command: success, or a provider refusal when every image was withheld.</summary>
    /// <param name="client">The client.</param>
    /// <param name="result">The result.</param>
    /// <param name="output">The output.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> SaveAsync(IIdeogramClient client, ImageResult result, CommandOutput output, string directory, CancellationToken cancellationToken)
    {
        var saved = await output.SaveImagesAsync(client, result, directory, cancellationToken).ConfigureAwait(false);
        if (saved == 0 && result.Images.Count > 0)
        {
            return output.Fail(new IdeogramContentPolicyException($"{result.Provider} withheld every image of the result (its safety check); nothing was saved."));
        }

        return output.Finish(ExitCodes.Success);
    }

    private static async Task<int> RunAsync(
        CliHost host,
        ParseResult parse,
        OperationCommand command,
        Func<ObservedClient, ImageRequest, CommandOutput, string, Task<int>> act,
        CancellationToken cancellationToken)
    {
        var output = new CommandOutput(host, command.Name, command.Output.Json(parse));
        var directory = command.Output.Directory(parse, host);
        ClientConnection? open = null;
        try
        {
            var settings = command.Connection.Read(parse);
            output.Target(settings.Provider, null);
            var request = command.Build(parse, host);
            output.Target(settings.Provider, request.Operation);
            open = await ClientConnection.OpenAsync(host, settings, output, cancellationToken).ConfigureAwait(false);
            return await act(open.Client, request, output, directory).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.IsExpected(e))
        {
            if (open is not null && Failures.PartialResultOf(e) is { } partial)
            {
                await SavePartialAsync(open.Client, partial, output, directory).ConfigureAwait(false);
            }

            return output.Fail(e);
        }
        finally
        {
            if (open is not null)
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Saves the images that were made (and paid for) before a multi-call request failed.</summary>
    private static async Task SavePartialAsync(IIdeogramClient client, ImageResult partial, CommandOutput output, string directory)
    {
        output.Record(partial);
        output.Document.State = null;
        try
        {
            // Saved even after Ctrl+C: these images are paid for. A second Ctrl+C ends the process.
            await output.SaveImagesAsync(client, partial, directory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (Failures.IsExpected(e))
        {
            output.Warn($"the images made before the failure could not be saved: {e.Message}");
        }
    }

    private static Task<ImageResult> ExecuteAsync(ObservedClient client, ImageRequest request, CancellationToken cancellationToken) => request switch
    {
        GenerateRequest r => client.GenerateAsync(r, cancellationToken),
        EditRequest r => client.EditAsync(r, cancellationToken),
        RemixRequest r => client.RemixAsync(r, cancellationToken),
        ReframeRequest r => client.ReframeAsync(r, cancellationToken),
        ReplaceBackgroundRequest r => client.ReplaceBackgroundAsync(r, cancellationToken),
        DescribeRequest r => client.DescribeAsync(r, cancellationToken),
        UpscaleRequest r => client.UpscaleAsync(r, cancellationToken),
        _ => throw new NotSupportedException($"The tool has no verb for {request.Operation}."),
    };
}
