using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// A job token is untrusted input: <see cref="ImageJob.Parse"/> refuses whatever a forged token could use (ids that
/// change a URL path, result URLs into the metadata service or other schemes, oversized or nested content), only
/// ever with <see cref="FormatException"/> or <see cref="ArgumentException"/>; and tokens the SDK writes stay small.
/// </summary>
public sealed class JobTokenSafetyTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Pending(string id, string props = "null") =>
        Encode($$"""{"v":1,"p":"Runflow","o":"Generate","id":{{id}},"c":0,"props":{{props}}}""");

    private static string WithImageUrl(string url) =>
        Encode($$"""{"v":1,"p":"Ideogram","o":"Generate","id":"r1","c":0,"r":{"images":[{"url":{{System.Text.Json.JsonSerializer.Serialize(url)}}}]} }""");

    public static TheoryData<string, string> ForgedTokens()
    {
        var data = new TheoryData<string, string>
        {
            { "id '..'", Pending("\"..\"") },
            { "id '.'", Pending("\".\"") },
            { "id with a dot segment", Pending("\"run/../../v1/admin\"") },
            { "id with a slash", Pending("\"a/b\"") },
            { "id with a backslash", Pending("\"a\\\\b\"") },
            { "id with a query", Pending("\"a?x=1\"") },
            { "id with a fragment", Pending("\"a#x\"") },
            { "id with percent-encoding", Pending("\"%2e%2e\"") },
            { "id with a space", Pending("\"a b\"") },
            { "id with a control character", Pending("\"a\\u0001b\"") },
            { "id with a line break", Pending("\"a\\r\\nHost: evil\"") },
            { "non-ASCII id", Pending("\"ａｂ\"") },
            { "id of 257 characters", Pending("\"" + new string('a', 257) + "\"") },
            { "property value that is a URL", Pending("\"r1\"", """{"status_url":"https://evil.example/x"}""") },
            { "property name with a slash", Pending("\"r1\"", """{"a/b":"1"}""") },
            { "property value with '..'", Pending("\"r1\"", """{"taskUUID":"../x"}""") },
            { "null property value", Pending("\"r1\"", """{"taskUUID":null}""") },
            { "33 properties", Pending("\"r1\"", "{" + string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\":\"v\"")) + "}") },
            { "image URL with the file scheme", WithImageUrl("file:///etc/passwd") },
            { "image URL with the ftp scheme", WithImageUrl("ftp://cdn.example/a.png") },
            { "image data URI", WithImageUrl("data:image/png;base64,iVBORw0KGgo=") },
            { "relative image URL", WithImageUrl("/a.png") },
            { "image URL at the metadata service", WithImageUrl("http://169.254.169.254/latest/meta-data/iam/") },
            { "image URL at a link-local IPv6 host", WithImageUrl("http://[fe80::1]/a.png") },
            { "image URL at an IPv4-mapped metadata host", WithImageUrl("http://[::ffff:169.254.169.254]/a.png") },
            { "image URL at AWS's IPv6 metadata host", WithImageUrl("http://[fd00:ec2::254]/a.png") },
            { "nested parts", Encode("""{"v":1,"p":"Segmind","o":"Generate","id":"a","c":0,"parts":[{"v":1,"p":"Segmind","o":"Generate","id":"b","c":0,"parts":[{"v":1,"p":"Segmind","o":"Generate","id":"c","c":0}]}]}""") },
            { "65 parts", Encode("""{"v":1,"p":"Segmind","o":"Generate","id":"a","c":0,"parts":[""" + string.Join(",", Enumerable.Range(0, 65).Select(i => $$"""{"v":1,"p":"Segmind","o":"Generate","id":"p{{i}}","c":0}""")) + "]}") },
            { "a part of another provider", Encode("""{"v":1,"p":"Segmind","o":"Generate","id":"a","c":0,"parts":[{"v":1,"p":"Runware","o":"Generate","id":"b","c":0}]}""") },
            { "null part", Encode("""{"v":1,"p":"Segmind","o":"Generate","id":"a","c":0,"parts":[null]}""") },
            { "numeric provider outside the enum", Encode("""{"v":1,"p":99,"o":"Generate","id":"a","c":0}""") },
            { "numeric operation outside the enum", Encode("""{"v":1,"p":"Ideogram","o":42,"id":"a","c":0}""") },
            { "creation time out of range", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":9223372036854775807}""") },
            { "deep nesting", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":0,"x":""" + new string('[', 40) + new string(']', 40) + "}") },
            { "a blank resolution", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":0,"r":{"images":[{"resolution":"  "}]}}""") },
            { "a prompt with a control character", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":0,"r":{"images":[{"prompt":"a\u0000b"}]}}""") },
            { "a prompt of 17 K characters", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":0,"r":{"images":[{"prompt":"PROMPT"}]}}""".Replace("PROMPT", new string('p', 17 * 1024), StringComparison.Ordinal)) },
            { "an image id that is not a plain id", Encode("""{"v":1,"p":"Runware","o":"Generate","id":"a","c":0,"r":{"images":[{"id":"../../x"}]}}""") },
            { "129 images", Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"a","c":0,"r":{"images":[""" + string.Join(",", Enumerable.Repeat("{}", 129)) + "]}}") },
            { "40 KB of inline data", Encode($$"""{"v":1,"p":"Runware","o":"Generate","id":"a","c":0,"r":{"images":[{"data":"{{Convert.ToBase64String(new byte[40 * 1024])}}"}]} }""") },
            { "inline data over the cap across parts", Encode($$"""{"v":1,"p":"Segmind","o":"Generate","id":"a","c":0,"parts":[{"v":1,"p":"Segmind","o":"Generate","id":"b","c":0,"r":{"images":[{"data":"{{Convert.ToBase64String(new byte[20 * 1024])}}"}]} },{"v":1,"p":"Segmind","o":"Generate","id":"c","c":0,"r":{"images":[{"data":"{{Convert.ToBase64String(new byte[20 * 1024])}}"}]} }]}""") },
            { "a token over 128 K characters", Encode("""{"v":1,"p":"Runflow","o":"Generate","id":"r1","c":0,"pad":"PAD"}""".Replace("PAD", new string('x', 100 * 1024), StringComparison.Ordinal)) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public void A_forged_token_is_refused_with_a_FormatException(string name, string token)
    {
        var e = Assert.Throws<FormatException>(() => ImageJob.Parse(token));

        Assert.Contains("not a valid Ideogram.Sdk job token", e.Message, StringComparison.Ordinal);
        Assert.False(ImageJob.TryParse(token, out var job), name);
        Assert.Null(job);
    }

    [Theory]
    [InlineData("0197d3c2-7a1b-7c3d-8e9f-0123456789ab")]
    [InlineData("n63xxxx_ideogram")]
    [InlineData("8c1d2e3f4a5b6c7d-SJC")]
    [InlineData("req~1:a@b+c=d,e;f.g")]
    public void Plain_ids_of_every_provider_round_trip(string id)
    {
        var job = new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, id, Created, new Dictionary<string, string> { ["remainingCredits"] = "-12.5", ["seed"] = "42" });

        var back = ImageJob.Parse(job.ToToken());

        Assert.Equal(id, back.Id);
        Assert.Equal("-12.5", back.Properties["remainingCredits"]);
    }

    [Theory]
    [InlineData("http://10.0.0.7/a.png")]
    [InlineData("http://127.0.0.1:5100/a.png")]
    [InlineData("http://localhost/a.png")]
    [InlineData("https://cdn.example/a.png?exp=1&sig=x")]
    public void Private_and_public_image_hosts_are_kept_for_the_download_time_check(string url)
    {
        var back = ImageJob.Parse(WithImageUrl(url));

        Assert.Equal(new Uri(url), back.Result!.Images[0].Url);
    }

    [Fact]
    public void Parse_throws_only_format_or_argument_errors_for_any_corruption_of_a_valid_token()
    {
        var job = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b", Created, new Dictionary<string, string> { ["taskUUID"] = "3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b" })
        {
            Result = new ImageResult(IdeogramProvider.Runware, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://im.runware.ai/a.jpg"), Seed = 3, Prompt = "p" }]),
        };
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(job.ToToken()));
        var random = new Random(20260506);
        const string Alphabet = "{}[]\",:0123456789-.eE\\/u tnrfalsx\u0001é";

        for (var round = 0; round < 3000; round++)
        {
            var chars = json.ToCharArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(chars));
            try
            {
                _ = ImageJob.Parse(token);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Refused the documented way.
            }
        }
    }

    [Fact]
    public void A_completed_job_with_large_inline_images_that_the_provider_keeps_is_written_as_the_job_to_read_again()
    {
        var task = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b", Created, new Dictionary<string, string>
        {
            ["taskUUID"] = "3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b",
            ["numberResults"] = "2",
        });
        var image = new GeneratedImage { Data = CoreKit.Png(3 * 1024 * 1024), ContentType = "image/png" };
        var job = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "sync-1", Created)
        {
            Result = new ImageResult(IdeogramProvider.Runware, ImageOperation.Generate, [image, image]) { Job = task },
        };

        var token = job.ToToken();
        var back = ImageJob.Parse(token);

        Assert.True(token.Length < 1024, $"The token is {token.Length} characters.");
        Assert.False(back.IsCompleted);
        Assert.Equal(task.Id, back.Id);
        Assert.Equal("2", back.Properties["numberResults"]);
    }

    [Fact]
    public void A_completed_job_with_large_inline_images_and_nothing_to_read_again_says_the_bytes_are_not_in_the_token()
    {
        var job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "sync-2", Created)
        {
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate,
            [
                new GeneratedImage { Data = CoreKit.Png(1024 * 1024), ContentType = "image/png", Seed = 9 },
                new GeneratedImage { Url = new Uri("https://cdn.segmind.test/b.png") },
            ]) { Cost = 0.08m },
        };

        var token = job.ToToken();
        var back = ImageJob.Parse(token);

        Assert.True(token.Length < 2048, $"The token is {token.Length} characters.");
        var result = back.Result!;
        Assert.Null(result.Images[0].Data);
        Assert.Null(result.Images[0].Url);
        Assert.Equal(9, result.Images[0].Seed);
        Assert.Equal(new Uri("https://cdn.segmind.test/b.png"), result.Images[1].Url);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("data-not-in-token", warning.Code);
        Assert.Contains("1048576 bytes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Image 1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_inline_images_stay_in_the_token_up_to_the_cap()
    {
        var small = CoreKit.Png(20 * 1024);
        var parts = Enumerable.Range(0, 2).Select(i => new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, $"sync-{i}", Created)
        {
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Data = small, ContentType = "image/png" }]) { Cost = 0.04m },
        }).ToList();
        var job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "sync-0", Created)
        {
            Parts = parts,
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [.. parts.SelectMany(p => p.Result!.Images)]) { Cost = 0.08m },
        };

        var back = ImageJob.Parse(job.ToToken());

        // The first part's 20 KB fit in the 32 KB the token carries; the second's do not, and the token says so.
        Assert.Equal(small, back.Parts[0].Result!.Images[0].Data!.Value.ToArray());
        Assert.Null(back.Parts[1].Result!.Images[0].Data);
        Assert.Equal("data-not-in-token", Assert.Single(back.Parts[1].Result!.Warnings).Code);

        // The split job's result is rebuilt from its parts (not written twice).
        Assert.True(back.IsCompleted);
        Assert.Equal(2, back.Result!.Images.Count);
        Assert.Equal(0.08m, back.Result.Cost);
    }

    [Fact]
    public void A_hand_made_job_that_no_token_could_carry_is_refused_by_ToToken()
    {
        var badId = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "../admin", Created);
        var badProperty = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "run-1", Created, new Dictionary<string, string> { ["next"] = "https://evil.example/" });

        Assert.Throws<InvalidOperationException>(badId.ToToken);
        Assert.Throws<InvalidOperationException>(badProperty.ToToken);
    }

    [Fact]
    public void A_completed_job_whose_id_is_a_request_id_label_still_makes_a_token_that_parses()
    {
        var job = new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Generate, "Root=1-6789/abc def", Created)
        {
            Result = new ImageResult(IdeogramProvider.Ideogram, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://ideogram.ai/a.png") }]) { RequestId = "Root=1-6789/abc def" },
        };

        var back = ImageJob.Parse(job.ToToken());

        Assert.StartsWith("sync-", back.Id, StringComparison.Ordinal);
        Assert.Equal("Root=1-6789/abc def", back.Result!.RequestId);
        Assert.Equal(new Uri("https://ideogram.ai/a.png"), back.Result.Images[0].Url);
    }

    [Fact]
    public void The_job_keeps_a_copy_of_the_callers_properties()
    {
        var properties = new Dictionary<string, string> { ["taskUUID"] = "t1" };
        var job = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "t1", Created, properties);

        properties["taskUUID"] = "t2";
        properties["extra"] = "x";

        Assert.Equal("t1", job.Properties["taskUUID"]);
        Assert.Single(job.Properties);
        Assert.False(job.Properties is IDictionary<string, string> { IsReadOnly: false });
    }

    [Fact]
    public void TryParse_tells_the_compiler_the_job_is_set_when_it_returns_true()
    {
        var parameter = typeof(ImageJob).GetMethod(nameof(ImageJob.TryParse))!.GetParameters()[1];

        var attribute = parameter.GetCustomAttribute<NotNullWhenAttribute>();

        Assert.NotNull(attribute);
        Assert.True(attribute!.ReturnValue);
    }

    [Fact]
    public void A_token_written_before_these_rules_still_parses()
    {
        // A pending Runware job and a completed Ideogram job as the previous version wrote them.
        var runware = Encode("""{"v":1,"p":"Runware","o":"Generate","id":"3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b","c":1767225600000,"props":{"taskUUID":"3b1f6c1e-6f0a-4d8e-9a51-0c2d3e4f5a6b","numberResults":"1"}}""");
        var ideogram = Encode("""{"v":1,"p":"Ideogram","o":"Generate","id":"req-777","c":1767225600000,"r":{"images":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp=1893456000","contentType":"image/png","prompt":"a red fox","resolution":"1024x1024","seed":7,"styleType":"AUTO"}],"created":"2025-06-01T10:00:00+00:00","requestId":"req-777"}}""");

        Assert.Equal("1", ImageJob.Parse(runware).Properties["numberResults"]);
        Assert.Equal(Resolution.Res1024x1024, ImageJob.Parse(ideogram).Result!.Images[0].Resolution);
        Assert.Equal("req-777", ImageJob.Parse(ideogram).Result!.RequestId);
        Assert.NotNull(JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(ideogram))));
    }

    [Fact]
    public void A_result_link_a_token_could_not_carry_is_left_out_and_the_token_says_so()
    {
        var job = new ImageJob(IdeogramProvider.Ideogram, ImageOperation.Generate, "req-1", Created)
        {
            Result = new ImageResult(IdeogramProvider.Ideogram, ImageOperation.Generate,
            [
                new GeneratedImage { Url = new Uri("file:///etc/passwd"), Seed = 1 },
                new GeneratedImage { Url = new Uri("http://169.254.169.254/latest/meta-data/"), Seed = 2 },
                new GeneratedImage { Url = new Uri("https://ideogram.ai/a.png"), Seed = 3 },
            ]),
        };

        var back = ImageJob.Parse(job.ToToken()).Result!;

        Assert.Equal([null, null, new Uri("https://ideogram.ai/a.png")], back.Images.Select(i => i.Url));
        Assert.Equal([1L, 2L, 3L], back.Images.Select(i => i.Seed!.Value));
        Assert.Equal(["url-not-in-token", "url-not-in-token"], back.Warnings.Select(w => w.Code));
    }
}
