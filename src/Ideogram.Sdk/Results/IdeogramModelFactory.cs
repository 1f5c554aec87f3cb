using System.Net;
using System.Text;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk;

/// <summary>
/// Builds everything the SDK returns or throws, for tests of code that consumes it: results and images, pending,
/// completed and split jobs, job statuses, raw answers, and every exception with the <c>Job</c>, <c>PartialResult</c>
/// and <c>Submission</c> the SDK would put on it. With these, an <see cref="IIdeogramClient"/> fake (or an
/// <see cref="IdeogramClient"/> subclass) can answer exactly as the real client does.
/// </summary>
public static class IdeogramModelFactory
{
    /// <summary>A generated image.</summary>
    /// <param name="url">Its URL.</param>
    /// <param name="seed">Its seed.</param>
    /// <param name="prompt">Its prompt.</param>
    /// <param name="isSafe">Whether it passed the safety check.</param>
    /// <param name="data">Its bytes, when delivered inline.</param>
    /// <param name="contentType">Its MIME type.</param>
    /// <param name="resolution">Its size.</param>
    /// <param name="styleType">The style type used.</param>
    /// <param name="expiresAt">When its link expires.</param>
    /// <param name="providerImageId">The provider's id for it.</param>
    /// <param name="cost">Its cost in US dollars.</param>
    /// <param name="provider">The provider that made it (otherwise the provider of the result it is put in).</param>
    /// <returns>The image.</returns>
    public static GeneratedImage GeneratedImage(
        Uri? url = null,
        long? seed = null,
        string? prompt = null,
        bool isSafe = true,
        ReadOnlyMemory<byte>? data = null,
        string? contentType = null,
        Resolution? resolution = null,
        StyleType? styleType = null,
        DateTimeOffset? expiresAt = null,
        string? providerImageId = null,
        decimal? cost = null,
        IdeogramProvider? provider = null) =>
        new()
        {
            Url = url,
            Seed = seed,
            Prompt = prompt,
            IsSafe = isSafe,
            Data = data,
            ContentType = contentType,
            Resolution = resolution,
            StyleType = styleType,
            ExpiresAt = expiresAt,
            ProviderImageId = providerImageId,
            Cost = cost,
            Provider = provider,
        };

    /// <summary>A result.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="descriptions">For describe: the descriptions.</param>
    /// <param name="warnings">Best-effort substitutions and notices.</param>
    /// <param name="cost">The cost in US dollars.</param>
    /// <param name="remainingCredits">The account's remaining credits.</param>
    /// <param name="requestId">The provider's request id.</param>
    /// <param name="created">When the provider says it was created.</param>
    /// <param name="job">The job that produced it.</param>
    /// <param name="rawResponse">The provider's answer it was read from.</param>
    /// <param name="images">The images.</param>
    /// <returns>The result.</returns>
    public static ImageResult ImageResult(
        IdeogramProvider provider = IdeogramProvider.Ideogram,
        ImageOperation operation = ImageOperation.Generate,
        IEnumerable<string>? descriptions = null,
        IEnumerable<Warning>? warnings = null,
        decimal? cost = null,
        decimal? remainingCredits = null,
        string? requestId = null,
        DateTimeOffset? created = null,
        ImageJob? job = null,
        ProviderRawResponse? rawResponse = null,
        params IEnumerable<GeneratedImage> images) =>
        new(provider, operation, [.. images])
        {
            Descriptions = [.. descriptions ?? []],
            Warnings = [.. warnings ?? []],
            Cost = cost,
            RemainingCredits = remainingCredits,
            RequestId = requestId,
            Created = created,
            Job = job,
            RawResponse = rawResponse,
        };

    /// <summary>A job the provider accepted that has not finished (what <see cref="IIdeogramClient.SubmitAsync"/> returns on an asynchronous provider).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="id">The provider's job id.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="createdAt">When it was accepted (the Unix epoch when omitted).</param>
    /// <param name="properties">Provider-specific facts needed to poll it.</param>
    /// <returns>The job.</returns>
    public static ImageJob PendingJob(
        IdeogramProvider provider, string id, ImageOperation operation = ImageOperation.Generate, DateTimeOffset? createdAt = null, IReadOnlyDictionary<string, string>? properties = null) =>
        new(provider, operation, id, createdAt ?? DateTimeOffset.UnixEpoch, properties);

    /// <summary>A job whose result is known (what <see cref="IIdeogramClient.SubmitAsync"/> returns on a synchronous provider).</summary>
    /// <param name="result">The result.</param>
    /// <param name="id">The job id (<c>sync-…</c> when omitted).</param>
    /// <param name="createdAt">When it was accepted.</param>
    /// <returns>The job.</returns>
    public static ImageJob CompletedJob(ImageResult result, string? id = null, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ImageJob(result.Provider, result.Operation, id ?? "sync-" + Guid.NewGuid().ToString("N"), createdAt ?? result.Created ?? DateTimeOffset.UnixEpoch) { Result = result };
    }

