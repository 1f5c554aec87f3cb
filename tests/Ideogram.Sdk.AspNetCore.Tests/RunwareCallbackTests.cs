using System.Net;
using System.Text;
using Ideogram.Sdk.AspNetCore.Tests.Infrastructure;
using static Ideogram.Sdk.AspNetCore.Tests.Infrastructure.Deliveries;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary><c>POST /hooks/ideogram/runware?token=…</c>: Runware webhook deliveries, authenticated by the secret token in their URL.</summary>
public sealed class RunwareCallbackTests
{
    private const string ImageA = "23665695-77df-4fee-adfb-3493efe8c9d5";
    private const string ImageB = "b7db282d-0000-4000-8000-000000000002";

    private static Task<CallbackApp> App(params string[] tokens) => CallbackApp.StartAsync(o =>
    {
        foreach (var token in tokens)
        {
            o.Runware.Tokens.Add(token);
        }
    });

    [Fact]
    public async Task A_result_item_with_the_token_reaches_the_handler_with_its_image()
    {
        await using var app = await App(Token);

        using var response = await app.Client.SendAsync(Runware(RunwareItem(ImageA)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = Assert.Single(app.Handled.Statuses);
        Assert.Equal(IdeogramProvider.Runware, status.Job.Provider);
        Assert.Equal(TaskUuid, status.Job.Id);
        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(ImageA, Assert.Single(status.Result!.Images).ProviderImageId);
    }

    [Fact]
    public async Task The_pattern_itself_takes_a_delivery_with_the_token_and_refuses_one_without()
    {
        await using var app = await App(Token);

        using var missing = await app.Client.PostAsync("hooks/ideogram", new ByteArrayContent(RunwareItem(ImageA)));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Empty(app.Handled.Statuses);

        using var response = await app.Client.PostAsync("hooks/ideogram?token=" + Uri.EscapeDataString(Token), new ByteArrayContent(RunwareItem(ImageA)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TaskUuid, Assert.Single(app.Handled.Statuses).Job.Id);
    }

    [Fact]
    public async Task Each_result_item_of_a_task_reaches_the_handler_and_a_redelivered_item_does_not()
    {
        await using var app = await App(Token);

        foreach (var body in new[] { RunwareItem(ImageA), RunwareItem(ImageB), RunwareItem(ImageA) })
        {
            using var response = await app.Client.SendAsync(Runware(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal([ImageA, ImageB], app.Handled.Statuses.Select(s => s.Result!.Images[0].ProviderImageId));
    }

    [Fact]
    public async Task An_error_delivery_reaches_the_handler_as_a_failure()
    {
        await using var app = await App(Token);

        using var response = await app.Client.SendAsync(Runware(RunwareError()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = Assert.Single(app.Handled.Statuses);
        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal("timeoutProvider", status.Error!.ErrorCode);
    }

    [Fact]
    public async Task A_result_item_makes_a_wait_in_this_process_collect_the_task_at_once()
    {
        await using var app = await App(Token);
        var reads = 0;
        using var client = RunwareClient(app, () => Interlocked.Increment(ref reads), complete: true);
        var job = Job();

        var wait = client.WaitAsync(job);
        await RunflowCallbackTests.DeliverUntilAsync(wait, () => app.Client.SendAsync(Runware(RunwareItem(ImageA))));
        var result = await wait;

        // One item is not the task's outcome (a task of N images posts N items): the wait reads the task, which has both.
        Assert.Equal(2, result.Images.Count);
        Assert.True(reads >= 1);
    }

    [Fact]
    public async Task An_error_delivery_ends_a_wait_in_this_process_with_the_failure_without_a_status_read()
    {
        await using var app = await App(Token);
        var reads = 0;
        using var client = RunwareClient(app, () => Interlocked.Increment(ref reads), complete: false);

        var wait = client.WaitAsync(Job());
        await RunflowCallbackTests.DeliverUntilAsync(wait, () => app.Client.SendAsync(Runware(RunwareError())));

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => wait);
        Assert.Equal("timeoutProvider", e.ErrorCode);
        Assert.Equal(TaskUuid, e.Job!.Id);
        Assert.Equal(0, reads);
    }

    [Theory]
    [InlineData(null, "the URL carries no token")]
    [InlineData("rw-token-0123456789abcdefABCDEX", "the URL's token matches no configured token")]
    [InlineData("rw-token", "the URL's token matches no configured token")]
    [InlineData("", "the URL's token matches no configured token")]
    public async Task A_missing_or_wrong_token_is_refused_401_and_logged_without_it(string? token, string reason)
    {
        await using var app = await App(Token);

        using var response = await app.Client.SendAsync(Runware(RunwareItem(ImageA), token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains(reason, StringComparison.Ordinal));
        RunflowCallbackTests.AssertLogsHoldNone(app, Token, ImageA, TaskUuid);
        if (!string.IsNullOrEmpty(token))
        {
            RunflowCallbackTests.AssertLogsHoldNone(app, token);
        }
    }

    [Fact]
    public async Task A_wrong_token_is_refused_before_the_body_is_read()
    {
        await using var app = await App(Token);

        using var refused = await app.Client.SendAsync(Runware(RunwareItem(ImageA), "nope-nope-nope-nope"));
        var readWhenRefused = app.BodyReads.Bytes;
        using var accepted = await app.Client.SendAsync(Runware(RunwareItem(ImageA)));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(0, readWhenRefused);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(RunwareItem(ImageA).Length, app.BodyReads.Bytes);
    }

    [Fact]
    public async Task Either_token_is_accepted_while_one_replaces_the_other()
    {
        const string next = "rw-next-token-ZYXWVUTSRQPONMLK";
        await using var app = await App(next, Token);

        using var old = await app.Client.SendAsync(Runware(RunwareItem(ImageA), Token));
        using var current = await app.Client.SendAsync(Runware(RunwareItem(ImageB), next));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(2, app.Handled.Statuses.Count);
    }

    [Fact]
    public async Task With_no_token_configured_every_delivery_is_refused()
    {
        await using var app = await App();

        using var response = await app.Client.SendAsync(Runware(RunwareItem(ImageA), Token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("no Runware token is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"taskType":"imageInference","imageURL":"https://im.runware.ai/a.png"}""")]
    [InlineData("""{"data":[]}""")]
    [InlineData("nope")]
    public async Task An_authenticated_body_that_is_not_a_delivery_is_400(string json)
    {
        await using var app = await App(Token);

        using var response = await app.Client.SendAsync(Runware(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
    }

    private static ImageJob Job() => new(IdeogramProvider.Runware, ImageOperation.Generate, TaskUuid, DateTimeOffset.UnixEpoch, new Dictionary<string, string>
    {
        ["taskUUID"] = TaskUuid,
        ["numberResults"] = "2",
    });

    /// <summary>A Runware client whose getResponse answers the task with both images (or as still processing), counting reads.</summary>
    private static IdeogramClient RunwareClient(CallbackApp app, Action onRead, bool complete) => new(
        new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runware,
            ApiKey = "rw-key",
            JobEvents = app.Events,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) },
        },
        new HttpClient(new AnsweringHandler(onRead, complete
            ? $$"""{"data":[{{Encoding.UTF8.GetString(RunwareItem(ImageA))}},{{Encoding.UTF8.GetString(RunwareItem(ImageB))}}]}"""
            : $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{TaskUuid}}","status":"processing"}]}""")));

    private sealed class AnsweringHandler(Action onSend, string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
