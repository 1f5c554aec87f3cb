using System.Buffers.Binary;
using System.Diagnostics;
using System.Drawing;
using System.Text;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.AI.Tests.EndToEnd;

/// <summary>
/// The adapter end to end, composed with Microsoft.Extensions.AI's own OpenTelemetry and logging middleware: real HTTP
/// on loopback against the emulator, for every provider.
/// </summary>
public sealed class ImageGeneratorEndToEndTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<IdeogramProvider> Providers => [.. Enum.GetValues<IdeogramProvider>()];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static (int Width, int Height) PngSize(ReadOnlySpan<byte> png)
    {
        Assert.True(png[..8].SequenceEqual(PngSignature), "not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..]));
    }

    private static string Text(JournalEntry entry) => Encoding.UTF8.GetString(entry.Body);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Text_to_image_through_the_middleware_returns_downloaded_images_and_is_traced_and_logged(IdeogramProvider provider)
    {
        using var client = fixture.Client(provider);
        using var telemetry = new CapturedTelemetry();
        using var generator = telemetry.Wrap(client.AsIImageGenerator());
        var mark = fixture.Mark();

        var response = await generator.GenerateImagesAsync("A poster that says 'HELLO'", new ImageGenerationOptions
        {
            Count = 2,
            ModelId = IdeogramImageModels.Ideogram3Turbo,
            ResponseFormat = ImageGenerationResponseFormat.Data,
            AdditionalProperties = new() { [IdeogramImageProperties.StyleType] = "realistic" },
        });

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        Assert.Equal(provider, result.Provider);
        Assert.Equal(2, response.Contents.Count);
        for (var i = 0; i < 2; i++)
        {
            var data = Assert.IsType<DataContent>(response.Contents[i]);
            Assert.Equal("image/png", data.MediaType);
            var (width, height) = PngSize(data.Data.Span);
            Assert.True(width > 0 && height > 0);
            Assert.Same(result.Images[i], data.RawRepresentation);
        }

        // What reached the provider: the style asked for through AdditionalProperties, on every paid call.
        var posts = fixture.Posts(provider, mark);
        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Contains("realistic", Text(p), StringComparison.OrdinalIgnoreCase));

        // Microsoft.Extensions.AI's middleware saw the generator's metadata and the call.
        var span = Assert.Single(telemetry.Activities);
        Assert.Equal(provider.ToString().ToLowerInvariant(), span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(IdeogramImageModels.Ideogram3Turbo, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(client.BaseAddress.Port, span.GetTagItem("server.port"));
        Assert.Equal(2, span.GetTagItem("gen_ai.request.choice.count"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        var logs = telemetry.Logs.GetSnapshot();
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message == "GenerateAsync invoked.");
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message == "GenerateAsync completed.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Links_are_the_default_and_lead_to_the_images(IdeogramProvider provider)
    {
        using var client = fixture.Client(provider);
        var generator = client.AsIImageGenerator();

        var response = await generator.GenerateImagesAsync("A lighthouse at dusk");
        generator.Dispose();

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        var link = Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Equal(result.Images[0].Url, link.Uri);
        Assert.Equal("127.0.0.1", link.Uri.Host);

        // The generator never owned the client: it still downloads after the generator is disposed.
        using var buffer = new MemoryStream();
        await client.DownloadAsync(result.Images[0], buffer);
        PngSize(buffer.ToArray());
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, true)]
    [InlineData(IdeogramProvider.Runflow, true)]
    [InlineData(IdeogramProvider.Segmind, true)]
    [InlineData(IdeogramProvider.Runware, true)]
    [InlineData(IdeogramProvider.ApiInOne, false)]
    public async Task An_exact_size_is_sent_where_the_provider_takes_it_and_refused_before_sending_where_it_does_not(IdeogramProvider provider, bool takesIt)
    {
        using var client = fixture.Client(provider);
        using var generator = client.AsIImageGenerator();
        var options = new ImageGenerationOptions { ImageSize = new Size(1024, 1024) };
        var mark = fixture.Mark();

        if (!takesIt)
        {
            var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => generator.GenerateImagesAsync("A square tile", options));
            Assert.Equal(provider, e.Provider);
            Assert.Equal(ImageParameter.Resolution, e.Parameter);
            Assert.Empty(fixture.Posts(provider, mark));
            return;
        }

        var response = await generator.GenerateImagesAsync("A square tile", options);

        var image = Assert.IsType<ImageResult>(response.RawRepresentation).Images[0];
        Assert.True(image.Resolution is null || image.Resolution == Resolution.Res1024x1024, $"made {image.Resolution}");
        Assert.Single(fixture.Posts(provider, mark));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_size_no_provider_takes_is_refused_when_strict_and_becomes_the_nearest_aspect_ratio_in_best_effort(IdeogramProvider provider)
    {
        using var client = fixture.Client(provider);
        using var strict = client.AsIImageGenerator();
        using var bestEffort = client.AsIImageGenerator(new IdeogramImageGeneratorOptions { UnsupportedParameters = UnsupportedParameterBehavior.BestEffort });
        var options = new ImageGenerationOptions { ImageSize = new Size(1280, 720), ResponseFormat = ImageGenerationResponseFormat.Data };
        var mark = fixture.Mark();

        await Assert.ThrowsAsync<UnsupportedParameterException>(() => strict.GenerateImagesAsync("A wide landscape", options));
        Assert.Empty(fixture.Posts(provider, mark));

        var response = await bestEffort.GenerateImagesAsync("A wide landscape", options);

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        var warning = Assert.Single(result.Warnings, w => w.Parameter == ImageParameter.Resolution);
        Assert.Equal(Warning.Substituted, warning.Code);
        Assert.Contains("16x9", warning.Message, StringComparison.Ordinal);
        var (width, height) = PngSize(Assert.IsType<DataContent>(Assert.Single(response.Contents)).Data.Span);
        Assert.InRange((double)width / height, 1.6, 1.9);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Without_a_rule_of_its_own_the_generator_follows_a_best_effort_client(IdeogramProvider provider)
    {
        using var client = fixture.Client(provider, rule: UnsupportedParameterBehavior.BestEffort);
        using var generator = client.AsIImageGenerator();
        var mark = fixture.Mark();

        var response = await generator.GenerateImagesAsync("A wide landscape", new ImageGenerationOptions { ImageSize = new Size(1280, 720) });

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        var warning = Assert.Single(result.Warnings, w => w.Parameter == ImageParameter.Resolution);
        Assert.Equal(Warning.Substituted, warning.Code);
        Assert.Contains("1280x720", warning.Message, StringComparison.Ordinal);
        Assert.Contains("16x9", warning.Message, StringComparison.Ordinal);
        Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.NotEmpty(fixture.Posts(provider, mark));
    }

    [Fact]
    public async Task Without_a_rule_of_its_own_the_generator_follows_a_strict_client_with_the_same_refusal()
    {
        using var strictClient = fixture.Client(IdeogramProvider.Ideogram, rule: UnsupportedParameterBehavior.Strict);
        using var strict = strictClient.AsIImageGenerator();
        var options = new ImageGenerationOptions { ImageSize = new Size(1280, 720) };
        var mark = fixture.Mark();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => strict.GenerateImagesAsync("A wide landscape", options));

        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Equal(ImageParameter.Resolution, e.Parameter);
        Assert.Contains("the nearest it takes is 1312x736", e.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Posts(IdeogramProvider.Ideogram, mark));
    }

    [Fact]
    public async Task The_generators_own_rule_wins_over_the_clients()
    {
        using var bestEffortClient = fixture.Client(IdeogramProvider.Runflow, rule: UnsupportedParameterBehavior.BestEffort);
        using var strictClient = fixture.Client(IdeogramProvider.Runflow, rule: UnsupportedParameterBehavior.Strict);
        using var strict = bestEffortClient.AsIImageGenerator(new IdeogramImageGeneratorOptions { UnsupportedParameters = UnsupportedParameterBehavior.Strict });
        using var bestEffort = strictClient.AsIImageGenerator(new IdeogramImageGeneratorOptions { UnsupportedParameters = UnsupportedParameterBehavior.BestEffort });
        var options = new ImageGenerationOptions { ImageSize = new Size(1280, 720) };
        var mark = fixture.Mark();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => strict.GenerateImagesAsync("A wide landscape", options));
        Assert.Equal(ImageParameter.Resolution, e.Parameter);
        Assert.Empty(fixture.Posts(IdeogramProvider.Runflow, mark));

        var response = await bestEffort.GenerateImagesAsync("A wide landscape", options);

        var warning = Assert.Single(Assert.IsType<ImageResult>(response.RawRepresentation).Warnings, w => w.Parameter == ImageParameter.Resolution);
        Assert.Contains("16x9", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_a_router_the_generator_follows_the_routers_rule_not_its_members()
    {
        var members = new[] { IdeogramProvider.Runflow, IdeogramProvider.Segmind };
        using var bestEffortRouter = new IdeogramRouter(new IdeogramRouterOptions
        {
            Members = [.. members.Select(p => fixture.Options(p))],
            UnsupportedParameters = UnsupportedParameterBehavior.BestEffort,
        });
        using var strictRouter = new IdeogramRouter(new IdeogramRouterOptions
        {
            Members = [.. members.Select(p => fixture.Options(p, UnsupportedParameterBehavior.BestEffort))],
            UnsupportedParameters = UnsupportedParameterBehavior.Strict,
        });
        using var followsBestEffort = bestEffortRouter.AsIImageGenerator();
        using var followsStrict = strictRouter.AsIImageGenerator();
        var options = new ImageGenerationOptions { ImageSize = new Size(1280, 720) };
        var mark = fixture.Mark();

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => followsStrict.GenerateImagesAsync("A wide landscape", options));
        Assert.Equal(ImageParameter.Resolution, e.Parameter);
        Assert.All(members, p => Assert.Empty(fixture.Posts(p, mark)));

        var response = await followsBestEffort.GenerateImagesAsync("A wide landscape", options);

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        Assert.Contains(result.Provider, members);
        var warning = Assert.Single(result.Warnings, w => w.Parameter == ImageParameter.Resolution);
        Assert.Equal(Warning.Substituted, warning.Code);
        Assert.Contains("16x9", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram, false)]
    [InlineData(IdeogramProvider.Ideogram, true)]
    [InlineData(IdeogramProvider.Segmind, false)]
    [InlineData(IdeogramProvider.Runware, false)]
    [InlineData(IdeogramProvider.Runware, true)]
    public async Task An_original_image_is_remixed_or_with_a_mask_edited(IdeogramProvider provider, bool withMask)
    {
        using var client = fixture.Client(provider);
        using var generator = client.AsIImageGenerator();
        var original = Assert.IsType<DataContent>(Assert.Single((await generator.GenerateImagesAsync(
            "A cat on a sofa", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data })).Contents));
        var options = new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data };
        if (withMask)
        {
            // The emulator checks that the mask has the image's size; the image itself is such a mask.
            options.AdditionalProperties = new() { [IdeogramImageProperties.Mask] = original };
        }

        var response = await generator.EditImageAsync(original, "The same cat wearing a red hat", options);

        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        Assert.Equal(withMask ? ImageOperation.Edit : ImageOperation.Remix, result.Operation);
        PngSize(Assert.IsType<DataContent>(Assert.Single(response.Contents)).Data.Span);
    }

    [Fact]
    public async Task A_provider_that_takes_links_only_edits_images_given_as_links()
    {
        using var client = fixture.Client(IdeogramProvider.ApiInOne);
        using var generator = client.AsIImageGenerator();
        var original = Assert.IsType<UriContent>(Assert.Single((await generator.GenerateImagesAsync("A cat on a sofa")).Contents));
        var mark = fixture.Mark();

        var response = await generator.EditImagesAsync([original], "The same cat wearing a red hat",
            new ImageGenerationOptions { AdditionalProperties = new() { [IdeogramImageProperties.Mask] = original.Uri.ToString() } });

        Assert.Equal(ImageOperation.Edit, Assert.IsType<ImageResult>(response.RawRepresentation).Operation);
        Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Contains(original.Uri.AbsolutePath, Text(Assert.Single(fixture.Posts(IdeogramProvider.ApiInOne, mark))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_provider_failure_comes_through_the_middleware_as_the_sdks_typed_exception(IdeogramProvider provider)
    {
        using var client = fixture.Client(provider);
        using var telemetry = new CapturedTelemetry();
        using var generator = telemetry.Wrap(client.AsIImageGenerator());
        fixture.Emulator.Control.AddFault(new FaultRule { Provider = EmulatorFixture.Host(provider), Method = "POST", Kind = FaultKind.Status, StatusCode = 401 });

        var e = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => generator.GenerateImagesAsync("A cat"));

        Assert.Equal(provider, e.Provider);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
        var span = Assert.Single(telemetry.Activities);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(IdeogramAuthenticationException).FullName, span.GetTagItem("error.type"));
        Assert.Contains(telemetry.Logs.GetSnapshot(), l => l.Level == LogLevel.Error && l.Message == "GenerateAsync failed." && l.Exception == e);
    }

    [Theory]
    [InlineData(IdeogramProvider.Runflow)]
    [InlineData(IdeogramProvider.ApiInOne)]
    public async Task Cancelling_while_a_paid_job_runs_throws_a_cancellation_that_carries_the_job(IdeogramProvider provider)
    {
        using var cts = new CancellationTokenSource();
        using var transport = new CancelOnFirstPoll(cts);
        using var client = fixture.Client(provider, transport);
        using var telemetry = new CapturedTelemetry();
        using var generator = telemetry.Wrap(client.AsIImageGenerator());

        var e = await Assert.ThrowsAnyAsync<IdeogramCanceledException>(() => generator.GenerateImagesAsync("A cat", cancellationToken: cts.Token));

        Assert.NotNull(e.Job);
        Assert.Equal(provider, e.Job.Provider);
        Assert.True(e.MayHaveCharged);
        Assert.Contains(telemetry.Logs.GetSnapshot(), l => l.Message == "GenerateAsync canceled.");
    }

    /// <summary>Real sockets to the emulator; cancels the caller's token as the first status read (a GET) goes out, after the job was accepted.</summary>
    private sealed class CancelOnFirstPoll(CancellationTokenSource cts) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                cts.Cancel();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
