using System.Globalization;
using System.Text.Json;
using Ideogram.Cli.Options;
using Ideogram.Sdk;
using Spectre.Console;

namespace Ideogram.Cli.Running;

/// <summary>
/// Everything one command prints. Standard output carries the results (saved paths, a job token, descriptions), or
/// with <c>--json</c> one document; standard error carries progress, warnings and errors: a live spinner and download
/// bars on an interactive terminal, plain lines when redirected.
/// </summary>
internal sealed class CommandOutput
{
    private readonly CliHost _host;

    /// <summary>Creates the output of one command.</summary>
    /// <param name="host">The host.</param>
    /// <param name="command">The command name, for the document.</param>
    /// <param name="json">Whether <c>--json</c> was given.</param>
    public CommandOutput(CliHost host, string command, bool json)
    {
        _host = host;
        Json = json;
        Document = new CliDocument { Command = command };
    }

    /// <summary>The <c>--json</c> document, filled as the command runs.</summary>
    public CliDocument Document { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Whether progress is drawn live.</summary>
    public bool Live => _host.IsInteractive && !Json;

    /// <summary>Writes a result line on standard output (not with <c>--json</c>).</summary>
    /// <param name="line">The line.</param>
    public void Result(string line)
    {
        if (!Json)
        {
            _host.Out.Profile.Out.Writer.WriteLine(line);
        }
    }

    /// <summary>Writes a progress line on standard error (plain output only; a live display shows it instead).</summary>
    /// <param name="line">The line.</param>
    public void Progress(string line)
    {
        if (!Json && !Live)
        {
            Error(line);
        }
    }

    /// <summary>Writes a warning on standard error (with <c>--json</c> it is in the document only).</summary>
    /// <param name="message">The warning.</param>
    public void Warn(string message)
    {
        if (!Json)
        {
            Error("warning: " + Failures.OneLine(message));
        }
    }

    /// <summary>Says that the tool started its own emulator (always, also with <c>--json</c>).</summary>
    /// <param name="message">The notice.</param>
    public void UsingEmulator(string message)
    {
        Document.Emulator = true;
        Error(message);
    }

    /// <summary>Names the provider and operation in the document.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation, when known.</param>
    public void Target(IdeogramProvider provider, ImageOperation? operation)
    {
        Document.Provider = ValueParsers.Name(provider);
        Document.Operation = operation?.ToString() ?? Document.Operation;
    }

    /// <summary>Records a job and its state in the document.</summary>
    /// <param name="job">The job.</param>
    /// <param name="status">Its last status read, when there was one.</param>
    public void Record(ImageJob job, ImageJobStatus? status = null)
    {
        Document.JobToken = job.ToToken();
        Document.JobId = job.Id;
        Document.Operation = job.Operation.ToString();
        if (status is not null)
        {
            Document.State = status.State.ToString();
            Document.ProviderStatus = status.ProviderStatus;
        }
    }

    /// <summary>Records a result: warnings, cost, descriptions (printed on standard output) and its job.</summary>
    /// <param name="result">The result.</param>
    public void Record(ImageResult result)
    {
        Document.Operation = result.Operation.ToString();
        Document.State = nameof(ImageJobState.Succeeded);
        Document.Cost = result.Cost ?? Document.Cost;
        Document.RemainingCredits = result.RemainingCredits ?? Document.RemainingCredits;
        Document.RequestId = result.RequestId ?? Document.RequestId;
        if (result.Job is { } job)
        {
            Document.JobToken = job.ToToken();
            Document.JobId = job.Id;
        }

        foreach (var warning in result.Warnings)
        {
            Document.Warnings.Add(new CliWarning(warning.Code, warning.Parameter?.ToString(), warning.Message));
            Warn(warning.Message);
        }

        foreach (var description in result.Descriptions)
        {
            Document.Descriptions.Add(description);
            Result(description);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> while showing what it does: a spinner with the job's state on an interactive
    /// terminal, a line per state change otherwise.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="client">The client whose status reads are shown.</param>
    /// <param name="activity">What is being done, for example "generate on runware".</param>
    /// <param name="work">The work.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public async Task<T> TrackAsync<T>(ObservedClient client, string activity, Func<Task<T>> work)
    {
        if (Live)
        {
            return await new Status(_host.Error).Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(activity + "..."), async context =>
            {
                void Show(ImageJobStatus status) => context.Status(Markup.Escape($"{activity}: {Describe(status)}"));
                client.StatusRead += Show;
                try
                {
                    return await work().ConfigureAwait(false);
                }
                finally
                {
                    client.StatusRead -= Show;
                }
            }).ConfigureAwait(false);
        }

        Progress(activity + "...");
        string? last = null;
        void Print(ImageJobStatus status)
        {
            var text = Describe(status);
            if (text != last)
            {
                last = text;
                Progress($"{activity}: {text}");
            }
        }

        client.StatusRead += Print;
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            client.StatusRead -= Print;
        }
    }

    /// <summary>
    /// Saves a result's images into <paramref name="directory"/> (names like <c>generate-20261129-101500-1.png</c>, the
    /// extension following the bytes) and prints each path; images the provider withheld are reported, not saved.
    /// </summary>
    /// <param name="client">The client that downloads (it never sends the API key to the image host).</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>How many images were saved.</returns>
    public async Task<int> SaveImagesAsync(IIdeogramClient client, ImageResult result, string directory, CancellationToken cancellationToken)
    {
        var stem = $"{FileNames.Of(result.Operation)}-{_host.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var pending = new List<(GeneratedImage Image, CliImage Entry)>();
        for (var i = 0; i < result.Images.Count; i++)
        {
            var image = result.Images[i];
            var entry = new CliImage
            {
                Index = i + 1,
                Url = image.Url?.IsAbsoluteUri == true && image.Url.Scheme != "data" ? image.Url.AbsoluteUri : null,
                Seed = image.Seed,
                Resolution = image.Resolution?.Value,
                Prompt = image.Prompt,
                IsSafe = image.IsSafe,
                Cost = image.Cost,
            };
            Document.Images.Add(entry);
            if (image.Url is null && image.Data is null)
            {
                Warn($"image {i + 1} was withheld by {result.Provider}'s safety check; there is nothing to save.");
                continue;
            }

            pending.Add((image, entry));
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        Directory.CreateDirectory(directory);
        if (Live)
        {
            await new Spectre.Console.Progress(_host.Error)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    foreach (var (image, entry) in pending)
                    {
                        var task = context.AddTask($"image {entry.Index}");
                        task.IsIndeterminate = true;
                        await SaveOneAsync(client, image, entry, directory, stem, bytes => task.Description = $"image {entry.Index} ({Size(bytes)})", cancellationToken).ConfigureAwait(false);
                        task.IsIndeterminate = false;
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                }).ConfigureAwait(false);
            foreach (var (_, entry) in pending)
            {
                Result(entry.Path!);
            }
        }
        else
        {
            foreach (var (image, entry) in pending)
            {
                await SaveOneAsync(client, image, entry, directory, stem, null, cancellationToken).ConfigureAwait(false);
                Result(entry.Path!);
            }
        }

        return pending.Count;
    }

    /// <summary>Reports a failure: the error (and, when a paid job is known, its token), and returns its exit code.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The exit code.</returns>
    public int Fail(Exception exception)
    {
        var (code, kind) = Failures.Classify(exception);
        Document.Error = Failures.Describe(exception, kind);
        if (Live)
        {
            _host.Error.MarkupLineInterpolated($"[red]error:[/] {Document.Error.Message}");
        }
        else
        {
            Error("error: " + Document.Error.Message);
        }

        if (exception is IdeogramException { Provider: { } provider } provided && (provided.StatusCode is not null || provided.ErrorCode is not null || provided.RequestId is not null))
        {
            Error(string.Join(", ", new[]
            {
                $"provider {ValueParsers.Name(provider)}",
                provided.StatusCode is { } status ? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}") : null,
                provided.ErrorCode is { } errorCode ? $"code {errorCode}" : null,
                provided.RequestId is { } requestId ? $"request id {requestId}" : null,
            }.OfType<string>()));
        }

        if (Failures.JobOf(exception) is { } job)
        {
            Record(job);
            if (code == ExitCodes.JobFailed)
            {
                Error($"job {job.Id} (token {Document.JobToken})");
            }
            else
            {
                // The job goes on at the provider and is paid for: the token is what the user needs next.
                Result(Document.JobToken!);
                Error(CollectLater(job));
            }
        }
        else if (Document.Error.MayHaveCharged)
        {
            Error("The provider may have run this request and charged for it, but no job id came back: check your account before sending it again.");
        }

        return Finish(code);
    }