    /// <summary>One job standing for several provider jobs (a request split into several calls); completed when every part is.</summary>
    /// <param name="parts">The parts, all of one provider and operation.</param>
    /// <returns>The job.</returns>
    public static ImageJob CompositeJob(params IEnumerable<ImageJob> parts)
    {
        var list = parts?.ToList() ?? throw new ArgumentNullException(nameof(parts));
        if (list.Count == 0 || list.Any(p => p is null || p.Provider != list[0].Provider || p.Operation != list[0].Operation))
        {
            throw new ArgumentException("A composite job needs at least one part, all of one provider and operation.", nameof(parts));
        }

        return SplitRequests.Composite(list, list[0].Provider, list[0].Operation);
    }

    /// <summary>A job's status, as <see cref="IIdeogramClient.PollAsync"/> and <see cref="IIdeogramClient.WatchAsync"/> return it.</summary>
    /// <param name="job">The job.</param>
    /// <param name="state">Its state.</param>
    /// <param name="providerStatus">The provider's own status word.</param>
    /// <param name="result">The result, for <see cref="ImageJobState.Succeeded"/>.</param>
    /// <param name="error">The failure, for <see cref="ImageJobState.Failed"/> or <see cref="ImageJobState.Canceled"/>.</param>
    /// <param name="retryAfter">The provider's wait hint.</param>
    /// <returns>The status.</returns>
    public static ImageJobStatus JobStatus(
        ImageJob job, ImageJobState state, string? providerStatus = null, ImageResult? result = null, IdeogramException? error = null, TimeSpan? retryAfter = null) =>
        new(job, state, providerStatus) { Result = result, Error = error, RetryAfter = retryAfter };

    /// <summary>A provider's raw answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body, as UTF-8 text.</param>
    /// <param name="headers">The headers.</param>
    /// <returns>The answer.</returns>
    public static ProviderRawResponse RawResponse(HttpStatusCode statusCode = HttpStatusCode.OK, string? body = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null) =>
        new(statusCode, headers, body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// Gives an exception (any <see cref="IdeogramException"/>, built with its public constructors) what the SDK would put
    /// on it: the job, the images already finished, how far the paid submission got, and the provider's answer.
    /// </summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <param name="exception">The exception.</param>
    /// <param name="job">The job it concerns.</param>
    /// <param name="partialResult">Images already finished (a split request).</param>
    /// <param name="submission">How far the paid submission got (decides <see cref="IdeogramException.MayHaveCharged"/> and <see cref="IdeogramException.IsRetryable"/>).</param>
    /// <param name="failedOnRead">Whether the failed request was a read (a status read of an accepted job), which makes a transient failure retryable even when <paramref name="submission"/> is <see cref="SubmissionState.Accepted"/>.</param>
    /// <param name="rawResponse">The provider's answer.</param>
    /// <returns>The same exception.</returns>
    public static TException Failure<TException>(
        TException exception, ImageJob? job = null, ImageResult? partialResult = null, SubmissionState submission = SubmissionState.Unknown, bool failedOnRead = false, ProviderRawResponse? rawResponse = null)
        where TException : IdeogramException
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.Job = job;
        exception.PartialResult = partialResult;
        exception.Submission = submission;
        exception.FailedOnRead = failedOnRead;
        exception.RawResponse = rawResponse;
        return exception;
    }

    /// <summary>A cancellation after a paid request may have been sent, as the SDK throws it.</summary>
    /// <param name="job">The accepted job, when known.</param>
    /// <param name="partialResult">Images already finished.</param>
    /// <param name="submission">How far the paid submission got.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    /// <returns>The exception.</returns>
    public static IdeogramCanceledException Canceled(
        ImageJob? job = null, ImageResult? partialResult = null, SubmissionState submission = SubmissionState.MayHaveRun, CancellationToken cancellationToken = default) =>
        new("The call was cancelled.", null, cancellationToken) { Job = job, PartialResult = partialResult, Submission = submission };

    /// <summary>A cancelled wait for an accepted job, as <see cref="IIdeogramClient.WaitAsync"/> throws it.</summary>
    /// <param name="job">The job.</param>
    /// <param name="partialResult">Images already finished (a split job).</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    /// <returns>The exception.</returns>
    public static IdeogramJobWaitCanceledException WaitCanceled(ImageJob job, ImageResult? partialResult = null, CancellationToken cancellationToken = default) =>
        new(job, new OperationCanceledException(cancellationToken), cancellationToken) { PartialResult = partialResult };
}
