using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Cli.Tests;

/// <summary>
/// What the provider refuses exits 4 (with its status, code and request id); what the SDK refuses before sending
/// exits 3; best effort turns a refusal into a warning; images paid for before a failure are still saved.
/// </summary>
public sealed class RefusalTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IdeogramEmulator _emulator = fixture.Emulator;

    [Fact]
    public async Task A_prompt_the_provider_refuses_exits_4_with_the_provider_details()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "unsafe-prompt", .. Tool.At(_emulator, IdeogramProvider.Ideogram), "--json"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        var error = result.Json.GetProperty("error");
        Assert.Equal("provider", error.GetProperty("kind").GetString());
        Assert.Equal(422, error.GetProperty("statusCode").GetInt32());
        Assert.Contains("provider ideogram, HTTP 422", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credits_is_a_provider_refusal()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "no-credits", .. Tool.At(_emulator, IdeogramProvider.Segmind)]);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("HTTP 406", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_image_withheld_by_the_safety_check_exits_4_and_saves_nothing()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "unsafe-output", .. Tool.At(_emulator, IdeogramProvider.Ideogram), "--json"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        var image = result.Json.GetProperty("images")[0];
        Assert.False(image.GetProperty("isSafe").GetBoolean());
        Assert.False(image.TryGetProperty("path", out _));
        Assert.Empty(Directory.GetFiles(tool.WorkingDirectory));
    }

    [Fact]
    public async Task A_value_outside_the_providers_range_is_refused_before_sending_and_best_effort_clamps_it()
    {
        using var tool = Tool.Create();
        var sent = _emulator.Control.GetJournal(EmulatedProvider.Segmind).Count;

        var strict = await tool.RunAsync(["generate", "--prompt", "x", "--seed", "5", .. Tool.At(_emulator, IdeogramProvider.Segmind), "--json"]);

        Assert.True(strict.ExitCode == 3, strict.ToString());
        Assert.Equal("Seed", strict.Json.GetProperty("error").GetProperty("parameter").GetString());
        Assert.Equal(sent, _emulator.Control.GetJournal(EmulatedProvider.Segmind).Count);

        var lenient = await tool.RunAsync(["generate", "--prompt", "x", "--seed", "5", "--best-effort", .. Tool.At(_emulator, IdeogramProvider.Segmind), "--json"]);

        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        var warning = Assert.Single(lenient.Json.GetProperty("warnings").EnumerateArray());
        Assert.Equal("Seed", warning.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Warnings_go_to_stderr_in_plain_output()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "x", "--rendering-speed", "FLASH", "--best-effort", .. Tool.At(_emulator, IdeogramProvider.Runware)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: ", result.Error, StringComparison.Ordinal);
        Assert.All(result.OutLines, line => Assert.True(File.Exists(line)));
    }

    [Fact]
    public async Task Images_made_before_a_later_call_failed_are_saved_and_the_failure_reported()
    {
        using var tool = Tool.Create();

        // Segmind makes one image per call: two images are two calls, and the first call to arrive fails.
        _emulator.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Kind = FaultKind.Status, StatusCode = 400 });
        var result = await tool.RunAsync(["generate", "--prompt", "x", "--num-images", "2", .. Tool.At(_emulator, IdeogramProvider.Segmind), "--json"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        var saved = result.Json.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.True(TestImages.IsPng(File.ReadAllBytes(Assert.Single(saved)!)));
    }
}
