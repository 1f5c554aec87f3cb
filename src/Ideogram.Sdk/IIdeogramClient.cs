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
