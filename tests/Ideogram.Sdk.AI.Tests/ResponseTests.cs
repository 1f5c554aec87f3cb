using System.Net;
using System.Reflection;
using Ideogram.Sdk;
using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI.Tests;

/// <summary>How the client's <see cref="ImageResult"/> becomes an <see cref="ImageGenerationResponse"/>: links, bytes, and what could not be delivered.</summary>
public sealed class ResponseTests
{
    private static readonly ImageGenerationOptions Bytes = new() { ResponseFormat = ImageGenerationResponseFormat.Data };

    private static (FakeIdeogramClient Client, IImageGenerator Generator) Make(Func<ImageRequest, ImageResult>? respond = null)
    {
        var client = new FakeIdeogramClient { Respond = respond };
        return (client, client.AsIImageGenerator());
    }

    private static ImageResult Result(params GeneratedImage[] images) => new(IdeogramProvider.Ideogram, ImageOperation.Generate, images);

    [Fact]
    public async Task Links_are_the_default_and_carry_what_the_provider_said_about_each_image()
    {
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var image = new GeneratedImage
        {
            Url = new Uri("https://images.example/a.webp"),
            Seed = 12,
            Prompt = "cats, rewritten",
            Resolution = Resolution.Res1280x704,
            StyleType = StyleType.Realistic,
            ExpiresAt = expires,
            ProviderImageId = "img-1",
            Cost = 0.03m,
        };
        var (client, generator) = Make(_ => Result(image));

        var response = await generator.GenerateImagesAsync("cats");

        var link = Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Equal(image.Url, link.Uri);
        Assert.Equal("image/webp", link.MediaType);
        Assert.Same(image, link.RawRepresentation);
        var p = link.AdditionalProperties!;
        Assert.Equal(12L, p[IdeogramImageProperties.Seed]);
        Assert.Equal("cats, rewritten", p[IdeogramImageProperties.Prompt]);
        Assert.Equal("1280x704", p[IdeogramImageProperties.Resolution]);
        Assert.Equal("REALISTIC", p[IdeogramImageProperties.StyleType]);
        Assert.Equal(expires, p[IdeogramImageProperties.ExpiresAt]);
        Assert.Equal("img-1", p[IdeogramImageProperties.ProviderImageId]);
        Assert.Equal(0.03m, p[IdeogramImageProperties.Cost]);
        Assert.Same(client.LastResult, response.RawRepresentation);
        Assert.Empty(client.Downloads);
    }

