using System.Diagnostics.Metrics;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.ApiInOne;
using Ideogram.Sdk.Providers.Runflow;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Providers.Segmind;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk;

/// <summary>
/// How an <see cref="IdeogramClient"/> reaches its provider. Bindable from configuration
/// (<c>services.AddIdeogram(configuration.GetSection("Ideogram"))</c>). The client copies these values when it is
/// created; later changes to this object do not affect it.
/// </summary>
public sealed class IdeogramClientOptions
{
    /// <summary>The provider to call. Switching provider is a change of this value, not of code.</summary>
    public IdeogramProvider Provider { get; set; } = IdeogramProvider.Ideogram;

    /// <summary>The API key for that provider. Never logged, never in exception messages or <see cref="ToString"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The key as a rotatable credential, instead of <see cref="ApiKey"/>: the client keeps this object, so
    /// <see cref="Sdk.ApiKey.Update"/> changes the key of every later request without rebuilding the client. Takes
    /// precedence over <see cref="ApiKey"/>. Set in code, not bound from configuration.
    /// </summary>
    public ApiKey? Credential { get; set; }

    /// <summary>Overrides the provider's address (for a proxy, or the local emulator).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>How many times a failed call is retried (when retrying is safe; see the README). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's base delay; later ones grow exponentially, with jitter. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait the client accepts between retries, including a provider's <c>Retry-After</c>. A longer
    /// requested wait fails at once with an <see cref="IdeogramRateLimitException"/> carrying it. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a paid submission may be re-sent after an ambiguous failure (HTTP 500, 502, 504, or a timeout after
    /// the request was sent), which can pay twice. Default <see langword="false"/>: such a submission is not re-sent,
    /// on any provider. None of them documents that a re-sent submission is de-duplicated (a Runware task UUID must be
    /// unique; sending it again is not documented to return the first task), so Runware submissions are not re-sent
    /// either; collect an ambiguous one with its job instead of submitting again.
    /// </summary>
    public bool RetryAmbiguousSubmissions { get; set; }

    /// <summary>
    /// The limit for one HTTP attempt. Default 3 minutes (quality renders can be slow). For what the SDK fetches on its
    /// own (downloads, URL inputs) it is also the longest wait for the next data once the answer has started.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The limit for one call including its retries, and for one download or fetched URL input as a whole. Default 10 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What to do with a parameter the provider cannot honour. Default <see cref="UnsupportedParameterBehavior.Strict"/>.</summary>
    public UnsupportedParameterBehavior UnsupportedParameters { get; set; } = UnsupportedParameterBehavior.Strict;

    /// <summary>How jobs are polled by <see cref="IIdeogramClient.WaitAsync"/> and by the operations on asynchronous providers.</summary>
    public PollingOptions Polling { get; set; } = new();

    /// <summary>The largest image <see cref="IIdeogramClient.DownloadAsync(GeneratedImage, Stream, CancellationToken)"/> accepts. Default 64 MB.</summary>
    public long MaxDownloadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest provider response the client reads into memory. Default 128 MB.</summary>
    public long MaxResponseBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// Whether the SDK may fetch image URLs (URL inputs it uploads for you, and result image downloads) that point at
    /// loopback or private network addresses (127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, ::1, fc00::/7).
    /// Default <see langword="false"/>, so a request or a provider answer cannot reach into your network. Link-local and
    /// cloud metadata addresses (169.254.0.0/16, fe80::/10) are refused whatever this says. Turn it on for a local
    /// emulator or an image server on your own network. The rule is checked on the URL, on every redirect hop and, on the
    /// connection pool the client creates itself, on the address a host name resolves to; calls to the provider's
    /// <see cref="BaseAddress"/> are not subject to it.
    /// </summary>
    public bool AllowPrivateNetworkInputs { get; set; }

    /// <summary>Limits on images in flight and calls per minute, enforced before anything is sent (none by default).</summary>
    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>
    /// Where job statuses that arrive outside polling (verified provider callbacks) are published, so waits for those
    /// jobs end at once. Default <see langword="null"/>: <see cref="IdeogramJobEvents.Shared"/>; <c>AddIdeogram</c> sets it
    /// to the <see cref="IdeogramJobEvents"/> registered in DI (the shared one unless you register another). Set in code,
    /// not bound from configuration.
    /// </summary>
    public IdeogramJobEvents? JobEvents { get; set; }

    /// <summary>The clock for retries, polling and timeouts (replace it in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the client logs (categories under <c>Ideogram.Sdk</c>): accepted submissions with their job, retries, job state
    /// changes, best-effort warnings and failures. Default <see langword="null"/>: no logging. <c>AddIdeogram</c> sets the
    /// container's. Never receives a key; prompts only with <see cref="EnableSensitiveData"/>. Set in code, not bound from configuration.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Makes the <c>Ideogram.Sdk</c> meter the client's metrics are recorded on. Default <see langword="null"/>: one meter of
    /// that name shared by every client made without a factory. <c>AddIdeogram</c> sets the container's. Set in code, not
    /// bound from configuration.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Whether telemetry (span attributes and log events) may include prompts, image URLs and exception messages (which
    /// can quote a provider's answer). Default <see langword="false"/>, as in Microsoft.Extensions.AI: spans and logs carry
    /// ids, counts, states and error types only. The API key is never recorded, whatever this says.
    /// </summary>
    public bool EnableSensitiveData { get; set; }

