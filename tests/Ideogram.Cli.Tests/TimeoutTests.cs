using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ideogram.Cli.Tests;

/// <summary>
/// An emulator whose clock only moves when a test moves it, so a queued job stays queued: the tool's wait runs out
/// (on the real clock: it polls the emulator over loopback), prints the token, and a later <c>wait</c> collects it.
/// </summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    // Real-clock limits, as small as keeps the tests fast and as large as lets one loopback poll happen first.
    private static readonly string[] ShortWait = ["--timeout", "300ms", "--poll-interval", "20ms"];

    // Starts at the real time, so the emulator's expiring image links are valid for the SDK's real clock.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private IdeogramEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(5), TimeProvider = _clock });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData(IdeogramProvider.Runflow)]
    [InlineData(IdeogramProvider.ApiInOne)]
    public async Task A_timeout_prints_the_token_which_wait_then_completes(IdeogramProvider provider)
    {
        using var tool = Tool.Create();
        var baseUrl = Tool.BaseUrl(_emulator, provider);

        var timedOut = await tool.RunAsync(["generate", "--prompt", "A slow render", .. Tool.At(_emulator, provider), .. ShortWait]);

        Assert.True(timedOut.ExitCode == 6, timedOut.ToString());
        var token = Assert.Single(timedOut.OutLines);
        Assert.True(ImageJob.TryParse(token, out _));
        Assert.Contains($"ideogram wait {token}", timedOut.Error, StringComparison.Ordinal);

        var early = await tool.RunAsync(["download", token, "--base-url", baseUrl]);
        Assert.True(early.ExitCode == 6, early.ToString());
        Assert.Equal(token, Assert.Single(early.OutLines));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var collected = await tool.RunAsync(["wait", token, "--base-url", baseUrl, "--poll-interval", "10ms"]);

        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.True(TestImages.IsPng(File.ReadAllBytes(Assert.Single(collected.OutLines))));
    }

    [Fact]
    public async Task A_timeout_in_json_names_the_kind_and_carries_the_token()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "A slow render", .. Tool.At(_emulator, IdeogramProvider.Runflow), .. ShortWait, "--json"]);

        Assert.True(result.ExitCode == 6, result.ToString());
        var json = result.Json;
        Assert.Equal(6, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("timeout", json.GetProperty("error").GetProperty("kind").GetString());
        Assert.True(ImageJob.TryParse(json.GetProperty("jobToken").GetString(), out var job));
        Assert.Equal(json.GetProperty("jobId").GetString(), job!.Id);
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_exits_130_and_prints_the_token()
    {
        using var tool = Tool.Create();
        using var interrupt = new CancellationTokenSource();
        Spectre.Console.Testing.TestConsole? error = null;

        var running = tool.RunAsync(["generate", "--prompt", "A slow render", .. Tool.At(_emulator, IdeogramProvider.Runflow), "--poll-interval", "20ms"], interrupt.Token, (_, e) => error = e);

        // Wait (bounded) until the job is accepted and its first status read is shown, then press Ctrl+C.
        for (var i = 0; i < 500 && !(error?.Output.Contains("Queued", StringComparison.Ordinal) ?? false); i++)
        {
            await Task.Delay(20);
        }

        await interrupt.CancelAsync();
        var result = await running;

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.True(ImageJob.TryParse(Assert.Single(result.OutLines), out _));
    }
}
