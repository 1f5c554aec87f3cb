using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;

namespace Ideogram.Cli.Tests;

/// <summary>
/// On an interactive terminal stderr gets a live display (a spinner with the job state, then download bars); when
/// redirected, plain lines. Standard output is the same in both: the saved paths, nothing else.
/// </summary>
public sealed class ProgressDisplayTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_interactive_terminal_gets_a_live_display_and_the_same_paths_on_stdout()
    {
        using var tool = Tool.Create();
        tool.Interactive = true;

        var result = await tool.RunAsync(["generate", "--prompt", "x", "--num-images", "2", .. Tool.At(fixture.Emulator, IdeogramProvider.Runflow), "--poll-interval", "10ms"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains('\u001b', result.Error);
        Assert.Contains("image 2", result.Error, StringComparison.Ordinal);
        Assert.Contains("generate on runflow", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Error.Split('\n'), line => line.StartsWith("generate on runflow", StringComparison.Ordinal));
        Assert.Equal(2, result.OutLines.Length);
        Assert.All(result.OutLines, path => Assert.True(TestImages.IsPng(File.ReadAllBytes(path))));
    }

    [Fact]
    public async Task Redirected_output_gets_plain_lines_with_each_job_state()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "x", .. Tool.At(fixture.Emulator, IdeogramProvider.Runflow), "--poll-interval", "10ms"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.Contains("generate on runflow...", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"generate on runflow: job \S+ Succeeded", result.Error);
        Assert.True(TestImages.IsPng(File.ReadAllBytes(Assert.Single(result.OutLines))));
    }

    [Fact]
    public async Task Json_output_keeps_stderr_quiet_and_stdout_one_document()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["generate", "--prompt", "x", .. Tool.At(fixture.Emulator, IdeogramProvider.Runflow), "--poll-interval", "10ms", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        var json = result.Json;
        Assert.True(ImageJob.TryParse(json.GetProperty("jobToken").GetString(), out _));
        Assert.Equal(0.06m * 1, json.GetProperty("cost").GetDecimal());
    }
}
