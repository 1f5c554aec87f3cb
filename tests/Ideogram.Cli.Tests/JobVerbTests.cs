using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;

namespace Ideogram.Cli.Tests;

/// <summary><c>submit</c>, <c>status</c>, <c>wait</c> and <c>download</c> on every provider: a token round trip.</summary>
public sealed class JobVerbTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<IdeogramProvider> Providers() => [.. Enum.GetValues<IdeogramProvider>()];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Submit_prints_a_token_that_status_wait_and_download_complete(IdeogramProvider provider)
    {
        using var tool = Tool.Create();
        var at = Tool.At(fixture.Emulator, provider);
        string[] baseUrl = ["--base-url", Tool.BaseUrl(fixture.Emulator, provider), "--poll-interval", "10ms"];

        var submitted = await tool.RunAsync(["submit", "generate", "--prompt", "A kite", .. at, "--out", "submitted"]);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var token = submitted.OutLines[0];
        Assert.True(ImageJob.TryParse(token, out var job));
        Assert.Equal(provider, job!.Provider);

        var status = await tool.RunAsync(["status", token, .. baseUrl, "--json"]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(status.Json.GetProperty("state").GetString(), new[] { "Queued", "Running", "Succeeded" });
        Assert.Equal(job.Id, status.Json.GetProperty("jobId").GetString());

        var waited = await tool.RunAsync(["wait", token, .. baseUrl, "--out", "waited"]);
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.All(waited.OutLines, path => Assert.True(TestImages.IsPng(File.ReadAllBytes(path))));
        Assert.Single(Directory.GetFiles(tool.PathOf("waited")));

        var downloaded = await tool.RunAsync(["download", token, .. baseUrl, "--out", "downloaded", "--json"]);
        Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
        Assert.Equal("Succeeded", downloaded.Json.GetProperty("state").GetString());
        Assert.True(TestImages.IsPng(File.ReadAllBytes(downloaded.Json.GetProperty("images")[0].GetProperty("path").GetString()!)));
    }

    [Fact]
    public async Task A_provider_that_answers_at_once_has_its_images_saved_by_submit()
    {
        using var tool = Tool.Create();

        var submitted = await tool.RunAsync(["submit", "generate", "--prompt", "A kite", .. Tool.At(fixture.Emulator, IdeogramProvider.Ideogram), "--json"]);

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Equal("Succeeded", submitted.Json.GetProperty("state").GetString());
        Assert.NotNull(submitted.Json.GetProperty("jobToken").GetString());
        Assert.True(File.Exists(submitted.Json.GetProperty("images")[0].GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Submit_without_an_operation_submits_generate()
    {
        using var tool = Tool.Create();
        var sentBefore = fixture.Emulator.Control.GetJournal(Sdk.Emulator.EmulatedProvider.Runware).Count;

        var submitted = await tool.RunAsync(["submit", "--prompt", "A red kite", "--rendering-speed", "TURBO", .. Tool.At(fixture.Emulator, IdeogramProvider.Runware), "--json"]);

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Equal("submit generate", submitted.Json.GetProperty("command").GetString());
        Assert.True(ImageJob.TryParse(submitted.Json.GetProperty("jobToken").GetString()!, out var job));
        Assert.Equal((IdeogramProvider.Runware, ImageOperation.Generate), (job!.Provider, job.Operation));
        var sent = fixture.Emulator.Control.GetJournal(Sdk.Emulator.EmulatedProvider.Runware).Skip(sentBefore).Single(e => e.Method == "POST");
        Assert.Contains("A red kite", sent.BodyText, StringComparison.Ordinal);
        Assert.Contains("TURBO", sent.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_exits_5_and_status_says_so_too()
    {
        using var tool = Tool.Create();

        var failed = await tool.RunAsync(["generate", "--prompt", "EMULATOR_FAIL", .. Tool.At(fixture.Emulator, IdeogramProvider.Runflow), "--poll-interval", "10ms", "--json"]);

        Assert.True(failed.ExitCode == 5, failed.ToString());
        var json = failed.Json;
        Assert.Equal("job-failed", json.GetProperty("error").GetProperty("kind").GetString());
        var token = json.GetProperty("jobToken").GetString()!;
        var status = await tool.RunAsync(["status", token, "--base-url", Tool.BaseUrl(fixture.Emulator, IdeogramProvider.Runflow)]);
        Assert.True(status.ExitCode == 5, status.ToString());
        Assert.StartsWith("Failed", status.OutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_is_not_one_is_a_usage_error()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync(["wait", "not-a-token", "--json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("usage", result.Json.GetProperty("error").GetProperty("kind").GetString());
    }
}
