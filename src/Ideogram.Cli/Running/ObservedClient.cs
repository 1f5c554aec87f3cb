using Ideogram.Sdk;

namespace Ideogram.Cli.Running;

/// <summary>
/// An <see cref="IdeogramClient"/> that reports every job status it reads, so the progress display can show a queued
/// job's state while the SDK's own wait loop (backoff, <c>Retry-After</c>, deadline) runs unchanged.
/// </summary>
internal sealed class ObservedClient : IdeogramClient
{
    /// <summary>Creates the client.</summary>
    /// <param name="options">The client options.</param>
    public ObservedClient(IdeogramClientOptions options)
        : base(options)
    {
    }

    /// <summary>Raised after each successful status read.</summary>
    public event Action<ImageJobStatus>? StatusRead;

    /// <inheritdoc />
    public override async Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
    {
        var status = await base.PollAsync(job, cancellationToken).ConfigureAwait(false);
        StatusRead?.Invoke(status);
        return status;
    }
}
