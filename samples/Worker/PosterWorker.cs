using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.Samples.Worker;

/// <summary>
/// Submits this run's prompts (storing each job's token at once), then collects every stored job, this run's and those
/// a previous run left, saving the images and forgetting each token once its images are on disk.
/// </summary>
internal sealed partial class PosterWorker(
    IIdeogramClient ideogram,
    TokenStore store,
    IOptions<WorkerOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PosterWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        foreach (var prompt in settings.Prompts.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var job = await ideogram.SubmitAsync(new GenerateRequest(prompt), cancellationToken: stoppingToken);
            await store.AddAsync(job.ToToken(), stoppingToken);
            LogSubmitted(job.Id, prompt);
        }

        var pending = await store.PendingAsync(stoppingToken);
        if (pending.Count == 0)
        {
            LogNothingToDo();
        }

        // One wait per job, side by side; a job that fails is reported and forgotten, the others go on.
        await Task.WhenAll(pending.Select(token => CollectAsync(token, settings.OutDir, stoppingToken)));

        if (settings.ExitWhenDone)
        {
            lifetime.StopApplication();
        }
    }

    private async Task CollectAsync(string token, string outDir, CancellationToken stoppingToken)
    {
        if (!ImageJob.TryParse(token, out var job))
        {
            LogUnreadableToken();
            await store.RemoveAsync(token, stoppingToken);
            return;
        }

        try
        {
            var result = await ideogram.WaitAsync(job, cancellationToken: stoppingToken);
            Directory.CreateDirectory(outDir);
            for (var i = 0; i < result.Images.Count; i++)
            {
                using var image = new MemoryStream();
                await ideogram.DownloadAsync(result.Images[i], image, stoppingToken);
                var bytes = image.ToArray();
                var path = Path.GetFullPath(Path.Combine(outDir, $"{job.Id}-{i + 1}{ExtensionOf(bytes)}"));
                await File.WriteAllBytesAsync(path, bytes, stoppingToken);
                LogSaved(job.Id, path);
            }

            await store.RemoveAsync(token, stoppingToken);
        }
        catch (IdeogramJobFailedException e)
        {
            LogFailed(job.Id, e.Message);
            await store.RemoveAsync(token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the token stays stored, and the next run collects the job.
            LogLeftForNextRun(job.Id);
        }
    }

    /// <summary>The file extension the bytes call for, whatever the link's extension claims.</summary>
    private static string ExtensionOf(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]) ? ".png"
        : bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? ".jpg"
        : bytes.Length >= 12 && bytes[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : ".bin";

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted job {Id} for '{Prompt}'; its token is stored.")]
    private partial void LogSubmitted(string id, string prompt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Id}: saved {Path}")]
    private partial void LogSaved(string id, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id} failed: {Reason}")]
    private partial void LogFailed(string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Id} is not collected yet; the next run collects it.")]
    private partial void LogLeftForNextRun(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stored token could not be read; it is dropped.")]
    private partial void LogUnreadableToken();

    [LoggerMessage(Level = LogLevel.Information, Message = "No prompts and no stored jobs: nothing to do.")]
    private partial void LogNothingToDo();
}
