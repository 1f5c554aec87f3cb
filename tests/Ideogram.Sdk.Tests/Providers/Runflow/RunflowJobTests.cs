using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RichardSzalay.MockHttp;
using static Ideogram.Sdk.Tests.Providers.Runflow.RunflowTestKit;

namespace Ideogram.Sdk.Tests.Providers.Runflow;

/// <summary>Runflow runs as jobs: statuses, outputs, failures, errors, waiting, tokens.</summary>
public class RunflowJobTests
{
    private static Func<HttpResponseMessage> Status(string id, string status, JsonNode? output = null, Action<JsonObject>? edit = null) =>
        () => Json(HttpStatusCode.OK, Run(id, status, output, edit));

    [Fact]
    public async Task Generate_follows_queued_dispatching_running_succeeded()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        var polls = ScriptPolls(mock, "r1",
            Status("r1", "queued"), Status("r1", "dispatching"), Status("r1", "running"),
            Status("r1", "succeeded", Outputs(ImageUrl, "https://cdn.example.com/2.webp")));
        var time = Clock();
        using var client = Client(mock, time);

        var result = await client.GenerateAsync(new GenerateRequest("p") { NumImages = 2 });

        Assert.Equal(4, polls());
        Assert.Equal(IdeogramProvider.Runflow, result.Provider);
        Assert.Equal(2, result.Images.Count);
        var first = result.Images[0];
        Assert.Equal(new Uri(ImageUrl), first.Url);
        Assert.Equal("image/webp", first.ContentType);
        Assert.Equal(new Resolution("768x1024"), first.Resolution);
        Assert.Equal(1234, first.Seed);
        Assert.True(first.IsSafe);
        Assert.Equal(new DateTimeOffset(2026, 5, 9, 10, 1, 42, TimeSpan.Zero), first.ExpiresAt);
        Assert.Null(result.Images[1].ExpiresAt);
        Assert.Equal(0.06m, result.Cost);
        Assert.Equal("req-r1", result.RequestId);
        Assert.Equal("r1", result.Job?.Id);
        Assert.Empty(result.Warnings);

