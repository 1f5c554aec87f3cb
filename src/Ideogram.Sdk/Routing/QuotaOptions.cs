namespace Ideogram.Sdk;

/// <summary>
/// Limits on how much one client asks of its provider at once, enforced before anything is sent: images in flight and
/// provider calls per minute. Waiting for room is cancellable; when more work is already waiting than
/// <see cref="QueueLimit"/> allows, a request fails at once with an <see cref="IdeogramRateLimitException"/> and nothing is
/// sent. Limits are per client (per router member), per process: they do not coordinate several processes.
/// </summary>
/// <remarks>
/// Ideogram documents about 10 requests in flight per key (a request of several images counts once there), Segmind 5
/// (free) or 50 (Pro) requests per minute, Runware "low single digits" of concurrency. Unset limits are not enforced.
/// </remarks>
public sealed class QuotaOptions
{
    /// <summary>
    /// The most images this client may have in flight (from submission until the operation ends); a request for 4 images
    /// takes 4. A request for more images than this is refused before anything is sent. <see langword="null"/> (default): no limit.
    /// </summary>
    public int? MaxImagesInFlight { get; set; }

    /// <summary>
    /// The most provider calls (paid submissions; a request split into several calls counts each) in any rolling minute.
    /// <see langword="null"/> (default): no limit.
    /// </summary>
    public int? MaxRequestsPerMinute { get; set; }

    /// <summary>
    /// How many images (for <see cref="MaxImagesInFlight"/>) or calls (for <see cref="MaxRequestsPerMinute"/>) may wait for room;
    /// a request that would wait beyond it fails at once with an <see cref="IdeogramRateLimitException"/>. Default 100; 0 never waits.
    /// </summary>
    public int QueueLimit { get; set; } = 100;

    /// <summary>Whether any limit is set.</summary>
    internal bool IsEnabled => MaxImagesInFlight is not null || MaxRequestsPerMinute is not null;

    /// <summary>A copy, so a client is not affected by later changes.</summary>
    internal QuotaOptions Clone() => (QuotaOptions)MemberwiseClone();

    internal void Validate()
    {
        if (MaxImagesInFlight is < 1 || MaxRequestsPerMinute is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QuotaOptions), "Quotas.MaxImagesInFlight and Quotas.MaxRequestsPerMinute must be at least 1 when set.");
        }

        if (QueueLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueLimit), QueueLimit, "Quotas.QueueLimit must not be negative.");
        }
    }
}
