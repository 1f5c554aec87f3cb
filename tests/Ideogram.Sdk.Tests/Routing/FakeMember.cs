using System.Net;

namespace Ideogram.Sdk.Tests.Routing;

/// <summary>
/// A router member that answers each operation with what the test scripts (a result, or an exception built the way the
/// SDK builds it), and records every request it was handed.
/// </summary>
internal sealed class FakeMember(IdeogramProvider provider) : IIdeogramClient
{
    private readonly Queue<Func<ImageRequest, ImageResult>> _script = new();

    public IdeogramProvider Provider { get; } = provider;

    public ProviderCapabilities Capabilities => IdeogramClient.GetCapabilities(Provider);

    public List<ImageRequest> Received { get; } = [];

    /// <summary>What happens when the script has run out: a result with one image per image asked for.</summary>
    public Func<ImageRequest, ImageResult>? Otherwise { get; set; }

    public FakeMember Then(Func<ImageRequest, ImageResult> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public FakeMember Throws(Exception exception) => Then(_ => throw exception);

    public static ImageResult Result(IdeogramProvider provider, ImageRequest request, decimal? cost = null) =>
        new(provider, request.Operation, [.. Enumerable.Range(0, request.NumImages ?? 1).Select(i => new GeneratedImage { Url = new Uri($"https://{provider}.test/{i}.png") })])
        {
            Cost = cost,
        };

    /// <summary>A provider answer that proves the request did not run (the way the engine marks it).</summary>
    public static IdeogramException Refusal(IdeogramProvider provider, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => new IdeogramAuthenticationException("key refused", new ProviderErrorDetails(provider, status)) { Submission = SubmissionState.Refused },
        HttpStatusCode.PaymentRequired or HttpStatusCode.NotAcceptable => new IdeogramInsufficientCreditsException("no credits", new ProviderErrorDetails(provider, status)) { Submission = SubmissionState.Refused },
        HttpStatusCode.BadRequest => new IdeogramBadRequestException("bad", new ProviderErrorDetails(provider, status)) { Submission = SubmissionState.Refused },
        _ => new IdeogramException("refused", new ProviderErrorDetails(provider, status)) { Submission = SubmissionState.Refused },
    };

    /// <summary>A timeout after the request was sent: it may have run, and the job the SDK chose an id for is known.</summary>
    public static IdeogramTimeoutException LostAnswer(IdeogramProvider provider) =>
        new("no answer in time") { Submission = SubmissionState.MayHaveRun, Job = new ImageJob(provider, ImageOperation.Generate, "job-lost", DateTimeOffset.UnixEpoch) };

    public Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => Run(request);

    public Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => Run(request);

    public async Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await Run(request);
        return new ImageJob(Provider, request.Operation, "job-" + Received.Count, DateTimeOffset.UnixEpoch);
    }

    public Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ImageJobStatus(job, ImageJobState.Succeeded) { Result = new ImageResult(Provider, job.Operation, []) });

    public Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ImageResult(Provider, job.Operation, []) { RequestId = "waited-by-" + Provider });

    public Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) => Task.FromResult(0L);

    private Task<ImageResult> Run(ImageRequest request)
    {
        lock (Received)
        {
            Received.Add(request);
        }

        var step = _script.TryDequeue(out var next) ? next : Otherwise ?? (r => Result(Provider, r));
        try
        {
            return Task.FromResult(step(request));
        }
        catch (Exception e)
        {
            return Task.FromException<ImageResult>(e);
        }
    }
}
