// Only Microsoft.Extensions.AI is imported here, and the namespace is outside Ideogram.*: AsIImageGenerator must be
// found the way Microsoft.Extensions.AI providers' extensions are.
using Microsoft.Extensions.AI;

namespace UsingOnlyMicrosoftExtensionsAI;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task AsIImageGenerator_is_found_with_using_Microsoft_Extensions_AI_alone()
    {
        Ideogram.Sdk.IIdeogramClient client = new Ideogram.Sdk.AI.Tests.FakeIdeogramClient();

        IImageGenerator generator = client.AsIImageGenerator();
        var response = await generator.GenerateImagesAsync("A poster that says 'HELLO'", new ImageGenerationOptions { Count = 2 });

        Assert.Equal(2, response.Contents.Count);
    }
}
