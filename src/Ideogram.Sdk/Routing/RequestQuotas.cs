using System.Globalization;
using System.Threading.RateLimiting;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Routing;

/// <summary>
/// One client's <see cref="QuotaOptions"/> in force, on two <see cref="ConcurrencyLimiter"/>s: one for images in flight
/// (given back when the call ends), one for calls per minute (each permit given back one minute after it was taken, on
/// the client's <see cref="TimeProvider"/>, so at most N calls start in any rolling minute and a fake clock drives it in
/// tests). A request takes its permits before its first paid submission.
/// </summary>
internal sealed class RequestQuotas : IDisposable
{
    /// <summary>The <see cref="IdeogramException.ErrorCode"/> of a refusal by the client's own quota (no provider was asked).</summary>
    public const string ClientQuotaErrorCode = "client_quota_full";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly IdeogramProvider _provider;
    private readonly QuotaOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrencyLimiter? _images;
    private readonly ConcurrencyLimiter? _calls;
    private readonly Lock _gate = new();
    private readonly Dictionary<ITimer, DateTimeOffset> _held = [];

    private RequestQuotas(IdeogramProvider provider, QuotaOptions options, TimeProvider time)
    {
        _provider = provider;
        _options = options;
        _time = time;
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
            _calls = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = calls,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
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
        lock (_gate)
        {
            foreach (var timer in _held.Keys)
            {
                timer.Dispose();
            }

            _held.Clear();
        }

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
                    throw Full(window, string.Create(CultureInfo.InvariantCulture, $"{_options.MaxRequestsPerMinute} calls per minute"), UntilNextRelease());
                }

                HoldForAMinute(window);
                window = null;
            }

            return new Lease(inFlight);
        }
        catch
        {
            inFlight?.Dispose();
            window?.Dispose();
            throw;
        }
    }

    /// <param name="lease">The refused lease.</param>
    /// <param name="limit">The limit, for the message.</param>
    /// <param name="soonest">The soonest room can be made, when the limiter does not say (the per-minute window's slice).</param>
    private IdeogramRateLimitException Full(RateLimitLease lease, string limit, TimeSpan? soonest = null)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : soonest;
        return new IdeogramRateLimitException(
            string.Create(CultureInfo.InvariantCulture, $"This client's {_provider} quota ({limit}, {_options.QueueLimit} waiting at most) is full; nothing was sent. Try again later."),
            new ProviderErrorDetails(_provider, null, ErrorCode: ClientQuotaErrorCode, RetryAfter: retryAfter))
        {
            Submission = SubmissionState.NotSent,
        };
    }

    /// <summary>Keeps calls-per-minute permits taken until a minute has passed on the client's clock.</summary>
    private void HoldForAMinute(RateLimitLease lease)
    {
        lock (_gate)
        {
            ITimer? timer = null;
            timer = _time.CreateTimer(
                _ =>
                {
                    lease.Dispose();
                    lock (_gate)
                    {
                        _held.Remove(timer!);
                    }

                    timer!.Dispose();
                },
                null,
                Minute,
                Timeout.InfiniteTimeSpan);
            _held[timer] = _time.GetUtcNow() + Minute;
        }
    }

    /// <summary>How long until the oldest calls-per-minute permit is given back.</summary>
    private TimeSpan? UntilNextRelease()
    {
        lock (_gate)
        {
            return _held.Count == 0 ? null : _held.Values.Min() - _time.GetUtcNow();
        }
    }

    /// <summary>The in-flight permits of one call, given back when it ends.</summary>
    private sealed class Lease(RateLimitLease? inFlight) : IDisposable
    {
        public void Dispose() => inFlight?.Dispose();
    }
}
