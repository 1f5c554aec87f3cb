using Ideogram.Sdk;

namespace Ideogram.Sdk.AI.Tests;

/// <summary>
/// An <see cref="IIdeogramClient"/> that records what it is asked and answers from memory, with the real capabilities
/// of the provider it stands for (so the adapter's mapping meets the same tables as with the real client).
/// </summary>
internal sealed class FakeIdeogramClient(IdeogramProvider provider = IdeogramProvider.Ideogram) : IIdeogramClient
{
    /// <summary>A 1x1 PNG signature and header, enough for media-type sniffing.</summary>
    public static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public IdeogramProvider Provider => provider;

    public ProviderCapabilities Capabilities { get; } = IdeogramClient.GetCapabilities(provider);

    public List<ImageRequest> Requests { get; } = [];

    public List<CancellationToken> Tokens { get; } = [];

    public List<GeneratedImage> Downloads { get; } = [];

    /// <summary>The result for a request; by default one image per requested image, each with a link.</summary>
    public Func<ImageRequest, ImageResult>? Respond { get; set; }

    /// <summary>Thrown by the operation instead of answering.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Thrown by <see cref="DownloadAsync(GeneratedImage, Stream, CancellationToken)"/> instead of writing.</summary>
    public Exception? DownloadFailure { get; set; }

    public ImageResult? LastResult { get; private set; }

    public static ImageResult Links(IdeogramProvider provider, ImageRequest request) =>
        new(provider, request.Operation, [.. Enumerable.Range(1, request.NumImages ?? 1).Select(i => new GeneratedImage
        {
            Url = new Uri($"https://images.example/{i}.png?exp=1"),
            ContentType = "image/png",
            Seed = 7,
            Resolution = Resolution.Res1024x1024,
        })]);

    public Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    public Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    public Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    public Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default)
    {
        Downloads.Add(image);
        Tokens.Add(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (DownloadFailure is not null)
        {
            throw DownloadFailure;
        }

        destination.Write(PngBytes);
        return Task.FromResult((long)PngBytes.Length);
    }

    public Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) => throw Unexpected();

    private Task<ImageResult> RunAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        Tokens.Add(cancellationToken);
        if (Failure is not null)
        {
            throw Failure;
        }

        LastResult = Respond?.Invoke(request) ?? Links(provider, request);
        return Task.FromResult(LastResult);
    }

    private static InvalidOperationException Unexpected() => new("The image generator does not call this.");
}
