using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Providers.Runflow;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// A malformed value inside a paid answer never escapes as a BCL exception: what can be read leniently is (an
/// unknown expiry, a seed that is not a number), and what cannot is an <see cref="IdeogramException"/> that carries
/// the paid job.
/// </summary>
public sealed class MalformedAnswerTests
{
    private const string Key = "malformed-answer-key";

    private static (IdeogramClient Client, FunctionHandler Handler) Client(IdeogramProvider provider, Func<RecordedRequest, int, HttpResponseMessage> respond) =>
        FunctionHandler.NewClient(provider, Key, respond);

    private static string TaskOf(RecordedRequest request) =>
        JsonNode.Parse(request.Body!)!.AsArray().Select(t => t!).Last()["taskUUID"]!.GetValue<string>();

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("253402300800")]
    public async Task An_Ideogram_link_with_an_absurd_exp_has_an_unknown_expiry(string exp)
    {
        var (client, _) = Client(IdeogramProvider.Ideogram, (_, _) => FunctionHandler.Json($$"""
            {"created":"2025-06-01T10:00:00+00:00","data":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp={{exp}}","prompt":"p","resolution":" ","style_type":"","is_image_safe":true,"seed":7}]}
            """));
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("fox"));

            var image = Assert.Single(result.Images);
            Assert.Null(image.ExpiresAt);
            Assert.Null(image.Resolution);
            Assert.Null(image.StyleType);
            Assert.StartsWith("https://ideogram.ai/api/images/ephemeral/a.png", image.Url!.AbsoluteUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_last_representable_second_is_still_read_as_an_expiry()
    {
        var (client, _) = Client(IdeogramProvider.Ideogram, (_, _) => FunctionHandler.Json("""
            {"data":[{"url":"https://ideogram.ai/a.png?exp=253402300799","is_image_safe":true}]}
            """));
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("fox"));

            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(253402300799), result.Images[0].ExpiresAt);
        }
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("315537897599")]
    public async Task A_Runflow_link_with_a_huge_X_Amz_Expires_has_an_unknown_expiry(string seconds)
    {
        var url = $"https://bucket.s3.amazonaws.com/r1.webp?X-Amz-Date=20260506T100142Z&X-Amz-Expires={seconds}&X-Amz-Signature=abc";
        var run = $$"""{"id":"run-1","status_code":"succeeded","output":{"outputs":[{"url":"{{url}}","type":"image"}]} }""";
        var (client, _) = Client(IdeogramProvider.Runflow, (r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run-1","status_code":"queued"}""")
            : FunctionHandler.Json(run));
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("fox"));

            Assert.Null(Assert.Single(result.Images).ExpiresAt);
        }

        var callback = RunflowWebhook.Parse(Encoding.UTF8.GetBytes($$"""{"event":"run.completed","run_id":"run-1","status":"succeeded","output":{"image_urls":["{{url}}"]} }"""));
        Assert.Null(Assert.Single(callback.Result!.Images).ExpiresAt);
    }

    [Fact]
    public async Task A_Runflow_link_with_a_sane_lifetime_keeps_its_expiry()
    {
        var run = """{"id":"run-1","status_code":"succeeded","output":{"image_urls":["https://b.s3.amazonaws.com/x.png?X-Amz-Date=20260506T100142Z&X-Amz-Expires=3600"]}}""";
        var (client, _) = Client(IdeogramProvider.Runflow, (r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run-1","status_code":"queued"}""")
            : FunctionHandler.Json(run));
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("fox"));

            Assert.Equal(new DateTimeOffset(2026, 5, 6, 11, 1, 42, TimeSpan.Zero), result.Images[0].ExpiresAt);
        }
    }

    [Theory]
    [InlineData("imageBase64Data", "not base64!")]
    [InlineData("imageBase64Data", "data:image/png;base64,%%%")]
    [InlineData("imageDataURI", "data:image/png;base64,@@@@")]
    [InlineData("imageDataURI", "****")]
    public async Task Undecodable_Runware_inline_data_in_a_synchronous_answer_is_an_IdeogramException_with_the_task(string field, string value)
    {
        var (client, _) = Client(IdeogramProvider.Runware, (r, _) => FunctionHandler.Json(
            $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{TaskOf(r)}}","imageUUID":"u1","{{field}}":"{{value}}","seed":1}]}"""));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

            Assert.Contains(field, e.Message, StringComparison.Ordinal);
            Assert.NotNull(e.Job);
            Assert.Equal(e.Job!.Id, e.Job.Properties["taskUUID"]);
            Assert.IsNotType<FormatException>(e.InnerException);
        }
    }

    [Fact]
    public async Task Undecodable_Runware_inline_data_read_by_a_poll_is_an_IdeogramException_with_the_job()
    {
        string? task = null;
        var (client, _) = Client(IdeogramProvider.Runware, (r, i) =>
        {
            task ??= TaskOf(r);
            return FunctionHandler.Json(i == 0
                ? $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{task}}"}]}"""
                : $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{task}}","status":"success","imageBase64Data":"=not=base64="}]}""");
        });
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("fox"));
            var e = await Assert.ThrowsAsync<IdeogramException>(() => client.WaitAsync(job));

            Assert.Equal(job.Id, e.Job!.Id);
            Assert.Equal(task, job.Id);
        }
    }

    [Fact]
    public async Task An_unreadable_Runware_submission_answer_keeps_the_client_made_task_UUID()
    {
        var (client, handler) = Client(IdeogramProvider.Runware, (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, Encoding.UTF8.GetBytes("<html>gateway</html>"), "text/html"));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(new GenerateRequest("fox")));

            Assert.Equal(TaskOf(handler.Requests[0]), e.Job!.Id);
            Assert.Equal(TaskOf(handler.Requests[0]), e.Job.Properties["taskUUID"]);
        }
    }

    [Fact]
    public async Task A_Segmind_answer_with_a_seed_that_is_not_a_number_keeps_the_images()
    {
        var (client, _) = Client(IdeogramProvider.Segmind, (_, _) => FunctionHandler.Json("""
            {"data":[{"url":"https://cdn.segmind.test/a.png","seed":"seven","resolution":"\t","style_type":" ","is_image_safe":true}]}
            """));
        using (client)
        {
            var result = await client.GenerateAsync(new GenerateRequest("fox") { Seed = 4242 });

            var image = Assert.Single(result.Images);
            Assert.Equal(4242, image.Seed);
            Assert.Null(image.Resolution);
            Assert.Null(image.StyleType);
        }
    }

    [Fact]
    public void A_Runware_result_lifetime_that_the_ttl_integer_cannot_hold_is_refused_when_set()
    {
        var options = new Ideogram.Sdk.Providers.Runware.RunwareOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.ResultLifetime = TimeSpan.FromSeconds(int.MaxValue + 1L));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ResultLifetime = TimeSpan.MaxValue);
        options.ResultLifetime = TimeSpan.FromSeconds(int.MaxValue);
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), options.ResultLifetime);
    }
}
