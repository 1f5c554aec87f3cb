using System.Net;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Segmind;
using Ideogram.Sdk.Tests.Core;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How Segmind's answers are read, shape by shape: each content type, each JSON shape of the synchronous answer, each
/// form an output item takes, describe texts, failure texts and their messages.
/// </summary>
public sealed class SegmindReadingTests
{
    private static readonly string Png = Convert.ToBase64String(CoreKit.Png());

    private static ProviderResponse Answer(byte[] body, string? contentType)
    {
        using var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        else
        {
            message.Content.Headers.ContentType = null;
        }

        return new ProviderResponse(IdeogramProvider.Segmind, HttpStatusCode.OK, message.Headers, message.Content.Headers, body, TimeProvider.System, new ApiKey(CoreKit.Key));
    }

    private static SegmindResponses.Outputs Sync(string body, string? contentType = "application/json", ImageOperation operation = ImageOperation.Generate, long? seed = 7) =>
        SegmindResponses.ReadSync(Answer(Encoding.UTF8.GetBytes(body), contentType), operation, seed);

    private static string Unreadable(string body, string? contentType = "application/json", ImageOperation operation = ImageOperation.Generate) =>
        Assert.Throws<IdeogramException>(() => Sync(body, contentType, operation)).ProviderMessage!;

