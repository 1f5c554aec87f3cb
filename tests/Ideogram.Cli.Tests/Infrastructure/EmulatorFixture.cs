using Ideogram.Sdk.Emulator;

namespace Ideogram.Cli.Tests.Infrastructure;

/// <summary>One emulator per test class (jobs complete at their first status read), so its journal belongs to that class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    /// <summary>The running emulator.</summary>
    public IdeogramEmulator Emulator { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.Zero });

    /// <inheritdoc />
    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
