using System.Net;
using System.Text;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// How every provider's error body is read into an exception's code, message, request id and raw body: which field wins
/// when several are present, what an HTML page or plain text becomes, and the exact message shape.
/// </summary>
public sealed class ProviderErrorReadingTests
{
    private static ProviderResponse Answer(string body, HttpStatusCode status = HttpStatusCode.BadRequest, string? contentType = "application/json", string? requestId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var message = new HttpResponseMessage(status) { Content = new ByteArrayContent(bytes) };
        if (contentType is not null)
        {
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        if (requestId is not null)
        {
            message.Headers.TryAddWithoutValidation("x-request-id", requestId);
        }

        return new ProviderResponse(IdeogramProvider.Segmind, status, message.Headers, message.Content.Headers, bytes, TimeProvider.System, new ApiKey("k-provider-errors-1234"));
    }

    [Theory]
    [InlineData("""{"code":"c1","error_code":"c2","error":"the message"}""", "c1", "the message")]
    [InlineData("""{"error_code":"c2","error":"the message"}""", "c2", "the message")]
    [InlineData("""{"error":{"code":"inner","type":"t","message":"m","detail":"d"},"code":"outer"}""", "inner", "m")]
    [InlineData("""{"error":{"type":"t","detail":"d"},"code":"outer"}""", "t", "d")]
    [InlineData("""{"error":{"detail":"d"},"code":"outer"}""", "outer", "d")]
    [InlineData("""{"detail":"d","message":"m","title":"t"}""", null, "d")]
    [InlineData("""{"message":"m","title":"t"}""", null, "m")]
    [InlineData("""{"title":"t","code":7}""", "7", "t")]
    [InlineData("""{"code":true,"message":["a","b"]}""", "true", """["a","b"]""")]
    [InlineData("""{"code":null,"message":null}""", null, null)]
    [InlineData("""{}""", null, null)]
    public void The_common_reader_picks_the_first_field_present_in_a_fixed_order(string body, string? code, string? message) =>
        Assert.Equal((code, message), ProviderErrors.ReadCommonBody(Answer(body)));

    [Fact]
    public void Text_that_is_not_json_or_not_an_object_is_kept_as_the_message()
    {
        Assert.Equal((null, "upstream exploded"), ProviderErrors.ReadCommonBody(Answer("upstream exploded", contentType: "text/plain")));
        Assert.Equal((null, """["an","array"]"""), ProviderErrors.ReadCommonBody(Answer("""["an","array"]""")));
        Assert.Equal((null, null), ProviderErrors.ReadCommonBody(Answer("")));
    }

    [Theory]
    [InlineData("text/html", "<html><body>Bad gateway</body></html>")]
    [InlineData(null, "  <html><body>Bad gateway</body></html>")]
    [InlineData("TEXT/HTML", "Bad gateway, without a tag")]
    public void An_html_page_is_named_as_one_instead_of_quoted(string? contentType, string body) =>
        Assert.Equal((null, "HTTP 502 (an HTML error page)"), ProviderErrors.ReadCommonBody(Answer(body, HttpStatusCode.BadGateway, contentType)));

    [Fact]
    public void Plain_text_starting_like_a_tag_only_counts_as_html_with_the_tag()
    {
        Assert.Equal((null, "not <html> at the start"), ProviderErrors.ReadCommonBody(Answer("not <html> at the start", contentType: "text/plain")));
    }

    [Fact]
    public void The_message_names_provider_status_code_message_and_request_id()
    {
        var response = Answer("""{"error":"bad seed"}""", requestId: "req-9");

        Assert.Equal("Segmind answered HTTP 400 [E1]: bad seed (request id req-9).", ProviderErrors.Message(response, "E1", "bad seed"));
        Assert.Equal("Segmind answered HTTP 400.", ProviderErrors.Message(Answer("{}"), null, null));
        Assert.Equal("Segmind answered HTTP 400.", ProviderErrors.Message(Answer("{}"), null, "   "));
        Assert.Equal("Segmind answered HTTP 400: m; and more", ProviderErrors.Message(Answer("{}"), null, "m", "; and more"));
    }

    [Fact]
    public void A_long_provider_message_is_cut_at_300_characters()
    {
        var exactly = new string('a', 300);
        var longer = new string('b', 301);

        Assert.Equal($"Segmind answered HTTP 400: {exactly}.", ProviderErrors.Message(Answer("{}"), null, exactly));
        Assert.Equal($"Segmind answered HTTP 400: {new string('b', 300)}….", ProviderErrors.Message(Answer("{}"), null, longer));
    }

    [Fact]
    public void Details_carry_an_explicit_request_id_over_the_header_and_no_raw_body_for_an_empty_answer()
    {
        var response = Answer("""{"error":"x"}""", requestId: "from-header");

        Assert.Equal("explicit", ProviderErrors.Details(response, null, null, "explicit").RequestId);
        Assert.Equal("from-header", ProviderErrors.Details(response, null, null).RequestId);
        Assert.Equal("""{"error":"x"}""", ProviderErrors.Details(response, null, null).RawBody);
        Assert.Null(ProviderErrors.Details(Answer(""), null, null).RawBody);
    }

    [Fact]
    public void The_typed_exception_follows_the_status()
    {
        IdeogramException Of(HttpStatusCode status, bool policy = false, bool credits = false) =>
            ProviderErrors.FromResponse(Answer("""{"error":"m"}""", status), ("c", "m"), policy, credits, "seed");

        Assert.IsType<IdeogramAuthenticationException>(Of(HttpStatusCode.Unauthorized));
        Assert.IsType<IdeogramAuthenticationException>(Of(HttpStatusCode.Forbidden));
        Assert.IsType<IdeogramRateLimitException>(Of(HttpStatusCode.TooManyRequests));
        Assert.IsType<IdeogramInsufficientCreditsException>(Of(HttpStatusCode.PaymentRequired));
        Assert.IsType<IdeogramInsufficientCreditsException>(Of(HttpStatusCode.NotAcceptable, credits: true));
        Assert.IsType<IdeogramContentPolicyException>(Of(HttpStatusCode.UnprocessableEntity, policy: true));
        foreach (var status in new[] { 400, 404, 405, 409, 413, 415, 422 })
        {
            var refused = Assert.IsType<IdeogramBadRequestException>(Of((HttpStatusCode)status));
            Assert.Equal("seed", refused.ProviderParameter);
        }

        Assert.Equal(typeof(IdeogramException), Of(HttpStatusCode.InternalServerError).GetType());
        Assert.Equal(typeof(IdeogramException), Of(HttpStatusCode.NotAcceptable).GetType());
    }

    [Fact]
    public void A_callback_failure_keeps_a_short_preview_of_its_body_and_none_of_an_empty_one()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 2000));

        var e = ProviderErrors.FromCallback(IdeogramProvider.Runflow, "failed", "code", "message", "run-1", body, (m, d) => new IdeogramJobFailedException(m, d));
        var empty = ProviderErrors.FromCallback(IdeogramProvider.Runflow, "failed", null, null, null, [], (m, d) => new IdeogramJobFailedException(m, d));

        Assert.Equal(new string('x', 1024), e.RawBody);
        Assert.Equal(("code", "message", "run-1"), (e.ErrorCode, e.ProviderMessage, e.RequestId));
        Assert.Null(empty.RawBody);
        Assert.Throws<ArgumentNullException>(() => ProviderErrors.FromCallback<IdeogramException>(IdeogramProvider.Runflow, "m", null, null, null, [], null!));
        Assert.Throws<ArgumentNullException>(() => ProviderErrors.Create<IdeogramException>(Answer("{}"), "m", null, null, null!));
    }

    [Fact]
    public void An_unreadable_answer_says_what_it_was_and_keeps_the_job()
    {
        var job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "job-1", DateTimeOffset.UnixEpoch);
        var inner = new FormatException("bad");

        var e = ProviderErrors.Unreadable(Answer("{", HttpStatusCode.OK), "a body that is not JSON", inner, job);

        Assert.Equal("Segmind answered HTTP 200 with a body that is not JSON; see RawBody.", e.Message);
        Assert.Equal("a body that is not JSON", e.ProviderMessage);
        Assert.Same(inner, e.InnerException);
        Assert.Same(job, e.Job);
        Assert.Equal("{", e.RawBody);
    }
}
