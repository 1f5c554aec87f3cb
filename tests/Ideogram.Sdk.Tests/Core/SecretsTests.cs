using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>The API key never leaves through <c>ToString()</c>, exception messages, validation messages or job tokens.</summary>
public sealed class SecretsTests
{
    private const string Key = "sk-live-Zq81xYv02TOPSECRET";

    private static IdeogramClient Client(HttpMessageHandler transport) =>
        new(new IdeogramClientOptions { ApiKey = Key, BaseAddress = CoreKit.Base, TimeProvider = new Infrastructure.DelayRecordingTimeProvider { AutoAdvanceDelays = true }, MaxRetries = 0 }, transport);

    private static void NoKey(string? text)
    {
        // Neither end of the key: a key cut in half by a truncation is still a leak.
        Assert.DoesNotContain("TOPSECRET", text ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-Zq81", text ?? string.Empty, StringComparison.Ordinal);
    }

    private static void NoKey(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            NoKey(x.Message);
            if (x is IdeogramException ie)
            {
                NoKey(ie.ProviderMessage);
                NoKey(ie.RawBody);
                NoKey(ie.ErrorCode);
            }
        }

        NoKey(e.ToString());
    }

    [Fact]
    public void Options_ToString_says_a_key_is_set_without_showing_it()
    {
        var options = new IdeogramClientOptions { ApiKey = Key, BaseAddress = new Uri("https://proxy.example/") };

        var text = options.ToString();

        NoKey(text);
        Assert.Contains("key set", text, StringComparison.Ordinal);
        Assert.Contains("https://proxy.example/", text, StringComparison.Ordinal);
        Assert.Contains("key missing", new IdeogramClientOptions().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKey_ToString_is_stars_and_the_key_has_no_readable_property()
    {
        var key = new ApiKey(Key);

        Assert.Equal("***", key.ToString());
        Assert.Equal("***", $"{key}");
        Assert.Empty(typeof(ApiKey).GetProperties());
        key.Update("sk-live-rotated-TOPSECRET");
        Assert.Equal("***", key.ToString());
        Assert.Equal("sk-live-rotated-TOPSECRET", key.Reveal());
    }

    [Fact]
    public void Client_ToString_names_provider_and_address_only()
    {
        var (mock, _) = CoreKit.Refusing();
        using var client = Client(mock);

        var text = client.ToString();

        NoKey(text);
        Assert.Equal($"IdeogramClient(Ideogram, {CoreKit.Base})", text);
    }

    [Fact]
    public void A_missing_key_error_names_the_variable_not_a_value()
    {
        var previous = Environment.GetEnvironmentVariable("IDEOGRAM_API_KEY");
        Environment.SetEnvironmentVariable("IDEOGRAM_API_KEY", null);
        try
        {
            var e = Assert.Throws<ArgumentException>(() => new IdeogramClient(new IdeogramClientOptions(), new MockHttpMessageHandler()));
            Assert.Contains("IDEOGRAM_API_KEY", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDEOGRAM_API_KEY", previous);
        }
    }

    [Fact]
    public async Task The_key_is_sent_only_in_the_auth_header()
    {
        var mock = new MockHttpMessageHandler();
        CapturedForm? form = null;
        mock.When("https://api.ideogram.test/v1/ideogram-v3/generate").Respond(async req =>
        {
            form = await CapturedForm.ReadAsync(req);
            return CoreKit.Json(CoreKit.GenerateJson);
        });
        using var client = Client(mock);

        await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Equal(Key, form!.Headers["Api-Key"]);
        Assert.All(form.Headers.Where(h => h.Key != "Api-Key"), h => NoKey(h.Value));
        Assert.All(form.Parts, p => NoKey(Encoding.UTF8.GetString(p.Bytes)));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(IdeogramAuthenticationException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(IdeogramBadRequestException))]
    [InlineData(HttpStatusCode.InternalServerError, typeof(IdeogramException))]
    [InlineData(HttpStatusCode.TooManyRequests, typeof(IdeogramRateLimitException))]
    public async Task Provider_errors_do_not_carry_the_key(HttpStatusCode status, Type expected)
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ =>
        {
            var response = CoreKit.Json("""{"detail":"Something is wrong with this request"}""", status);
            response.Headers.Add("x-request-id", "req-9");
            return response;
        });
        using var client = Client(mock);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.IsType(expected, e);
        Assert.Contains("req-9", e.Message, StringComparison.Ordinal);
        Assert.Contains("Something is wrong", e.Message, StringComparison.Ordinal);
        NoKey(e);
    }

    [Fact]
    public async Task A_connection_failure_does_not_carry_the_key()
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.ideogram.test:443)"));
        using var client = Client(mock);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Contains("api.ideogram.test", e.Message, StringComparison.Ordinal);
        NoKey(e);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"detail":"Invalid API key: sk-live-Zq81xYv02TOPSECRET"}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"code":"bad_request","message":"header Api-Key=sk-live-Zq81xYv02TOPSECRET rejected"}}""")]
    [InlineData(HttpStatusCode.InternalServerError, "upstream failed for key sk-live-Zq81xYv02TOPSECRET")]
    public async Task A_provider_that_echoes_the_key_does_not_leak_it_through_the_exception(HttpStatusCode status, string body)
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(status, "application/json", body);
        using var client = Client(mock);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(status, e.StatusCode);
        NoKey(e);
        Assert.Contains("***", e.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_messages_do_not_carry_the_key()
    {
        var (mock, sent) = CoreKit.Refusing();
        using var client = Client(mock);

        var e = await Assert.ThrowsAnyAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest(Key) { Seed = -1 }));
        var f = await Assert.ThrowsAnyAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest("fox") { CustomModelUri = "key" }));

        NoKey(e);
        NoKey(f);
        Assert.Empty(sent);
    }

    [Fact]
    public async Task A_job_token_does_not_carry_the_key()
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ => CoreKit.Json(CoreKit.GenerateJson));
        using var client = Client(mock);

        var job = await client.SubmitAsync(new GenerateRequest("fox"));
        var token = job.ToToken();

        NoKey(token);
        NoKey(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token)));
        NoKey(job.ToString());
        NoKey(job.Result!.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(490)]
    [InlineData(497)]
    [InlineData(1015)]
    [InlineData(1022)]
    [InlineData(3000)]
    public void A_key_across_a_preview_cut_is_removed_whole(int offset)
    {
        var body = new string('a', offset) + Key + new string('b', 2000);
        var response = new Ideogram.Sdk.Providers.ProviderResponse(IdeogramProvider.Ideogram, HttpStatusCode.BadGateway, null, null, Encoding.UTF8.GetBytes(body), TimeProvider.System, new ApiKey(Key));

        var e = ProviderErrors.FromResponse(response, ProviderErrors.ReadCommonBody(response));

        NoKey(e);
        NoKey(response.BodyPreview(500));
        NoKey(response.BodyPreview(1024));
        Assert.EndsWith("…", e.RawBody, StringComparison.Ordinal);
        Assert.Equal(1025, e.RawBody!.Length);
    }

    [Fact]
    public void Without_a_credential_the_preview_is_the_plain_start_of_the_body()
    {
        var response = new Ideogram.Sdk.Providers.ProviderResponse(IdeogramProvider.Ideogram, HttpStatusCode.BadGateway, null, null, Encoding.UTF8.GetBytes(new string('x', 30)), TimeProvider.System, null);

        Assert.Equal(new string('x', 10) + "…", response.BodyPreview(10));
        Assert.Equal(new string('x', 30), response.BodyPreview(30));
    }
}
