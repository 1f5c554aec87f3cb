using System.Net;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Tests.Providers.Runware;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How Runware's answers are read, piece by piece: which error code means what, which errors end a job and which fail
/// the call, how a task's progress reads, the failure messages, what a submission answer makes (a result or a job), and
/// each form inline image data comes in.
/// </summary>
public sealed class RunwareReadingTests
{
    private const string Task = "3f2b8c1e-1111-4aaa-8bbb-000000000001";
    private const string OtherTask = "3f2b8c1e-2222-4aaa-8bbb-000000000002";

    private static ImageJob Job(int numberResults = 1, string? id = null, Dictionary<string, string>? properties = null) =>
        new(IdeogramProvider.Runware, ImageOperation.Generate, id ?? Task, DateTimeOffset.UnixEpoch, properties ?? new Dictionary<string, string>
        {
            [RunwareAdapter.TaskUuidProperty] = Task,
            [RunwareAdapter.NumberResultsProperty] = numberResults.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static ImageJobStatus Poll(string body, ImageJob? job = null, HttpStatusCode status = HttpStatusCode.OK) =>
        RunwareKit.Adapter.ReadPoll(RunwareKit.PollContext(job ?? Job()), RunwareKit.Response(status, body)).Status!;

    [Theory]
    [InlineData("invalidApiKey", 400, "Authentication")]
    [InlineData("accountSuspended", 400, "Authentication")]
    [InlineData("insufficientCredits", 400, "InsufficientCredits")]
    [InlineData("monthlyQuotaExceeded", 400, "InsufficientCredits")]
    [InlineData("lowBalance", 400, "InsufficientCredits")]
    [InlineData("PAYMENTREQUIRED", 400, "InsufficientCredits")]
    [InlineData("userRateLimitExceeded", 400, "RateLimit")]
    [InlineData("promptBlocked", 400, "ContentPolicy")]
    [InlineData("taskNotFound", 500, "BadRequest")]
    [InlineData("invalidSeed", 500, "BadRequest")]
    [InlineData("maxNumberResults", 500, "BadRequest")]
    [InlineData("arrayTooLong", 500, "BadRequest")]
    [InlineData("Invalid", 500, "Other")]
    [InlineData("somethingElse", 402, "InsufficientCredits")]
    [InlineData(null, 401, "Authentication")]
    [InlineData(null, 403, "Authentication")]
    [InlineData(null, 429, "RateLimit")]
    [InlineData(null, 400, "BadRequest")]
    [InlineData(null, 404, "BadRequest")]
    [InlineData(null, 405, "BadRequest")]
    [InlineData(null, 409, "BadRequest")]
    [InlineData(null, 413, "BadRequest")]
    [InlineData(null, 415, "BadRequest")]
    [InlineData(null, 422, "BadRequest")]
    [InlineData(null, 500, "Other")]
    [InlineData(null, 406, "Other")]
    public void Each_error_code_and_status_has_its_meaning(string? code, int status, string kind) =>
        Assert.Equal(Enum.Parse<RunwareErrorKind>(kind), RunwareErrorCodes.Classify(code, (HttpStatusCode)status));

    [Fact]
    public void A_failed_task_says_which_task_its_code_and_its_message()
    {
        var full = Poll($$"""{"errors":[{"code":"generationFailed","message":"GPU fell over","taskUUID":"{{Task}}","status":"failed"}]}""");
        var noCode = Poll($$"""{"errors":[{"message":"m","taskUUID":"{{Task}}"}]}""");
        var noMessage = Poll($$"""{"errors":[{"code":"c","message":"  ","taskUUID":"{{Task}}"}]}""");
        var policy = Poll($$"""{"errors":[{"code":"nsfwContentDetected","taskUUID":"{{Task}}"}]}""");

        Assert.Equal((ImageJobState.Failed, "failed"), (full.State, full.ProviderStatus));
        Assert.Equal($"Runware task '{Task}' failed [generationFailed]: GPU fell over", full.Error!.Message);
        Assert.IsType<IdeogramJobFailedException>(full.Error);
        Assert.Equal($"Runware task '{Task}' failed: m", noCode.Error!.Message);
        Assert.Equal("error", noCode.ProviderStatus);
        Assert.Equal($"Runware task '{Task}' failed [c].", noMessage.Error!.Message);
        Assert.IsType<IdeogramContentPolicyException>(policy.Error);
        Assert.Same(full.Job, full.Error.Job);
    }

    [Fact]
    public void An_error_of_another_task_marked_as_a_generation_error_still_ends_the_job_and_one_naming_no_task_fails_the_call()
    {
        var marked = Poll($$"""{"errors":[{"code":"x","message":"m","taskUUID":"{{OtherTask}}","status":"error"}]}""");
        var call = Assert.Throws<IdeogramInsufficientCreditsException>(() => Poll("""{"errors":[{"code":"insufficientCredits","message":"top up"}]}"""));
        var unrelated = Poll($$"""{"errors":[{"code":"x","message":"m","taskUUID":"{{OtherTask}}"}],"data":[]}""");

        Assert.Equal(ImageJobState.Failed, marked.State);
        Assert.Equal("top up", call.ProviderMessage);
        Assert.Equal(ImageJobState.Queued, unrelated.State);
    }

    [Fact]
    public void An_item_that_failed_ends_the_job_with_its_own_error()
    {
        var asObject = Poll($$$"""{"data":[{"taskUUID":"{{{Task}}}","status":"error","error":{"code":"c","message":"object message"}}]}""");
        var asText = Poll($$"""{"data":[{"taskUUID":"{{Task}}","error":"text message"}]}""");
        var bare = Poll($$"""{"data":[{"taskUUID":"{{Task}}","status":"ERROR"}]}""");

        Assert.Equal(("c", "object message"), (asObject.Error!.ErrorCode, asObject.Error.ProviderMessage));
        Assert.Equal("text message", asText.Error!.ProviderMessage);
        Assert.Equal("the task ended with status 'error'", bare.Error!.ProviderMessage);
        Assert.All(new[] { asObject, asText, bare }, s => Assert.Equal(("error", ImageJobState.Failed), (s.ProviderStatus, s.State)));
    }

    [Fact]
    public void A_task_is_done_once_as_many_images_as_asked_for_have_succeeded()
    {
        string Item(int i, string? status = "success") => RunwareKit.Item(Task, i, status);

        var done = Poll($$"""{"data":[{{Item(1)}},{{Item(2, null)}}]}""", Job(2));
        var half = Poll($$"""{"data":[{{Item(1)}}]}""", Job(2));
        var processing = Poll($$"""{"data":[{{Item(1, "processing")}}]}""", Job(1));
        var pending = Poll($$"""{"data":[{{Item(1, "Pending")}}]}""", Job(1));
        var nothing = Poll("""{"data":[]}""", Job(1));
        var zero = Poll($$"""{"data":[{{Item(1)}}]}""", Job(0));
        var unreadableCount = Poll($$"""{"data":[{{Item(1)}}]}""", Job(properties: new() { [RunwareAdapter.TaskUuidProperty] = Task, [RunwareAdapter.NumberResultsProperty] = "-2" }));
        var noImage = Poll($$"""{"data":[{"taskUUID":"{{Task}}","status":"success"}]}""", Job(1));

        Assert.Equal((ImageJobState.Succeeded, "success", 2), (done.State, done.ProviderStatus, done.Result!.Images.Count));
        Assert.Equal((ImageJobState.Queued, "success"), (half.State, half.ProviderStatus));
        Assert.Equal((ImageJobState.Running, "processing"), (processing.State, processing.ProviderStatus));
        Assert.Equal((ImageJobState.Queued, "Pending"), (pending.State, pending.ProviderStatus));
        Assert.Equal((ImageJobState.Queued, "pending"), (nothing.State, nothing.ProviderStatus));
        Assert.Equal(ImageJobState.Succeeded, zero.State);
        Assert.Equal(ImageJobState.Succeeded, unreadableCount.State);
        Assert.Equal(ImageJobState.Queued, noImage.State);
    }

    [Fact]
    public void A_job_is_collected_by_its_task_uuid_property_or_else_its_id()
    {
        var byProperty = Poll($$"""{"data":[{{RunwareKit.Item(Task, 1)}}]}""", Job(id: "composite-id"));
        var byId = Poll($$"""{"data":[{{RunwareKit.Item(OtherTask, 1)}}]}""", Job(id: OtherTask, properties: new() { [RunwareAdapter.TaskUuidProperty] = "" }));
        var withoutProperty = Poll($$"""{"data":[{{RunwareKit.Item(OtherTask, 1)}}]}""", Job(id: OtherTask, properties: []));

        Assert.Equal(ImageJobState.Succeeded, byProperty.State);
        Assert.Equal(ImageJobState.Succeeded, byId.State);
        Assert.Equal(ImageJobState.Succeeded, withoutProperty.State);
    }

    [Theory]
    [InlineData("""{"errors":[{"code":"x","taskUUID":"TASK","status":"error"}]}""", true)]
    [InlineData("""{"errors":[{"code":"x","taskUUID":"TASK","taskType":"imageInference"}]}""", true)]
    [InlineData("""{"errors":[{"code":"x","taskUUID":"TASK","taskType":"getResponse"}]}""", false)]
    [InlineData("""{"errors":[{"code":"x","taskUUID":"OTHER","status":"error"}]}""", false)]
    [InlineData("""{"errors":[{"code":"x","taskUUID":"OTHER","status":"error"},{"code":"y","taskUUID":"TASK","status":"error"}]}""", true)]
    [InlineData("""{"errors":[{"code":"x","status":"error"}]}""", false)]
    [InlineData("", false)]
    [InlineData("not json", false)]
    public void Only_an_error_naming_the_task_as_a_failed_generation_is_the_jobs_answer(string body, bool isJobAnswer) =>
        Assert.Equal(isJobAnswer, RunwareKit.Adapter.IsJobAnswer(RunwareKit.PollContext(Job()), RunwareKit.Response(HttpStatusCode.BadRequest, body.Replace("OTHER", OtherTask, StringComparison.Ordinal).Replace("TASK", Task, StringComparison.Ordinal))));

    [Fact]
    public void A_failed_call_is_typed_by_its_first_error_naming_the_parameter()
    {
        var single = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"errors":[{"code":"invalidSeed","message":"too big","parameter":"seed"},{"code":"other"}]}"""));
        var crossField = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"errors":[{"code":"incompatibleParameters","message":"pick one","parameter":["width","height",3]}]}"""));
        var legacy = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.OK, """{"error":true,"errorId":19,"errorMessage":"Invalid API key"}"""));
        var legacyText = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.InternalServerError, """{"error":"Service exploded"}"""));
        var legacyObject = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"error":{"code":"invalidWidth","message":"w","parameter":"width","taskType":"imageInference"}}"""));
        var legacyList = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"error":["skip",{"code":"invalidHeight","message":"h"}]}"""));

        var refused = Assert.IsType<IdeogramBadRequestException>(single);
        Assert.Equal("Runware answered HTTP 400 [invalidSeed]: too big (parameter 'seed').", refused.Message);
        Assert.Equal("seed", refused.ProviderParameter);
        Assert.Equal("width,height", Assert.IsType<IdeogramBadRequestException>(crossField).ProviderParameter);
        Assert.IsType<IdeogramAuthenticationException>(legacy);
        Assert.Equal(("19", "Invalid API key"), (legacy.ErrorCode, legacy.ProviderMessage));
        Assert.Equal(typeof(IdeogramException), legacyText.GetType());
        Assert.Equal("Service exploded", legacyText.ProviderMessage);
        Assert.Equal(("invalidWidth", "width"), (legacyObject.ErrorCode, Assert.IsType<IdeogramBadRequestException>(legacyObject).ProviderParameter));
        Assert.Equal("invalidHeight", legacyList.ErrorCode);
        Assert.Equal("Runware answered HTTP 400 [c]: m.", RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"errors":[{"code":"c","message":"m"}]}""")).Message);
    }

    [Fact]
    public void A_legacy_error_without_the_api_key_words_is_typed_by_its_status()
    {
        var e = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.TooManyRequests, """{"error":true,"errorId":"7","errorMessage":"slow down"}"""));
        var keyless = RunwareKit.Adapter.ReadError(RunwareKit.Response(HttpStatusCode.BadRequest, """{"errors":[{"code":"x","message":"your api key is fine"}]}"""));

        Assert.IsType<IdeogramRateLimitException>(e);
        Assert.Equal("7", e.ErrorCode);
        Assert.IsType<IdeogramBadRequestException>(keyless);
    }

    private static async Task<SubmitOutcome> SubmitAsync(Func<string, string> answer, int images, bool asyncDelivery, bool preferJob = false)
    {
        var prepared = await RunwareKit.PrepareAsync(new GenerateRequest("a lighthouse") { NumImages = images });
        var context = RunwareKit.Context(prepared, Guid.Parse(Task), preferJob, o => o.AsyncDelivery = asyncDelivery);
        using var message = RunwareKit.Adapter.CreateSubmit(context);
        return RunwareKit.Adapter.ReadSubmit(context, RunwareKit.Response(HttpStatusCode.OK, answer(Task)));
    }

    [Fact]
    public async Task A_submission_answer_is_a_result_when_it_holds_the_images_and_a_job_otherwise()
    {
        string Two(string uuid) => $$"""{"data":[{{RunwareKit.Item(uuid, 1)}},{{RunwareKit.Item(uuid, 2)}}]}""";
        string One(string uuid) => $$"""{"data":[{{RunwareKit.Item(uuid, 1)}}]}""";
        string None(string uuid) => $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{uuid}}"}]}""";

        var syncAll = await SubmitAsync(Two, 2, asyncDelivery: false);
        var syncSome = await SubmitAsync(One, 2, asyncDelivery: false);
        var syncNone = await SubmitAsync(None, 2, asyncDelivery: false);
        var asyncAll = await SubmitAsync(Two, 2, asyncDelivery: true);
        var asyncSome = await SubmitAsync(One, 2, asyncDelivery: true);
        var preferJobSome = await SubmitAsync(One, 2, asyncDelivery: false, preferJob: true);

        Assert.Equal(2, syncAll.Result!.Images.Count);
        Assert.Null(syncAll.Result.Job);
        Assert.Equal(0.12m, syncAll.Result.Cost);
        Assert.Single(syncSome.Result!.Images);
        Assert.Null(syncNone.Result);
        Assert.Equal(Task, syncNone.Job!.Id);
        Assert.Equal(2, asyncAll.Result!.Images.Count);
        Assert.Equal(Task, asyncAll.Result.Job!.Id);
        Assert.Null(asyncSome.Result);
        Assert.Equal("2", asyncSome.Job!.Properties[RunwareAdapter.NumberResultsProperty]);
        Assert.Null(preferJobSome.Result);
    }

    [Fact]
    public void Inline_image_data_is_read_in_each_of_its_forms()
    {
        var png = Convert.ToBase64String(RunwareKit.Png);
        ImageResult Read(string fields) =>
            Poll($$"""{"data":[{"taskUUID":"{{Task}}","imageUUID":"i",{{fields}}}]}""").Result!;

        var dataUri = Read($$"""
            "imageDataURI":"data:image/webp;base64,{{png}}"
            """).Images[0];
        var typeless = Read($$"""
            "imageDataURI":"data:;base64,{{png}}"
            """).Images[0];
        var bareUri = Read($$"""
            "imageDataURI":"{{png}}"
            """).Images[0];
        var noBase64Marker = Read($$"""
            "imageDataURI":"data:image/jpeg,{{png}}"
            """).Images[0];
        var base64 = Read($$"""
            "imageBase64Data":"data:image/jpeg;base64,{{png}}"
            """).Images[0];
        var jpeg = Read("""
            "imageURL":"https://im.runware.ai/a.JPEG"
            """).Images[0];
        var webp = Read("""
            "imageURL":"https://im.runware.ai/a.webp"
            """).Images[0];
        var jpg = Read("""
            "imageURL":"https://im.runware.ai/a.jpg"
            """).Images[0];

        Assert.Equal("image/webp", dataUri.ContentType);
        Assert.Equal(RunwareKit.Png, dataUri.Data!.Value.ToArray());
        Assert.Equal("image/jpeg", typeless.ContentType);   // no type in the URI: the output format's (JPG by default)
        Assert.Equal(RunwareKit.Png, bareUri.Data!.Value.ToArray());
        Assert.Equal("image/jpeg", noBase64Marker.ContentType);
        Assert.Equal("image/png", base64.ContentType);
        Assert.Equal(RunwareKit.Png, base64.Data!.Value.ToArray());
        Assert.Equal(("image/jpeg", "image/webp", "image/jpeg"), (jpeg.ContentType, webp.ContentType, jpg.ContentType));
        Assert.Contains("an 'imageDataURI' that is not base64 image data", Assert.Throws<IdeogramException>(() => Read("\"imageDataURI\":\"data:image/png;base64,\"")).Message, StringComparison.Ordinal);
        Assert.Contains("an 'imageBase64Data' that is not base64 image data", Assert.Throws<IdeogramException>(() => Read("\"imageBase64Data\":\"\"")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_is_not_runware_json_is_unreadable_and_keeps_the_job()
    {
        var job = Job();

        var notJson = Assert.Throws<IdeogramException>(() => Poll("<html>", job));
        var nullBody = Assert.Throws<IdeogramException>(() => Poll("null", job));

        Assert.Equal("Runware answered HTTP 200 with a body that is not Runware's {data, errors} JSON; see RawBody.", notJson.Message);
        Assert.Equal("Runware answered HTTP 200 with an empty body; see RawBody.", nullBody.Message);
        Assert.Same(job, notJson.Job);
        Assert.Same(job, nullBody.Job);
    }
}
