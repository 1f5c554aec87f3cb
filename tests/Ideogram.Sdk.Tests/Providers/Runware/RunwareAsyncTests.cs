using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Runware.RunwareKit;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>Asynchronous delivery: the ACK, <c>getResponse</c> polls, completion by count, failures, on the fake clock.</summary>
public sealed class RunwareAsyncTests
{
    private static string Ack(JsonNode body) =>
        $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{ScriptedRunware.TaskUuid(body)}}"}]}""";

    private static Func<JsonNode, HttpResponseMessage> Poll(Func<string, string> answer) =>
        body =>
        {
            Assert.Equal("getResponse", (string)body[0]!["taskType"]!);
            return Json(HttpStatusCode.OK, answer((string)body[0]!["taskUUID"]!));
        };

    [Fact]
    public async Task SubmitAsync_returns_the_job_on_the_ack_and_PollAsync_follows_it_to_the_result()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(Poll(id => $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{id}}","status":"pending"},{"taskType":"imageInference","taskUUID":"{{id}}","status":"pending"}]}"""))
            .Then(Poll(id => $$"""{"data":[{{Item(id, 1, "success")}},{"taskType":"imageInference","taskUUID":"{{id}}","status":"processing"}]}"""))
            .Then(Poll(id => $$"""{"data":[{{Item(id, 1, "success")}},{{Item(id, 2, "success")}}]}"""));
        using var client = Client(transport, time);

        var job = await client.SubmitAsync(new GenerateRequest("a") { NumImages = 2 });

        var submitted = transport.Sent[0].Body[0]!;
        Assert.Equal("async", (string)submitted["deliveryMethod"]!);
        Assert.Equal((string)submitted["taskUUID"]!, job.Id);
        Assert.Equal("2", job.Properties["numberResults"]);
        Assert.False(job.IsCompleted);

        var first = await client.PollAsync(job);
        Assert.Equal(ImageJobState.Queued, first.State);
        Assert.Equal("pending", first.ProviderStatus);

        var second = await client.PollAsync(job);
        Assert.Equal(ImageJobState.Running, second.State);
        Assert.Equal("processing", second.ProviderStatus);

        var third = await client.PollAsync(ImageJob.Parse(job.ToToken()));
        Assert.Equal(ImageJobState.Succeeded, third.State);
        Assert.Equal(2, third.Result!.Images.Count);
        Assert.Equal(0.12m, third.Result.Cost);
        Assert.Equal(job.Id, third.Result.Job!.Id);
        Assert.All(transport.Sent.Skip(1), s => Assert.Equal(job.Id, (string)s.Body[0]!["taskUUID"]!));
    }

    [Fact]
    public async Task WaitAsync_polls_on_the_clock_until_every_result_is_in()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, """{"data":[]}"""))
            .Then(Poll(id => $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{id}}","status":"processing"}]}"""))
            .Then(Poll(id => $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{id}}","status":"processing"}]}"""))
            .Then(Poll(id => $$"""{"data":[{{Item(id, 1, "success")}}]}"""));
        using var client = Client(transport, time);

        var job = await client.SubmitAsync(new EditRequest(ImageInput.FromBytes(Png), ImageInput.FromBytes(Png), "a"));
        var result = await client.WaitAsync(job);

        Assert.Single(result.Images);
        Assert.Equal(4, transport.Sent.Count);
        Assert.Contains(TimeSpan.FromSeconds(1), time.Delays);
        Assert.Contains(TimeSpan.FromSeconds(1.5), time.Delays);
    }

    [Fact]
    public async Task The_async_delivery_option_makes_the_operations_submit_and_poll()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(Poll(id => $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{id}}","status":"processing"}]}"""))
            .Then(Poll(id => $$"""{"data":[{{Item(id, 1, "success", 0.09m)}}]}"""));
        using var client = Client(transport, time, o => o.Runware.AsyncDelivery = true);

        var result = await client.ReplaceBackgroundAsync(new ReplaceBackgroundRequest(ImageInput.FromBytes(Png), "a beach"));

        Assert.Equal("async", (string)transport.Sent[0].Body[0]!["deliveryMethod"]!);
        Assert.Equal("ideogram:4@5", (string)transport.Sent[0].Body[0]!["model"]!);
        Assert.Equal(0.09m, Assert.Single(result.Images).Cost);
        Assert.NotNull(result.Job);
    }

    [Fact]
    public async Task Sync_delivery_is_the_default_for_the_operations()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, $$"""{"data":[{{Item(ScriptedRunware.TaskUuid(body), 1)}},{{Item(ScriptedRunware.TaskUuid(body), 2)}}]}"""));
        using var client = Client(transport, time);

        var result = await client.GenerateAsync(new GenerateRequest("a") { NumImages = 2 });

        Assert.Single(transport.Sent);
        Assert.Null(transport.Sent[0].Body[0]!["deliveryMethod"]);
        Assert.Equal(2, (int)transport.Sent[0].Body[0]!["numberResults"]!);
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(0.12m, result.Cost);
    }

    [Fact]
    public async Task An_error_in_errors_for_the_task_fails_the_job_with_runware_code()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(Poll(id => $$"""
                {"data":[{"taskType":"imageInference","taskUUID":"{{id}}","status":"processing"}],
                 "errors":[{"code":"timeoutProvider","status":"error","message":"The external provider did not respond within the timeout window.","taskUUID":"{{id}}"}]}
                """));
        using var client = Client(transport, time);
        var job = await client.SubmitAsync(new GenerateRequest("a") { NumImages = 2 });

        var status = await client.PollAsync(job);

        Assert.Equal(ImageJobState.Failed, status.State);
        var error = Assert.IsType<IdeogramJobFailedException>(status.Error);
        Assert.Equal("timeoutProvider", error.ErrorCode);
        Assert.Same(job, error.Job);
        Assert.Contains(job.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_item_inside_data_fails_the_job_and_WaitAsync_throws_it_with_the_job()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(Poll(id => $$$"""{"data":[{"taskType":"imageInference","taskUUID":"{{{id}}}","status":"error","error":{"code":"contentPolicyViolation","message":"Blocked"}}]}"""));
        using var client = Client(transport, time);
        var job = await client.SubmitAsync(new GenerateRequest("a"));

        var e = await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.WaitAsync(job));

        Assert.Equal("contentPolicyViolation", e.ErrorCode);
        Assert.Equal(job.Id, e.Job!.Id);
    }

    [Fact]
    public async Task A_validation_error_in_the_ack_fails_the_submission_without_a_job()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, $$"""{"errors":[{"code":"invalidParameter","message":"Bad width","parameter":"width","taskType":"imageInference","taskUUID":"{{ScriptedRunware.TaskUuid(body)}}"}]}"""));
        using var client = Client(transport, time);

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.SubmitAsync(new GenerateRequest("a")));

        Assert.Equal("invalidParameter", e.ErrorCode);
        Assert.Equal("width", e.ProviderParameter);
        Assert.Null(e.Job);
    }

    [Fact]
    public async Task A_failed_poll_call_carries_the_job()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(HttpStatusCode.NotFound, """{"errors":[{"code":"taskNotFound","message":"No task with that UUID","taskType":"getResponse"}]}""");
        using var client = Client(transport, time);
        var job = await client.SubmitAsync(new GenerateRequest("a"));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.PollAsync(job));

        Assert.Equal("taskNotFound", e.ErrorCode);
        Assert.Same(job, e.Job);
    }

    [Fact]
    public async Task A_poll_answer_with_an_untargeted_error_is_a_failure_of_the_call_not_of_the_job()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(HttpStatusCode.OK, """{"errors":[{"code":"invalidApiKey","message":"Invalid API key","parameter":"apiKey","taskType":"authentication"}]}""");
        using var client = Client(transport, time);
        var job = await client.SubmitAsync(new GenerateRequest("a"));

        var e = await Assert.ThrowsAsync<IdeogramAuthenticationException>(() => client.PollAsync(job));

        Assert.Same(job, e.Job);
    }

    [Fact]
    public async Task A_non_2xx_getResponse_that_reports_the_failed_generation_is_the_job_outcome()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware()
            .Then(body => Json(HttpStatusCode.OK, Ack(body)))
            .Then(body => Json(HttpStatusCode.InternalServerError, $$"""{"errors":[{"code":"inferenceError","message":"The provider failed","taskType":"imageInference","taskUUID":"{{(string)body[0]!["taskUUID"]!}}","status":"error"}]}"""));
        using var client = Client(transport, time, o => o.MaxRetries = 0);
        var job = await client.SubmitAsync(new GenerateRequest("a"));

        var status = await client.PollAsync(job);

        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal("inferenceError", status.Error!.ErrorCode);
        Assert.Equal(2, transport.Sent.Count);
    }
}
