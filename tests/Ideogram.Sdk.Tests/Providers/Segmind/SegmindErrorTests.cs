using Ideogram.Sdk.Tests.Infrastructure;
using System.Net;
using System.Text;

namespace Ideogram.Sdk.Tests.Providers.Segmind;

/// <summary>Segmind's documented statuses and error bodies, mapped to the typed exceptions.</summary>
public class SegmindErrorTests
{
    public static TheoryData<int, Type> Statuses => new()
    {
        { 400, typeof(IdeogramBadRequestException) },
        { 401, typeof(IdeogramAuthenticationException) },
        { 403, typeof(IdeogramAuthenticationException) },
        { 404, typeof(IdeogramBadRequestException) },
        { 406, typeof(IdeogramInsufficientCreditsException) },
        { 429, typeof(IdeogramRateLimitException) },
        { 500, typeof(IdeogramException) },
        { 502, typeof(IdeogramException) },
        { 504, typeof(IdeogramException) },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_documented_status_has_its_exception(int status, Type expected)
    {
        var (client, handler) = SegmindWireTests.Client((_, _) => FunctionHandler.Json((HttpStatusCode)status, """{"error":"Something specific"}""", ("x-request-id", "req-9")));

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.Equal(expected, e.GetType());
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal("Something specific", e.ProviderMessage);
        Assert.Equal("req-9", e.RequestId);
        Assert.Contains("Something specific", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-key", e.ToString(), StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Insufficient_credits_is_not_retryable()
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json((HttpStatusCode)406, """{"error":"Not enough credits to process request."}"""));

        var e = await Assert.ThrowsAsync<IdeogramInsufficientCreditsException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.False(e.IsRetryable);
        Assert.Equal("Not enough credits to process request.", e.ProviderMessage);
    }

    [Fact]
    public async Task Error_with_detail_keeps_both()
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(HttpStatusCode.BadRequest, """{"error":"Bad Request","detail":"Invalid parameters"}"""));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.Equal("Bad Request: Invalid parameters", e.ProviderMessage);
    }

    [Theory]
    [InlineData("""{"detail":"Invalid seed"}""", "Invalid seed")]
    [InlineData("""{"message":"Invalid seed"}""", "Invalid seed")]
    [InlineData("Invalid seed", "Invalid seed")]
    public async Task Error_text_falls_back_to_detail_message_then_raw_text(string body, string expected)
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Raw(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(body), "text/plain"));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(new GenerateRequest("p")));

        Assert.Equal(expected, e.ProviderMessage);
    }

    [Fact]
    public async Task A_content_policy_refusal_is_typed()
    {
        var (client, _) = SegmindWireTests.Client((_, _) => FunctionHandler.Json(HttpStatusCode.BadRequest, """{"error":"Prompt failed the content policy check (content_policy_violation)."}"""));

        await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.GenerateAsync(new GenerateRequest("p")));
    }

    [Fact]
    public async Task Rate_limits_are_retried_before_failing()
    {
        var (client, handler) = SegmindWireTests.Client(
            (_, i) => i == 0 ? FunctionHandler.Json(HttpStatusCode.TooManyRequests, """{"error":"Too many requests"}""") : FunctionHandler.Json(SegmindWireTests.ResultJson),
            o => (o.MaxRetries, o.RetryBaseDelay) = (2, TimeSpan.Zero));

        var result = await client.GenerateAsync(new GenerateRequest("p"));

        Assert.Single(result.Images);
        Assert.Equal(2, handler.Requests.Count);
    }
}
