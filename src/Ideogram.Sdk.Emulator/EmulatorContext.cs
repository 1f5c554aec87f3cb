using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.Emulator;

/// <summary>State shared by every provider host of one emulator: options, clock, images, addresses and control.</summary>
internal sealed class EmulatorContext : IDisposable
{
    private readonly Uri?[] _baseAddresses = new Uri?[5];

    public EmulatorContext(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Images = new ImageStore(this);
        Control = new EmulatorControl(Time);
        CallbackClient = options.CallbackHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler());
        LoopbackClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The options the emulator was started with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The clock (from <see cref="EmulatorOptions.TimeProvider"/>).</summary>
    public TimeProvider Time { get; }

    /// <summary>Generated images and their URLs.</summary>
    public ImageStore Images { get; }

    /// <summary>Fault scripting and the request journal.</summary>
    public EmulatorControl Control { get; }

    /// <summary>Client for outbound callback POSTs (Runflow callbacks, Runware webhooks).</summary>
    public HttpClient CallbackClient { get; }

    /// <summary>Client for fetching input images given as loopback URLs (for example the emulator's own image URLs).</summary>
    public HttpClient LoopbackClient { get; }

    /// <summary>The root URL of <paramref name="provider"/>'s host, for example <c>http://127.0.0.1:5100/</c>.</summary>
    public Uri BaseAddress(EmulatedProvider provider) =>
        _baseAddresses[(int)provider] ?? throw new InvalidOperationException($"The {provider} host has not started.");

    /// <summary>Whether <paramref name="key"/> is non-empty and, when <see cref="EmulatorOptions.ApiKey"/> is set, equal to it.</summary>
    public bool IsKeyAccepted(string? key) =>
        !string.IsNullOrWhiteSpace(key)
        && (Options.ApiKey is null || string.Equals(key, Options.ApiKey, StringComparison.Ordinal));

    /// <summary>Records the address a provider host was bound to.</summary>
    public void SetBaseAddress(EmulatedProvider provider, Uri address) => _baseAddresses[(int)provider] = address;

    public void Dispose()
    {
        CallbackClient.Dispose();
        LoopbackClient.Dispose();
    }
}
