using System.Net;
using System.Reflection;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Polly.Timeout;

namespace Ideogram.Sdk;

/// <summary>
/// The Ideogram 3.0 client: validates a neutral request against the provider's mapping table, lets the provider's
/// adapter translate it, sends it through the resilient HTTP pipeline, and polls jobs until they end.
/// </summary>
/// <remarks>Thread-safe; create one per provider configuration and reuse it (or register it with <c>AddIdeogram</c>).</remarks>
public class IdeogramClient : IIdeogramClient, IDisposable
{
    private static readonly string UserAgent = "Ideogram.Sdk/" + (typeof(IdeogramClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly IdeogramClientOptions _options;
    private readonly ProviderAdapter _adapter;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ApiKey _key;
    private readonly Uri _baseAddress;
    private readonly TimeProvider _time;

    /// <summary>A client for a provider with a key.</summary>
    /// <param name="apiKey">The provider's API key.</param>
    /// <param name="provider">The provider (Ideogram's own API by default).</param>
    public IdeogramClient(string apiKey, IdeogramProvider provider = IdeogramProvider.Ideogram)
        : this(new IdeogramClientOptions { ApiKey = apiKey, Provider = provider })
    {
    }

    /// <summary>
    /// A client with its own connection pool and the SDK's handlers: retries and timeouts, redirects followed by the SDK
    /// (within the provider's origin only, so the key never goes elsewhere), and the address rule for what the SDK fetches
    /// on its own, checked on every connection it opens.
    /// </summary>
    /// <param name="options">The options (copied; later changes have no effect).</param>
    public IdeogramClient(IdeogramClientOptions options)
        : this(options, Transport.Create(options?.AllowPrivateNetworkInputs ?? false), ownsTransport: true)
    {
    }

    /// <summary>
    /// A client over a transport of your own (a test handler, a proxy); the SDK's handlers (retries and timeouts,
    /// redirects, the address rule on URLs) are put in front of it. Redirects are followed by the SDK, so a
    /// <see cref="SocketsHttpHandler"/> or <see cref="HttpClientHandler"/> given here (or inside it) has its
    /// <c>AllowAutoRedirect</c> turned off; one that has already sent requests with it on is refused. The address rule
    /// is checked on URLs and every redirect hop, but not on the addresses host names resolve to (that check needs the
    /// SDK's own connection pool).
    /// </summary>
    /// <param name="options">The options (copied; later changes have no effect).</param>
    /// <param name="transport">The innermost handler. Not disposed by the client.</param>
    /// <exception cref="ArgumentException">The transport follows redirects by itself and can no longer be changed.</exception>
    public IdeogramClient(IdeogramClientOptions options, HttpMessageHandler transport)
        : this(options, Prepared(transport), ownsTransport: false)
    {
    }

    /// <summary>
    /// A client that sends through your <see cref="HttpClient"/> (its handlers, proxy and default headers), with the
    /// SDK's handlers (retries and timeouts, redirects, the address rule on URLs) put in front of it. The client is
    /// neither changed nor disposed: its <see cref="HttpClient.Timeout"/> bounds each attempt as well as
    /// <see cref="IdeogramClientOptions.AttemptTimeout"/> does (set it to <see cref="Timeout.InfiniteTimeSpan"/> to leave
    /// timing to the SDK). Its handler should not follow redirects itself (<c>AllowAutoRedirect = false</c>): a redirect
    /// it follows to another origin has already carried the request there, and the call fails saying so.
    /// </summary>
    /// <param name="options">The options (copied; later changes have no effect).</param>
    /// <param name="httpClient">The HTTP client. Not changed and not disposed by the client.</param>
    public IdeogramClient(IdeogramClientOptions options, HttpClient httpClient)
        : this(options, new HttpClientTransport(httpClient ?? throw new ArgumentNullException(nameof(httpClient))), ownsTransport: true)
    {
    }

    private IdeogramClient(IdeogramClientOptions options, HttpMessageHandler transport, bool ownsTransport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        (_options, _adapter, _key, _baseAddress, _time) = Configure(options);
        var redirects = new RedirectHandler(_options.Provider, _options.AllowPrivateNetworkInputs) { InnerHandler = transport };
        _http = new HttpClient(new ResilienceHandler(_options) { InnerHandler = redirects }, disposeHandler: ownsTransport)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _ownsHttp = true;
    }

    /// <summary>A client over an <see cref="HttpClient"/> whose handlers already are the SDK's (as <c>AddIdeogram</c> builds it with <c>IHttpClientFactory</c>).</summary>
    private IdeogramClient(IdeogramClientOptions options, HttpClient pipeline, bool ownsPipeline)
    {
        (_options, _adapter, _key, _baseAddress, _time) = Configure(options);
        _http = pipeline;
        _ownsHttp = ownsPipeline;
    }

    /// <inheritdoc />
    public IdeogramProvider Provider => _adapter.Provider;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => new(_adapter.Profile);

    /// <summary>The address requests go to.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>The capabilities of any provider, without a client.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>Its capabilities.</returns>
    public static ProviderCapabilities GetCapabilities(IdeogramProvider provider) => new(ProviderRegistry.Get(provider).Profile);

    /// <summary>The environment variable a provider's key is read from when <see cref="IdeogramClientOptions.ApiKey"/> is not set (for example <c>IDEOGRAM_API_KEY</c>).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The variable's name.</returns>
    public static string GetApiKeyVariable(IdeogramProvider provider) => ProviderRegistry.ApiKeyVariable(provider);

    /// <inheritdoc />
    public virtual Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual async Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var parts = Split(prepared);
        if (parts.Count == 1)
        {
            return ToJob(await SubmitPreparedAsync(prepared, options, preferJob: true, cancellationToken).ConfigureAwait(false), prepared);
        }

        var jobs = new List<ImageJob>(parts.Count);
        foreach (var part in parts)
        {
            try
            {
                jobs.Add(ToJob(await SubmitPreparedAsync(part, options, preferJob: true, cancellationToken).ConfigureAwait(false), part));
            }
            catch (Exception e) when (jobs.Count > 0 && e is IdeogramException or OperationCanceledException)
            {
                // Some calls were accepted (and paid for): hand them back rather than lose them.
                throw new IdeogramException($"{jobs.Count} of {parts.Count} {Provider} calls were accepted before one failed; see Job for the accepted ones.", e)
                {
                    Job = Composite(jobs, prepared.Operation),
                };
            }
        }

        return Composite(jobs, prepared.Operation);
    }

    /// <inheritdoc />
    public virtual async Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        if (job.Result is { } done)
        {
            return new ImageJobStatus(job, ImageJobState.Succeeded, "completed") { Result = done };
        }

        if (job.Parts.Count > 0)
        {
            return await PollPartsAsync(job, cancellationToken).ConfigureAwait(false);
        }

        string? stage = null;
        for (var step = 0; step < 4; step++)
        {
            var context = new PollContext { Job = job, BaseAddress = _baseAddress, Options = _options, Time = _time, Stage = stage };
            using var message = _adapter.CreatePoll(context);
            var response = await SendAsync(message, RequestKind.Read, job, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess && !_adapter.IsJobAnswer(context, response))
            {
                throw WithJob(_adapter.ReadError(response), job);
            }

            PollOutcome outcome;
            try
            {
                outcome = _adapter.ReadPoll(context, response);
            }
            catch (IdeogramException e)
            {
                throw WithJob(e, job);
            }

            if (outcome.Status is { } status)
            {
                if (status.Error is { } error)
                {
                    WithJob(error, job);
                }

                return status.RetryAfter is null && response.RetryAfter is { } hint
                    ? new ImageJobStatus(status.Job, status.State, status.ProviderStatus) { Result = status.Result, Error = status.Error, RetryAfter = hint }
                    : status;
            }

            stage = outcome.FollowUpStage;
        }

        throw WithJob(new IdeogramException($"{Provider} job '{job.Id}' needed more follow-up reads than expected."), job);
    }