    /// <summary>Runflow settings.</summary>
    public RunflowOptions Runflow { get; set; } = new();

    /// <summary>Segmind settings.</summary>
    public SegmindOptions Segmind { get; set; } = new();

    /// <summary>Runware settings.</summary>
    public RunwareOptions Runware { get; set; } = new();

    /// <summary>API in One settings.</summary>
    public ApiInOneOptions ApiInOne { get; set; } = new();

    /// <summary>A description without the key.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"IdeogramClientOptions({Provider}, key {(Credential is null && string.IsNullOrEmpty(ApiKey) ? "missing" : "set")}, {BaseAddress?.ToString() ?? "default address"})";

    /// <summary>A copy, so the client is not affected by later changes.</summary>
    internal IdeogramClientOptions Clone() => new()
    {
        Provider = Provider,
        ApiKey = ApiKey,
        Credential = Credential,
        BaseAddress = BaseAddress,
        MaxRetries = MaxRetries,
        RetryBaseDelay = RetryBaseDelay,
        MaxRetryDelay = MaxRetryDelay,
        RetryAmbiguousSubmissions = RetryAmbiguousSubmissions,
        AttemptTimeout = AttemptTimeout,
        TotalTimeout = TotalTimeout,
        UnsupportedParameters = UnsupportedParameters,
        Polling = Polling.Clone(),
        MaxDownloadBytes = MaxDownloadBytes,
        MaxResponseBytes = MaxResponseBytes,
        AllowPrivateNetworkInputs = AllowPrivateNetworkInputs,
        Quotas = Quotas.Clone(),
        TimeProvider = TimeProvider,
        LoggerFactory = LoggerFactory,
        MeterFactory = MeterFactory,
        EnableSensitiveData = EnableSensitiveData,
        JobEvents = JobEvents,
        Runflow = Runflow.Clone(),
        Segmind = Segmind.Clone(),
        Runware = Runware.Clone(),
        ApiInOne = ApiInOne.Clone(),
    };

    /// <summary>The key to use: <see cref="ApiKey"/>, or the provider's environment variable; <see langword="null"/> when neither is set.</summary>
    internal string? ResolveKey()
    {
        var key = !string.IsNullOrWhiteSpace(ApiKey) ? ApiKey : Environment.GetEnvironmentVariable(ProviderRegistry.ApiKeyVariable(Provider));
        return string.IsNullOrWhiteSpace(key) ? null : key;
    }

    internal string MissingKeyMessage() =>
        $"An API key is required for {Provider}: set IdeogramClientOptions.ApiKey, IdeogramClientOptions.Credential or the {ProviderRegistry.ApiKeyVariable(Provider)} environment variable.";

    internal void Validate()
    {
        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be 0..10.");
        }

        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), "AttemptTimeout and TotalTimeout must be positive.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), "Retry delays must not be negative.");
        }

        if (BaseAddress is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("BaseAddress must be an absolute URI.", nameof(BaseAddress));
        }

        Polling.Validate();
        Quotas.Validate();
    }
}

/// <summary>How a job is polled until it ends.</summary>
public sealed class PollingOptions
{
    /// <summary>The wait before the first poll. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much each wait grows. Default 1.5.</summary>
    public double BackoffFactor { get; set; } = 1.5;

    /// <summary>The longest wait between polls. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The overall deadline for waiting; after it an <see cref="IdeogramJobTimeoutException"/> carries the job. Default 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    internal PollingOptions Clone() => new() { InitialDelay = InitialDelay, BackoffFactor = BackoffFactor, MaxDelay = MaxDelay, Timeout = Timeout };

    internal void Validate()
    {
        if (InitialDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || Timeout <= TimeSpan.Zero || BackoffFactor < 1 || double.IsNaN(BackoffFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(PollingOptions), "Polling delays must not be negative, Timeout must be positive and BackoffFactor at least 1.");
        }
    }
}

/// <summary>Options for one submission.</summary>
public sealed class SubmitOptions
{
    /// <summary>
    /// A URL the provider calls when the job ends: Runflow's <c>callback_url</c>, Runware's <c>webhookURL</c> (see
    /// <see cref="ProviderCapabilities.AcceptsCallbackUrl"/>). It must be an absolute http(s) URL. Providers without
    /// callbacks refuse it before anything is sent, or, with <see cref="UnsupportedParameterBehavior.BestEffort"/>,
    /// leave it out with a warning in <see cref="ImageJob.Warnings"/>.
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Your own key/value data stored with the job where the provider supports it (Runflow's <c>metadata</c>).</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>Your own reference for the job where the provider supports it (Runflow's <c>client_ref</c>).</summary>
    public string? ClientReference { get; set; }
}
