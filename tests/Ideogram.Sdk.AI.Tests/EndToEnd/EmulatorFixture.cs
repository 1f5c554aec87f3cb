using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.AI.Tests.EndToEnd;

/// <summary>One emulator (a real Kestrel server on 127.0.0.1 speaking all five providers' protocols) for a test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public IdeogramEmulator Emulator { get; private set; } = null!;

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>The emulator's host for a provider (the emulator names its hosts like the SDK names its providers).</summary>
    public static EmulatedProvider Host(IdeogramProvider provider) => Enum.Parse<EmulatedProvider>(provider.ToString());

    /// <summary>
    /// The SDK's client for one emulated provider: no retries, polls at once and gives up after 30 s. It may fetch
    /// from private addresses, because the emulator's image links are on 127.0.0.1.
    /// </summary>
    public IdeogramClient Client(IdeogramProvider provider, HttpMessageHandler? transport = null, UnsupportedParameterBehavior rule = UnsupportedParameterBehavior.Strict)
    {
        var options = Options(provider, rule);
        return transport is null ? new IdeogramClient(options) : new IdeogramClient(options, transport);
    }

    /// <summary>The options of <see cref="Client"/>, for a client made elsewhere (a router's member).</summary>
    public IdeogramClientOptions Options(IdeogramProvider provider, UnsupportedParameterBehavior rule = UnsupportedParameterBehavior.Strict) => new()
    {
        Provider = provider,
        ApiKey = "e2e-key",
        BaseAddress = Emulator.BaseAddress(Host(provider)),
        MaxRetries = 0,
        AllowPrivateNetworkInputs = true,
        UnsupportedParameters = rule,
        Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>The last journal sequence number so far: entries after it belong to the test that asked.</summary>
    public long Mark() => Emulator.Control.GetJournal().Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>The paid submissions (POSTs) a provider received after <paramref name="mark"/>.</summary>
    public IReadOnlyList<Emulator.Control.JournalEntry> Posts(IdeogramProvider provider, long mark) =>
        [.. Emulator.Control.GetJournal(Host(provider)).Where(e => e.Sequence > mark && e.Method == "POST")];

    private async Task StartAsync() => Emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.Zero });
}
