using System.Globalization;
using System.Threading.RateLimiting;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Routing;

/// <summary>
/// One client's <see cref="QuotaOptions"/> in force: a <see cref="ConcurrencyLimiter"/> for images in flight and a
/// <see cref="SlidingWindowRateLimiter"/> for calls per minute, replenished on the client's <see cref="TimeProvider"/>.
/// A request takes its permits before its first paid submission and gives the in-flight ones back when its call ends.
/// </summary>
internal sealed class RequestQuotas : IDisposable
{
    /// <summary>The <see cref="IdeogramException.ErrorCode"/> of a refusal by the client's own quota (no provider was asked).</summary>
    public const string ClientQuotaErrorCode = "client_quota_full";

    /// <summary>The per-minute window is counted in slices of this many seconds.</summary>
    private const int SegmentsPerMinute = 12;

    private readonly IdeogramProvider _provider;
    private readonly QuotaOptions _options;
    private readonly ConcurrencyLimiter? _images;
    private readonly SlidingWindowRateLimiter? _calls;
    private readonly ITimer? _replenish;

    private RequestQuotas(IdeogramProvider provider, QuotaOptions options, TimeProvider time)
    {
        _provider = provider;
        _options = options;
        if (options.MaxImagesInFlight is { } images)
        {
            _images = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = images,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        if (options.MaxRequestsPerMinute is { } calls)
        {
            // Replenished by a timer on the client's clock (not the limiter's own), so a fake clock drives it in tests.
            _calls = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = calls,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = SegmentsPerMinute,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = false,
            });
            var limiter = _calls;
            _replenish = time.CreateTimer(_ => limiter.TryReplenish(), null, limiter.ReplenishmentPeriod, limiter.ReplenishmentPeriod);
        }
    }

    /// <summary>The quotas of a client's options, or <see langword="null"/> when none is set.</summary>
    public static RequestQuotas? For(IdeogramClientOptions options) =>
        options.Quotas.IsEnabled ? new RequestQuotas(options.Provider, options.Quotas, options.TimeProvider) : null;

    /// <summary>
    /// Waits for room for a request of <see cref="PreparedRequest.ImageCount"/> images made with <paramref name="calls"/>
    /// provider calls. The returned lease is given back when the call ends; <see langword="null"/> when no quota is set.
    /// </summary>
    public static async ValueTask<IDisposable?> AcquireAsync(RequestQuotas? quotas, PreparedRequest request, int calls, CancellationToken cancellationToken) =>
        quotas is null ? null : await quotas.AcquireAsync(request.ImageCount, calls, request.Operation, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        _replenish?.Dispose();
        _images?.Dispose();
        _calls?.Dispose();
    }

    private async ValueTask<IDisposable> AcquireAsync(int images, int calls, ImageOperation operation, CancellationToken cancellationToken)
    {
        if (_options.MaxImagesInFlight is { } maxImages && images > maxImages)
        {
            throw new IdeogramValidationException(_provider, operation, ImageParameter.NumImages,
                string.Create(CultureInfo.InvariantCulture, $"asks for {images} images, more than this client lets run at once"),
                string.Create(CultureInfo.InvariantCulture, $"at most {maxImages} (IdeogramClientOptions.Quotas.MaxImagesInFlight)"));
        }

        if (_options.MaxRequestsPerMinute is { } maxCalls && calls > maxCalls)
        {
            throw new IdeogramValidationException(_provider, operation, ImageParameter.NumImages,
                string.Create(CultureInfo.InvariantCulture, $"needs {calls} provider calls, more than this client makes in a minute"),
                string.Create(CultureInfo.InvariantCulture, $"at most {maxCalls} calls (IdeogramClientOptions.Quotas.MaxRequestsPerMinute)"));
        }

        RateLimitLease? inFlight = null;
        RateLimitLease? window = null;
        try
        {
            if (_images is not null)
            {
                inFlight = await _images.AcquireAsync(images, cancellationToken).ConfigureAwait(false);
                if (!inFlight.IsAcquired)
                {
                    throw Full(inFlight, string.Create(CultureInfo.InvariantCulture, $"{_options.MaxImagesInFlight} images in flight"));
                }
            }

            if (_calls is not null)
            {
                window = await _calls.AcquireAsync(calls, cancellationToken).ConfigureAwait(false);
                if (!window.IsAcquired)
                {
                    throw Full(window, string.Create(CultureInfo.InvariantCulture, $"{_options.MaxRequestsPerMinute} calls per minute"));
                }
            }

            return new Lease(inFlight, window);
        }
        catch
        {
            inFlight?.Dispose();
            window?.Dispose();
            throw;
        }
    }

    private IdeogramRateLimitException Full(RateLimitLease lease, string limit)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return new IdeogramRateLimitException(
            string.Create(CultureInfo.InvariantCulture, $"This client's {_provider} quota ({limit}, {_options.QueueLimit} waiting at most) is full; nothing was sent. Try again later."),
            new ProviderErrorDetails(_provider, null, ErrorCode: ClientQuotaErrorCode, RetryAfter: retryAfter))
        {
            Submission = SubmissionState.NotSent,
        };
    }

    private sealed class Lease(RateLimitLease? inFlight, RateLimitLease? window) : IDisposable
    {
        public void Dispose()
        {
            inFlight?.Dispose();
            window?.Dispose();
        }
    }
}
