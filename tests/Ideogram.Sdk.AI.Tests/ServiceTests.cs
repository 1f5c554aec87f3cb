using Ideogram.Sdk;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.AI.Tests;

/// <summary>What the generator hands out through <see cref="IImageGenerator.GetService"/>, also through Microsoft.Extensions.AI's middleware.</summary>
public sealed class ServiceTests
{
    [Fact]
    public void The_client_comes_back_as_the_same_instance()
    {
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = "unused" });
        using var generator = client.AsIImageGenerator();

        Assert.Same(client, generator.GetService(typeof(IIdeogramClient)));
        Assert.Same(client, generator.GetService<IdeogramClient>());
        Assert.Same(generator, generator.GetService<IImageGenerator>());
        Assert.Equal(IdeogramProvider.Ideogram, generator.GetService<ProviderCapabilities>()!.Provider);
        Assert.Null(generator.GetService<IIdeogramClient>("a key"));
        Assert.Null(generator.GetService<HttpClient>());
        Assert.Throws<ArgumentNullException>(() => generator.GetService(null!));
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, "ideogram")]
    [InlineData(IdeogramProvider.Runflow, "runflow")]
    [InlineData(IdeogramProvider.Segmind, "segmind")]
    [InlineData(IdeogramProvider.Runware, "runware")]
    [InlineData(IdeogramProvider.ApiInOne, "apiinone")]
    public void The_metadata_names_the_provider_its_address_and_the_model(IdeogramProvider provider, string name)
    {
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = "unused", Provider = provider });
        using var generator = client.AsIImageGenerator();

        var metadata = generator.GetService<ImageGeneratorMetadata>()!;

        Assert.Equal(name, metadata.ProviderName);
        Assert.Equal(client.BaseAddress, metadata.ProviderUri);
        Assert.Equal(IdeogramImageModels.Ideogram3, metadata.DefaultModelId);
    }

    [Fact]
    public void A_client_that_is_not_an_IdeogramClient_has_no_address_and_the_default_model_is_the_configured_one()
    {
        var client = new FakeIdeogramClient(IdeogramProvider.Segmind);
        using var generator = client.AsIImageGenerator(new IdeogramImageGeneratorOptions { DefaultModelId = IdeogramImageModels.Ideogram3Turbo });

        var metadata = generator.GetService<ImageGeneratorMetadata>()!;

        Assert.Equal("segmind", metadata.ProviderName);
        Assert.Null(metadata.ProviderUri);
        Assert.Equal(IdeogramImageModels.Ideogram3Turbo, metadata.DefaultModelId);
        Assert.Same(client, generator.GetService<IIdeogramClient>());
    }

    [Fact]
    public void Middleware_passes_the_client_and_metadata_through()
    {
        var client = new FakeIdeogramClient();
        using var telemetry = new CapturedTelemetry();
        using var generator = telemetry.Wrap(client.AsIImageGenerator());

        Assert.Same(client, generator.GetService<IIdeogramClient>());
        Assert.Equal("ideogram", generator.GetService<ImageGeneratorMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task Options_are_copied_when_the_generator_is_made()
    {
        var client = new FakeIdeogramClient();
        var options = new IdeogramImageGeneratorOptions { DefaultModelId = IdeogramImageModels.Ideogram3Turbo };
        using var generator = client.AsIImageGenerator(options);

        options.DefaultModelId = IdeogramImageModels.Ideogram3Quality;
        options.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort;
        await generator.GenerateImagesAsync("cats");

        var request = Assert.IsType<GenerateRequest>(Assert.Single(client.Requests));
        Assert.Equal(RenderingSpeed.Turbo, request.RenderingSpeed);
        Assert.Null(request.UnsupportedParameters);
    }

    [Fact]
    public void Registered_with_dependency_injection_the_generator_wraps_the_containers_client()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIdeogram(o =>
        {
            o.Provider = IdeogramProvider.Segmind;
            o.ApiKey = "unused";
        });
        services.AddImageGenerator(sp => sp.GetRequiredService<IIdeogramClient>().AsIImageGenerator())
            .UseOpenTelemetry()
            .UseLogging();
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IImageGenerator>();

        Assert.Same(provider.GetRequiredService<IIdeogramClient>(), generator.GetService<IIdeogramClient>());
        Assert.Equal("segmind", generator.GetService<ImageGeneratorMetadata>()!.ProviderName);
        Assert.NotNull(generator.GetService<LoggingImageGenerator>());
    }
}
