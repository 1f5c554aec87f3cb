using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Cli.Tests;

/// <summary>
/// Where the key comes from (<c>--api-key-file</c>, <c>--api-key</c>, then the provider's variable), against an
/// emulator that accepts one key only; and that the key is never printed, not even when it is refused.
/// </summary>
public sealed class KeyTests : IAsyncLifetime
{
    private const string RightKey = "right-key-3c9d1e";
    private const string WrongKey = "wrong-key-77a0b4";
    private IdeogramEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = RightKey });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task The_providers_environment_variable_is_used_when_no_key_option_is_given()
    {
        using var tool = Tool.Create();
        tool.Environment["RUNWARE_API_KEY"] = RightKey;

        var result = await tool.RunAsync(["generate", "--prompt", "x", .. Tool.At(_emulator, IdeogramProvider.Runware)]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_key_file_wins_over_the_environment()
    {
        using var tool = Tool.Create();
        tool.Environment["RUNWARE_API_KEY"] = WrongKey;
        await File.WriteAllTextAsync(tool.PathOf("runware.key"), RightKey + "\n");

        var result = await tool.RunAsync(["generate", "--prompt", "x", "--api-key-file", "runware.key", .. Tool.At(_emulator, IdeogramProvider.Runware)]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task The_api_key_option_wins_over_the_environment()
    {
        using var tool = Tool.Create();
        tool.Environment["SEGMIND_API_KEY"] = WrongKey;

        var result = await tool.RunAsync(["generate", "--prompt", "x", "--api-key", RightKey, .. Tool.At(_emulator, IdeogramProvider.Segmind)]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram)]
    [InlineData(IdeogramProvider.Runflow)]
    [InlineData(IdeogramProvider.Runware)]
    public async Task A_refused_key_exits_4_and_is_never_printed(IdeogramProvider provider)
    {
        using var tool = Tool.Create();
        await File.WriteAllTextAsync(tool.PathOf("key"), WrongKey);

        var plain = await tool.RunAsync(["generate", "--prompt", "x", "--api-key-file", "key", .. Tool.At(_emulator, provider), "--poll-interval", "10ms"]);
        var json = await tool.RunAsync(["generate", "--prompt", "x", "--api-key", WrongKey, .. Tool.At(_emulator, provider), "--json"]);

        Assert.True(plain.ExitCode == 4, plain.ToString());
        Assert.Equal("provider", json.Json.GetProperty("error").GetProperty("kind").GetString());
        foreach (var run in new[] { plain, json })
        {
            Assert.DoesNotContain(WrongKey, run.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongKey, run.Error, StringComparison.Ordinal);
        }
    }
}