        // The engine's backoff: 1 s, then ×1.5 per poll.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.25), TimeSpan.FromSeconds(3.375)], time.Delays);
    }

    [Theory]
    [InlineData("queued", ImageJobState.Queued)]
    [InlineData("dispatching", ImageJobState.Running)]
    [InlineData("running", ImageJobState.Running)]
    [InlineData("RUNNING", ImageJobState.Running)]
    [InlineData("awaiting_gpu", ImageJobState.Running)]
    [InlineData("failed", ImageJobState.Failed)]
    [InlineData("canceled", ImageJobState.Canceled)]
    [InlineData("cancelled", ImageJobState.Canceled)]
    public async Task Poll_reads_each_status(string status, ImageJobState state)
    {
        var (client, job) = await Submitted(Status("r1", status));
        using (client)
        {
            var read = await client.PollAsync(job);

            Assert.Equal(state, read.State);
            Assert.Equal(status, read.ProviderStatus);
            Assert.Same(job, read.Job);
            Assert.Equal(read.State is ImageJobState.Failed or ImageJobState.Canceled, read.Error is not null);
        }
    }

    [Fact]
    public async Task A_failed_run_throws_job_failed_with_runflow_code_and_message()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        ScriptPolls(mock, "r1", Status("r1", "running"), Status("r1", "failed", null, r =>
        {
            r["failure_code"] = "PROVIDER_ERROR";
            r["failure_message"] = "The model provider failed.";
            r["failure_stage_code"] = "dispatch";
        }));
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.Equal("PROVIDER_ERROR", e.ErrorCode);
        Assert.Equal("The model provider failed.", e.ProviderMessage);
        Assert.Equal(IdeogramProvider.Runflow, e.Provider);
        Assert.Equal("r1", e.Job?.Id);
        Assert.Equal("req-r1", e.RequestId);
        Assert.Contains("'dispatch'", e.Message, StringComparison.Ordinal);
        Assert.Contains("[PROVIDER_ERROR]", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task A_failed_run_in_the_sdk_spelling_error_object_is_read_too()
    {
        var (client, job) = await Submitted(Status("r1", "failed", null, r => r["error"] = new JsonObject { ["code"] = "TIMEOUT", ["message"] = "took too long" }));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));

            Assert.Equal("TIMEOUT", e.ErrorCode);
            Assert.Equal("took too long", e.ProviderMessage);
            Assert.Same(job, e.Job);
        }
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    public async Task A_cancelled_run_ends_the_wait_with_job_failed(string spelling)
    {
        var (client, job) = await Submitted(Status("r1", spelling));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));

            Assert.Contains("cancelled", e.Message, StringComparison.Ordinal);
            Assert.Same(job, e.Job);
        }
    }

    [Fact]
    public async Task Partial_success_with_images_is_a_success_with_a_warning()
    {
        var (client, job) = await Submitted(Status("r1", "partial_succeeded", Outputs(ImageUrl)));
        using (client)
        {
            var result = await client.WaitAsync(job);

            Assert.Single(result.Images);
            var warning = Assert.Single(result.Warnings);
            Assert.Equal("partial-result", warning.Code);
        }
    }

    [Fact]
    public async Task Partial_success_without_images_is_a_failure()
    {
        var (client, job) = await Submitted(Status("r1", "partial_succeeded", new JsonObject { ["outputs"] = new JsonArray() }));
        using (client)
        {
            var status = await client.PollAsync(job);

            Assert.Equal(ImageJobState.Failed, status.State);
            Assert.IsType<IdeogramJobFailedException>(status.Error);
            await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));
        }
    }

    public static TheoryData<string, string[]> OutputShapes => new()
    {
        { """{"outputs":[{"url":"https://a.example/1.png","type":"image"},{"url":"https://a.example/2.png"}]}""", ["https://a.example/1.png", "https://a.example/2.png"] },
        { """{"outputs":[{"url":"https://a.example/v.mp4","type":"video"},{"url":"https://a.example/1.png","type":"image"}]}""", ["https://a.example/1.png"] },
        { """{"image_urls":["https://a.example/1.png","https://a.example/2.png"]}""", ["https://a.example/1.png", "https://a.example/2.png"] },
        { """{"image":{"url":"https://a.example/image.png"}}""", ["https://a.example/image.png"] },
        { """{"url":"https://a.example/url.png"}""", ["https://a.example/url.png"] },
        { """{"output_url":"https://a.example/output_url.png"}""", ["https://a.example/output_url.png"] },
        { """{"outputs":[],"image_urls":["https://a.example/fallback.png"]}""", ["https://a.example/fallback.png"] },
    };

    [Theory]
    [MemberData(nameof(OutputShapes))]
    public async Task Every_documented_output_shape_gives_the_images(string output, string[] urls)
    {
        var (client, job) = await Submitted(Status("r1", "succeeded", JsonNode.Parse(output)));
        using (client)
        {
            var result = await client.WaitAsync(job);

            Assert.Equal(urls, result.Images.Select(i => i.Url!.AbsoluteUri));
        }
    }

    [Fact]
    public async Task A_data_uri_output_sync_mode_gives_the_bytes()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        var output = new JsonObject { ["outputs"] = new JsonArray(new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(png), ["type"] = "image" }) };
        var (client, job) = await Submitted(Status("r1", "succeeded", output));
        using (client)
        {
            var image = Assert.Single((await client.WaitAsync(job)).Images);

            Assert.Null(image.Url);
            Assert.Equal(png, image.Data!.Value.ToArray());
            Assert.Equal("image/png", image.ContentType);
        }
    }

    [Fact]
    public async Task An_nsfw_flag_is_a_warning()
    {
        var output = Outputs(ImageUrl);
        output["nsfw_detected"] = true;
        var (client, job) = await Submitted(Status("r1", "succeeded", output));
        using (client)
        {
            var result = await client.WaitAsync(job);

            Assert.Contains(result.Warnings, w => w.Code == "nsfw-detected");
        }
    }

    [Fact]
    public async Task A_succeeded_run_without_any_image_is_an_error_that_keeps_the_job()
    {
        var (client, job) = await Submitted(Status("r1", "succeeded", new JsonObject { ["seed"] = 1 }));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramException>(() => client.WaitAsync(job));

            Assert.Same(job, e.Job);
            Assert.Contains("without an image", e.Message, StringComparison.Ordinal);
            Assert.NotNull(e.RawBody);
        }
    }

    [Fact]
    public async Task A_created_run_without_an_id_is_reported_with_the_raw_answer()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.Created, """{"status_code":"queued"}"""));
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(new GenerateRequest("p")));

        Assert.Contains("'id'", e.Message, StringComparison.Ordinal);
        Assert.Equal("""{"status_code":"queued"}""", e.RawBody);
    }

    public static TheoryData<int, string, Type, string?> ErrorAnswers => new()
    {
        { 401, """{"code":"UNAUTHORIZED","message":"Invalid API token.","errors":null}""", typeof(IdeogramAuthenticationException), "UNAUTHORIZED" },
        { 402, """{"code":"INSUFFICIENT_CREDIT","message":"Top up.","errors":null}""", typeof(IdeogramInsufficientCreditsException), "INSUFFICIENT_CREDIT" },
        { 403, """{"code":"PERMISSION_DENIED","message":"Your account is not authorized to access this resource.","errors":null}""", typeof(IdeogramAuthenticationException), "PERMISSION_DENIED" },
        { 404, """{"code":"MODEL_NOT_FOUND","message":"Model not found.","errors":null}""", typeof(IdeogramBadRequestException), "MODEL_NOT_FOUND" },
        { 409, """{"code":"CONFLICT","message":"Conflict.","errors":null}""", typeof(IdeogramBadRequestException), "CONFLICT" },
        { 429, """{"error":{"message":"rate limited"}}""", typeof(IdeogramRateLimitException), null },
        { 503, """{"code":"MODEL_UNAVAILABLE","message":"Provider downtime.","errors":null}""", typeof(IdeogramException), "MODEL_UNAVAILABLE" },
        { 502, "<html><body>Bad gateway</body></html>", typeof(IdeogramException), null },
    };

    [Theory]
    [MemberData(nameof(ErrorAnswers))]
    public async Task Error_answers_become_typed_exceptions(int status, string body, Type type, string? code)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json((HttpStatusCode)status, body, ("x-request-id", "rq-1")));
        using var client = Client(mock, Clock(), o => o.MaxRetries = 0);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.SubmitAsync(new GenerateRequest("p")));

        Assert.IsType(type, e);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal("rq-1", e.RequestId);
        Assert.Equal(IdeogramProvider.Runflow, e.Provider);
        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_error_names_the_field()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.UnprocessableEntity,
            """{"code":"VALIDATION_ERROR","message":"Request validation failed.","errors":[{"field":"input.rendering_speed","message":"must be one of TURBO, BALANCED, QUALITY"}]}"""));
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.SubmitAsync(new GenerateRequest("p")));

        Assert.Equal("VALIDATION_ERROR", e.ErrorCode);
        Assert.Equal("input.rendering_speed", e.ProviderParameter);
        Assert.Contains("input.rendering_speed: must be one of TURBO, BALANCED, QUALITY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fastapi_style_validation_error_names_the_field()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunsUrl).Respond(_ => Json(HttpStatusCode.UnprocessableEntity,
            """{"detail":[{"loc":["body","input","seed"],"msg":"value is not a valid integer","type":"type_error.integer"}]}"""));
        using var client = Client(mock, Clock());

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.SubmitAsync(new GenerateRequest("p")));

        Assert.Equal("input.seed", e.ProviderParameter);
        Assert.Contains("value is not a valid integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_on_poll_is_an_error_that_keeps_the_job()
    {
        var (client, job) = await Submitted(() => Json(HttpStatusCode.NotFound, """{"code":"RUN_NOT_FOUND","message":"Run does not exist or belongs to another org.","errors":null}"""));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.PollAsync(job));

            Assert.Equal("RUN_NOT_FOUND", e.ErrorCode);
            Assert.Same(job, e.Job);
        }
    }

    [Fact]
    public async Task A_429_with_retry_after_during_polls_is_waited_out_by_the_retry_handler()
    {
        var (client, job, time) = await SubmittedWithClock(
            () => Json(HttpStatusCode.TooManyRequests, """{"code":"RATE_LIMITED","message":"slow down"}""", ("Retry-After", "7")),
            Status("r1", "succeeded", Outputs(ImageUrl)));
        using (client)
        {
            var result = await client.WaitAsync(job);

            Assert.Single(result.Images);
            Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7)], time.Delays);
        }
    }

    [Fact]
    public async Task A_429_with_retry_after_during_polls_sets_the_next_poll_when_retries_are_off()
    {
        var (client, job, time) = await SubmittedWithClock(
            o => o.MaxRetries = 0,
            () => Json(HttpStatusCode.TooManyRequests, """{"code":"RATE_LIMITED","message":"slow down"}""", ("Retry-After", "20")),
            Status("r1", "succeeded", Outputs(ImageUrl)));
        using (client)
        {
            await client.WaitAsync(job);

            Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)], time.Delays);
        }
    }

    [Fact]
    public async Task A_retry_after_on_a_running_poll_spaces_the_next_poll()
    {
        var (client, job, time) = await SubmittedWithClock(
            () => Json(HttpStatusCode.OK, Run("r1", "running"), ("Retry-After", "15")),
            Status("r1", "succeeded", Outputs(ImageUrl)));
        using (client)
        {
            var status = await client.PollAsync(job);
            Assert.Equal(TimeSpan.FromSeconds(15), status.RetryAfter);

            await client.WaitAsync(job);

            Assert.Equal([TimeSpan.FromSeconds(1)], time.Delays);
        }
    }

    [Fact]
    public async Task A_wait_that_times_out_carries_the_job()
    {
        var (client, job, time) = await SubmittedWithClock(Status("r1", "running"));
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() =>
                client.WaitAsync(job, new PollingOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(30) }));

            Assert.Same(job, e.Job);
            Assert.Contains("'r1'", e.Message, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.FromTicks(time.Delays.Sum(w => w.Ticks)));
        }
    }

    [Fact]
    public async Task Generate_that_times_out_carries_the_accepted_run()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock, "paid-1");
        ScriptPolls(mock, "paid-1", Status("paid-1", "queued"));
        using var client = Client(mock, Clock(), o => o.Polling = new PollingOptions { Timeout = TimeSpan.FromSeconds(20) });

        var e = await Assert.ThrowsAsync<IdeogramJobTimeoutException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.Equal("paid-1", e.Job?.Id);
        Assert.Equal("paid-1", ImageJob.Parse(e.Job!.ToToken()).Id);
    }

    [Fact]
    public async Task Cancelling_the_wait_carries_the_job_and_sends_no_cancel()
    {
        using var cts = new CancellationTokenSource();
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        var polls = 0;
        mock.When(HttpMethod.Get, RunUrl("r1")).Respond(_ =>
        {
            if (++polls == 2)
            {
                cts.Cancel();
            }

            return Json(HttpStatusCode.OK, Run("r1", "running"));
        });
        var other = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Client(mock, Clock());
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var e = await Assert.ThrowsAsync<IdeogramJobWaitCanceledException>(() => client.WaitAsync(job, cancellationToken: cts.Token));

        Assert.Same(job, e.Job);
        Assert.Equal(0, mock.GetMatchCount(other));
    }

    [Fact]
    public async Task Cancel_is_not_supported_and_says_so_without_calling_runflow()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        var polls = ScriptPolls(mock, "r1", Status("r1", "running"));
        var other = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Client(mock, Clock());
        var job = await client.SubmitAsync(new GenerateRequest("p"));

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => client.CancelAsync(job));

        Assert.Contains("Runflow offers no public way to cancel", e.Message, StringComparison.Ordinal);
        Assert.Contains("'r1'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, polls());
        Assert.Equal(0, mock.GetMatchCount(other));
    }

    [Fact]
    public async Task A_job_token_is_polled_to_completion_by_a_fresh_client()
    {
        // Process A: submits and keeps only the token string.
        var mockA = new MockHttpMessageHandler();
        AcceptRun(mockA, "0197d3c2-1111-7222-8333-444455556666");
        string token;
        using (var clientA = Client(mockA, Clock()))
        {
            token = (await clientA.SubmitAsync(new GenerateRequest("p"))).ToToken();
        }

        // Process B: its own handler, clock and client; nothing shared but the string.
        var mockB = new MockHttpMessageHandler();
        var post = mockB.When(HttpMethod.Post, "*").Respond(HttpStatusCode.InternalServerError);
        var polls = ScriptPolls(mockB, "0197d3c2-1111-7222-8333-444455556666",
            Status("0197d3c2-1111-7222-8333-444455556666", "running"),
            Status("0197d3c2-1111-7222-8333-444455556666", "succeeded", Outputs(ImageUrl)));
        using var clientB = Client(mockB, Clock());

        var job = ImageJob.Parse(token);
        var result = await clientB.WaitAsync(job);

        Assert.Equal(IdeogramProvider.Runflow, job.Provider);
        Assert.Equal(ImageOperation.Generate, job.Operation);
        Assert.Equal(2, polls());
        Assert.Equal(0, mockB.GetMatchCount(post));
        Assert.Equal(new Uri(ImageUrl), Assert.Single(result.Images).Url);
        Assert.DoesNotContain(Key, token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_returns_as_soon_as_the_run_is_accepted()
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        var polls = ScriptPolls(mock, "r1", Status("r1", "succeeded", Outputs(ImageUrl)));
        var time = Clock();
        using var client = Client(mock, time);

        var job = await client.SubmitAsync(new GenerateRequest("p"));

        Assert.Equal("r1", job.Id);
        Assert.False(job.IsCompleted);
        Assert.Equal(0, polls());
        Assert.Empty(time.Delays);
        Assert.Equal(DateTimeOffset.Parse("2026-05-06T10:00:00Z", CultureInfo.InvariantCulture), job.CreatedAt);
    }

    private static async Task<(IdeogramClient Client, ImageJob Job)> Submitted(params Func<HttpResponseMessage>[] polls)
    {
        var (client, job, _) = await SubmittedWithClock(polls);
        return (client, job);
    }

    private static Task<(IdeogramClient Client, ImageJob Job, Infrastructure.DelayRecordingTimeProvider Time)> SubmittedWithClock(params Func<HttpResponseMessage>[] polls) =>
        SubmittedWithClock(null, polls);

    private static async Task<(IdeogramClient Client, ImageJob Job, Infrastructure.DelayRecordingTimeProvider Time)> SubmittedWithClock(Action<IdeogramClientOptions>? configure, params Func<HttpResponseMessage>[] polls)
    {
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        ScriptPolls(mock, "r1", polls);
        var time = Clock();
        var client = Client(mock, time, configure);
        var job = await client.SubmitAsync(new GenerateRequest("p"));
        return (client, job, time);
    }
}