    [Fact]
    public async Task Data_is_downloaded_with_the_client_and_the_callers_token()
    {
        var (client, generator) = Make();
        using var cts = new CancellationTokenSource();

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data, Count = 2 }, cts.Token);

        Assert.Equal(2, response.Contents.Count);
        Assert.All(response.Contents, c =>
        {
            var data = Assert.IsType<DataContent>(c);
            Assert.Equal(FakeIdeogramClient.PngBytes, data.Data.ToArray());
            Assert.Equal("image/png", data.MediaType);
        });
        Assert.Equal("image-1.png", ((DataContent)response.Contents[0]).Name);
        Assert.Equal(client.LastResult!.Images, client.Downloads.OrderBy(d => d.Url!.AbsolutePath));
        Assert.All(client.Tokens, t => Assert.Equal(cts.Token, t));
    }

    [Fact]
    public async Task The_media_type_of_bytes_follows_the_bytes_not_the_label()
    {
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 };
        var (client, generator) = Make(_ => Result(new GeneratedImage { Data = jpeg, ContentType = "image/png" }));

        var response = await generator.GenerateImagesAsync("cats", Bytes);

        var data = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal("image/jpeg", data.MediaType);
        Assert.Equal("image-1.jpg", data.Name);
        Assert.Empty(client.Downloads);
    }

    [Fact]
    public async Task Bytes_the_provider_sent_without_a_link_are_returned_as_data_even_when_links_were_asked_for()
    {
        var (client, generator) = Make(_ => Result(new GeneratedImage { Data = FakeIdeogramClient.PngBytes }));

        var response = await generator.GenerateImagesAsync("cats");

        Assert.Equal(FakeIdeogramClient.PngBytes, Assert.IsType<DataContent>(Assert.Single(response.Contents)).Data.ToArray());
        Assert.Empty(client.Downloads);
    }

    [Fact]
    public async Task An_image_withheld_by_the_safety_check_is_left_out_with_a_warning()
    {
        var safe = new GeneratedImage { Url = new Uri("https://images.example/1.png") };
        var (_, generator) = Make(_ => Result(safe, new GeneratedImage { IsSafe = false }));

        var response = await generator.GenerateImagesAsync("cats", new ImageGenerationOptions { Count = 2 });

        Assert.Equal(safe.Url, Assert.IsType<UriContent>(Assert.Single(response.Contents)).Uri);
        var result = Assert.IsType<ImageResult>(response.RawRepresentation);
        Assert.True(result.HasUnsafeImages);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(IdeogramImageWarnings.ImageWithheld, warning.Code);
        Assert.Contains("Image 2", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paid_image_whose_download_fails_is_returned_as_its_link_with_a_warning()
    {
        var (client, generator) = Make();
        client.DownloadFailure = new IdeogramDownloadException("gone", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.Forbidden), expired: true);

        var response = await generator.GenerateImagesAsync("cats", Bytes);

        var link = Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Equal(client.LastResult!.Images[0].Url, link.Uri);
        var warning = Assert.Single(Assert.IsType<ImageResult>(response.RawRepresentation).Warnings);
        Assert.Equal(IdeogramImageWarnings.DownloadFailed, warning.Code);
        Assert.Contains("403", warning.Message, StringComparison.Ordinal);
        Assert.Contains("expired", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("images.example", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_during_the_download_cancels_the_call()
    {
        using var cts = new CancellationTokenSource();
        var (client, generator) = Make();
        client.Respond = request =>
        {
            cts.Cancel(); // the images are made; the caller gives up before they are downloaded
            return FakeIdeogramClient.Links(IdeogramProvider.Ideogram, request);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateImagesAsync("cats", Bytes, cts.Token));

        Assert.Single(client.Requests);
        Assert.Single(client.Downloads);
    }

    [Fact]
    public async Task Warnings_are_added_to_a_copy_of_the_result_that_keeps_everything_else()
    {
        var job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run-1", DateTimeOffset.UnixEpoch);
        var original = new ImageResult(IdeogramProvider.Runflow, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://images.example/1.png") }])
        {
            Descriptions = ["a cat"],
            Created = DateTimeOffset.UnixEpoch,
            Warnings = [new Warning(Warning.Substituted, ImageParameter.RenderingSpeed, "from the client")],
            Cost = 0.1m,
            RemainingCredits = 9m,
            RequestId = "req-1",
            Job = job,
            RawResponse = IdeogramModelFactory.RawResponse(System.Net.HttpStatusCode.OK, """{"id":"run-1"}"""),
            Routing = new RoutingReport([new RoutingAttempt("Runflow", IdeogramProvider.Runflow, RoutingOutcome.Served, mayHaveCharged: true)]),
        };
        var added = new Warning(Warning.Dropped, null, "from the generator");

        var copy = ImageResponses.WithWarnings(original, [added, .. original.Warnings]);

        // Every property of ImageResult must either be carried over or be Warnings: a property added to ImageResult
        // and not to WithWarnings fails here.
        var properties = typeof(ImageResult).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.Equal(
            ["Cost", "Created", "Descriptions", "HasUnsafeImages", "Images", "Job", "Operation", "Provider", "RawResponse", "RemainingCredits", "RequestId", "Routing", "Warnings"],
            properties.Select(p => p.Name).Order());
        foreach (var property in properties.Where(p => p.Name != nameof(ImageResult.Warnings)))
        {
            Assert.Equal(property.GetValue(original), property.GetValue(copy));
        }

        Assert.Equal([added, original.Warnings[0]], copy.Warnings);
    }
}
