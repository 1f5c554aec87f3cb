using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Runware.RunwareKit;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>Every error form Runware uses, in non-2xx answers and inside HTTP 200 bodies.</summary>
public sealed class RunwareErrorTests
{
    private static async Task<IdeogramException> FailAsync(HttpStatusCode status, string body, Action<IdeogramClientOptions>? configure = null)
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedRunware().Then(status, body);
        using var client = Client(transport, time, o => { o.MaxRetries = 0; configure?.Invoke(o); });
        return await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a")));
    }

    [Fact]
    public async Task Unauthorized_is_an_authentication_error_with_runware_code()
    {
        var e = await FailAsync(HttpStatusCode.Unauthorized,
            """{"errors":[{"code":"invalidApiKey","message":"Invalid API key. Get one at https://my.runware.ai/signup","parameter":"apiKey","taskType":"authentication"}]}""");

        Assert.IsType<IdeogramAuthenticationException>(e);
        Assert.Equal("invalidApiKey", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.False(e.IsRetryable);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_parameter_is_a_bad_request_naming_runware_parameter()
    {
        var e = await FailAsync(HttpStatusCode.BadRequest,
            """{"errors":[{"code":"unsupportedParameter","message":"width is not supported by this model","parameter":"width","taskType":"imageInference","taskUUID":"x","documentation":"https://runware.ai/docs"}]}""");

        var bad = Assert.IsType<IdeogramBadRequestException>(e);
        Assert.Equal("unsupportedParameter", bad.ErrorCode);
        Assert.Equal("width", bad.ProviderParameter);
        Assert.Equal("width is not supported by this model", bad.ProviderMessage);
        Assert.Contains("'width'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_field_parameter_array_is_kept_as_a_list()
    {
        var e = await FailAsync(HttpStatusCode.BadRequest,
            """{"errors":[{"code":"invalidDimensions","message":"Unsupported size","parameter":["width","height"],"taskType":"imageInference"}]}""");

        Assert.Equal("width,height", Assert.IsType<IdeogramBadRequestException>(e).ProviderParameter);
    }

    [Theory]
    [InlineData(HttpStatusCode.PaymentRequired, "insufficientCredits")]
    [InlineData(HttpStatusCode.OK, "insufficientCredits")]
    [InlineData(HttpStatusCode.BadRequest, "notEnoughBalance")]
    [InlineData(HttpStatusCode.PaymentRequired, "somethingNew")]
    public async Task Insufficient_credit_is_its_own_type(HttpStatusCode status, string code)
    {
        var e = await FailAsync(status, $$"""{"errors":[{"code":"{{code}}","message":"Top up your account","taskType":"imageInference"}]}""");

        Assert.IsType<IdeogramInsufficientCreditsException>(e);
        Assert.Equal(code, e.ErrorCode);
    }

    [Fact]
    public async Task Errors_inside_an_http_200_body_are_typed_by_code()
    {
        var e = await FailAsync(HttpStatusCode.OK,
            """{"errors":[{"code":"missingParameter","message":"positivePrompt is required","parameter":"positivePrompt","taskType":"imageInference"}]}""");

        var bad = Assert.IsType<IdeogramBadRequestException>(e);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("positivePrompt", bad.ProviderParameter);
    }

    [Fact]
    public async Task A_safety_code_is_a_content_policy_error()
    {
        var e = await FailAsync(HttpStatusCode.BadRequest, """{"errors":[{"code":"promptBlocked","message":"The prompt was blocked"}]}""");

        Assert.IsType<IdeogramContentPolicyException>(e);
    }

    [Fact]
    public async Task The_legacy_boolean_error_form_is_read()
    {
        var e = await FailAsync(HttpStatusCode.OK, """{"error":true,"errorMessageContentId":1212,"errorId":19,"errorMessage":"Invalid api key"}""");

        Assert.IsType<IdeogramAuthenticationException>(e);
        Assert.Equal("19", e.ErrorCode);
        Assert.Equal("Invalid api key", e.ProviderMessage);
    }

    [Theory]
    [InlineData("""{"error":{"code":"invalidModel","message":"Unknown model","parameter":"model"}}""")]
    [InlineData("""{"error":[{"code":"invalidModel","message":"Unknown model","parameter":"model"}]}""")]
    public async Task The_legacy_singular_error_object_and_array_forms_are_read(string body)
    {
        var e = await FailAsync(HttpStatusCode.BadRequest, body);

        var bad = Assert.IsType<IdeogramBadRequestException>(e);
        Assert.Equal("invalidModel", bad.ErrorCode);
        Assert.Equal("model", bad.ProviderParameter);
        Assert.Equal("Unknown model", bad.ProviderMessage);
    }

    [Fact]
    public async Task Rate_limiting_is_retried_and_then_typed()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(HttpStatusCode.TooManyRequests, """{"errors":[{"code":"rateLimitExceeded","message":"Queue capacity exceeded"}]}""")
            .Then(HttpStatusCode.TooManyRequests, """{"errors":[{"code":"rateLimitExceeded","message":"Queue capacity exceeded"}]}""")
            .Then(HttpStatusCode.TooManyRequests, """{"errors":[{"code":"rateLimitExceeded","message":"Queue capacity exceeded"}]}""");
        using var client = Client(transport, time, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.GenerateAsync(new GenerateRequest("a")));

        Assert.Equal(3, transport.Sent.Count);
        Assert.Equal("rateLimitExceeded", e.ErrorCode);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task An_ambiguous_server_error_on_a_paid_task_is_not_re_sent_blindly()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var transport = new ScriptedRunware()
            .Then(HttpStatusCode.InternalServerError, """{"errors":[{"code":"internalServerError","message":"Something went wrong"}]}""");
        using var client = Client(transport, time, o => o.MaxRetries = 2);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a")));

        Assert.Single(transport.Sent);
        Assert.Equal("internalServerError", e.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.False(e.IsRetryable);

        // The task's UUID was chosen by the SDK: the job travels with the failure, so it can be collected, not paid again.
        Assert.NotNull(e.Job);
        Assert.Equal(e.Job.Id, e.Job.Properties["taskUUID"]);
        Assert.Equal(e.Job.Id, (string?)transport.Sent[0].Body.AsArray().Last()!["taskUUID"]);
    }

    [Fact]
    public async Task A_non_json_error_page_is_read_by_its_status()
    {
        var e = await FailAsync(HttpStatusCode.Forbidden, "<html><body>Forbidden</body></html>");

        Assert.IsType<IdeogramAuthenticationException>(e);
    }

    [Fact]
    public async Task The_key_sent_in_the_body_never_reaches_an_exception()
    {
        var e = await FailAsync(HttpStatusCode.Unauthorized,
            """{"errors":[{"code":"invalidApiKey","message":"Invalid API key","parameter":"apiKey","taskType":"authentication"}]}""",
            o => o.Runware.AuthenticateInBody = true);

        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.RawBody ?? string.Empty, StringComparison.Ordinal);
    }
}
