namespace Ideogram.Sdk.AI.Tests.EndToEnd;

/// <summary>The AiAbstractions sample runs as the README shows it: no key, so against its own emulator, and saves images.</summary>
public sealed class SampleTests
{
    [Theory]
    [InlineData("ideogram")]
    [InlineData("runflow")]
    public async Task The_sample_saves_the_images_it_generates(string provider)
    {
        var output = Path.Combine(Path.GetTempPath(), $"ai-sample-{Guid.NewGuid():N}");
        try
        {
            var code = await AiAbstractions.RunAsync(["--provider", provider, "--count", "1", "--out", output, "--api-key", ""]);

            Assert.Equal(0, code);
            var file = Assert.Single(Directory.GetFiles(output));
            Assert.EndsWith(".png", file, StringComparison.Ordinal);
            Assert.Equal(0x89, (await File.ReadAllBytesAsync(file))[0]);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_sample_refuses_a_size_in_strict_mode_before_anything_is_sent()
    {
        var output = Path.Combine(Path.GetTempPath(), $"ai-sample-{Guid.NewGuid():N}");

        var code = await AiAbstractions.RunAsync(["--strict", "--size", "1280x720", "--out", output, "--api-key", ""]);

        Assert.Equal(1, code);
        Assert.False(Directory.Exists(output));
    }
}
