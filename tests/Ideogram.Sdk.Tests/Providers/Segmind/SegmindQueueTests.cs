using Ideogram.Sdk.Tests.Infrastructure;
using System.Net;

namespace Ideogram.Sdk.Tests.Providers.Segmind;

/// <summary>Segmind's v2 queue: submit, status reads, the result read, and FAILED answered as HTTP 422.</summary>
public class SegmindQueueTests
{
    private const string Id = "2c7f59ea-13f1-402c-9353-915a2b5a2124";

    private const string Queued = $$"""
        {"request_id":"{{Id}}","status":"QUEUED","poll_url":"https://api.segmind.com/v1/requests/{{Id}}",
         "status_url":"https://api.segmind.com/v2/requests/{{Id}}/status","response_url":"https://api.segmind.com/v2/requests/{{Id}}"}
        """;

    private static HttpResponseMessage Lifecycle(RecordedRequest r, string[] statuses, ref int statusReads)
    {
        if (r.Method == HttpMethod.Post)
        {
            return FunctionHandler.Json(Queued, ("x-remaining-credits", "9.50"));
        }

        if (r.Path.EndsWith("/status", StringComparison.Ordinal))
        {
            var status = statuses[Math.Min(statusReads++, statuses.Length - 1)];
            return status == "FAILED"
                ? FunctionHandler.Json((HttpStatusCode)422, $$$"""{"status":"FAILED","error":"content_policy_violation","metrics":{"inference_time":0.008},"request_id":"{{{Id}}}"}""")
                : FunctionHandler.Json($$$"""{"status":"{{{status}}}","request_id":"{{{Id}}}","metrics":{}}""");
        }

        return FunctionHandler.Json("""{"status":"COMPLETED","error":null,"metrics":{"inference_time":0.5,"cost":0.05},"output":"https://images.segmind.com/generations/result.jpeg"}""");
    }

