using System.Net;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Ideogram;
using Ideogram.Sdk.Providers.Segmind;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// Preparing a request: a request without input images is checked at once, one with images is read first; either way
/// a refusal comes back as a faulted task, and the refusal a request gets does not depend on which path it took.
/// </summary>
public sealed class PreparePathTests
{
    private static ValueTask<PreparedRequest> Prepare(ImageRequest request, ProviderProfile? profile = null) =>
        RequestValidator.PrepareAsync(request, profile ?? IdeogramParameters.Profile, UnsupportedParameterBehavior.Strict, CancellationToken.None);

    [Fact]
    public async Task A_generate_without_images_is_prepared_without_waiting()
    {
        var pending = Prepare(new GenerateRequest("a fox") { AspectRatio = AspectRatio.Ratio16x9, Seed = 7 });

        Assert.True(pending.IsCompletedSuccessfully);
        var prepared = await pending;
        Assert.Equal("a fox", prepared.Prompt);
        Assert.Equal(AspectRatio.Ratio16x9, prepared.AspectRatio);
        Assert.Equal(7, prepared.Seed);
        Assert.Empty(prepared.StyleReferenceImages);
    }

    [Fact]
    public async Task A_generate_with_reference_images_reads_them()
    {
        var request = new GenerateRequest("a fox");
        request.StyleReferenceImages.Add(ImageInput.FromBytes(CoreKit.Png(100), "style.png"));
        request.CharacterReferenceImages.Add(ImageInput.FromBytes(CoreKit.Png(200), "face.png"));

        var prepared = await Prepare(request);

        Assert.Equal(100, Assert.Single(prepared.StyleReferenceImages).Length);
        Assert.Equal(200, Assert.Single(prepared.CharacterReferenceImages).Length);
    }

    [Fact]
    public void A_refused_request_without_images_comes_back_as_a_faulted_task()
    {
        var pending = Prepare(new GenerateRequest("   "));

        Assert.True(pending.IsFaulted);
        var error = Assert.IsType<IdeogramValidationException>(pending.AsTask().Exception!.InnerException);
        Assert.Equal(ImageParameter.Prompt, error.Parameter);
    }

    [Fact]
    public void A_missing_request_and_an_operation_the_provider_lacks_come_back_as_faulted_tasks()
    {
        var missing = Prepare(null!);
        var notOffered = Prepare(new UpscaleRequest(ImageInput.FromBytes(CoreKit.Png(), "a.png")), SegmindParameters.Profile);

        Assert.IsType<ArgumentNullException>(missing.AsTask().Exception!.InnerException);
        var error = Assert.IsType<UnsupportedParameterException>(notOffered.AsTask().Exception!.InnerException);
        Assert.Contains("not offered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_over_the_limit_is_reported_before_the_request_s_other_faults()
    {
        // Reading the image refuses it; the empty prompt would be refused next.
        var tooLarge = ImageInput.FromBytes(CoreKit.Png((int)RequestValidator.MaxImageBytes + 1), "big.png");

        var error = await Assert.ThrowsAsync<IdeogramValidationException>(() => Prepare(new RemixRequest(tooLarge, "  ")).AsTask());

        Assert.Equal(ImageParameter.Image, error.Parameter);
    }

    [Fact]
    public async Task A_request_with_images_gets_the_same_refusal_as_one_without()
    {
        GenerateRequest Both() => new("a fox") { Resolution = Resolution.Res1024x1024, AspectRatio = AspectRatio.Ratio16x9 };
        var plain = await Assert.ThrowsAsync<IdeogramValidationException>(() => Prepare(Both()).AsTask());
        var withImages = Both();
        withImages.StyleReferenceImages.Add(ImageInput.FromBytes(CoreKit.Png(), "style.png"));
        var read = await Assert.ThrowsAsync<IdeogramValidationException>(() => Prepare(withImages).AsTask());

        Assert.Equal(ImageParameter.AspectRatio, plain.Parameter);
        Assert.Equal(plain.Parameter, read.Parameter);
        Assert.Equal(plain.Message, read.Message);
    }

    [Fact]
    public void Every_parameter_has_its_own_bit_in_the_set_of_parameters()
    {
        var parameters = Enum.GetValues<ImageParameter>();

        Assert.All(parameters, p => Assert.InRange((int)p, 0, 31));
        Assert.Equal(parameters.Length, parameters.Select(p => 1u << (int)p).Distinct().Count());
        Assert.Equal(0u, new PreparedRequest { Operation = ImageOperation.Generate }.SetParameters());
        Assert.Equal((1u << (int)ImageParameter.Prompt) | (1u << (int)ImageParameter.Seed) | (1u << (int)ImageParameter.AspectRatio),
            new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "a fox", Seed = 1, AspectRatio = AspectRatio.Ratio1x1 }.SetParameters());
    }

    [Fact]
    public void A_result_s_request_id_is_read_from_its_answer_and_a_given_one_wins()
    {
        using var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        message.Headers.TryAddWithoutValidation("x-request-id", "req-" + CoreKit.Key);
        message.Headers.TryAddWithoutValidation("cf-ray", "ray-1");
        var answer = new ProviderResponse(IdeogramProvider.Segmind, HttpStatusCode.OK, message.Headers, message.Content.Headers, [], TimeProvider.System, new ApiKey(CoreKit.Key));

        var fromAnswer = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, []) { RequestIdFrom = answer };
        var given = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, []) { RequestId = "given" };
        var none = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [])
        {
            RequestIdFrom = new ProviderResponse(IdeogramProvider.Segmind, HttpStatusCode.OK, null, null, [], TimeProvider.System, null),
        };

        // The first-ranked header, without the key; the same on every read, from any thread.
        var reads = new string?[64];
        Parallel.For(0, reads.Length, i => reads[i] = fromAnswer.RequestId);
        Assert.All(reads, id => Assert.Equal("req-***", id));
        Assert.Equal("given", given.RequestId);
        Assert.Null(none.RequestId);
    }
}
