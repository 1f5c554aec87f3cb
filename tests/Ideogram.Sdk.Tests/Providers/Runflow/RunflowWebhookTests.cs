using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ideogram.Sdk.Providers.Runflow;
using RichardSzalay.MockHttp;
using static Ideogram.Sdk.Tests.Providers.Runflow.RunflowTestKit;

namespace Ideogram.Sdk.Tests.Providers.Runflow;

/// <summary>Runflow callbacks: <c>Runflow-Signature</c> verification and payload parsing.</summary>
public class RunflowWebhookTests
{
    private const string Secret = "whsec_2f1d9c0b7a6e5d4c3b2a1908f7e6d5c4";
    private const string OldSecret = "whsec_old_5e4d3c2b1a09";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"event":"run.completed","run_id":"0197d3c2-aaaa-7bbb-8ccc-000000000001","status":"succeeded","output":{"outputs":[{"url":"https://cdn.example.com/1.webp","type":"image","width":1024,"height":1024}],"seed":7,"nsfw_detected":false,"timing":null},"duration_ms":102345,"created_at":"2026-05-06T10:00:00.000+00:00","completed_at":"2026-05-06T10:01:42.000+00:00","metadata":{"job":"42"}}""");

    /// <summary>The signature computed independently of the SDK: hex HMAC-SHA256 keyed with the whole secret.</summary>
    private static string Expected(byte[] body, string secret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
    }

    [Fact]
    public void Sign_is_lowercase_hex_hmac_sha256_of_the_raw_body()
    {
        var signature = RunflowWebhook.Sign(Body, Secret);

        Assert.Equal(Expected(Body, Secret), signature);
        Assert.Matches("^[0-9a-f]{64}$", signature);
    }

    [Fact]
    public void A_known_vector_verifies()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var body = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        Assert.True(RunflowWebhook.Verify(body, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "Jefe"));
    }

    [Fact]
    public void A_correct_signature_verifies()
    {
        Assert.True(RunflowWebhook.Verify(Body, Expected(Body, Secret), [Secret]));
        Assert.True(RunflowWebhook.Verify(Body, Expected(Body, Secret), Secret));
    }

    [Fact]
    public void A_tampered_body_does_not_verify()
    {
        var signature = Expected(Body, Secret);
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 0x01;

        Assert.False(RunflowWebhook.Verify(tampered, signature, [Secret]));
    }

    [Fact]
    public void Re_serialized_json_does_not_verify()
    {
        var signature = Expected(Body, Secret);
        var reformatted = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("+00:00", "Z", StringComparison.Ordinal));

        Assert.False(RunflowWebhook.Verify(reformatted, signature, [Secret]));
    }

    [Fact]
    public void A_wrong_secret_does_not_verify()
    {
        Assert.False(RunflowWebhook.Verify(Body, Expected(Body, Secret), ["whsec_someone_else"]));
    }

    [Fact]
    public void During_rotation_either_secret_verifies()
    {
        string[] both = [OldSecret, Secret];

        Assert.True(RunflowWebhook.Verify(Body, Expected(Body, OldSecret), both));
        Assert.True(RunflowWebhook.Verify(Body, Expected(Body, Secret), both));
        Assert.False(RunflowWebhook.Verify(Body, Expected(Body, "whsec_retired"), both));
    }

    [Fact]
    public void Empty_secret_slots_are_skipped_but_no_secret_at_all_is_an_error()
    {
        Assert.True(RunflowWebhook.Verify(Body, Expected(Body, Secret), ["", Secret]));
        Assert.Throws<ArgumentException>(() => RunflowWebhook.Verify(Body, Expected(Body, Secret), Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => RunflowWebhook.Verify(Body, Expected(Body, Secret), [""]));
        Assert.Throws<ArgumentNullException>(() => RunflowWebhook.Verify(Body, Expected(Body, Secret), (IEnumerable<string>)null!));
    }

    [Fact]
    public void A_missing_signature_does_not_verify()
    {
        Assert.False(RunflowWebhook.Verify(Body, null, [Secret]));
    }

    public static TheoryData<string> Malformed()
    {
        var good = Expected(Body, Secret);
        return new TheoryData<string>
        {
            string.Empty,
            "   ",
            "sha256=" + good,
            "t=1714990000,v1=" + good,
            "v1=" + good,
            good[..63],
            good + "0",
            good[..62] + "zz",
            good + "," + good,
            Convert.ToBase64String(Convert.FromHexString(good)),
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_signatures_are_rejected(string header)
    {
        Assert.False(RunflowWebhook.Verify(Body, header, [Secret]));
    }

    [Fact]
    public void Header_whitespace_and_hex_case_do_not_matter()
    {
        var good = Expected(Body, Secret);
        Assert.True(RunflowWebhook.Verify(Body, " " + good + " ", [Secret]));
        Assert.True(RunflowWebhook.Verify(Body, good.ToUpperInvariant(), [Secret]));
    }

    [Fact]
    public void Header_names_are_the_documented_ones()
    {
        Assert.Equal("Runflow-Signature", RunflowWebhook.SignatureHeader);
        Assert.Equal("Runflow-Request-Id", RunflowWebhook.RequestIdHeader);
    }

    [Fact]
    public void A_completed_callback_parses_to_a_succeeded_status()
    {
        var status = RunflowWebhook.Parse(Body);

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal("succeeded", status.ProviderStatus);
        Assert.Equal("0197d3c2-aaaa-7bbb-8ccc-000000000001", status.Job.Id);
        Assert.Equal(IdeogramProvider.Runflow, status.Job.Provider);
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero), status.Job.CreatedAt);
        var image = Assert.Single(status.Result!.Images);
        Assert.Equal(new Uri("https://cdn.example.com/1.webp"), image.Url);
        Assert.Equal(7, image.Seed);
        Assert.Equal(new Resolution("1024x1024"), image.Resolution);
        Assert.Same(status.Job, status.Result.Job);
    }

    [Fact]
    public void The_callbacks_page_image_urls_shape_parses()
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(
            """{"event":"run.completed","run_id":"01J0ABC","status":"succeeded","output":{"image_urls":["https://cdn.example.com/a.png","https://cdn.example.com/b.png"]},"duration_ms":1,"created_at":"2026-05-06T10:00:00.000+00:00","completed_at":null,"metadata":null}"""));

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(["https://cdn.example.com/a.png", "https://cdn.example.com/b.png"], status.Result!.Images.Select(i => i.Url!.AbsoluteUri));
    }

    [Fact]
    public void A_failed_callback_with_null_output_is_a_failure_with_the_job()
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(
            """{"event":"run.failed","run_id":"r-9","status":"failed","output":null,"duration_ms":5,"created_at":"2026-05-06T10:00:00.000+00:00","completed_at":"2026-05-06T10:00:05.000+00:00","metadata":null}"""));

        Assert.Equal(ImageJobState.Failed, status.State);
        var error = Assert.IsType<IdeogramJobFailedException>(status.Error);
        Assert.Equal("r-9", error.Job?.Id);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void A_failed_callback_with_an_error_envelope_in_output_carries_its_code_and_message()
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(
            """{"event":"run.failed","run_id":"r-9","status":"failed","output":{"code":"PROVIDER_ERROR","message":"upstream failed","errors":null},"metadata":null}"""));

        var error = Assert.IsType<IdeogramJobFailedException>(status.Error);
        Assert.Equal("PROVIDER_ERROR", error.ErrorCode);
        Assert.Equal("upstream failed", error.ProviderMessage);
    }

    [Fact]
    public void A_failed_callback_with_a_nested_error_in_output_is_read_too()
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(
            """{"event":"run.failed","run_id":"r-9","status":"failed","output":{"error":{"code":"NSFW","message":"flagged"}}}"""));

        var error = Assert.IsType<IdeogramJobFailedException>(status.Error);
        Assert.Equal("NSFW", error.ErrorCode);
        Assert.Equal("flagged", error.ProviderMessage);
    }

    [Theory]
    [InlineData("""{"event":"run.cancelled","run_id":"r-1","status":"cancelled","output":null}""")]
    [InlineData("""{"event":"run.cancelled","run_id":"r-1","status":"canceled","output":null}""")]
    [InlineData("""{"event":"run.cancelled","run_id":"r-1","output":null}""")]
    public void Cancelled_callbacks_in_every_spelling_are_cancelled(string body)
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(ImageJobState.Canceled, status.State);
        Assert.IsType<IdeogramJobFailedException>(status.Error);
    }

    [Fact]
    public void The_event_decides_when_the_status_is_missing()
    {
        var status = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(
            """{"event":"run.partial_succeeded","run_id":"r-2","output":{"outputs":[{"url":"https://cdn.example.com/1.png","type":"image"}]}}"""));

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Contains(status.Result!.Warnings, w => w.Code == "partial-result");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"event":"run.completed","status":"succeeded"}""")]
    [InlineData("""{"event":"run.completed","batch_id":"b-1","status":"succeeded","output":{"items":[],"succeeded":0,"failed":0,"cancelled":0,"total":0}}""")]
    public void Bodies_that_are_not_run_callbacks_are_refused(string body)
    {
        Assert.Throws<FormatException>(() => RunflowWebhook.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_callback_without_a_status_or_known_event_is_refused()
    {
        var e = Assert.Throws<IdeogramException>(() => RunflowWebhook.Parse(Encoding.UTF8.GetBytes("""{"run_id":"r-3","event":"run.something"}""")));
        Assert.Contains("without a status", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_and_a_poll_of_the_same_run_give_the_same_status()
    {
        var output = Outputs(ImageUrl, "https://cdn.example.com/2.webp");
        var mock = new MockHttpMessageHandler();
        AcceptRun(mock);
        ScriptPolls(mock, "r1", () => Json(HttpStatusCode.OK, Run("r1", "succeeded", output)));
        using var client = Client(mock, Clock());
        var polled = await client.PollAsync(await client.SubmitAsync(new GenerateRequest("p")));

        var callback = new System.Text.Json.Nodes.JsonObject
        {
            ["event"] = "run.completed",
            ["run_id"] = "r1",
            ["status"] = "succeeded",
            ["output"] = output.DeepClone(),
            ["created_at"] = "2026-05-06T10:00:00.000+00:00",
        };
        var parsed = RunflowWebhook.Parse(Encoding.UTF8.GetBytes(callback.ToJsonString()));

        Assert.Equal(polled.State, parsed.State);
        Assert.Equal(polled.Job.Id, parsed.Job.Id);
        Assert.Equal(polled.Result!.Images.Select(i => (i.Url, i.Seed, i.Resolution, i.ContentType, i.ExpiresAt)),
            parsed.Result!.Images.Select(i => (i.Url, i.Seed, i.Resolution, i.ContentType, i.ExpiresAt)));
    }
}