    [Fact]
    public void An_image_answer_is_the_image_and_an_empty_one_is_unreadable()
    {
        var outputs = SegmindResponses.ReadSync(Answer(CoreKit.Png(), "image/png"), ImageOperation.Generate, 3);

        var image = Assert.Single(outputs.Images);
        Assert.Equal(("image/png", 3L), (image.ContentType, image.Seed!.Value));
        Assert.Equal(CoreKit.Png(), image.Data!.Value.ToArray());
        Assert.Equal("an empty image", Assert.Throws<IdeogramException>(() => SegmindResponses.ReadSync(Answer([], "image/png"), ImageOperation.Generate, null)).ProviderMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/problem+JSON")]
    [InlineData("text/plain")]
    public void Json_is_read_whatever_json_content_type_or_none(string? contentType) =>
        Assert.Equal("https://cdn.segmind.com/a.png", Sync("""{"output":"https://cdn.segmind.com/a.png"}""", contentType).Images[0].Url!.AbsoluteUri);

    [Fact]
    public void Other_content_and_json_that_does_not_parse_or_is_not_an_object_are_unreadable()
    {
        Assert.Equal("content of type 'text/html', neither an image nor JSON", Unreadable("<html/>", "text/html"));
        Assert.Equal("content of type 'application/json' that is not JSON", Unreadable("{"));
        Assert.Equal("content of type 'unknown' that is not JSON", Unreadable("{", contentType: null));
        Assert.Equal("JSON that is not an object", Unreadable("[1]"));
        Assert.Equal("JSON in none of the shapes the client reads (data, output, image, images)", Unreadable("""{"data":"x","image":5,"images":{},"output":null}"""));
    }

    [Fact]
    public void Ideogram_answers_passed_through_keep_each_images_fields()
    {
        var outputs = Sync("""
            {"data":[
              {"url":"https://cdn.segmind.com/a.png","seed":42,"prompt":"p","resolution":"1024x1024","style_type":"DESIGN","is_image_safe":true},
              {"url":"https://cdn.segmind.com/b.png","is_image_safe":false},
              {"url":"","resolution":" ","style_type":""},
              "https://cdn.segmind.com/c.jpg"
            ]}
            """);

        var (a, b, c, d) = (outputs.Images[0], outputs.Images[1], outputs.Images[2], outputs.Images[3]);
        Assert.Equal(("https://cdn.segmind.com/a.png", 42L, "p", new Resolution("1024x1024"), StyleType.Design, true, "image/png"), (a.Url!.AbsoluteUri, a.Seed!.Value, a.Prompt!, a.Resolution!.Value, a.StyleType!.Value, a.IsSafe, a.ContentType!));
        Assert.Equal((false, null, 7L), (b.IsSafe, b.Url, b.Seed!.Value));
        Assert.Equal((false, null, null), (c.IsSafe, c.Resolution, c.StyleType));
        Assert.Equal(("https://cdn.segmind.com/c.jpg", "image/jpeg"), (d.Url!.AbsoluteUri, d.ContentType!));
    }

    [Fact]
    public void Ideogram_descriptions_passed_through_are_read_as_texts()
    {
        var outputs = Sync("""{"descriptions":[{"text":"one"},"two",{"other":"x"},3]}""", operation: ImageOperation.Describe);

        Assert.Equal(["one", "two"], outputs.Descriptions);
        Assert.Empty(outputs.Images);
        Assert.Empty(Sync("""{"descriptions":[{"text":"x"}],"data":[]}""").Images);
    }

    [Fact]
    public void Inline_images_are_read_from_image_or_images_in_any_form()
    {
        var single = Sync($$"""{"image":"{{Png}}"}""");
        var list = Sync($$"""{"images":["data:image/png;base64,{{Png}}",{"url":"https://x.example.com/a.webp"},{"image_url":"https://x.example.com/b.JPEG"},{"image":"{{Png}}"}]}""");

        Assert.Equal("image/png", single.Images[0].ContentType);
        Assert.Equal(CoreKit.Png(), single.Images[0].Data!.Value.ToArray());
        Assert.Equal(["image/png", "image/webp", "image/jpeg", "image/png"], list.Images.Select(i => i.ContentType));
        Assert.Equal("https://x.example.com/b.JPEG", list.Images[2].Url!.OriginalString);
        Assert.Equal("an output item of kind Number, not an image URL", Unreadable("""{"images":[5]}"""));
        Assert.Equal("an output item of kind Object, not an image URL", Unreadable("""{"images":[{"other":"x"}]}"""));
        Assert.Equal("an output that is neither an image URL nor base64 image data", Unreadable("""{"image":"not base64!"}"""));
        Assert.Equal("base64 data that is not a JPEG, PNG or WebP image", Unreadable("""{"image":"aGVsbG8="}"""));
        Assert.Null(Sync("""{"output":"https://x.example.com/a.gif"}""").Images[0].ContentType);
    }

    [Fact]
    public void The_v2_shape_reads_its_output_and_cost_and_a_failed_status_fails_the_call()
    {
        var outputs = Sync("""{"status":"COMPLETED","output":["https://x.example.com/a.png","https://x.example.com/b.png"],"metrics":{"cost":0.03}}""");
        var failed = Assert.Throws<IdeogramJobFailedException>(() => Sync("""{"status":"failed","output":"x","error":"bad prompt"}"""));
        var failedWithoutOutput = Assert.Throws<IdeogramJobFailedException>(() => Sync("""{"status":"FAILED","detail":"d"}"""));

        Assert.Equal(2, outputs.Images.Count);
        Assert.Equal(0.03m, outputs.Cost);
        Assert.Equal("The Segmind request failed: bad prompt", failed.Message);
        Assert.Equal("The Segmind request failed: d", failedWithoutOutput.Message);
        Assert.Equal("an empty output", Unreadable("""{"output":[]}"""));
        Assert.Equal("a describe output without text", Unreadable("""{"output":[5]}""", operation: ImageOperation.Describe));
    }

    [Theory]
    [InlineData("\"a cat\"", new[] { "a cat" })]
    [InlineData("[\"a\",{\"text\":\"b\"},{\"description\":\"c\"},{\"text\":\"d\",\"description\":\"e\"},{\"x\":1},2]", new[] { "a", "b", "c", "d" })]
    public void A_describe_output_is_its_texts(string output, string[] texts) =>
        Assert.Equal(texts, Sync($$"""{"output":{{output}}}""", operation: ImageOperation.Describe).Descriptions);

    [Theory]
    [InlineData("""{"error":"e","detail":"d","message":"m"}""", "e")]
    [InlineData("""{"error":{"message":"em","code":1}}""", "em")]
    [InlineData("""{"error":{"code":1}}""", """{"code":1}""")]
    [InlineData("""{"error":5,"detail":"d","message":"m"}""", "d")]
    [InlineData("""{"message":"m"}""", "m")]
    [InlineData("""{}""", null)]
    public void A_failure_text_comes_from_error_then_detail_then_message(string body, string? text)
    {
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(text, SegmindResponses.ErrorText(doc.RootElement));
    }

    [Fact]
    public void A_failed_job_names_itself_and_its_error()
    {
        var response = Answer("{}"u8.ToArray(), "application/json");

        Assert.Equal("Segmind job 'j1' failed: boom", SegmindResponses.JobFailed(response, "j1", "boom").Message);
        Assert.Equal("Segmind job 'j1' failed.", SegmindResponses.JobFailed(response, "j1", " ").Message);
        Assert.Equal("The Segmind request failed.", SegmindResponses.JobFailed(response, null, null).Message);
        Assert.Equal(("boom", "boom"), (SegmindResponses.JobFailed(response, "j1", "boom").ErrorCode, SegmindResponses.JobFailed(response, "j1", "boom").ProviderMessage));
    }

    [Theory]
    [InlineData("""{"status":"COMPLETED","output":"https://x.example/a.png","metrics":{"cost":0.08}}""", "https://x.example/a.png", 0.08)]
    [InlineData("""{"output":"https://x.example/a.JPG"}""", "https://x.example/a.JPG", null)]
    [InlineData("""{"metrics":{"inference_time":1,"cost":"0.1","nested":{"cost":5}},"output":"https://x.example/a"}""", "https://x.example/a", null)]
    [InlineData("""{"metrics":[{"cost":1}],"status":7,"output":"https://x.example/b.webp","extra":{"output":"ignored"}}""", "https://x.example/b.webp", null)]
    [InlineData("""{"outp\u0075t":"https://x.example/c.png","status":"compl\u0065ted"}""", "https://x.example/c.png", null)]
    [InlineData("""{"output":"https://x.example/first.png","output":"https://x.example/last.png"}""", "https://x.example/last.png", null)]
    [InlineData("""{"metrics":{"cost":1},"metrics":{"cost":2},"output":"https://x.example/a.png"}""", "https://x.example/a.png", 2.0)]
    [InlineData("""{"metrics":{"cost":1,"cost":3},"output":"https://x.example/a.png"}""", "https://x.example/a.png", 3.0)]
    [InlineData("""{"data":"not a list","output":"https://x.example/d.png"}""", "https://x.example/d.png", null)]
    [InlineData("""{"output":"https://x.example/e.png","data":[{"url":"https://x.example/from-data.png"}]}""", "https://x.example/from-data.png", null)]
    [InlineData("""{"output":"https://x.example/f.png","image":"ignored","images":["ignored"]}""", "https://x.example/f.png", null)]
    public void A_string_output_is_read_the_same_whatever_else_the_answer_holds(string body, string url, double? cost)
    {
        var outputs = Sync(body);

        var image = Assert.Single(outputs.Images);
        Assert.Equal(new Uri(url), image.Url);
        Assert.Equal(7, image.Seed);
        Assert.Equal((decimal?)cost, outputs.Cost);
    }

    [Theory]
    [InlineData("""{"status":"failed","output":"https://x.example/a.png","error":"boom"}""")]
    [InlineData("""{"status":"FAIL\u0045D","output":"https://x.example/a.png","error":"boom"}""")]
    [InlineData("""{"status":"COMPLETED","status":"FAILED","output":"https://x.example/a.png","error":"boom"}""")]
    public void A_string_output_with_a_failed_status_fails_the_call(string body) =>
        Assert.Contains("boom", Assert.Throws<IdeogramJobFailedException>(() => Sync(body)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"output":"https://x.example/a.png"} trailing""")]
    [InlineData("""{"output":"https://x.example/a.png",}""")]
    [InlineData("""{"output":"https://x.example/a.png" /* note */}""")]
    public void A_string_output_in_json_that_does_not_parse_is_unreadable(string body) =>
        Assert.Contains("that is not JSON", Unreadable(body), StringComparison.Ordinal);

    [Fact]
    public void Cost_and_credits_are_read_only_when_they_are_numbers()
    {
        using var doc = JsonDocument.Parse("""{"a":{"cost":0.5},"b":{"cost":"0.5"},"c":[1]}""");
        using var withCredits = new HttpResponseMessage(HttpStatusCode.OK);
        withCredits.Headers.TryAddWithoutValidation("x-remaining-credits", "12.5");
        using var badCredits = new HttpResponseMessage(HttpStatusCode.OK);
        badCredits.Headers.TryAddWithoutValidation("x-remaining-credits", "lots");

        Assert.Equal(0.5m, SegmindResponses.CostOf(doc.RootElement.GetProperty("a")));
        Assert.Null(SegmindResponses.CostOf(doc.RootElement.GetProperty("b")));
        Assert.Null(SegmindResponses.CostOf(doc.RootElement.GetProperty("c")));
        Assert.Null(SegmindResponses.CostOf(null));
        Assert.Equal(12.5m, SegmindResponses.RemainingCredits(new ProviderResponse(IdeogramProvider.Segmind, HttpStatusCode.OK, withCredits.Headers, null, [], TimeProvider.System, null)));
        Assert.Null(SegmindResponses.RemainingCredits(new ProviderResponse(IdeogramProvider.Segmind, HttpStatusCode.OK, badCredits.Headers, null, [], TimeProvider.System, null)));
    }
}
