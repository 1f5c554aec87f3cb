using System.Net;
using System.Text.Json;
using RichardSzalay.MockHttp;
using static Ideogram.Sdk.Tests.Providers.Runflow.RunflowTestKit;

namespace Ideogram.Sdk.Tests.Providers.Runflow;

/// <summary>The Runflow mapping table: what is refused before any call, and what best effort does instead.</summary>
public class RunflowMappingTests
{
    private static readonly ImageInput Image = ImageInput.FromUrl("https://example.com/in.png");

    public static TheoryData<Func<IIdeogramClient, Task>, ImageOperation> NotOffered => new()
    {
        { c => c.EditAsync(new EditRequest(Image, Image, "p")), ImageOperation.Edit },
        { c => c.RemixAsync(new RemixRequest(Image, "p")), ImageOperation.Remix },
        { c => c.ReframeAsync(new ReframeRequest(Image, Resolution.Res1024x1024)), ImageOperation.Reframe },
        { c => c.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(Image, "p")), ImageOperation.ReplaceBackground },
        { c => c.DescribeAsync(new DescribeRequest(Image)), ImageOperation.Describe },
        { c => c.UpscaleAsync(new UpscaleRequest(Image)), ImageOperation.Upscale },
        { c => c.GenerateAsync(new GenerateRequest("p") { TransparentBackground = true }), ImageOperation.GenerateTransparent },
    };

    [Theory]
    [MemberData(nameof(NotOffered))]
    public async Task Operations_runflow_does_not_offer_fail_before_any_call_naming_who_does(Func<IIdeogramClient, Task> call, ImageOperation operation)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => call(client));

        Assert.Null(e.Parameter);
        Assert.Equal(operation, e.Operation);
        Assert.Equal(IdeogramProvider.Runflow, e.Provider);
        Assert.Contains(IdeogramProvider.Ideogram, e.SupportedBy);
        Assert.Contains("Ideogram", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    public static TheoryData<GenerateRequest, ImageParameter> StrictRefusals => new()
    {
        { new GenerateRequest("p") { RenderingSpeed = RenderingSpeed.Flash }, ImageParameter.RenderingSpeed },
        { new GenerateRequest("p") { StyleType = StyleType.Fiction }, ImageParameter.StyleType },
        { new GenerateRequest("p") { AspectRatio = AspectRatio.Ratio2x3 }, ImageParameter.AspectRatio },
        { new GenerateRequest("p") { Resolution = new Resolution("1280x768") }, ImageParameter.Resolution },
        { new GenerateRequest("p") { CharacterReferenceImages = [Image] }, ImageParameter.CharacterReferenceImages },
        { new GenerateRequest("p") { CustomModelUri = "model/x/version/1" }, ImageParameter.CustomModelUri },
        { new GenerateRequest("p") { UpscaleFactor = new UpscaleFactor("X2") }, ImageParameter.UpscaleFactor },
    };

    [Theory]
    [MemberData(nameof(StrictRefusals))]
    public async Task Values_without_a_runflow_equivalent_fail_before_any_call(GenerateRequest request, ImageParameter parameter)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.SubmitAsync(request));

        Assert.Equal(parameter, e.Parameter);
        Assert.Equal(IdeogramProvider.Runflow, e.Provider);
        Assert.Contains(parameter.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("Runflow", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Theory]
    [InlineData("RenderingSpeed", "FLASH", "rendering_speed", "TURBO")]
    [InlineData("AspectRatio", "2x3", "image_size", "portrait_4_3")]
    [InlineData("AspectRatio", "10x16", "image_size", "portrait_16_9")]
    [InlineData("AspectRatio", "16x10", "image_size", "landscape_16_9")]
    [InlineData("AspectRatio", "5x4", "image_size", "landscape_4_3")]
    [InlineData("Resolution", "1280x768", "image_size", "landscape_16_9")]
    [InlineData("Resolution", "832x1088", "image_size", "portrait_4_3")]
    [InlineData("Resolution", "1024x960", "image_size", "square_hd")]
    [InlineData("StyleType", "STYLIZED", "style", "GENERAL")]
    public async Task Best_effort_uses_the_nearest_runflow_value_and_says_so(string parameter, string value, string field, string wire)
    {
        var request = new GenerateRequest("p") { UnsupportedParameters = UnsupportedParameterBehavior.BestEffort };
        switch (parameter)
        {
            case "RenderingSpeed": request.RenderingSpeed = new RenderingSpeed(value); break;
            case "AspectRatio": request.AspectRatio = new AspectRatio(value); break;
            case "Resolution": request.Resolution = new Resolution(value); break;
            case "StyleType": request.StyleType = new StyleType(value); break;
        }

        var (input, result) = await GenerateCapturing(request);

        Assert.Equal(wire, input.GetProperty(field).GetString());
        var warning = Assert.Single(result.Warnings, w => w.Code == Warning.Substituted);
        Assert.Equal(Enum.Parse<ImageParameter>(parameter), warning.Parameter);
    }

    [Fact]
    public async Task Best_effort_drops_a_style_type_without_equivalent()
    {
        var request = new GenerateRequest("p") { StyleType = StyleType.Fiction, UnsupportedParameters = UnsupportedParameterBehavior.BestEffort };

        var (input, result) = await GenerateCapturing(request);

        Assert.False(input.TryGetProperty("style", out _));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(Warning.Dropped, warning.Code);
        Assert.Equal(ImageParameter.StyleType, warning.Parameter);
    }

    [Fact]
    public void Capabilities_come_from_the_table()
    {
        var caps = IdeogramClient.GetCapabilities(IdeogramProvider.Runflow);

        Assert.Equal([ImageOperation.Generate], caps.Operations);
        Assert.True(caps.IsAsynchronous);
        Assert.True(caps.AcceptsImageUrls);
        Assert.True(caps.AcceptsImageBytes);
        Assert.Equal(8, caps.MaxImagesPerCall);
        Assert.Equal(["AUTO", "GENERAL", "REALISTIC", "DESIGN"], caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.StyleType));
        Assert.DoesNotContain("FLASH", caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.RenderingSpeed));
        Assert.Equal((1L, 8L), caps.GetRange(ImageOperation.Generate, ImageParameter.NumImages));
        Assert.True(caps.Supports(ImageOperation.Generate, ImageParameter.StyleReferenceImages));
        Assert.False(caps.Supports(ImageOperation.Generate, ImageParameter.CharacterReferenceImages));
    }

    [Fact]
    public async Task Eight_images_are_one_run()
    {
        var mock = new MockHttpMessageHandler();
        var post = mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.Created, Run("r1", "queued")));
        ScriptPolls(mock, "r1", () => Json(HttpStatusCode.OK, Run("r1", "succeeded", Outputs([.. Enumerable.Range(0, 8).Select(i => $"https://cdn.example.com/{i}.webp")]))));
        using var client = Client(mock, Clock());

        var result = await client.GenerateAsync(new GenerateRequest("p") { NumImages = 8 });

        Assert.Equal(1, mock.GetMatchCount(post));
        Assert.Equal(8, result.Images.Count);
    }

    private static async Task<(JsonElement Input, ImageResult Result)> GenerateCapturing(GenerateRequest request)
    {
        var mock = new MockHttpMessageHandler();
        JsonElement input = default;
        mock.When(HttpMethod.Post, RunsUrl).Respond(async r =>
        {
            input = JsonDocument.Parse(await r.Content!.ReadAsStringAsync()).RootElement.GetProperty("input").Clone();
            return Json(HttpStatusCode.Created, Run("r1", "queued"));
        });
        ScriptPolls(mock, "r1", () => Json(HttpStatusCode.OK, Run("r1", "succeeded", Outputs(ImageUrl))));
        using var client = Client(mock, Clock());
        var result = await client.GenerateAsync(request);
        return (input, result);
    }
}
