using System.Net;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Routing;

namespace Ideogram.Sdk;

/// <summary>
/// The Ideogram 3.0 client: validates a neutral request against the provider's mapping table, lets the provider's
/// adapter translate it, sends it through the resilient HTTP pipeline, and polls jobs until they end.
/// </summary>
/// <remarks>
/// Thread-safe; create one per provider configuration and reuse it (or register it with <c>AddIdeogram</c>). Each public
/// call is a span of the <see cref="IdeogramTelemetry.SourceName"/> activity source, with a child span per provider request;
/// it records metrics on the <see cref="IdeogramTelemetry.MeterName"/> meter and logs through
/// <see cref="IdeogramClientOptions.LoggerFactory"/>.
/// </remarks>
public class IdeogramClient : IIdeogramClient, IDisposable
{
    private readonly IdeogramClientOptions _options;
    private readonly ProviderAdapter _adapter;
    private readonly HttpClient _http;

    /// <summary>The handlers of <see cref="_http"/> without its <see cref="HttpClient"/> layer, when this client built them.</summary>
    private readonly HttpMessageInvoker? _handlers;
    private readonly bool _ownsHttp;
    private readonly ApiKey _key;
    private readonly Uri _baseAddress;
    private readonly TimeProvider _time;
    private readonly EngineContext _engine;
    private readonly ProviderCalls _calls;
    private readonly JobWaiter _waiter;
    private readonly RequestQuotas? _quotas;
    private readonly ClientTelemetry _telemetry;

    /// <summary>A client for a provider with a key.</summary>
    /// <param name="apiKey">The provider's API key.</param>
    /// <param name="provider">The provider (Ideogram's own API by default).</param>
    public IdeogramClient(string apiKey, IdeogramProvider provider = IdeogramProvider.Ideogram)
        : this(new IdeogramClientOptions { ApiKey = apiKey, Provider = provider })
    {
    }

