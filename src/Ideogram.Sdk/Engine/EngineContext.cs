using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Engine;

/// <summary>What every part of the engine shares for one client: the provider's adapter, the frozen options, the HTTP pipeline, the key, the address, the clock and the telemetry.</summary>
internal sealed class EngineContext
{
    public required ProviderAdapter Adapter { get; init; }

    public required IdeogramClientOptions Options { get; init; }

    public required HttpClient Http { get; init; }

    /// <summary>
    /// The same handlers without the <see cref="HttpClient"/> layer, when the client built its pipeline itself (provider
    /// calls then skip that layer's work and frame); <see langword="null"/> over an <c>IHttpClientFactory</c> client, whose
    /// own configuration must apply.
    /// </summary>
    public HttpMessageInvoker? Handlers { get; init; }

    public required ApiKey Key { get; init; }

    public required Uri BaseAddress { get; init; }

    public required TimeProvider Time { get; init; }

    public required ClientTelemetry Telemetry { get; init; }

    public IdeogramProvider Provider => Adapter.Provider;

    public ProviderProfile Profile => Adapter.Profile;
}
