using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using static Ideogram.Sdk.Tests.Providers.Ideogram.IdeogramTestKit;

namespace Ideogram.Sdk.Tests.Providers.Ideogram;

/// <summary>Reading Ideogram's answers: the spec's example bodies, both <c>created</c> spellings, unsafe images, expiry.</summary>
public class IdeogramResponseTests
{
    [Fact]
    public async Task The_specs_example_response_becomes_a_result()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, SpecExample("ImageGenerationResponseV3"), r => r.Headers.Add("x-request-id", "req-77"));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new GenerateRequest("beach"));

        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
        Assert.Equal(ImageOperation.Generate, result.Operation);
        Assert.Equal("req-77", result.RequestId);
        Assert.Equal(new DateTimeOffset(2000, 1, 23, 4, 56, 7, TimeSpan.Zero), result.Created);
        Assert.Equal(2, result.Images.Count);
        var image = result.Images[0];
        Assert.True(image.IsSafe);
        Assert.Equal(12345, image.Seed);
        Assert.Equal(StyleType.General, image.StyleType);
        Assert.Equal(Resolution.Res1280x800, image.Resolution);
        Assert.Equal("4096x4096", image.UpscaledResolution);
        Assert.StartsWith("A serene tropical beach scene.", image.Prompt, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://ideogram.ai/api/images/ephemeral/xtdZiqPwRxqY1Y7NExFmzB.png?exp=1743867804&sig=e13e12677633f646d8531a153d20e2d3698dca9ee7661ee5ba4f3b64e7ec3f89"), image.Url);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1743867804), image.ExpiresAt);
        Assert.False(result.HasUnsafeImages);
    }

    [Theory]
    [InlineData("2000-01-23 04:56:07+00:00", "2000-01-23T04:56:07+00:00")]
    [InlineData("2024-10-30T22:46:49.796902+00:00", "2024-10-30T22:46:49.796902+00:00")]
    [InlineData("2024-10-30T22:46:49Z", "2024-10-30T22:46:49+00:00")]
    public async Task Both_documented_created_formats_parse(string created, string expected)
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, V3Response(created: created));
        using var client = Client(handler);

        var result = await client.GenerateAsync(new GenerateRequest("x"));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Created);
    }

    [Theory]
    [InlineData("2024-10-30T22:46:49.796902+00:00")]
    [InlineData("2024-10-30T22:46:49.7969021+00:00")]
    [InlineData("2024-10-30T22:46:49.1+00:00")]
    [InlineData("2024-10-30T22:46:49+05:30")]
    [InlineData("2024-10-30T22:46:49-08:00")]
    [InlineData("2024-10-30T22:46:49.5Z")]
    [InlineData("2024-10-30T22:46:49Z")]
    [InlineData("2024-10-30T22:46+00:00")]
    [InlineData("2000-01-23 04:56:07+00:00")]
    [InlineData("2000-01-23 04:56:07.123-03:00")]
    [InlineData("2024-10-30T22:46:49")]
    [InlineData("2024-10-30T22:46:49.796902")]
    [InlineData("2024-10-30")]
    [InlineData("30 Oct 2024 22:46:49 +00:00")]
    [InlineData("2024-13-30T22:46:49+00:00")]
    [InlineData("2024-10-30T22:46:49\"+00:00")]
    [InlineData("2024-10-30T22:46:49\u0001+00:00")]
    [InlineData("2024-10-30T22:46:49ü+00:00")]
    [InlineData("not a date +00:00")]
    [InlineData("")]
    public void Created_reads_as_the_general_parser_reads_it_whichever_path_it_takes(string created)
    {
        var expected = DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;

        // Ideogram's created and Runflow's run times are read by the same parser.
        var read = Sdk.Providers.Ideogram.IdeogramAdapter.ParseCreated(created);
        var runflow = Sdk.Providers.Runflow.RunflowAdapter.Time(created);

        Assert.Equal(expected, read);
        Assert.Equal(expected?.Offset, read?.Offset);
        Assert.Equal(expected, runflow);
        Assert.Equal(expected?.Offset, runflow?.Offset);
    }

    [Theory]
    [InlineData("https://ideogram.ai/api/images/ephemeral/a.png?exp=1782875452&sig=1", 1782875452L)]
    [InlineData("https://ideogram.ai/api/images/ephemeral/a.png?sig=1&exp=1782875452#part", 1782875452L)]
    [InlineData("https://ideogram.ai/api/images/ephemeral/a.png#part?exp=1782875452", null)]
    [InlineData("https://ideogram.ai/api/images/ephemeral/a.png?sig=1#exp=1782875452", null)]
    [InlineData("https://ideogram.ai/api/images/ephemeral/a.png", null)]
    public void A_link_s_expiry_is_read_from_its_query_never_from_its_fragment(string link, long? seconds)
    {
        Assert.Equal(seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null, Sdk.Providers.Ideogram.IdeogramAdapter.ExpiryOf(new Uri(link)));
    }

    [Fact]
    public async Task An_unsafe_image_is_a_typed_outcome_not_a_missing_url()
    {
        const string body = """
            {"created":"2025-01-01T00:00:00+00:00","data":[
              {"url":null,"prompt":"p","resolution":"1024x1024","is_image_safe":false,"seed":1,"style_type":"GENERAL"},
              {"url":"https://ideogram.ai/api/images/ephemeral/ok.png?exp=1782875452&sig=1","prompt":"p","resolution":"1024x1024","is_image_safe":true,"seed":2}]}
            """;
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, body);
        using var client = Client(handler);

        var result = await client.GenerateAsync(new GenerateRequest("x") { NumImages = 2 });

        Assert.True(result.HasUnsafeImages);
        Assert.False(result.Images[0].IsSafe);
        Assert.Null(result.Images[0].Url);
        Assert.True(result.Images[1].IsSafe);
        await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.DownloadAsync(result.Images[0], Stream.Null));
    }

    [Fact]
    public async Task A_body_that_is_not_the_documented_json_is_a_typed_error_with_the_raw_body()
    {
        var handler = new ScriptedHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html>gateway says hi</html>", System.Text.Encoding.UTF8, "text/html"),
        });
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("x")));

        Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        Assert.Contains("gateway says hi", e.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_without_data_is_refused()
    {
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, """{"created":"2025-01-01T00:00:00+00:00"}""");
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("x")));
        Assert.Contains("data", e.Message, StringComparison.Ordinal);
    }
}
