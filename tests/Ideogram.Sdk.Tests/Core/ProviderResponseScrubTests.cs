using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>The request's key is removed from a provider's answer once, when it is read, before any adapter sees it.</summary>
public sealed class ProviderResponseScrubTests
{
    private const string Key = "rk_live+9f/2c=a1&TOPSECRET";

    private static ProviderResponse Read(byte[] body, string? contentType = "application/json", string? key = Key, params (string Name, string Value)[] headers)
    {
        using var message = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return new ProviderResponse(IdeogramProvider.Runware, message.StatusCode, message.Headers, message.Content.Headers, body, TimeProvider.System, key is null ? null : new ApiKey(key));
    }

    [Fact]
    public void Every_echoed_form_of_the_key_is_masked_and_the_JSON_still_parses()
    {
        var forms = new[]
        {
            Key,
            JsonEncodedText.Encode(Key).ToString(),
            System.Text.RegularExpressions.Regex.Replace(JsonEncodedText.Encode(Key).ToString(), "\\\\u[0-9A-F]{4}", m => m.Value.ToLowerInvariant()),
            JsonEncodedText.Encode(Key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString().Replace("/", "\\/", StringComparison.Ordinal),
            Uri.EscapeDataString(Key),
            System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(Key), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
            WebUtility.UrlEncode(Key),
        };
        var json = "{" + string.Join(",", forms.Select((f, i) => $"\"f{i}\":\"<{f}>\"")) + ",\"taskUUID\":\"keep-me\"}";

        var response = Read(Encoding.UTF8.GetBytes(json));

        using var doc = JsonDocument.Parse(response.Body);
        for (var i = 0; i < forms.Length; i++)
        {
            Assert.Equal("<***>", doc.RootElement.GetProperty($"f{i}").GetString());
        }

        Assert.Equal("keep-me", doc.RootElement.GetProperty("taskUUID").GetString());
        Assert.DoesNotContain("TOPSECRET", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_without_the_key_is_the_same_array()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":[]}""");

        Assert.Same(body, Read(body).Body);
    }

    [Fact]
    public void An_image_body_is_left_byte_for_byte()
    {
        var png = CoreKit.Png(64).Concat(Encoding.UTF8.GetBytes(Key)).ToArray();

        Assert.Equal(png, Read(png, "image/png").Body);
        Assert.Equal(png, Read(png, contentType: null).Body);
    }

    [Theory]
    [InlineData("Image/WebP", false)]
    [InlineData(" image/jpeg; q=1", false)]
    [InlineData("application/json", true)]
    [InlineData("text/plain; image/png", true)]
    [InlineData("image/png, garbage;;=", true)]
    public void Only_an_answer_whose_media_type_parses_as_an_image_is_left_unscrubbed(string contentType, bool scrubbed)
    {
        // Not an image by its bytes: the label alone decides, and only when it parses as a media type.
        var body = Encoding.UTF8.GetBytes("raw " + Key + " bytes");
        using var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var read = new ProviderResponse(IdeogramProvider.Segmind, message.StatusCode, message.Headers, message.Content.Headers, body, TimeProvider.System, new ApiKey(Key));

        Assert.Equal(scrubbed, !Encoding.UTF8.GetString(read.Body).Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Header_values_read_by_adapters_are_masked()
    {
        var response = Read(Encoding.UTF8.GetBytes("{}"), headers: [("x-request-id", "req-" + Key), ("x-remaining-credits", "12")]);

        Assert.Equal("req-***", response.RequestId);
        Assert.Equal("req-***", response.Header("x-request-id"));
        Assert.Equal("12", response.Header("x-remaining-credits"));
    }

    [Fact]
    public void A_key_too_short_to_be_real_is_not_cut_out_of_answers_but_is_out_of_error_text()
    {
        var body = Encoding.UTF8.GetBytes("""{"task_id":"task-1","message":"bad key short1"}""");

        var response = Read(body, key: "short1");
        var e = ProviderErrors.FromResponse(response, ProviderErrors.ReadCommonBody(response));

        Assert.Same(body, response.Body);
        Assert.Equal("bad key ***", e.ProviderMessage);
        Assert.Contains("task-1", e.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("short1", e.RawBody + e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_an_envelope_as_another_status_keeps_the_scrubbed_body_and_the_key_rule()
    {
        var response = Read(Encoding.UTF8.GetBytes($$"""{"code":401,"message":"bad {{Key}}"}"""), headers: [("x-request-id", Key)]);

        var as401 = response.WithStatus(HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.Unauthorized, as401.StatusCode);
        Assert.Same(response.Body, as401.Body);
        Assert.Equal("***", as401.RequestId);
        Assert.Equal("x ***", as401.Redact("x " + Key));
    }

    [Fact]
    public void A_rotated_key_is_the_one_scrubbed()
    {
        var key = new ApiKey("first-key-0123456789");
        byte[] Body() => Encoding.UTF8.GetBytes("""{"message":"first-key-0123456789 then second-key-9876543210"}""");
        ProviderResponse Read(ApiKey k) => new(IdeogramProvider.Segmind, HttpStatusCode.BadRequest, null, null, Body(), TimeProvider.System, k);

        var before = Encoding.UTF8.GetString(Read(key).Body);
        key.Update("second-key-9876543210");
        var after = Encoding.UTF8.GetString(Read(key).Body);

        Assert.Equal("""{"message":"*** then second-key-9876543210"}""", before);
        Assert.Equal("""{"message":"first-key-0123456789 then ***"}""", after);
    }
}
