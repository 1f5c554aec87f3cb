using System.Net;
using System.Text;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.ApiInOne;
using Ideogram.Sdk.Tests.Core;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How API in One's task bodies are read: every status word, where the task, its id, its status, its images and its
/// failure text are found, how deep image URLs are looked for, and how a failing envelope or error body is typed.
/// </summary>
public sealed class ApiInOneReadingTests
{
    private static readonly ApiInOneAdapter Adapter = new();

    private static readonly ImageJob Job = new(IdeogramProvider.ApiInOne, ImageOperation.Generate, "t1", DateTimeOffset.UnixEpoch);

    private static ProviderResponse Answer(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(IdeogramProvider.ApiInOne, status, new HttpResponseMessage().Headers, null, Encoding.UTF8.GetBytes(body), TimeProvider.System, new ApiKey(CoreKit.Key));

    private static ImageJobStatus Poll(string body) =>
        Adapter.ReadPoll(new PollContext { Job = Job, BaseAddress = Adapter.DefaultBaseAddress, Options = new IdeogramClientOptions(), Time = TimeProvider.System }, Answer(body)).Status!;

    [Theory]
    [InlineData(null, 0, null)]
    [InlineData("", 0, null)]
    [InlineData(" ", 1, ImageJobState.Succeeded)]
    [InlineData("completed", 0, ImageJobState.Succeeded)]
    [InlineData("Complete", 0, ImageJobState.Succeeded)]
    [InlineData("SUCCEEDED", 0, ImageJobState.Succeeded)]
    [InlineData("success", 0, ImageJobState.Succeeded)]
    [InlineData("done", 0, ImageJobState.Succeeded)]
    [InlineData("finished", 0, ImageJobState.Succeeded)]
    [InlineData("failed", 0, ImageJobState.Failed)]
    [InlineData("FAILURE", 0, ImageJobState.Failed)]
    [InlineData("error", 0, ImageJobState.Failed)]
    [InlineData("cancelled", 0, ImageJobState.Canceled)]
    [InlineData("canceled", 0, ImageJobState.Canceled)]
    [InlineData("queued", 0, ImageJobState.Queued)]
    [InlineData("pending", 0, ImageJobState.Queued)]
    [InlineData("waiting", 0, ImageJobState.Queued)]
    [InlineData("submitted", 0, ImageJobState.Queued)]
    [InlineData("created", 0, ImageJobState.Queued)]
    [InlineData("IN_PROGRESS", 0, ImageJobState.Running)]
    public void Every_status_word_has_its_state(string? status, int urls, ImageJobState? state) =>
        Assert.Equal(state, ApiInOneTask.StateOf(status, urls));

    [Fact]
    public void The_task_is_the_data_object_or_the_body_itself()
    {
        var enveloped = ApiInOneTask.Read(Answer("""{"code":200,"message":"success","status":"root-status","data":{"task_id":"a","id":"b","status":"queued"}}"""));
        var bare = ApiInOneTask.Read(Answer("""{"id":"b","status":"running","data":"not an object"}"""));
        var rootStatus = ApiInOneTask.Read(Answer("""{"status":"failed","data":{"task_id":"a"}}"""));

        Assert.Equal(("a", "queued", 200, "success"), (enveloped.TaskId, enveloped.Status, enveloped.EnvelopeCode, enveloped.EnvelopeMessage));
        Assert.Equal(("b", "running", (int?)null), (bare.TaskId, bare.Status, bare.EnvelopeCode));
        Assert.Equal("failed", rootStatus.Status);
        Assert.Null(ApiInOneTask.Read(Answer("""{"code":"200"}""")).EnvelopeCode);
    }

    [Theory]
    [InlineData("""{"output":"https://x.example.com/a.png","url":"https://x.example.com/b.png"}""", "a")]
    [InlineData("""{"output":"not a url","result":"https://x.example.com/b.png"}""", "b")]
    [InlineData("""{"results":[["https://x.example.com/c.png"]]}""", "c")]
    [InlineData("""{"images":[{"url":"https://x.example.com/d.png"}]}""", "d")]
    [InlineData("""{"output":{"image_urls":["https://x.example.com/e.png"],"url":"https://x.example.com/z.png"}}""", "e")]
    [InlineData("""{"output":{"images":[],"urls":["https://x.example.com/f.png"]}}""", "f")]
    [InlineData("""{"output":{"image_url":"ftp://x.example.com/g.png","url":"http://x.example.com/g.png"}}""", "g")]
    [InlineData("""{"output":[[["https://x.example.com/h.png"]]]}""", "h")]
    [InlineData("""{"output":{"images":{"urls":{"url":"https://x.example.com/i.png"}}}}""", "i")]
    public void Image_urls_are_found_in_the_first_field_that_has_one_up_to_three_levels_down(string task, string name)
    {
        var snapshot = ApiInOneTask.Read(Answer(task));

        Assert.Equal(name, Path.GetFileNameWithoutExtension(Assert.Single(snapshot.Urls).AbsolutePath));
    }

    [Theory]
    [InlineData("""{"output":[[[["https://x.example.com/a.png"]]]]}""")]
    [InlineData("""{"output":{"images":{"urls":{"image_url":{"url":"https://x.example.com/a.png"}}}}}""")]
    [InlineData("""{"output":["mailto:someone@example.com", 5]}""")]
    public void Nothing_deeper_or_other_than_http_urls_counts(string task) =>
        Assert.Empty(ApiInOneTask.Read(Answer(task)).Urls);

    [Fact]
    public void Every_url_of_a_list_is_kept_in_order()
    {
        var snapshot = ApiInOneTask.Read(Answer("""{"output":{"image_urls":["https://x.example.com/1.png","https://x.example.com/2.jpg","https://x.example.com/3.webp"]}}"""));

        Assert.Equal(["1", "2", "3"], snapshot.Urls.Select(u => Path.GetFileNameWithoutExtension(u.AbsolutePath)));
    }

    [Theory]
    [InlineData("""{"error":"text","fail_reason":"r"}""", "text")]
    [InlineData("""{"error":{"message":"m"}}""", "m")]
    [InlineData("""{"error":{"code":1}}""", """{"code":1}""")]
    [InlineData("""{"error":5}""", null)]
    [InlineData("""{"fail_reason":"r","error_message":"e"}""", "r")]
    [InlineData("""{"error_message":"e"}""", "e")]
    public void The_failure_text_is_error_else_fail_reason_else_error_message(string task, string? text) =>
        Assert.Equal(text, ApiInOneTask.Read(Answer(task)).Error);

    [Fact]
    public void A_failed_task_names_its_status_and_error()
    {
        var failed = Poll("""{"data":{"task_id":"t1","status":"failed","error":"prompt refused"}}""");
        var quiet = Poll("""{"data":{"task_id":"t1","status":"cancelled"}}""");

        Assert.Equal("API in One task 't1' ended as 'failed': prompt refused", failed.Error!.Message);
        Assert.Equal(("failed", "prompt refused"), (failed.Error.ErrorCode, failed.Error.ProviderMessage));
        Assert.Equal("API in One task 't1' ended as 'cancelled'.", quiet.Error!.Message);
        Assert.Equal(ImageJobState.Canceled, quiet.State);
    }

    [Fact]
    public void A_finished_task_gives_its_images_with_their_types_and_the_task_id()
    {
        var done = Poll("""{"data":{"task_id":"t-9","status":"completed","output":{"image_urls":["https://x.example.com/a.JPG","https://x.example.com/b.jpeg","https://x.example.com/c.webp","https://x.example.com/d.png","https://x.example.com/e.gif"]}}}""");
        var idless = Poll("""{"status":"completed","output":"https://x.example.com/a.png"}""");

        Assert.Equal(["image/jpeg", "image/jpeg", "image/webp", "image/png", null], done.Result!.Images.Select(i => i.ContentType));
        Assert.Equal("t-9", done.Result.RequestId);
        Assert.Equal("t1", idless.Result!.RequestId);
        Assert.Contains("reported as 'completed' without image URLs", Assert.Throws<IdeogramException>(() => Poll("""{"status":"completed"}""")).Message, StringComparison.Ordinal);
        Assert.Contains("a task body without a status or result", Assert.Throws<IdeogramException>(() => Poll("""{"data":{"task_id":"t1"}}""")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":400,"message":"bad"}""", true)]
    [InlineData("""{"code":399,"message":"odd"}""", false)]
    [InlineData("""{"code":500,"data":{"task_id":"t1"}}""", false)]
    [InlineData("""{"code":500,"status":"failed"}""", false)]
    public void An_envelope_with_an_error_code_and_no_task_is_an_error(string body, bool error) =>
        Assert.Equal(error, ApiInOneTask.Read(Answer(body)).IsEnvelopeError);

    [Fact]
    public void A_failing_envelope_in_a_200_is_read_as_its_code()
    {
        var e = Assert.Throws<IdeogramBadRequestException>(() => Poll("""{"code":422,"message":"nope"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Equal("nope", e.ProviderMessage);
    }

    [Theory]
    [InlineData("""{"error":{"code":400,"message":"m","type":"invalid_request"}}""", "invalid_request", false)]
    [InlineData("""{"error":{"code":"c-1","message":"m"}}""", "c-1", false)]
    [InlineData("""{"error":{"message":"m"},"code":"outer"}""", "outer", false)]
    [InlineData("""{"error":"flat","code":"outer"}""", "outer", false)]
    [InlineData("""{"error":{"type":"insufficient_quota","message":"m"}}""", "insufficient_quota", true)]
    [InlineData("""{"error":{"type":"no_credit","message":"m"}}""", "no_credit", true)]
    [InlineData("""{"message":"Insufficient credit balance"}""", null, true)]
    [InlineData("""{"message":"credit card declined"}""", null, false)]
    [InlineData("not json", null, false)]
    public void An_error_body_is_typed_by_its_type_then_code(string body, string? code, bool credits)
    {
        var e = Adapter.ReadError(Answer(body, HttpStatusCode.BadRequest));

        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(credits, e is IdeogramInsufficientCreditsException);
    }

    [Fact]
    public async Task A_create_answer_is_a_job_a_finished_result_or_a_failure_that_keeps_the_job()
    {
        var prepared = await RequestValidator.PrepareAsync(new GenerateRequest("a fox"), ApiInOneParameters.Profile, UnsupportedParameterBehavior.Strict, CancellationToken.None);
        var context = new SubmitContext { Request = prepared, BaseAddress = Adapter.DefaultBaseAddress, Options = new IdeogramClientOptions(), Time = TimeProvider.System };
        SubmitOutcome Submit(string body) => Adapter.ReadSubmit(context, Answer(body));

        var pending = Submit("""{"code":200,"data":{"task_id":"t2","status":"IN_PROGRESS"}}""");
        var finished = Submit("""{"code":200,"data":{"status":"completed","output":"https://x.example.com/a.png"}}""");
        var doneWithoutImage = Assert.Throws<IdeogramException>(() => Submit("""{"code":200,"data":{"status":"completed"}}"""));
        var failed = Assert.Throws<IdeogramJobFailedException>(() => Submit("""{"code":200,"data":{"task_id":"t3","status":"failed","error":"no"}}"""));
        var refused = Assert.Throws<IdeogramAuthenticationException>(() => Submit("""{"code":401,"message":"bad key"}"""));

        Assert.Equal("t2", pending.Job!.Id);
        Assert.Single(finished.Result!.Images);
        Assert.Contains("a create answer without 'data.task_id'", doneWithoutImage.Message, StringComparison.Ordinal);
        Assert.Equal("t3", failed.Job!.Id);
        Assert.Equal("bad key", refused.ProviderMessage);
        Assert.Equal(new Uri("https://apiin.one/"), Adapter.DefaultBaseAddress);
    }

    [Fact]
    public void Answers_that_are_not_json_objects_are_unreadable()
    {
        Assert.Equal("a task answer that is not JSON", Assert.Throws<IdeogramException>(() => ApiInOneTask.Read(Answer("<html>"))).ProviderMessage);
        Assert.Equal("a task answer that is not a JSON object", Assert.Throws<IdeogramException>(() => ApiInOneTask.Read(Answer("[]"))).ProviderMessage);
    }
}