    /// <summary>Ends the command: prints the <c>--json</c> document when asked for, and returns <paramref name="code"/>.</summary>
    /// <param name="code">The exit code.</param>
    /// <returns><paramref name="code"/>.</returns>
    public int Finish(int code)
    {
        Document.ExitCode = code;
        if (Json)
        {
            _host.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(Document, CliJsonContext.Output.CliDocument));
        }

        return code;
    }

    /// <summary>How to collect an accepted job later.</summary>
    /// <param name="job">The job (already recorded, so the document holds its token).</param>
    /// <returns>The sentence.</returns>
    public string CollectLater(ImageJob job) => Document.Emulator
        ? $"The {ValueParsers.Name(job.Provider)} job {job.Id} was accepted, but the tool's own emulator stops with this command: to collect jobs later, run 'ideogram emulator' and pass its address with --base-url."
        : $"The {ValueParsers.Name(job.Provider)} job {job.Id} was accepted and goes on (it is paid for). Collect it later with: ideogram wait {Document.JobToken}";

    /// <summary>A job state with the provider's own word when it says more (<c>Running (dispatching)</c>).</summary>
    /// <param name="status">The status read.</param>
    /// <returns>The text.</returns>
    public static string StateText(ImageJobStatus status) =>
        status.ProviderStatus is { } word && !string.Equals(word, status.State.ToString(), StringComparison.OrdinalIgnoreCase)
            ? $"{status.State} ({word})"
            : status.State.ToString();

    private static string Describe(ImageJobStatus status) => $"job {status.Job.Id} {StateText(status)}";

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB");

    private static async Task SaveOneAsync(
        IIdeogramClient client,
        GeneratedImage image,
        CliImage entry,
        string directory,
        string stem,
        Action<long>? progress,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (progress is null)
        {
            await client.DownloadAsync(image, buffer, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var counting = new CountingStream(buffer, progress);
            await client.DownloadAsync(image, counting, cancellationToken).ConfigureAwait(false);
        }

        var bytes = buffer.ToArray();
        entry.Path = await FileNames.WriteNewAsync(directory, $"{stem}-{entry.Index}", FileNames.ExtensionOf(bytes), bytes, cancellationToken).ConfigureAwait(false);
        entry.Bytes = bytes.Length;
    }

    private void Error(string line) => _host.Error.Profile.Out.Writer.WriteLine(line);
}
