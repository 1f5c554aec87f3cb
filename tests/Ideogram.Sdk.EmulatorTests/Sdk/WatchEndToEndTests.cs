using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary><see cref="IIdeogramClient.WatchAsync"/> over real HTTP: the emulator and the client share one fake clock, so every state is seen without waiting.</summary>
public sealed class WatchEndToEndTests
{
    [Fact]
    public async Task A_runflow_run_is_watched_through_every_state_to_its_result()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
        await using var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(2), TimeProvider = time });
        using var client = new IdeogramClient(new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runflow,
            ApiKey = "rf-watch-key",
            BaseAddress = emu.BaseAddress(EmulatedProvider.Runflow),
            TimeProvider = time,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 1, MaxDelay = TimeSpan.FromSeconds(1) },
        });

        var job = await client.SubmitAsync(new GenerateRequest("A poster that says 'WATCH'"));
        var statuses = new List<ImageJobStatus>();
        await foreach (var status in client.WatchAsync(job))
        {
            statuses.Add(status);
        }

        Assert.Equal(["queued", "dispatching", "running", "succeeded"], statuses.Select(s => s.ProviderStatus));
        Assert.NotNull(Assert.Single(statuses[^1].Result!.Images).Url);

        // One read a second, two seconds a state: each state was read twice but reported once.
        var reads = emu.Control.GetJournal(EmulatedProvider.Runflow).Count(e => e.Method == "GET");
        Assert.InRange(reads, 6, 8);
    }
}
