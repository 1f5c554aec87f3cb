using System.Runtime.CompilerServices;

namespace Ideogram.Sdk;

/// <summary>
/// The provider-neutral Ideogram 3.0 client. Every operation returns finished results on every provider; the job
/// methods (<see cref="SubmitAsync"/>, <see cref="PollAsync"/>, <see cref="WaitAsync"/>) give control over
/// long-running work and survive process restarts through <see cref="ImageJob.ToToken"/>.
/// </summary>
public interface IIdeogramClient
{
    /// <summary>The provider this client calls.</summary>
    IdeogramProvider Provider { get; }

    /// <summary>What the provider supports: operations, parameters, values and ranges.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>Text to image (set <see cref="GenerateRequest.TransparentBackground"/> for a transparent background).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call (a paid job already accepted is reported on the exception).</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Masked edit (inpainting).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default);

    /// <summary>A new image from an input image and a prompt.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends a square image to a new resolution.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Keeps an image's subject and replaces its background.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes an image in words (<see cref="ImageResult.Descriptions"/>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Upscales an image.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The finished result.</returns>
    Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts any operation and returns as soon as the provider has accepted it. On a synchronous provider the
    /// returned job is already complete.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Callback URL, metadata and reference, where the provider supports them.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The accepted job.</returns>
    Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a job's state once.</summary>
    /// <param name="job">The job (from <see cref="SubmitAsync"/> or <see cref="ImageJob.Parse"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state.</returns>
    Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls a job with backoff until it ends. A timeout throws <see cref="IdeogramJobTimeoutException"/> and a
    /// cancellation <see cref="IdeogramJobWaitCanceledException"/>, both carrying the job.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="options">Polling options; the client's <see cref="IdeogramClientOptions.Polling"/> when omitted.</param>
    /// <param name="cancellationToken">Stops waiting (not the job).</param>
    /// <returns>The result.</returns>
    Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches a job until it ends: polls with the same backoff, <c>Retry-After</c> handling and deadline as
    /// <see cref="WaitAsync"/>, and yields a status each time the job's state or the provider's status word changes
    /// (never the same twice in a row), ending after the terminal status (<see cref="ImageJobState.Succeeded"/> with
    /// <see cref="ImageJobStatus.Result"/>, <see cref="ImageJobState.Failed"/> with <see cref="ImageJobStatus.Error"/>, or
    /// <see cref="ImageJobState.Canceled"/>). A job that is already complete (any job of a synchronous provider) yields one
    /// terminal status. Timeouts, reads that fail for good and cancellation throw as <see cref="WaitAsync"/> does, with the job.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="options">Polling options; the client's when omitted.</param>
    /// <param name="cancellationToken">Stops watching (not the job).</param>
    /// <returns>The job's statuses as they change.</returns>
    /// <remarks>The default implementation polls with <see cref="PollAsync"/> on the system clock; <see cref="IdeogramClient"/> uses its own clock and options.</remarks>
    async IAsyncEnumerable<ImageJobStatus> WatchAsync(ImageJob job, PollingOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var polling = options ?? new PollingOptions();
        var started = TimeProvider.System.GetTimestamp();
        var delay = job.IsCompleted ? TimeSpan.Zero : polling.InitialDelay;
        ImageJobStatus? last = null;
        while (true)
        {
            ImageJobStatus status;
            try
            {
                var remaining = polling.Timeout - TimeProvider.System.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new IdeogramJobTimeoutException($"{job.Provider} job '{job.Id}' did not finish within {polling.Timeout}; it may still finish.") { Job = job, Submission = SubmissionState.Accepted };
                }

                await Task.Delay(delay < remaining ? delay : remaining, cancellationToken).ConfigureAwait(false);
                status = await PollAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not IdeogramJobWaitCanceledException)
            {
                throw new IdeogramJobWaitCanceledException(job, e, cancellationToken);
            }

            if (last is null || status.State != last.State || !string.Equals(status.ProviderStatus, last.ProviderStatus, StringComparison.Ordinal) || status.IsTerminal)
            {
                last = status;
                yield return status;
            }

            if (status.IsTerminal)
            {
                yield break;
            }

            var next = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * polling.BackoffFactor, polling.MaxDelay.Ticks));
            delay = status.RetryAfter is { } hint && hint > next ? hint : next;
        }
    }

    /// <summary>Asks the provider to cancel a job, where it offers that; otherwise throws <see cref="NotSupportedException"/> saying so.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the provider has accepted the cancellation.</returns>
    Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default);

    /// <summary>Streams an image to <paramref name="destination"/> (links expire: download promptly).</summary>
    /// <param name="image">The image.</param>
    /// <param name="destination">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Saves an image to a file (written to a temporary file first, so a failed download leaves nothing behind).</summary>
    /// <param name="image">The image.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default);
}
