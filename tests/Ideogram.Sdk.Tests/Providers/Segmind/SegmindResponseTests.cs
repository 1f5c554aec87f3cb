using Ideogram.Sdk.Tests.Infrastructure;
using System.Net;
using System.Text;

namespace Ideogram.Sdk.Tests.Providers.Segmind;

/// <summary>The synchronous v1 answer, read by Content-Type, in each shape the client tolerates.</summary>
public class SegmindResponseTests
{
    private static async Task<ImageResult> GenerateWith(Func<HttpResponseMessage> answer, long? seed = null)
    {
        var (client, _) = SegmindWireTests.Client((_, _) => answer());
        return await client.GenerateAsync(new GenerateRequest("p") { Seed = seed });
    }

    [Fact]
    public async Task Raw_image_bytes_become_image_data()
    {
        var result = await GenerateWith(() => FunctionHandler.Raw(HttpStatusCode.OK, PngFixtures.Png, "image/png"), seed: 1234);

        var image = Assert.Single(result.Images);
        Assert.Equal(PngFixtures.Png, image.Data!.Value.ToArray());
        Assert.Equal("image/png", image.ContentType);
        Assert.Null(image.Url);
        Assert.Equal(1234, image.Seed);
    }

    [Fact]
    public async Task The_v2_result_shape_gives_the_output_url_credits_and_cost()
    {
        var result = await GenerateWith(() => FunctionHandler.Json(
            """{"status":"COMPLETED","output":"https://images.segmind.com/generations/result.jpeg","metrics":{"inference_time":9.5,"cost":0.06}}""",
            ("x-remaining-credits", "12.34")));

        var image = Assert.Single(result.Images);
        Assert.Equal(new Uri("https://images.segmind.com/generations/result.jpeg"), image.Url);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(12.34m, result.RemainingCredits);
        Assert.Equal(0.06m, result.Cost);
        Assert.Equal(IdeogramProvider.Segmind, result.Provider);
    }

    [Fact]
    public async Task An_output_list_gives_every_image()
    {
        var result = await GenerateWith(() => FunctionHandler.Json("""{"status":"COMPLETED","output":["https://x.test/a.png","https://x.test/b.webp"]}"""));

        Assert.Equal(["https://x.test/a.png", "https://x.test/b.webp"], result.Images.Select(i => i.Url!.AbsoluteUri));
        Assert.Equal(["image/png", "image/webp"], result.Images.Select(i => i.ContentType));
    }

    [Fact]
    public async Task Ideogram_answer_passed_through_is_read_with_its_seed_and_safety()
    {
        var result = await GenerateWith(() => FunctionHandler.Json("""
            {"created":"2024-10-30T22:46:49.796902+00:00","data":[
              {"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp=1730414816","prompt":"rewritten","resolution":"1024x1024","is_image_safe":true,"seed":12345,"style_type":"GENERAL"},
              {"url":null,"prompt":"p","resolution":"1024x1024","is_image_safe":false,"seed":7,"style_type":"GENERAL"}]}
            """));

        Assert.Equal(2, result.Images.Count);
        var (safe, unsafeImage) = (result.Images[0], result.Images[1]);
        Assert.Equal("https://ideogram.ai/api/images/ephemeral/a.png?exp=1730414816", safe.Url!.AbsoluteUri);
        Assert.Equal(12345, safe.Seed);
        Assert.Equal("rewritten", safe.Prompt);
        Assert.Equal(new Resolution("1024x1024"), safe.Resolution);
        Assert.Equal(StyleType.General, safe.StyleType);
        Assert.False(unsafeImage.IsSafe);
        Assert.Null(unsafeImage.Url);
        Assert.True(result.HasUnsafeImages);
    }

    [Fact]
    public async Task An_inline_base64_image_is_decoded()
    {
        var result = await GenerateWith(() => FunctionHandler.Json($$"""{"image":"{{Convert.ToBase64String(PngFixtures.Png)}}"}"""));

        var image = Assert.Single(result.Images);
        Assert.Equal(PngFixtures.Png, image.Data!.Value.ToArray());
        Assert.Equal("image/png", image.ContentType);
    }

    [Fact]
    public async Task An_images_list_may_mix_base64_data_uris_and_urls()
    {
        var b64 = Convert.ToBase64String(PngFixtures.Png);
        var result = await GenerateWith(() => FunctionHandler.Json($$"""{"images":["{{b64}}","data:image/png;base64,{{b64}}","https://x.test/c.png"]}"""));

        Assert.Equal(3, result.Images.Count);
        Assert.Equal(PngFixtures.Png, result.Images[0].Data!.Value.ToArray());
        Assert.Equal(PngFixtures.Png, result.Images[1].Data!.Value.ToArray());
        Assert.Equal("https://x.test/c.png", result.Images[2].Url!.AbsoluteUri);
    }

    [Fact]
    public async Task Json_served_as_text_plain_is_read()
    {
        var result = await GenerateWith(() => FunctionHandler.Raw(HttpStatusCode.OK, Encoding.UTF8.GetBytes(SegmindWireTests.ResultJson), "text/plain"));

        Assert.Single(result.Images);
    }

    [Fact]
    public async Task An_html_answer_is_an_error_carrying_the_raw_body()
    {
        var e = await Assert.ThrowsAsync<IdeogramException>(() =>
            GenerateWith(() => FunctionHandler.Raw(HttpStatusCode.OK, Encoding.UTF8.GetBytes("<html>maintenance</html>"), "text/html")));

        Assert.Contains("<html>maintenance</html>", e.RawBody, StringComparison.Ordinal);
        Assert.Contains("text/html", e.Message, StringComparison.Ordinal);
        Assert.Equal(IdeogramProvider.Segmind, e.Provider);
    }

    [Fact]
    public async Task Json_in_an_unknown_shape_is_an_error_carrying_the_raw_body()
    {
        var e = await Assert.ThrowsAsync<IdeogramException>(() => GenerateWith(() => FunctionHandler.Json("""{"result":"something new"}""")));

        Assert.Equal("""{"result":"something new"}""", e.RawBody);
        Assert.Contains("none of the shapes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_that_is_neither_a_url_nor_an_image_is_an_error()
    {
        var e = await Assert.ThrowsAsync<IdeogramException>(() => GenerateWith(() => FunctionHandler.Json("""{"status":"COMPLETED","output":"not an image"}""")));

        Assert.Contains("not an image", e.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_status_in_a_200_answer_is_a_job_failure()
    {
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() =>
            GenerateWith(() => FunctionHandler.Json("""{"status":"FAILED","error":"content_policy_violation","output":null}""")));

        Assert.Equal("content_policy_violation", e.ErrorCode);
        Assert.Contains("content_policy_violation", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"descriptions":[{"text":"A cat."},{"text":"A small cat."}]}""")]
    [InlineData("""{"status":"COMPLETED","output":["A cat.","A small cat."]}""")]
    public async Task Describe_answers_give_descriptions(string json)
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(json));

        var result = await client.DescribeAsync(new DescribeRequest(ImageInput.FromUrl("https://x.test/cat.png")));

        Assert.Equal(["A cat.", "A small cat."], result.Descriptions);
    }
}