    [Fact]
    public async Task Submit_then_wait_follows_the_v2_protocol()
    {
        var reads = 0;
        var (client, handler) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["QUEUED", "PROCESSING", "COMPLETED"], ref reads));

        var job = await client.SubmitAsync(new GenerateRequest("p") { Seed = 4242, AspectRatio = AspectRatio.Ratio16x9 });
        Assert.Equal(Id, job.Id);
        Assert.False(job.IsCompleted);
        var result = await client.WaitAsync(job);

        Assert.Equal(
            ["POST /v2/ideogram-3", $"GET /v2/requests/{Id}/status", $"GET /v2/requests/{Id}/status", $"GET /v2/requests/{Id}/status", $"GET /v2/requests/{Id}"],
            handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(handler.Requests, r => Assert.Equal("test-key", r.Header("x-api-key")));
        Assert.All(handler.Requests.Skip(1), r => Assert.Null(r.Body));
        WireAssert.BodyEquals("""{"prompt":"p","seed":4242,"aspect_ratio":"16x9","style_codes":[]}""", handler.Requests[0].Json);

        var image = Assert.Single(result.Images);
        Assert.Equal("https://images.segmind.com/generations/result.jpeg", image.Url!.AbsoluteUri);
        Assert.Equal(4242, image.Seed);
        Assert.Equal(0.05m, result.Cost);
        Assert.Equal(9.50m, result.RemainingCredits);
        Assert.Equal(Id, result.RequestId);
        Assert.Same(job, result.Job);
    }

    [Fact]
    public async Task Poll_reports_each_state_and_fetches_the_result_after_completed()
    {
        var reads = 0;
        var (client, handler) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["QUEUED", "PROCESSING", "COMPLETED"], ref reads));
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var first = await client.PollAsync(job);
        var second = await client.PollAsync(job);
        var third = await client.PollAsync(job);

        Assert.Equal((ImageJobState.Queued, "QUEUED"), (first.State, first.ProviderStatus));
        Assert.Equal((ImageJobState.Running, "PROCESSING"), (second.State, second.ProviderStatus));
        Assert.Equal(ImageJobState.Succeeded, third.State);
        Assert.Single(third.Result!.Images);
        Assert.Equal($"/v2/requests/{Id}", handler.Requests[^1].Path);
    }

    [Fact]
    public async Task A_failed_job_answered_with_422_is_a_job_failure_carrying_the_job()
    {
        var reads = 0;
        var (client, _) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["QUEUED", "FAILED"], ref reads));
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));

        Assert.Same(job, e.Job);
        Assert.Equal("content_policy_violation", e.ErrorCode);
        Assert.Equal((HttpStatusCode)422, e.StatusCode);
        Assert.Contains(Id, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_without_a_failed_body_is_a_transport_error_with_the_job()
    {
        var (client, _) = SegmindWireTests.Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Queued)
            : FunctionHandler.Json((HttpStatusCode)422, """{"error":"Unprocessable"}"""));
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.PollAsync(job));

        Assert.Same(job, e.Job);
        Assert.Equal("Unprocessable", e.ProviderMessage);
    }

    [Fact]
    public async Task An_expired_request_id_fails_with_the_job_attached()
    {
        var (client, _) = SegmindWireTests.Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Queued)
            : FunctionHandler.Json(HttpStatusCode.NotFound, """{"error":"Request not found."}"""));
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.WaitAsync(job));

        Assert.Same(job, e.Job);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task A_submit_answer_without_request_id_is_unreadable()
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json("""{"status":"QUEUED"}"""));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(new GenerateRequest("p")));

        Assert.Contains("request_id", e.Message, StringComparison.Ordinal);
        Assert.Equal("""{"status":"QUEUED"}""", e.RawBody);
    }

    [Fact]
    public async Task A_job_token_carries_no_address_and_is_polled_by_another_client()
    {
        var reads = 0;
        var (submitter, _) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["COMPLETED"], ref reads));
        var token = (await submitter.SubmitAsync(new GenerateRequest("p") { Seed = 777 })).ToToken();
        var (other, handler) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["COMPLETED"], ref reads), o => o.BaseAddress = new Uri("https://proxy.example/segmind/"));

        var result = await other.WaitAsync(ImageJob.Parse(token));

        Assert.DoesNotContain("api.segmind.com", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '='))), StringComparison.Ordinal);
        Assert.All(handler.Requests, r => Assert.Equal("proxy.example", r.Uri.Host));
        Assert.Equal(777, Assert.Single(result.Images).Seed);
    }

    [Fact]
    public async Task UseQueue_sends_awaited_operations_through_v2()
    {
        var reads = 0;
        var (client, handler) = SegmindWireTests.Client((r, _) => Lifecycle(r, ["COMPLETED"], ref reads), o => o.Segmind.UseQueue = true);

        var result = await client.GenerateAsync(new GenerateRequest("p"));

        Assert.Equal("/v2/ideogram-3", handler.Requests[0].Path);
        Assert.Single(result.Images);
    }

    [Fact]
    public async Task Describe_through_the_queue_reads_the_text_output()
    {
        var (client, _) = SegmindWireTests.Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Queued)
            : r.Path.EndsWith("/status", StringComparison.Ordinal)
                ? FunctionHandler.Json("""{"status":"COMPLETED","metrics":{}}""")
                : FunctionHandler.Json("""{"status":"COMPLETED","error":null,"metrics":{},"output":"A forest at night."}"""));

        var job = await client.SubmitAsync(new DescribeRequest(ImageInput.FromUrl("https://x.test/a.png")));
        var result = await client.WaitAsync(job);

        Assert.Equal(["A forest at night."], result.Descriptions);
    }

    [Fact]
    public async Task Segmind_offers_no_remote_cancel()
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(Queued));
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        await Assert.ThrowsAsync<NotSupportedException>(() => client.CancelAsync(job));
    }
}