    /// <inheritdoc />
    public virtual async Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        if (job.Result is { } done)
        {
            return done;
        }

        var polling = (options ?? _options.Polling).Clone();
        polling.Validate();
        var started = _time.GetTimestamp();
        var delay = polling.InitialDelay;
        try
        {
            while (true)
            {
                var remaining = polling.Timeout - _time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new IdeogramJobTimeoutException(
                        $"{Provider} job '{job.Id}' did not finish within {polling.Timeout}; it may still finish. Collect it later with its job (token).")
                    {
                        Job = job,
                    };
                }

                await Task.Delay(delay < remaining ? delay : remaining, _time, cancellationToken).ConfigureAwait(false);
                TimeSpan? hint;
                try
                {
                    var status = await PollAsync(job, cancellationToken).ConfigureAwait(false);
                    switch (status.State)
                    {
                        case ImageJobState.Succeeded:
                            return status.Result ?? throw WithJob(new IdeogramException($"{Provider} reported job '{job.Id}' as succeeded without a result."), job);
                        case ImageJobState.Failed:
                        case ImageJobState.Canceled:
                            throw status.Error ?? WithJob(new IdeogramJobFailedException($"{Provider} job '{job.Id}' ended as {status.ProviderStatus ?? status.State.ToString()}."), job);
                    }

                    hint = status.RetryAfter;
                }
                catch (IdeogramException e) when (e.IsRetryable && e is not IdeogramJobFailedException)
                {
                    // A transient failure of one poll (after the pipeline's own retries) does not end the wait; the deadline does.
                    hint = e.RetryAfter;
                }

                var next = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * polling.BackoffFactor, polling.MaxDelay.Ticks));
                delay = hint is { } h && h > next ? h : next;
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not IdeogramJobWaitCanceledException)
        {
            throw new IdeogramJobWaitCanceledException(job, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public virtual async Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        var context = new PollContext { Job = job, BaseAddress = _baseAddress, Options = _options, Time = _time };
        using var message = _adapter.CreateCancel(context)
            ?? throw new NotSupportedException(
                $"{Provider} offers no public way to cancel a job: job '{job.Id}' runs to completion (and is charged). " +
                "Cancelling the token passed to WaitAsync stops waiting, not the job.");
        var response = await SendAsync(message, RequestKind.Read, job, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw WithJob(_adapter.ReadError(response), job);
        }
    }

    /// <inheritdoc />
    public virtual Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) =>
        Downloader.DownloadAsync(_http, image, destination, _options, Provider, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) =>
        Downloader.DownloadToFileAsync(_http, image, path, _options, Provider, cancellationToken);

    /// <summary>Releases the connection pool this client created (not one it was given).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"IdeogramClient({Provider}, {_baseAddress})";

    /// <summary>A client over an <see cref="HttpClient"/> built by <c>IHttpClientFactory</c> with the SDK's handlers (retries, redirects) and infinite <see cref="HttpClient.Timeout"/>.</summary>
    internal static IdeogramClient OverSdkPipeline(IdeogramClientOptions options, HttpClient pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return new IdeogramClient(options, pipeline, ownsPipeline: false);
    }

    private static HttpMessageHandler Prepared(HttpMessageHandler transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport.TurnOffAutoRedirect(transport, nameof(transport));
        return transport;
    }

    private static (IdeogramClientOptions Options, ProviderAdapter Adapter, ApiKey Key, Uri BaseAddress, TimeProvider Time) Configure(IdeogramClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        var adapter = ProviderRegistry.Get(copy.Provider);
        var variable = ProviderRegistry.ApiKeyVariable(copy.Provider);
        var key = !string.IsNullOrWhiteSpace(copy.ApiKey) ? copy.ApiKey : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"An API key is required for {copy.Provider}: set IdeogramClientOptions.ApiKey or the {variable} environment variable.", nameof(options));
        }

        var baseAddress = copy.BaseAddress ?? adapter.DefaultBaseAddress;
        if (!baseAddress.AbsoluteUri.EndsWith('/'))
        {
            baseAddress = new Uri(baseAddress.AbsoluteUri + "/");
        }

        copy.ApiKey = null;
        return (copy, adapter, new ApiKey(key), baseAddress, copy.TimeProvider);
    }

    private async Task<ImageResult> RunAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var parts = Split(prepared);
        if (parts.Count == 1)
        {
            return await RunPreparedAsync(prepared, cancellationToken).ConfigureAwait(false);
        }

        using var gate = new SemaphoreSlim(Math.Max(1, _adapter.Profile.MaxConcurrentCalls));
        var tasks = parts.Select(async part =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RunPreparedAsync(part, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Any(t => t.IsCompletedSuccessfully))
        {
            var done = tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
            var first = tasks.First(t => t.IsFaulted || t.IsCanceled);
            var cause = first.Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
            throw new IdeogramException($"{done.Count} of {parts.Count} {Provider} calls succeeded before one failed; see PartialResult for the images already made.", cause)
            {
                PartialResult = Merge(done, prepared),
            };
        }

        return Merge([.. tasks.Select(t => t.Result)], prepared);
    }

    private async Task<ImageResult> RunPreparedAsync(PreparedRequest prepared, CancellationToken cancellationToken)
    {
        var outcome = await SubmitPreparedAsync(prepared, null, preferJob: false, cancellationToken).ConfigureAwait(false);
        var result = outcome.Result ?? await WaitAsync(outcome.Job!, null, cancellationToken).ConfigureAwait(false);
        return WithWarnings(result, prepared.Warnings, outcome.Job);
    }

    private async Task<PreparedRequest> PrepareAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = await RequestValidator.PrepareAsync(request, _adapter.Profile, _options.UnsupportedParameters, cancellationToken).ConfigureAwait(false);
        if (!_adapter.Profile.AcceptsImageUrls)
        {
            await Downloader.InlineUrlImagesAsync(_http, prepared, _options, Provider, cancellationToken).ConfigureAwait(false);
        }

        return prepared;
    }

    /// <summary>Splits a request for more images than one provider call makes into several calls (seeds, when given, count up).</summary>
    private List<PreparedRequest> Split(PreparedRequest prepared)
    {
        var perCall = Math.Max(1, _adapter.Profile.MaxImagesPerCall);
        var count = prepared.ImageCount;
        if (count <= perCall)
        {
            return [prepared];
        }

        // Each call gets its own seed, counting up from the given one (down, where counting up would leave the
        // provider's seed range), so the images differ and each stays reproducible.
        var calls = (count + perCall - 1) / perCall;
        var seedRule = _adapter.Profile.Operations[prepared.Operation][ImageParameter.Seed];
        var step = prepared.Seed is { } first && seedRule?.Max is { } max && first + calls - 1 > max ? -1 : 1;
        var parts = new List<PreparedRequest>(calls);
        for (int given = 0, index = 0; given < count; index++)
        {
            var n = Math.Min(perCall, count - given);
            parts.Add(prepared.CopyWith(n, prepared.Seed is { } seed ? seed + (step * index) : null));
            given += n;
        }

        if (prepared.Seed is { } s)
        {
            prepared.Warnings.Add(new Warning("seed-per-call", ImageParameter.Seed, FormattableString.Invariant(
                $"{Provider} makes {perCall} image(s) per call; the {calls} calls used seeds {s}..{s + (step * (calls - 1))}.")));
        }

        return parts;
    }

    private async Task<SubmitOutcome> SubmitPreparedAsync(PreparedRequest prepared, SubmitOptions? submitOptions, bool preferJob, CancellationToken cancellationToken)
    {
        var context = new SubmitContext
        {
            Request = prepared,
            BaseAddress = _baseAddress,
            Options = _options,
            SubmitOptions = submitOptions,
            PreferJob = preferJob,
            Time = _time,
        };
        using var message = _adapter.CreateSubmit(context);
        var kind = _adapter.Profile.DeduplicatesSubmissions ? RequestKind.DeduplicatedSubmit : RequestKind.Submit;
        var response = await SendAsync(message, kind, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && _adapter.CreateSubmitOnNotFound(context, response) is { } alternate)
        {
            using (alternate)
            {
                response = await SendAsync(alternate, kind, null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!response.IsSuccess)
        {
            throw _adapter.ReadError(response);
        }

        return _adapter.ReadSubmit(context, response);
    }

    private async Task<ProviderResponse> SendAsync(HttpRequestMessage message, RequestKind kind, ImageJob? job, CancellationToken cancellationToken)
    {
        message.Options.Set(ResilienceHandler.KindKey, kind);
        message.Headers.UserAgent.ParseAdd(UserAgent);
        _adapter.Authenticate(message, _key);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            using var attemptTimer = new CancellationTokenSource(_options.AttemptTimeout, _time);
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token);
            byte[] body;
            try
            {
                body = await Downloader.ReadBoundedAsync(response.Content, _options.MaxResponseBytes, bodyTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IdeogramTimeoutException($"{Provider} did not finish sending its answer within {_options.AttemptTimeout}.", e) { Job = job };
            }

            return new ProviderResponse(Provider, response.StatusCode, response.Headers, response.Content.Headers, body, _time) { Credential = _key };
        }
        catch (TimeoutRejectedException e)
        {
            throw new IdeogramTimeoutException($"{Provider} did not answer within the configured timeout ({e.Timeout}).", e) { Job = job };
        }
        catch (HttpRequestException e)
        {
            throw new IdeogramException($"Could not reach {Provider} at {_baseAddress.Host}: {e.Message}", e) { Job = job };
        }
        catch (IOException e)
        {
            throw new IdeogramException($"The connection to {Provider} failed: {e.Message}", e) { Job = job };
        }
    }

    private async Task<ImageJobStatus> PollPartsAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var statuses = new List<ImageJobStatus>(job.Parts.Count);
        foreach (var part in job.Parts)
        {
            statuses.Add(await PollAsync(part, cancellationToken).ConfigureAwait(false));
        }

        if (statuses.FirstOrDefault(s => s.State is ImageJobState.Failed or ImageJobState.Canceled) is { } failed)
        {
            return new ImageJobStatus(job, failed.State, failed.ProviderStatus) { Error = failed.Error };
        }

        if (statuses.All(s => s.State == ImageJobState.Succeeded))
        {
            var merged = new ImageResult(Provider, job.Operation, [.. statuses.SelectMany(s => s.Result?.Images ?? [])])
            {
                Cost = Sum(statuses.Select(s => s.Result?.Cost)),
                Job = job,
            };
            return new ImageJobStatus(job, ImageJobState.Succeeded, "succeeded") { Result = merged };
        }

        var state = statuses.Any(s => s.State == ImageJobState.Running) ? ImageJobState.Running : ImageJobState.Queued;
        return new ImageJobStatus(job, state, state.ToString().ToLowerInvariant())
        {
            RetryAfter = statuses.Max(s => s.RetryAfter),
        };
    }

    private ImageJob ToJob(SubmitOutcome outcome, PreparedRequest prepared)
    {
        if (outcome.Job is { } job)
        {
            return job;
        }

        var result = WithWarnings(outcome.Result!, prepared.Warnings, null);
        var id = result.RequestId ?? "sync-" + Guid.NewGuid().ToString("N");
        return new ImageJob(Provider, prepared.Operation, id, result.Created ?? _time.GetUtcNow()) { Result = result };
    }

    private ImageJob Composite(List<ImageJob> jobs, ImageOperation operation)
    {
        var first = jobs[0];
        var result = jobs.All(j => j.IsCompleted)
            ? new ImageResult(Provider, operation, [.. jobs.SelectMany(j => j.Result!.Images)]) { Cost = Sum(jobs.Select(j => j.Result!.Cost)) }
            : null;
        return new ImageJob(Provider, operation, first.Id, first.CreatedAt) { Parts = jobs, Result = result };
    }

    private ImageResult Merge(List<ImageResult> results, PreparedRequest prepared) =>
        new(Provider, prepared.Operation, [.. results.SelectMany(r => r.Images)])
        {
            Created = results.Select(r => r.Created).FirstOrDefault(c => c is not null),
            Warnings = [.. prepared.Warnings, .. results.SelectMany(r => r.Warnings).Distinct()],
            Cost = Sum(results.Select(r => r.Cost)),
            RemainingCredits = results.Select(r => r.RemainingCredits).LastOrDefault(c => c is not null),
            RequestId = results.Select(r => r.RequestId).FirstOrDefault(id => id is not null),
            Descriptions = [.. results.SelectMany(r => r.Descriptions)],
        };

    private static ImageResult WithWarnings(ImageResult result, List<Warning> warnings, ImageJob? job) =>
        new(result.Provider, result.Operation, result.Images)
        {
            Descriptions = result.Descriptions,
            Created = result.Created,
            Warnings = [.. warnings, .. result.Warnings],
            Cost = result.Cost,
            RemainingCredits = result.RemainingCredits,
            RequestId = result.RequestId,
            Job = result.Job ?? job,
        };

    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        decimal? total = null;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                total = (total ?? 0) + x;
            }
        }

        return total;
    }

    private static T WithJob<T>(T exception, ImageJob job)
        where T : IdeogramException
    {
        exception.Job ??= job;
        return exception;
    }

    private void CheckJob(ImageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Provider != Provider)
        {
            throw new ArgumentException($"The job belongs to {job.Provider}; this client calls {Provider}.", nameof(job));
        }
    }
}