    /// <summary>A client for a provider with a rotatable key: <see cref="ApiKey.Update"/> changes the key of later requests.</summary>
    /// <param name="credential">The provider's API key.</param>
    /// <param name="provider">The provider (Ideogram's own API by default).</param>
    public IdeogramClient(ApiKey credential, IdeogramProvider provider = IdeogramProvider.Ideogram)
        : this(new IdeogramClientOptions { Credential = credential ?? throw new ArgumentNullException(nameof(credential)), Provider = provider })
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
        var handlers = new ResilienceHandler(_options) { InnerHandler = redirects };
        _http = new HttpClient(handlers, disposeHandler: ownsTransport)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _handlers = new HttpMessageInvoker(handlers, disposeHandler: false);
        _ownsHttp = true;
        (_engine, _calls, _waiter, _telemetry) = Engine();
        _quotas = RequestQuotas.For(_options);
    }

    /// <summary>A client over an <see cref="HttpClient"/> whose handlers already are the SDK's (as <c>AddIdeogram</c> builds it with <c>IHttpClientFactory</c>).</summary>
    private IdeogramClient(IdeogramClientOptions options, HttpClient pipeline, bool ownsPipeline)
    {
        (_options, _adapter, _key, _baseAddress, _time) = Configure(options);
        _http = pipeline;
        _ownsHttp = ownsPipeline;
        (_engine, _calls, _waiter, _telemetry) = Engine();
        _quotas = RequestQuotas.For(_options);
    }

    /// <inheritdoc />
    public IdeogramProvider Provider => _adapter.Provider;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => new(_adapter.Profile);

    /// <summary>
    /// What <paramref name="request"/> would cost at this client's provider, for all its images, from
    /// <see cref="PriceTable.Default"/> (the published prices with their sources and dates). The request is checked
    /// against the provider's mapping table under the request's or this client's <see cref="UnsupportedParameterBehavior"/>,
    /// so a substitution is priced as it would be sent. Nothing is sent and no image is read.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="IdeogramValidationException">The provider cannot serve the request (nothing would be sent).</exception>
    /// <exception cref="InvalidOperationException">The price table has no line for the case.</exception>
    public CostEstimate EstimateCost(ImageRequest request) => EstimateCost(request, PriceTable.Default);

    /// <summary>What <paramref name="request"/> would cost at this client's provider, from <paramref name="prices"/> (for prices you negotiated or that changed).</summary>
    /// <param name="request">The request.</param>
    /// <param name="prices">The price table, for example <c>PriceTable.Default.With(...)</c>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="IdeogramValidationException">The provider cannot serve the request (nothing would be sent).</exception>
    /// <exception cref="InvalidOperationException">The price table has no line for the case.</exception>
    public CostEstimate EstimateCost(ImageRequest request, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prices);
        return prices.Estimate(request, _adapter.Provider, _options.UnsupportedParameters);
    }

    /// <summary>The address requests go to.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>
    /// What this client does with a parameter the provider cannot honour when a request does not say
    /// (<see cref="IdeogramClientOptions.UnsupportedParameters"/>, as configured): refuse it before anything is sent,
    /// or use the nearest thing with a <see cref="Warning"/>. A request's own <see cref="ImageRequest.UnsupportedParameters"/> overrides it.
    /// </summary>
    public UnsupportedParameterBehavior UnsupportedParameters => _options.UnsupportedParameters;

    /// <summary>The capabilities of any provider, without a client.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>Its capabilities.</returns>
    public static ProviderCapabilities GetCapabilities(IdeogramProvider provider) => new(ProviderRegistry.Get(provider).Profile);

    /// <summary>The environment variable a provider's key is read from when <see cref="IdeogramClientOptions.ApiKey"/> is not set (for example <c>IDEOGRAM_API_KEY</c>).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The variable's name.</returns>
    public static string GetApiKeyVariable(IdeogramProvider provider) => ProviderRegistry.ApiKeyVariable(provider);

    /// <inheritdoc />
    public virtual Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Generate, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Edit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Remix, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Reframe, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.ReplaceBackground, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Describe, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => RunAsync(request, SdkCall.Upscale, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default) =>
        _telemetry.IsActive ? SubmitObservedAsync(request, options, cancellationToken) : SubmitCoreAsync(request, options, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        return OperationScope.IsInternalRead || !_telemetry.IsActive ? _waiter.PollAsync(job, cancellationToken) : PollObservedAsync(job, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        return _telemetry.IsActive ? WaitObservedAsync(job, options, cancellationToken) : _waiter.WaitAsync(job, options, cancellationToken);
    }

    /// <inheritdoc />
    public virtual IAsyncEnumerable<ImageJobStatus> WatchAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        return _waiter.WatchAsync(job, options, SdkCall.Watch, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        return _telemetry.IsActive ? CancelObservedAsync(job, cancellationToken) : CancelCoreAsync(job, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) =>
        _telemetry.IsActive
            ? DownloadObservedAsync(image, destination, null, toFile: false, cancellationToken)
            : Downloader.DownloadAsync(_http, image, destination, _options, Provider, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) =>
        _telemetry.IsActive
            ? DownloadObservedAsync(image, null, path, toFile: true, cancellationToken)
            : Downloader.DownloadToFileAsync(_http, image, path, _options, Provider, cancellationToken);

    private async Task<ImageJob> SubmitObservedAsync(ImageRequest request, SubmitOptions? options, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(SdkCall.Submit, request: request);
        try
        {
            var job = await SubmitCoreAsync(request, options, cancellationToken).ConfigureAwait(false);
            scope?.Submitted(job);
            return job;
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task<ImageJob> SubmitCoreAsync(ImageRequest request, SubmitOptions? options, CancellationToken cancellationToken)
    {
        CallbackRule.Check(request, options, _adapter.Profile, _options.UnsupportedParameters);
        var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var parts = SplitRequests.Split(prepared, _engine);
        using var quota = await RequestQuotas.AcquireAsync(_quotas, prepared, parts.Count, cancellationToken).ConfigureAwait(false);
        if (parts.Count == 1)
        {
            return ToJob(await _calls.SubmitAsync(prepared, options, preferJob: true, cancellationToken).ConfigureAwait(false), prepared);
        }

        // One call after another; after a failure no further paid call is started, and every accepted one is kept.
        var runs = parts.Select(p => new PartRun(p)).ToList();
        foreach (var run in runs)
        {
            try
            {
                var job = ToJob(await _calls.SubmitAsync(run.Request!, options, preferJob: true, cancellationToken).ConfigureAwait(false), run.Request!);
                run.State = SubmissionState.Accepted;
                run.Job = job;
                run.Result = job.Result;
            }
            catch (Exception e) when (e is IdeogramException or OperationCanceledException)
            {
                run.Fail(e);
                break;
            }
        }

        if (runs.All(r => r.Job is not null && r.Error is null))
        {
            return SplitRequests.Composite([.. runs.Select(r => r.Job!)], Provider, prepared.Operation);
        }

        throw SplitRequests.Failure(runs, _engine, prepared.Operation, prepared.Warnings, cancellationToken);
    }

    private async Task<ImageJobStatus> PollObservedAsync(ImageJob job, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(SdkCall.Poll, job: job);
        try
        {
            var status = await _waiter.PollAsync(job, cancellationToken).ConfigureAwait(false);
            scope?.Polled(status);
            return status;
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task CancelObservedAsync(ImageJob job, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(SdkCall.Cancel, job: job);
        try
        {
            await CancelCoreAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task<ImageResult> WaitObservedAsync(ImageJob job, PollingOptions? options, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(SdkCall.Wait, job: job);
        try
        {
            var result = await _waiter.WaitAsync(job, options, cancellationToken).ConfigureAwait(false);
            scope?.Completed(result, produced: !job.IsCompleted);
            return result;
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task<long> DownloadObservedAsync(GeneratedImage image, Stream? destination, string? path, bool toFile, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(SdkCall.Download);
        try
        {
            // The overload decides (not which argument is null), so a null argument is refused under its own name.
            var bytes = toFile
                ? await Downloader.DownloadToFileAsync(_http, image, path!, _options, Provider, cancellationToken).ConfigureAwait(false)
                : await Downloader.DownloadAsync(_http, image, destination!, _options, Provider, cancellationToken).ConfigureAwait(false);
            scope?.Downloaded(image, bytes);
            return bytes;
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task CancelCoreAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var context = new PollContext { Job = job, BaseAddress = _baseAddress, Options = _options, Time = _time };
        using var message = _engine.Adapter.CreateCancel(context)
            ?? throw new NotSupportedException(
                $"{Provider} offers no public way to cancel a job: job '{job.Id}' runs to completion (and is charged). " +
                "Cancelling the token passed to WaitAsync stops waiting, not the job.");
        var response = await _calls.SendAsync(message, RequestKind.Read, RequestPurpose.Cancel, job, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ProviderCalls.MarkRead(_engine.Adapter.ReadError(response), job);
        }
    }

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
        if (disposing)
        {
            _quotas?.Dispose();
        }

        if (disposing && _ownsHttp)
        {
            _handlers?.Dispose();
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
        var key = copy.ResolveKey();
        if (copy.Credential is null && key is null)
        {
            throw new ArgumentException(copy.MissingKeyMessage(), nameof(options));
        }

        var baseAddress = copy.BaseAddress ?? adapter.DefaultBaseAddress;
        if (!baseAddress.AbsoluteUri.EndsWith('/'))
        {
            baseAddress = new Uri(baseAddress.AbsoluteUri + "/");
        }

        copy.ApiKey = null;
        var credential = copy.Credential ?? new ApiKey(key!);
        copy.Credential = null;
        return (copy, adapter, credential, baseAddress, copy.TimeProvider);
    }

    private (EngineContext Engine, ProviderCalls Calls, JobWaiter Waiter, ClientTelemetry Telemetry) Engine()
    {
        var telemetry = new ClientTelemetry(_adapter.Provider, _options, _baseAddress);
        var engine = new EngineContext { Adapter = _adapter, Options = _options, Http = _http, Handlers = _handlers, Key = _key, BaseAddress = _baseAddress, Time = _time, Telemetry = telemetry };
        var calls = new ProviderCalls(engine);
        return (engine, calls, new JobWaiter(engine, calls, PollAsync), telemetry);
    }

    private Task<ImageResult> RunAsync(ImageRequest request, SdkCall call, CancellationToken cancellationToken) =>
        _telemetry.IsActive ? RunObservedAsync(request, call, cancellationToken) : RunCoreAsync(request, cancellationToken);

    private async Task<ImageResult> RunObservedAsync(ImageRequest request, SdkCall call, CancellationToken cancellationToken)
    {
        using var scope = _telemetry.Start(call, request: request);
        try
        {
            var result = await RunCoreAsync(request, cancellationToken).ConfigureAwait(false);
            scope?.Completed(result);
            return result;
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }
    }

    private async Task<ImageResult> RunCoreAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var parts = SplitRequests.Split(prepared, _engine);
        using var quota = await RequestQuotas.AcquireAsync(_quotas, prepared, parts.Count, cancellationToken).ConfigureAwait(false);
        if (parts.Count == 1)
        {
            // One provider call: its submission and (for a queued job) its wait, without the bookkeeping of split calls.
            var outcome = await _calls.SubmitAsync(prepared, null, preferJob: false, cancellationToken).ConfigureAwait(false);
            return outcome.Result is { } finished && outcome.Job is null
                ? Finished(prepared, finished, null)
                : await FinishAsync(prepared, outcome, cancellationToken).ConfigureAwait(false);
        }

        return await RunPartsAsync(prepared, parts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The provider calls of a request split into several, side by side (bounded).</summary>
    private async Task<ImageResult> RunPartsAsync(PreparedRequest prepared, IReadOnlyList<PreparedRequest> parts, CancellationToken cancellationToken)
    {
        // The calls run side by side (bounded). A failure stops further calls from starting, never the ones already
        // accepted: they run to the end, and the exception carries each of them.
        var runs = parts.Select(p => new PartRun(p)).ToList();
        using var gate = new SemaphoreSlim(Math.Max(1, _engine.Profile.MaxConcurrentCalls));
        var failed = 0;
        await Task.WhenAll(runs.Select(async run =>
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (Volatile.Read(ref failed) == 0)
                {
                    await RunPartAsync(run, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IdeogramException or OperationCanceledException)
            {
                run.Fail(e);
                Interlocked.Exchange(ref failed, 1);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        if (runs.All(r => r.Result is not null))
        {
            return SplitRequests.Merge([.. runs.Select(r => r.Result!)], Provider, prepared.Operation, prepared.Warnings);
        }

        throw SplitRequests.Failure(runs, _engine, prepared.Operation, prepared.Warnings, cancellationToken);
    }

    /// <summary>One provider call of a split operation: the paid submission, then (for a queued job) the wait for its result.</summary>
    private async Task RunPartAsync(PartRun run, CancellationToken cancellationToken)
    {
        var prepared = run.Request!;
        var outcome = await _calls.SubmitAsync(prepared, null, preferJob: false, cancellationToken).ConfigureAwait(false);
        run.State = SubmissionState.Accepted;

        // A finished synchronous call needs no job of its own: a failure of a split request makes one for it if needed.
        run.Job = outcome.Job;
        run.Result = await FinishAsync(prepared, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The result of an accepted provider call: the synchronous result, or the wait for a queued job's.</summary>
    private async ValueTask<ImageResult> FinishAsync(PreparedRequest prepared, SubmitOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Result is { } finished)
        {
            return Finished(prepared, finished, outcome.Job);
        }

        try
        {
            return Finished(prepared, await _waiter.WaitAsync(outcome.Job!, null, cancellationToken).ConfigureAwait(false), outcome.Job);
        }
        catch (IdeogramException e)
        {
            // For the operation as a whole this is a failure after a paid submission was accepted: running it again
            // would pay twice, however harmless the failed read itself was.
            throw ProviderCalls.MarkJob(e, outcome.Job!);
        }
    }

    /// <summary>A call's result with the request's warnings and its job: returned as it is when it already carries its job (or has none to carry) and there are no warnings to add.</summary>
    private static ImageResult Finished(PreparedRequest prepared, ImageResult result, ImageJob? job) =>
        prepared.Warnings.Count == 0 && (job is null || result.Job is not null)
            ? result
            : SplitRequests.WithWarnings(result, prepared.Warnings, job);

    private ValueTask<PreparedRequest> PrepareAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var prepared = RequestValidator.PrepareAsync(request, _engine.Profile, _options.UnsupportedParameters, cancellationToken);
        return _engine.Profile.AcceptsImageUrls ? prepared : InlineUrlImagesAsync(prepared, cancellationToken);
    }

    /// <summary>For a provider that takes image bytes only: the prepared request with its URL images downloaded.</summary>
    private async ValueTask<PreparedRequest> InlineUrlImagesAsync(ValueTask<PreparedRequest> preparing, CancellationToken cancellationToken)
    {
        var prepared = await preparing.ConfigureAwait(false);
        await Downloader.InlineUrlImagesAsync(_http, prepared, _options, Provider, cancellationToken).ConfigureAwait(false);
        return prepared;
    }

    /// <summary>A submission's outcome as a job: the pending job, or a completed job wrapping a synchronous result.</summary>
    private ImageJob ToJob(SubmitOutcome outcome, PreparedRequest prepared)
    {
        if (outcome.Job is { } job)
        {
            return job;
        }

        var result = SplitRequests.WithWarnings(outcome.Result!, prepared.Warnings, null);
        var id = result.RequestId ?? "sync-" + Guid.NewGuid().ToString("N");
        return new ImageJob(Provider, prepared.Operation, id, result.Created ?? _time.GetUtcNow()) { Result = result };
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
