using Ideogram.Cli.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace Ideogram.Cli.Tests;

/// <summary>With no key and no <c>--base-url</c> the tool runs its own emulator; <c>ideogram emulator</c> runs one until Ctrl+C.</summary>
public sealed class EmbeddedEmulatorTests
{
    [Fact]
    public async Task With_no_key_and_no_base_url_the_tool_starts_its_own_emulator_and_says_so()
    {
        using var tool = Tool.Create();
        tool.Environment.Clear();

        var result = await tool.RunAsync("generate", "--provider", "runware", "--prompt", "A poster", "--out", "posters", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No RUNWARE_API_KEY set: using the local emulator at http://127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.True(result.Json.GetProperty("emulator").GetBoolean());
        var path = result.Json.GetProperty("images")[0].GetProperty("path").GetString()!;
        Assert.Equal(tool.PathOf("posters"), Path.GetDirectoryName(path));
        Assert.True(TestImages.IsPng(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task The_emulator_verb_prints_every_providers_address_serves_them_and_stops_on_ctrl_c()
    {
        using var tool = Tool.Create();
        using var interrupt = new CancellationTokenSource();
        TestConsole? output = null;

        var running = tool.RunAsync(["emulator", "--job-step", "0ms"], interrupt.Token, (o, _) => output = o);

        // Bounded wait for the hosts to start (real Kestrel listeners).
        for (var i = 0; i < 500 && !(output?.Output.Contains("ready", StringComparison.Ordinal) ?? false); i++)
        {
            await Task.Delay(20);
        }

        var addresses = output!.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(' ', StringComparison.Ordinal))
            .ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1]);
        Assert.Equal(new[] { "ideogram", "runflow", "segmind", "runware", "apiinone" }, addresses.Keys);

        var generated = await tool.RunAsync("generate", "--provider", "runflow", "--base-url", addresses["runflow"], "--prompt", "x", "--poll-interval", "10ms");
        Assert.True(generated.ExitCode == 0, generated.ToString());

        await interrupt.CancelAsync();
        Assert.Equal(0, (await running).ExitCode);
    }
}
