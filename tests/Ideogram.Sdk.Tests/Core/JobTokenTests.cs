using System.Buffers.Text;
using System.Text;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary><see cref="ImageJob.ToToken"/> / <see cref="ImageJob.Parse"/>: a job survives the trip to another process, and nothing else does.</summary>
public sealed class JobTokenTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static ImageJob Pending() => new(IdeogramProvider.Runflow, ImageOperation.Remix, "run_01HZX9", Created, new Dictionary<string, string>
    {
        ["status"] = "queued",
        ["mode"] = "queue",
        ["seed"] = "1234567890",
    });

    [Fact]
    public void A_pending_job_round_trips()
    {
        var job = Pending();

        var back = ImageJob.Parse(job.ToToken());

        Assert.Equal(IdeogramProvider.Runflow, back.Provider);
        Assert.Equal(ImageOperation.Remix, back.Operation);
        Assert.Equal("run_01HZX9", back.Id);
        Assert.Equal(Created, back.CreatedAt);
        Assert.Equal(job.Properties.OrderBy(p => p.Key), back.Properties.OrderBy(p => p.Key));
        Assert.False(back.IsCompleted);
        Assert.Null(back.Result);
        Assert.Empty(back.Parts);
    }

    [Fact]
    public void A_job_without_properties_round_trips_with_empty_properties()
    {
        var back = ImageJob.Parse(new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Describe, "x", Created).ToToken());

        Assert.Empty(back.Properties);
        Assert.Equal("x", back.Id);
        Assert.Equal(ImageOperation.Describe, back.Operation);
    }

    [Fact]
    public void A_completed_job_round_trips_its_result_images_bytes_and_descriptions()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 250, 255];
        var expires = new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);
        var result = new ImageResult(IdeogramProvider.Ideogram, ImageOperation.Generate,
        [
            new GeneratedImage
            {
                Url = new Uri("https://ideogram.ai/api/images/ephemeral/a.png?exp=1772668800&sig=abc"),
                ContentType = "image/png",
                Prompt = "a red fox, MagicPrompt-rewritten",
                Resolution = Resolution.Res1024x1024,
                UpscaledResolution = "2048x2048",
                Seed = 2147483647,
                StyleType = StyleType.Realistic,
                ExpiresAt = expires,
                ProviderImageId = "img-1",
                Cost = 0.08m,
            },
            new GeneratedImage { Data = bytes, ContentType = "image/png", Seed = 12 },
            new GeneratedImage { IsSafe = false },
        ])
        {
            Descriptions = ["a fox", "a red animal"],
            Created = Created,
            Cost = 0.16m,
            RequestId = "req-42",
        };
        var job = new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Generate, "req-42", Created) { Result = result };

        var back = ImageJob.Parse(job.ToToken());

        Assert.True(back.IsCompleted);
        var r = back.Result!;
        Assert.Equal((IdeogramProvider.Ideogram, ImageOperation.Generate), (r.Provider, r.Operation));
        Assert.Equal(["a fox", "a red animal"], r.Descriptions);
        Assert.Equal(Created, r.Created);
        Assert.Equal(0.16m, r.Cost);
        Assert.Equal("req-42", r.RequestId);
        Assert.Equal(3, r.Images.Count);

        var first = r.Images[0];
        Assert.Equal(result.Images[0].Url, first.Url);
        Assert.Equal("image/png", first.ContentType);
        Assert.Equal("a red fox, MagicPrompt-rewritten", first.Prompt);
        Assert.Equal(Resolution.Res1024x1024, first.Resolution);
        Assert.Equal("2048x2048", first.UpscaledResolution);
        Assert.Equal(2147483647, first.Seed);
        Assert.Equal(StyleType.Realistic, first.StyleType);
        Assert.Equal(expires, first.ExpiresAt);
        Assert.Equal("img-1", first.ProviderImageId);
        Assert.Equal(0.08m, first.Cost);
        Assert.True(first.IsSafe);
        Assert.Null(first.Data);

        var second = r.Images[1];
        Assert.Equal(bytes, second.Data!.Value.ToArray());
        Assert.Null(second.Url);
        Assert.Equal(12, second.Seed);

        var third = r.Images[2];
        Assert.False(third.IsSafe);
        Assert.Null(third.Url);
        Assert.True(r.HasUnsafeImages);
    }

    [Fact]
    public void A_split_job_round_trips_its_parts()
    {
        var parts = Enumerable.Range(0, 3).Select(i => new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, $"req-{i}", Created.AddSeconds(i),
            new Dictionary<string, string> { ["poll"] = $"requests:req-{i}" })).ToList();
        parts[1] = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "req-1", Created.AddSeconds(1))
        {
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://cdn.test/1.png") }]),
        };
        var job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "req-0", Created) { Parts = parts };

        var back = ImageJob.Parse(job.ToToken());

        Assert.Equal(["req-0", "req-1", "req-2"], back.Parts.Select(p => p.Id));
        Assert.Equal(Created.AddSeconds(2), back.Parts[2].CreatedAt);
        Assert.Equal("requests:req-2", back.Parts[2].Properties["poll"]);
        Assert.False(back.Parts[0].IsCompleted);
        Assert.True(back.Parts[1].IsCompleted);
        Assert.Equal(new Uri("https://cdn.test/1.png"), back.Parts[1].Result!.Images[0].Url);
        Assert.All(back.Parts, p => Assert.Equal(IdeogramProvider.Segmind, p.Provider));
    }

    [Fact]
    public void The_token_is_URL_safe_and_TryParse_accepts_it()
    {
        var token = Pending().ToToken();

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.True(ImageJob.TryParse(token, out var job));
        Assert.Equal("run_01HZX9", job!.Id);
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string> BadTokens()
    {
        var good = Pending().ToToken();
        return new()
        {
            { "plain text", "hello world" },
            { "not base64url", "!!!!####" },
            { "truncated", good[..(good.Length / 2)] },
            { "first character changed", (good[0] == 'A' ? "B" : "A") + good[1..] },
            { "base64 of non-JSON", Encode("not json at all") },
            { "JSON null", Encode("null") },
            { "JSON array", Encode("[1,2,3]") },
            { "version 2", Encode("""{"v":2,"p":"Ideogram","o":"Generate","id":"abc","c":0}""") },
            { "version 0 (no version)", Encode("""{"p":"Ideogram","o":"Generate","id":"abc","c":0}""") },
            { "no id", Encode("""{"v":1,"p":"Ideogram","o":"Generate","c":0}""") },
            { "empty id", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"","c":0}""") },
            { "unknown provider", Encode("""{"v":1,"p":"Midjourney","o":"Generate","id":"abc","c":0}""") },
            { "unknown operation", Encode("""{"v":1,"p":"Ideogram","o":"Animate","id":"abc","c":0}""") },
            { "a bad image URL", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"abc","c":0,"r":{"images":[{"url":"not a url"}]}}""") },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public void Garbage_tampered_and_other_version_tokens_are_FormatException(string name, string token)
    {
        var e = Assert.Throws<FormatException>(() => ImageJob.Parse(token));

        Assert.Contains("not a valid Ideogram.Sdk job token", e.Message, StringComparison.Ordinal);
        Assert.False(ImageJob.TryParse(token, out var job), name);
        Assert.Null(job);
    }

    [Fact]
    public void Another_version_says_which_versions_are_involved()
    {
        var e = Assert.Throws<FormatException>(() => ImageJob.Parse(Encode("""{"v":2,"p":"Ideogram","o":"Generate","id":"abc","c":0}""")));

        Assert.Contains("version 2", e.InnerException!.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", e.InnerException.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_tokens_are_argument_errors_for_Parse_and_false_for_TryParse(string? token)
    {
        Assert.ThrowsAny<ArgumentException>(() => ImageJob.Parse(token!));
        Assert.False(ImageJob.TryParse(token, out var job));
        Assert.Null(job);
    }

    [Fact]
    public async Task A_token_from_a_real_call_holds_neither_the_API_key_nor_the_base_address()
    {
        var mock = new MockHttpMessageHandler();
        mock.When("https://proxy.internal.example/ideogram/v1/ideogram-v3/generate").Respond(_ =>
        {
            var response = CoreKit.Json(CoreKit.GenerateJson);
            response.Headers.Add("x-request-id", "req-777");
            return response;
        });
        using var client = CoreKit.Client(mock, o => o.BaseAddress = new Uri("https://proxy.internal.example/ideogram/"));

        var job = await client.SubmitAsync(new GenerateRequest("a red fox"));
        var token = job.ToToken();

        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        Assert.StartsWith("{\"v\":1,", json, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"req-777\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(CoreKit.Key, json, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy.internal.example", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CoreKit.Key, token, StringComparison.Ordinal);
        Assert.DoesNotContain(CoreKit.Key, job.ToString(), StringComparison.Ordinal);

        var back = ImageJob.Parse(token);
        Assert.Equal("req-777", back.Id);
        Assert.Equal("https://ideogram.ai/api/images/ephemeral/a.png?exp=1893456000", back.Result!.Images[0].Url!.AbsoluteUri);
    }

    [Fact]
    public async Task An_image_rehydrated_from_a_token_downloads_from_its_URL_not_as_empty_inline_data()
    {
        var png = CoreKit.Png(300);
        var mock = new MockHttpMessageHandler();
        mock.When("https://ideogram.ai/api/images/ephemeral/a.png*").Respond(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(png) });
        using var client = CoreKit.Client(mock);
        var job = new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Generate, "r", Created)
        {
            Result = new ImageResult(IdeogramProvider.Ideogram, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://ideogram.ai/api/images/ephemeral/a.png?exp=1893456000") }]),
        };
        var image = ImageJob.Parse(job.ToToken()).Result!.Images[0];
        using var destination = new MemoryStream();

        var written = await client.DownloadAsync(image, destination);

        Assert.Equal(png.Length, written);
        Assert.Equal(png, destination.ToArray());
    }
}
