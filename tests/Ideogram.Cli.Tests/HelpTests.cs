using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;

namespace Ideogram.Cli.Tests;

/// <summary>The help lists every verb, and for the request options the values the chosen provider's mapping table allows.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task The_root_help_lists_every_verb()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "generate", "edit", "remix", "reframe", "replace-background", "describe", "upscale", "submit", "status", "wait", "download", "capabilities", "price", "emulator" })
        {
            Assert.Contains($"  {verb}", result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Option_help_lists_the_values_of_the_provider_given()
    {
        using var tool = Tool.Create();

        var ideogram = await tool.RunAsync("generate", "--help");
        var runflow = await tool.RunAsync("generate", "--provider", "runflow", "--help");
        var segmind = await tool.RunAsync("generate", "--help", "--provider", "segmind");

        Assert.Equal(0, ideogram.ExitCode);
        Assert.Contains("ideogram's", ideogram.Out, StringComparison.Ordinal);
        Assert.Contains("FLASH", Line(ideogram.Out, "--rendering-speed"), StringComparison.Ordinal);
        Assert.DoesNotContain("FLASH", Line(runflow.Out, "--rendering-speed"), StringComparison.Ordinal);
        Assert.Contains("runflow's", runflow.Out, StringComparison.Ordinal);

        // Runflow's sizes are its presets, read from its mapping table.
        var runflowSizes = IdeogramClient.GetCapabilities(IdeogramProvider.Runflow).GetAllowedValues(ImageOperation.Generate, ImageParameter.Resolution);
        Assert.Contains($"Runflow: {string.Join(", ", runflowSizes)}.", Line(runflow.Out, "--resolution"), StringComparison.Ordinal);
        Assert.Contains("Segmind: 100..999999", Line(segmind.Out, "--seed"), StringComparison.Ordinal);
        Assert.Contains("Not offered by Segmind", Line(segmind.Out, "--style-preset"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_and_submit_help_list_the_values_of_the_provider_given_like_the_operation_verbs()
    {
        using var tool = Tool.Create();

        var price = await tool.RunAsync("price", "generate", "--provider", "runflow", "--help");
        var submit = await tool.RunAsync("submit", "--help");

        Assert.Equal(0, price.ExitCode);
        Assert.DoesNotContain("FLASH", Line(price.Out, "--rendering-speed"), StringComparison.Ordinal);
        Assert.Contains("Runflow: TURBO", Line(price.Out, "--rendering-speed"), StringComparison.Ordinal);
        Assert.DoesNotContain("--api-key", price.Out, StringComparison.Ordinal);
        Assert.Equal(0, submit.ExitCode);
        Assert.Contains("FLASH", Line(submit.Out, "--rendering-speed"), StringComparison.Ordinal);
        Assert.Contains("  replace-background", submit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_of_an_operation_the_provider_does_not_offer_says_so()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("edit", "--provider", "runflow", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Runflow does not offer Edit", Line(result.Out, "--mask"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_works_without_the_required_options()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("submit", "edit", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--image", result.Out, StringComparison.Ordinal);
        Assert.Contains("Prints the job token", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }

    /// <summary>The help line of one option, with its wrapped continuation lines.</summary>
    private static string Line(string help, string option)
    {
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{option} is not in the help:\n{help}");
        var text = lines[start];
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith("      ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('-'); i++)
        {
            text += " " + lines[i].Trim();
        }

        return text;
    }
}
