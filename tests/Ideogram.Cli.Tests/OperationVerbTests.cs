using System.Text.Json;
using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Cli.Tests;

/// <summary>
/// Every operation verb on every provider, through the real HTTP stack against the emulator: what the provider offers
/// saves real PNGs; what it does not is refused with the validation exit code before anything is sent.
/// </summary>
public sealed class OperationVerbTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IdeogramEmulator _emulator = fixture.Emulator;

    public static TheoryData<IdeogramProvider, string> ProviderAndVerb()
    {
        var data = new TheoryData<IdeogramProvider, string>();
        foreach (var provider in Enum.GetValues<IdeogramProvider>())
        {
            foreach (var verb in IdeogramCli.Operations)
            {
                data.Add(provider, verb.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProviderAndVerb))]
    public async Task Each_verb_runs_where_the_provider_offers_it_and_is_refused_before_sending_where_not(IdeogramProvider provider, string verb)
    {
        using var cli = Tool.Create();
        var operation = IdeogramCli.Operations.Single(v => v.Name == verb).Operation;
        var offered = IdeogramClient.GetCapabilities(provider).Supports(operation);
        var image = provider == IdeogramProvider.ApiInOne ? await ImageUrlAsync(cli) : cli.WriteImage();
        string[] request = verb switch
        {
            "generate" => ["--prompt", "A lighthouse"],
            "edit" => ["--image", image, "--mask", image, "--prompt", "A red door"],
            "remix" => ["--image", image, "--prompt", "In watercolour"],
            "reframe" => ["--image", image, "--resolution", "1280x768"],
            "replace-background" => ["--image", image, "--prompt", "A beach"],
            _ => ["--image", image],
        };
        var sentBefore = Journal(provider);

        var result = await cli.RunAsync([verb, .. request, .. Tool.At(_emulator, provider), "--poll-interval", "10ms", "--out", "images", "--json"]);

        var json = result.Json;
        Assert.Equal(verb, json.GetProperty("command").GetString());
        Assert.Equal(provider.ToString().ToLowerInvariant(), json.GetProperty("provider").GetString());
        Assert.Equal(result.ExitCode, json.GetProperty("exitCode").GetInt32());
        if (!offered)
        {
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.Equal("validation", json.GetProperty("error").GetProperty("kind").GetString());
            Assert.Equal(sentBefore, Journal(provider));
            Assert.False(Directory.Exists(cli.PathOf("images")));
            return;
        }

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(json.TryGetProperty("error", out _));
        Assert.True(Journal(provider) > sentBefore);
        if (operation == ImageOperation.Describe)
        {
            Assert.NotEmpty(json.GetProperty("descriptions").EnumerateArray());
            return;
        }

        var images = json.GetProperty("images").EnumerateArray().ToList();
        Assert.NotEmpty(images);
        foreach (var saved in images)
        {
            var path = saved.GetProperty("path").GetString()!;
            Assert.StartsWith(cli.PathOf("images"), path, StringComparison.Ordinal);
            Assert.EndsWith(".png", path, StringComparison.Ordinal);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(TestImages.IsPng(bytes));
            Assert.Equal(bytes.Length, saved.GetProperty("bytes").GetInt64());
        }
    }

    [Fact]
    public async Task Plain_output_prints_one_saved_path_per_line_and_progress_on_stderr()
    {
        using var cli = Tool.Create();

        var result = await cli.RunAsync(["generate", "--prompt", "Two posters", "--num-images", "2", .. Tool.At(_emulator, IdeogramProvider.Runware)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.OutLines.Length);
        Assert.All(result.OutLines, path => Assert.True(TestImages.IsPng(File.ReadAllBytes(path))));
        Assert.All(result.OutLines, path => Assert.Equal(cli.WorkingDirectory, Path.GetDirectoryName(path)));
        Assert.Contains("generate on runware", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Error);
    }

    [Fact]
    public async Task Describe_prints_each_description_on_its_own_line()
    {
        using var cli = Tool.Create();

        var result = await cli.RunAsync(["describe", "--image", cli.WriteImage(), .. Tool.At(_emulator, IdeogramProvider.Ideogram)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(result.OutLines);
        Assert.Empty(Directory.GetFiles(cli.WorkingDirectory, "describe-*"));
    }

    [Fact]
    public async Task Transparent_generation_runs_on_ideogram_and_is_a_validation_refusal_on_runware()
    {
        using var cli = Tool.Create();

        var ideogram = await cli.RunAsync(["generate", "--prompt", "A logo", "--transparent", "--upscale-factor", "X2", .. Tool.At(_emulator, IdeogramProvider.Ideogram), "--json"]);
        var runware = await cli.RunAsync(["generate", "--prompt", "A logo", "--transparent", .. Tool.At(_emulator, IdeogramProvider.Runware), "--json"]);

        Assert.True(ideogram.ExitCode == 0, ideogram.ToString());
        Assert.Equal("GenerateTransparent", ideogram.Json.GetProperty("operation").GetString());
        Assert.Contains("generate-transparent-", ideogram.Json.GetProperty("images")[0].GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.True(runware.ExitCode == 3, runware.ToString());
    }

    [Fact]
    public async Task An_image_url_is_fetched_for_a_provider_that_takes_uploads_only()
    {
        using var cli = Tool.Create();
        var url = await ImageUrlAsync(cli);

        var result = await cli.RunAsync(["remix", "--image", url, "--prompt", "At night", .. Tool.At(_emulator, IdeogramProvider.Ideogram), "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        // Ideogram takes uploads only: the bytes behind the URL went up as a file part.
        var upload = _emulator.Control.GetJournal(EmulatedProvider.Ideogram).Last(e => e.Path.Contains("remix", StringComparison.Ordinal));
        Assert.True(upload.Body.AsSpan().IndexOf(TestImages.Png.AsSpan(0, 8)) >= 0);
        Assert.NotEmpty(result.Json.GetProperty("images").EnumerateArray());
    }

    [Fact]
    public async Task Every_request_field_reaches_the_provider()
    {
        using var cli = Tool.Create();
        var reference = cli.WriteImage("style.png");

        var result = await cli.RunAsync(
        [
            "generate", "--prompt", "A poster that says HELLO", "--negative-prompt", "blur", "--seed", "42", "--num-images", "2",
            "--aspect-ratio", "16x9", "--rendering-speed", "TURBO", "--magic-prompt", "OFF", "--style-type", "DESIGN",
            "--color-palette", "#FF0000:0.6,#0000FF:0.4", "--style-reference-image", reference,
            .. Tool.At(_emulator, IdeogramProvider.Ideogram), "--json",
        ]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var sent = _emulator.Control.GetJournal(EmulatorProviderOf(IdeogramProvider.Ideogram)).Last(e => e.Method == "POST");
        var body = System.Text.Encoding.UTF8.GetString(sent.Body);
        foreach (var expected in new[] { "A poster that says HELLO", "blur", "42", "16x9", "TURBO", "OFF", "DESIGN", "#FF0000", "0.6", "style_reference_images" })
        {
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }

        Assert.Equal(2, result.Json.GetProperty("images").GetArrayLength());
    }

    private static EmulatedProvider EmulatorProviderOf(IdeogramProvider provider) => Enum.Parse<EmulatedProvider>(provider.ToString());

    private int Journal(IdeogramProvider provider) => _emulator.Control.GetJournal(EmulatorProviderOf(provider)).Count;

    /// <summary>A URL of an image the emulator serves (made by a generate run), for providers that take URLs only.</summary>
    private async Task<string> ImageUrlAsync(Tool cli)
    {
        var made = await cli.RunAsync(["generate", "--prompt", "An input", .. Tool.At(_emulator, IdeogramProvider.Runware), "--out", "inputs", "--json"]);
        Assert.True(made.ExitCode == 0, made.ToString());
        return made.Json.GetProperty("images")[0].GetProperty("url").GetString()!;
    }
}
