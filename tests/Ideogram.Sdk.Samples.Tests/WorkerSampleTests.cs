using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Samples.Worker;
using Microsoft.Extensions.Hosting;

namespace Ideogram.Sdk.Samples.Tests;

/// <summary>
/// samples/Worker as a user runs it against a provider that outlives it (the emulator on a fake clock, so its jobs end
/// only when the test says): a first run submits jobs and stores their tokens and is stopped before they end; a
/// second run, with no prompts, collects them.
/// </summary>
public sealed class WorkerSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("worker-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Jobs_submitted_before_a_restart_are_collected_after_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromMinutes(1), TimeProvider = clock });
        var store = Path.Combine(_dir, "jobs.txt");
        var outDir = Path.Combine(_dir, "out");
        string[] settings =
        [
            "--Ideogram:Provider=Runware",
            "--Ideogram:ApiKey=any-key",
            $"--Ideogram:BaseAddress={emulator.BaseAddress(EmulatedProvider.Runware)}",
            "--Ideogram:AllowPrivateNetworkInputs=true",
            "--Ideogram:Polling:InitialDelay=00:00:00.050",
            "--Ideogram:Polling:MaxDelay=00:00:00.200",
            $"--Worker:StorePath={store}",
            $"--Worker:OutDir={outDir}",
        ];

        // First run: submits two jobs, stores their tokens, and is stopped while they are still running.
        using (var first = WorkerHost.Build([.. settings, "--Worker:Prompts:0=A poster that says 'MONDAY'", "--Worker:Prompts:1=A poster that says 'TUESDAY'"]))
        {
            await first.StartAsync();
            await Until(() => File.Exists(store) && File.ReadAllLines(store).Length == 2);
            await first.StopAsync();
        }

        var tokens = File.ReadAllLines(store);
        Assert.Equal(2, tokens.Length);
        Assert.All(tokens, t => Assert.False(ImageJob.Parse(t).IsCompleted));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any());

        // The provider finishes the jobs while the worker is down.
        clock.Advance(TimeSpan.FromMinutes(5));

        // Second run, no prompts: collects the stored jobs, saves their images, forgets their tokens and exits.
        using (var second = WorkerHost.Build(settings))
        {
            await second.StartAsync();
            await second.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        var saved = Directory.GetFiles(outDir);
        Assert.Equal(tokens.Select(t => ImageJob.Parse(t).Id + "-1.png").Order(), saved.Select(Path.GetFileName).Order());
        Assert.All(saved, p => Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(p)[..4]));
        Assert.Empty(File.ReadAllLines(store));
    }

    [Fact]
    public async Task With_no_key_and_no_address_it_runs_against_the_bundled_emulator()
    {
        var outDir = Path.Combine(_dir, "out");
        using var host = WorkerHost.Build(
        [
            "--Ideogram:ApiKey=",
            "--Ideogram:Polling:InitialDelay=00:00:00.050",
            $"--Worker:StorePath={Path.Combine(_dir, "jobs.txt")}",
            $"--Worker:OutDir={outDir}",
            "--Worker:Prompts:0=A poster that says 'HELLO'",
        ]);

        await WorkerHost.UseEmulatorWhenNoKeyAsync(host);
        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var saved = Assert.Single(Directory.GetFiles(outDir));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(saved)[..4]);
    }

    /// <summary>Checks every 20 ms for at most 60 s of real time (the worker runs on its own threads).</summary>
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker did not get there within 60 s.");
            await Task.Delay(20);
        }
    }
}
