using System.Net;
using System.Text;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Runflow;
using Ideogram.Sdk.Tests.Providers.Runflow;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How a Runflow run is read, field by field: which status word wins, where a failure's code, message and stage come
/// from (and in which order), what a success keeps (date, request id, warnings, each image form), when a presigned link
/// expires, and how a 422's field errors become the exception's message and parameter.
/// </summary>
public sealed class RunflowReadingTests
{
    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "r1", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));

    private static ProviderResponse Answer(string body, HttpStatusCode status = HttpStatusCode.OK, string? requestId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var message = new HttpResponseMessage(status) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (requestId is not null)
        {
            message.Headers.TryAddWithoutValidation("x-request-id", requestId);
        }

        return new ProviderResponse(IdeogramProvider.Runflow, status, message.Headers, message.Content.Headers, bytes, TimeProvider.System, new ApiKey(RunflowTestKit.Key));
    }

    private static ImageJobStatus Read(string body, string? requestId = null)
    {
        var answer = Answer(body, requestId: requestId);
        return RunflowAdapter.ReadRun(Job, RunflowAdapter.TryParse(answer.Body)!, RunflowAnswer.Of(answer));
    }

    private const string Image = """{"outputs":[{"url":"https://cdn.example.com/a.png","type":"image","width":768,"height":1024}]}""";

    [Theory]
    [InlineData("""{"status_code":"running","status":"failed","event":"run.failed"}""", ImageJobState.Running)]
    [InlineData("""{"status":"queued","event":"run.failed"}""", ImageJobState.Queued)]
    [InlineData("""{"event":"run.failed"}""", ImageJobState.Failed)]
    [InlineData("""{"event":"run.cancelled"}""", ImageJobState.Canceled)]
    [InlineData("""{"event":"RUN.CANCELED"}""", ImageJobState.Canceled)]
    [InlineData("""{"status":"dispatching"}""", ImageJobState.Running)]
    [InlineData("""{"status":"something-new"}""", ImageJobState.Running)]
    public void The_status_code_wins_over_the_status_and_the_event(string run, ImageJobState state) =>
        Assert.Equal(state, Read(run).State);

    [Theory]
    [InlineData("run.completed", "succeeded")]
    [InlineData("run.partial_succeeded", "partial_succeeded")]
    public void A_callback_event_alone_reads_as_its_status(string name, string word)
    {
        var status = Read($$"""{"event":"{{name}}","output":{{Image}}}""");

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(word, status.ProviderStatus);
    }

    [Fact]
    public void A_run_without_any_status_is_unreadable_and_keeps_the_job()
    {
        var e = Assert.Throws<IdeogramException>(() => Read("""{"id":"r1","event":"run.unknown"}"""));

        Assert.Equal("Runflow answered HTTP 200 with a run without a status; see RawBody.", e.Message);
        Assert.Same(Job, e.Job);
    }

    [Fact]
    public void A_failure_names_its_stage_code_and_message()
    {
        var error = Read("""{"status_code":"failed","failure_code":"NSFW","failure_message":"blocked","failure_stage_code":"generate","failure_stage":"older","request_id":"req-7"}""").Error!;

        Assert.IsType<IdeogramJobFailedException>(error);
        Assert.Equal("Runflow run 'r1' failed at stage 'generate' [NSFW]: blocked.", error.Message);
        Assert.Equal(("NSFW", "blocked", "req-7"), (error.ErrorCode, error.ProviderMessage, error.RequestId));
        Assert.Same(Job, error.Job);
        Assert.Equal("Runflow run 'r1' failed at stage 'older'.", Read("""{"status_code":"failed","failure_stage":"older"}""").Error!.Message);
        Assert.Equal("Runflow run 'r1' failed.", Read("""{"status_code":"failed","failure_message":"  "}""").Error!.Message);
        Assert.Equal("Runflow run 'r1' was cancelled.", Read("""{"status_code":"cancelled"}""").Error!.Message);
    }

    [Fact]
    public void A_long_failure_message_is_cut_at_300_characters()
    {
        var exactly = new string('m', 300);

        Assert.Equal($"Runflow run 'r1' failed: {exactly}.", Read($$"""{"status_code":"failed","failure_message":"{{exactly}}"}""").Error!.Message);
        Assert.Equal($"Runflow run 'r1' failed: {exactly}….", Read($$"""{"status_code":"failed","failure_message":"{{exactly}}x"}""").Error!.Message);
    }

    [Theory]
    [InlineData("""{"failure_code":"A","failure_message":"m","error":{"code":"B","message":"n"}}""", "A", "m")]
    [InlineData("""{"error":{"code":"B","message":"n"}}""", "B", "n")]
    [InlineData("""{"error":{"failure_code":"F","code":"B","failure_message":"fm","message":"n","detail":"d"}}""", "F", "fm")]
    [InlineData("""{"error":{"message":"n","detail":"d"}}""", null, "n")]
    [InlineData("""{"error":{"detail":"d"}}""", null, "d")]
    [InlineData("""{"error":"plain"}""", null, "plain")]
    [InlineData("""{"error":{"code":"B","error":{"code":"C","message":"inner"}}}""", "B", "inner")]
    [InlineData("""{"error":{"code":5,"message":true}}""", null, null)]
    [InlineData("""{"failure_code":"A","output":{"code":"O","message":"from output"}}""", "A", "from output")]
    [InlineData("""{"failure_message":"m","output":{"code":"O","message":"from output"}}""", "O", "m")]
    [InlineData("""{"failure_code":"A","failure_message":"m","output":{"code":"O","message":"o"}}""", "A", "m")]
    [InlineData("""{"output":{"error":{"code":"E","message":"deep"}}}""", "E", "deep")]
    [InlineData("""{"output":"just text"}""", null, null)]
    [InlineData("""{"output":{"failure_code":"FC","failure_message":"FM","code":"O","message":"o"}}""", "FC", "FM")]
    [InlineData("""{"output":{"detail":"only detail"}}""", null, "only detail")]
    [InlineData("""{"output":{"failure_code":7,"failure_message":["x"],"code":"O","message":"m"}}""", "O", "m")]
    [InlineData("""{"output":{"code":5,"message":"m"}}""", null, "m")]
    [InlineData("""{"output":{"outputs":"not a list","code":"O","message":"m","error":{"code":"E","message":"deep"}}}""", "O", "m")]
    [InlineData("""{"output":{"outputs":[],"error":"inner text"}}""", null, "inner text")]
    public void A_failure_reads_its_code_and_message_from_the_first_place_that_has_them(string fields, string? code, string? message)
    {
        var run = fields.Insert(1, "\"status_code\":\"failed\",");

        var error = Read(run).Error!;

        Assert.Equal((code, message), (error.ErrorCode, error.ProviderMessage));
    }

    [Theory]
    [InlineData("\"0.06\"", "42", 0.06, 42L)]
    [InlineData("0.06", "\"42\"", 0.06, 42L)]
    [InlineData("\"1,000.5\"", "4.5", 1000.5, null)]
    [InlineData("\"free\"", "\"x\"", null, null)]
    [InlineData("{\"usd\":1}", "[1]", null, null)]
    [InlineData("null", "null", null, null)]
    public void A_succeeded_run_reads_its_cost_and_seed_as_numbers_or_number_text_and_anything_else_as_none(string cost, string seed, double? expectedCost, long? expectedSeed)
    {
        var status = Read($$$"""{"status_code":"succeeded","cost":{{{cost}}},"output":{"outputs":[{"url":"https://cdn.example.com/a.png"}],"seed":{{{seed}}}}}""");

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal((decimal?)expectedCost, status.Result!.Cost);
        Assert.Equal(expectedSeed, status.Result.Images[0].Seed);
    }

    [Theory]
    [InlineData("""{"outputs":"not a list"}""")]
    [InlineData("""{"outputs":[{"url":"https://cdn.example.com/a.png"}],"nsfw_detected":"no"}""")]
    [InlineData("""{"url":"https://cdn.example.com/a.png","code":5}""")]
    public void A_succeeded_run_whose_output_object_is_not_the_documented_shape_is_unreadable_and_keeps_the_job(string output)
    {
        var e = Assert.Throws<IdeogramException>(() => Read($$"""{"status_code":"succeeded","output":{{output}}}"""));

        Assert.Contains("a run output that is not the documented JSON", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
        Assert.Same(Job, e.Job);
    }

    [Fact]
    public void A_partial_success_without_an_image_is_a_failure_and_with_one_a_success_with_a_warning()
    {
        var nothing = Read("""{"status_code":"partial_succeeded","output":{"outputs":[]}}""");
        var some = Read($$"""{"status_code":"partial_succeeded","output":{{Image}}}""");

        Assert.Equal(ImageJobState.Failed, nothing.State);
        Assert.Equal("Runflow run 'r1' ended as partial_succeeded without any image.", nothing.Error!.Message);
        Assert.Equal(ImageJobState.Succeeded, some.State);
        var warning = Assert.Single(some.Result!.Warnings);
        Assert.Equal(("partial-result", ImageParameter.NumImages, "Runflow ended run 'r1' as partial_succeeded: some requested images may be missing."), (warning.Code, warning.Parameter, warning.Message));
    }

    [Fact]
    public void A_success_keeps_its_date_request_id_and_nsfw_flag_falling_back_to_the_job_and_the_answer()
    {
        var full = Read("""{"status_code":"succeeded","created_at":"2026-05-06T10:00:00Z","request_id":"run-req","output":{"url":"https://cdn.example.com/a.png","nsfw_detected":true}}""", requestId: "header-req");
        var bare = Read("""{"status_code":"succeeded","output":{"url":"https://cdn.example.com/a.png"}}""", requestId: "header-req");

        Assert.Equal(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero), full.Result!.Created);
        Assert.Equal("run-req", full.Result.RequestId);
        var nsfw = Assert.Single(full.Result.Warnings);
        Assert.Equal(("nsfw-detected", "Runflow flagged the output of run 'r1' as NSFW."), (nsfw.Code, nsfw.Message));
        Assert.Equal(Job.CreatedAt, bare.Result!.Created);
        Assert.Equal("header-req", bare.Result.RequestId);
        Assert.Empty(bare.Result.Warnings);
    }

    [Fact]
    public void Each_image_form_is_read_and_sizes_only_when_both_sides_are_known()
    {
        var png = RunflowTestKit.ImageUrl;
        var data = "data:image/png;base64," + Convert.ToBase64String([1, 2, 3]);
        var status = Read($$$"""
            {"status_code":"succeeded","output":{"outputs":[
              {"url":"https://cdn.example.com/a.png","width":768,"height":1024},
              {"url":"https://cdn.example.com/b.png","width":768,"height":0},
              {"url":"https://cdn.example.com/c.png","width":0,"height":1024},
              {"url":"{{{data}}}","content_type":"image/webp","width":16,"height":16},
              {"url":"{{{data}}}"},
              {"url":"data:;base64,AQID"},
              {"url":"data:image/png,AQID"},
              {"url":"data:image/png;base64,@@@"},
              {"url":"data:no-comma"},
              {"url":"ftp://cdn.example.com/x.png"},
              {"url":"not a url"},
              {"url":"https://cdn.example.com/v.mp4","type":"video"},
              {"url":"{{{png}}}"}
            ]}}
            """);

        var images = status.Result!.Images;
        Assert.Equal(7, images.Count);
        Assert.Equal(new Resolution("768x1024"), images[0].Resolution);
        Assert.Null(images[1].Resolution);
        Assert.Null(images[2].Resolution);
        Assert.Equal(("image/webp", new Resolution("16x16")), (images[3].ContentType, images[3].Resolution!.Value));
        Assert.Equal(new byte[] { 1, 2, 3 }, images[3].Data!.Value.ToArray());
        Assert.Equal("image/png", images[4].ContentType);
        Assert.Null(images[5].ContentType);
        Assert.Equal(new byte[] { 1, 2, 3 }, images[5].Data!.Value.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 5, 9, 10, 1, 42, TimeSpan.Zero), images[6].ExpiresAt);
    }

    [Theory]
    [InlineData("X-Amz-Date=20260506T100142Z&X-Amz-Expires=0", "2026-05-06T10:01:42Z")]
    [InlineData("x-amz-expires=60&x-amz-date=20260506T100142Z", "2026-05-06T10:02:42Z")]
    [InlineData("X-Amz-Date=20260506T100142Z", null)]
    [InlineData("X-Amz-Expires=60", null)]
    [InlineData("=20260506T100142Z&X-Amz-Date=20260506T100142Z&X-Amz-Expires=1", "2026-05-06T10:01:43Z")]
    [InlineData("X-Amz-Date=20260506T100142Z&X-Amz-Expires=-5", null)]
    [InlineData("X-Amz-Date=99991231T235959Z&X-Amz-Expires=0", "9999-12-31T23:59:59Z")]
    [InlineData("X-Amz-Date=99991231T235959Z&X-Amz-Expires=1", null)]
    [InlineData("X-Amz-Date=20260506T100142%5A&X-Amz-Expires=%360", "2026-05-06T10:02:42Z")]
    [InlineData("X-Amz-Date=20260506T100142Z#&X-Amz-Expires=60", null)]
    [InlineData("X-Amz-Date=20260506T100142Z&X-Amz-Expires=60#fragment", "2026-05-06T10:02:42Z")]
    public void A_presigned_link_expires_at_its_date_plus_its_lifetime(string query, string? expires) =>
        Assert.Equal(expires is null ? null : DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), RunflowAdapter.ExpiryOf(new Uri("https://s3.example.com/a.png?" + query)));

    [Theory]
    [InlineData("""{"detail":[{"loc":["body","input","seed"],"msg":"must be positive"}]}""", "input.seed", "input.seed: must be positive")]
    [InlineData("""{"message":"Invalid input","errors":[{"field":"seed","parameter":"p","path":"q","message":"bad","msg":"worse"}]}""", "seed", "Invalid input (seed: bad)")]
    [InlineData("""{"errors":[{"parameter":"p","path":"q","msg":"worse"}]}""", "p", "p: worse")]
    [InlineData("""{"errors":[{"path":"q","loc":["body","x"]}]}""", "q", "q")]
    [InlineData("""{"errors":[{"loc":["body",0,"seed"]}]}""", "0.seed", "0.seed")]
    [InlineData("""{"errors":[{"loc":["body"],"message":"whole body"}]}""", null, "whole body")]
    [InlineData("""{"errors":[{"loc":"seed","message":"m"}]}""", null, "m")]
    [InlineData("""{"errors":["first","second","third","fourth"]}""", null, "first; second; third")]
    [InlineData("""{"errors":[{},{"field":"later"}]}""", "later", "later")]
    [InlineData("""{"errors":[]}""", null, null)]
    [InlineData("""{"errors":"not a list","detail":"also not"}""", null, "also not")]
    [InlineData("""["errors"]""", null, """["errors"]""")]
    public void A_422_names_the_fields_it_refused(string body, string? parameter, string? message)
    {
        var e = new RunflowAdapter().ReadError(Answer(body, HttpStatusCode.UnprocessableEntity));

        var refused = Assert.IsType<IdeogramBadRequestException>(e);
        Assert.Equal(parameter, refused.ProviderParameter);
        Assert.Equal(message, refused.ProviderMessage);
    }

    [Fact]
    public async Task A_created_run_is_read_by_its_id_or_run_id_and_an_empty_or_shapeless_answer_is_unreadable()
    {
        var answers = new Queue<string>(["""{"run_id":"by-run-id"}""", """{"id":"by-id","run_id":"other"}""", "", "[1]", """{"status":"queued"}"""]);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunflowTestKit.RunsUrl).Respond(_ => RunflowTestKit.Json(HttpStatusCode.Created, answers.Dequeue()));
        using var client = RunflowTestKit.Client(mock, RunflowTestKit.Clock());
        var request = new GenerateRequest("a poster");

        Assert.Equal("by-run-id", (await client.SubmitAsync(request)).Id);
        Assert.Equal("by-id", (await client.SubmitAsync(request)).Id);
        Assert.Equal("Runflow answered HTTP 201 with an empty body instead of a run; see RawBody.", (await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(request))).Message);
        Assert.Equal("Runflow answered HTTP 201 with a body that is not a run object; see RawBody.", (await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(request))).Message);
        Assert.Equal("Runflow answered HTTP 201 with a created run without an 'id'; see RawBody.", (await Assert.ThrowsAsync<IdeogramException>(() => client.SubmitAsync(request))).Message);
        Assert.Equal(new Uri("https://api.runflow.io/"), new RunflowAdapter().DefaultBaseAddress);
    }

    [Fact]
    public async Task A_client_reference_of_one_to_255_characters_is_sent_and_any_other_length_refused()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, RunflowTestKit.RunsUrl).Respond(_ => RunflowTestKit.Json(HttpStatusCode.Created, RunflowTestKit.Run("r1", "queued")));
        using var client = RunflowTestKit.Client(mock, RunflowTestKit.Clock());
        var request = new GenerateRequest("a poster");

        await client.SubmitAsync(request, new SubmitOptions { ClientReference = new string('r', 255) });
        await client.SubmitAsync(request, new SubmitOptions { ClientReference = "r" });
        var empty = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(request, new SubmitOptions { ClientReference = "" }));
        var tooLong = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(request, new SubmitOptions { ClientReference = new string('r', 256) }));

        Assert.Contains("has 0 characters", empty.Message, StringComparison.Ordinal);
        Assert.Contains("has 256 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("1 to 255 characters in SubmitOptions.ClientReference", tooLong.Allowed);
    }

    [Fact]
    public async Task A_callback_url_that_is_not_absolute_http_is_refused_saying_where_to_put_one()
    {
        var mock = new MockHttpMessageHandler();
        using var client = RunflowTestKit.Client(mock, RunflowTestKit.Clock(), o => o.Runflow.DefaultCallbackUrl = new Uri("ftp://hooks.example.com/x"));

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(new GenerateRequest("a poster")));

        Assert.Contains("is not an absolute http(s) URL; a callback URL must be one", e.Message, StringComparison.Ordinal);
        Assert.Equal("an absolute http(s) URL in SubmitOptions.CallbackUrl or RunflowOptions.DefaultCallbackUrl", e.Allowed);
    }
}
