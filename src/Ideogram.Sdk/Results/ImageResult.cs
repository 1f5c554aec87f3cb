namespace Ideogram.Sdk;

/// <summary>The finished outcome of an operation: the images (or descriptions) and what is known about the call.</summary>
public sealed class ImageResult
{
    /// <summary>Creates a result (see also <see cref="IdeogramModelFactory"/> for tests).</summary>
    /// <param name="provider">The provider that served it.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="images">The images, in order.</param>
    public ImageResult(IdeogramProvider provider, ImageOperation operation, IReadOnlyList<GeneratedImage> images)
    {
        Provider = provider;
        Operation = operation;
        Images = images ?? [];
        for (var i = 0; i < Images.Count; i++)
        {
            if (Images[i] is { } image)
            {
                image.Provider ??= provider;
            }
        }
    }

    /// <summary>The provider that served the result.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>The operation.</summary>
    public ImageOperation Operation { get; }

    /// <summary>The images, in the order the provider returned them. Links expire: download promptly.</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>For <see cref="ImageOperation.Describe"/>: the descriptions; empty otherwise.</summary>
    public IReadOnlyList<string> Descriptions { get; init; } = [];

    /// <summary>When the provider says the request was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Best-effort substitutions and provider notices.</summary>
    public IReadOnlyList<Warning> Warnings { get; init; } = [];

    /// <summary>The cost in US dollars, when the provider reports it.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The account's remaining credits, when the provider reports them.</summary>
    public decimal? RemainingCredits { get; init; }

    /// <summary>The provider's request id, when it gave one.</summary>
    public string? RequestId
    {
        get => _requestId is Providers.ProviderResponse answer ? answer.RequestId : (string?)_requestId;
        init => _requestId = value;
    }

    /// <summary>The request id, or the answer whose headers hold it (read when first asked for).</summary>
    private object? _requestId;

    /// <summary>The answer whose headers give <see cref="RequestId"/>: they are searched only when someone asks for it.</summary>
    internal Providers.ProviderResponse RequestIdFrom
    {
        init => _requestId = value;
    }

    /// <summary>The job that produced this result, for asynchronous providers.</summary>
    public ImageJob? Job { get; init; }

    /// <summary>
    /// How an <see cref="IdeogramRouter"/> got this result: every member it tried, in order. Empty for a result from a
    /// single <see cref="IdeogramClient"/>.
    /// </summary>
    public RoutingReport Routing { get; init; } = RoutingReport.Empty;

    /// <summary>
    /// The provider's answer this result was read from (status, headers, body), for a field the SDK does not read yet;
    /// <see langword="null"/> for a result merged from several provider calls (each call's answer is on its part) or
    /// rebuilt from a job token.
    /// </summary>
    public ProviderRawResponse? RawResponse
    {
        get => _raw switch
        {
            ProviderRawResponse raw => raw,
            Providers.ProviderResponse answer => (ProviderRawResponse)(_raw = answer.ToRaw()),
            _ => null,
        };
        init => _raw = value;
    }

    /// <summary>The <see cref="ProviderRawResponse"/>, or the answer it is made from when first asked for.</summary>
    private object? _raw;

    /// <summary>Records the answer the result was read from, unless one is already known.</summary>
    internal void AttachRaw(ProviderRawResponse raw) => _raw ??= raw;

    /// <summary>Records the answer the result was read from, unless one is already known; its raw view is made when first read.</summary>
    internal void AttachRaw(Providers.ProviderResponse answer) => _raw ??= answer;

    /// <summary>Whether any image was withheld by the provider's safety check (its <see cref="GeneratedImage.IsSafe"/> is false).</summary>
    public bool HasUnsafeImages => Images.Any(i => !i.IsSafe);

    /// <inheritdoc />
    public override string ToString() => $"ImageResult({Provider}, {Operation}, {Images.Count} images)";
}

/// <summary>One produced image: where to get it, and what the provider says about it.</summary>
public sealed class GeneratedImage
{
    /// <summary>The provider that produced the image (the provider of the result it came in); download it through a client of that provider.</summary>
    public IdeogramProvider? Provider { get; internal set; }

    /// <summary>The image's URL (links expire; see <see cref="ExpiresAt"/>); <see langword="null"/> when withheld as unsafe or delivered as bytes.</summary>
    public Uri? Url { get; init; }

    /// <summary>The image bytes, when the provider sent them inline (base64, data URI or a raw body).</summary>
    public ReadOnlyMemory<byte>? Data { get; init; }

    /// <summary>The MIME type, when known.</summary>
    public string? ContentType { get; init; }

    /// <summary>The prompt the provider used, which MagicPrompt may have rewritten.</summary>
    public string? Prompt { get; init; }

    /// <summary>The output size, when known.</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>The size after upscaling, when the operation changed it.</summary>
    public string? UpscaledResolution { get; init; }

    /// <summary>The seed used.</summary>
    public long? Seed { get; init; }

    /// <summary>The style type used (a request for <c>AUTO</c> comes back as the chosen one).</summary>
    public StyleType? StyleType { get; init; }

    /// <summary>False when the provider's safety check withheld the image (then there is no URL or data).</summary>
    public bool IsSafe { get; init; } = true;

    /// <summary>When the link stops working, when known (Ideogram encodes it in the URL's <c>exp</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The provider's id for the image, reusable as an input where the provider allows (Runware's <c>imageUUID</c>).</summary>
    public string? ProviderImageId { get; init; }

    /// <summary>The cost of this image in US dollars, when reported.</summary>
    public decimal? Cost { get; init; }

    /// <inheritdoc />
    public override string ToString() => IsSafe
        ? $"GeneratedImage({Url?.GetLeftPart(UriPartial.Path) ?? (Data is { } d ? $"{d.Length} bytes" : "no content")})"
        : "GeneratedImage(withheld as unsafe)";
}
