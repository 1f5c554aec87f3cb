using Ideogram.Cli.Tests.Infrastructure;

namespace Ideogram.Cli.Tests;

/// <summary>Command lines that cannot run exit 2, say why on stderr, and contact nobody (no emulator, no provider).</summary>
public sealed class UsageTests
{
    public static TheoryData<string[], string> BadCommandLines() => new()
    {
        { [], "Required command was not provided" },
        { ["paint"], "paint" },
        { ["generate"], "--prompt" },
        { ["generate", "--prompt", "x", "--provider", "dalle"], "Unknown provider 'dalle'" },
        { ["generate", "--prompt", "x", "--seed", "forty-two"], "forty-two" },
        { ["generate", "--prompt", "x", "--num-images", "2.5"], "2.5" },
        { ["generate", "--prompt", "x", "--no-such-option"], "--no-such-option" },
        { ["generate", "--prompt", "x", "--timeout", "soon"], "'soon' is not a duration" },
        { ["generate", "--prompt", "x", "--timeout", "0s"], "'0s' is not a duration" },
        { ["generate", "--prompt", "x", "--poll-interval", "99999999999999h"], "'99999999999999h' is not a duration" },
        { ["generate", "--prompt", "x", "--base-url", "not a url"], "is not an absolute http(s) URL" },
        { ["edit", "--prompt", "x", "--mask", "m.png"], "--image" },
        { ["reframe", "--image", "in.png"], "--resolution" },
        { ["status"], "TOKEN" },
        { ["submit"], "--prompt" },
        { ["submit", "--prompt", "x", "--provider", "dalle"], "Unknown provider 'dalle'" },
        { ["price"], "--prompt" },
        { ["price", "generate", "--prompt", "x", "--provider", "dalle"], "Unknown provider 'dalle'" },
        { ["price", "edit", "--prompt", "x"], "--image" },
        { ["price", "generate", "--prompt", "x", "--num-images", "many"], "many" },
        { ["price", "generate", "--prompt", "x", "--api-key", "k"], "--api-key" },
        { ["capabilities", "--provider", "nobody"], "Unknown provider 'nobody'" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task A_malformed_command_line_exits_2_and_names_the_problem(string[] args, string mentioned)
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(mentioned, result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task A_usage_error_with_json_is_one_json_document()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("generate", "--json");

        Assert.Equal(2, result.ExitCode);
        var json = result.Json;
        Assert.Equal("generate", json.GetProperty("command").GetString());
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("usage", json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_missing_image_file_is_a_usage_error_before_any_connection()
    {
        using var tool = Tool.Create();
        tool.Environment.Clear();

        var result = await tool.RunAsync("remix", "--image", "missing.png", "--prompt", "x", "--provider", "runware");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(tool.PathOf("missing.png"), result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_file_is_a_usage_error_when_pricing_too()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("price", "remix", "--image", "missing.png", "--prompt", "x", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("price remix", result.Json.GetProperty("command").GetString());
        Assert.Equal("usage", result.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains(tool.PathOf("missing.png"), result.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_palette_weight_is_a_usage_error()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("generate", "--prompt", "x", "--color-palette", "#FF0000:lots", "--base-url", "http://127.0.0.1:9/");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'lots' is not a weight", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_key_options_at_once_are_a_usage_error()
    {
        using var tool = Tool.Create();
        await File.WriteAllTextAsync(tool.PathOf("key"), "k");

        var result = await tool.RunAsync("generate", "--prompt", "x", "--api-key", "k", "--api-key-file", "key", "--base-url", "http://127.0.0.1:9/");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not both", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_url_without_any_key_is_a_usage_error_naming_the_variable()
    {
        using var tool = Tool.Create();
        tool.Environment.Clear();

        var result = await tool.RunAsync("generate", "--prompt", "x", "--provider", "segmind", "--base-url", "http://127.0.0.1:9/");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("SEGMIND_API_KEY", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_or_missing_key_file_is_a_usage_error()
    {
        using var tool = Tool.Create();
        await File.WriteAllTextAsync(tool.PathOf("empty"), " \n");

        var empty = await tool.RunAsync("generate", "--prompt", "x", "--api-key-file", "empty", "--base-url", "http://127.0.0.1:9/");
        var missing = await tool.RunAsync("generate", "--prompt", "x", "--api-key-file", "nope", "--base-url", "http://127.0.0.1:9/");

        Assert.True(empty.ExitCode == 2, empty.ToString());
        Assert.Contains("is empty", empty.Error, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains(tool.PathOf("nope"), missing.Error, StringComparison.Ordinal);
    }
}
