using System.Net;
using System.Text;
using Ideogram.Sdk.Tests.Infrastructure;
using Ideogram.Sdk.Tests.Providers.Segmind;

namespace Ideogram.Sdk.Tests.Providers.ApiInOne;

/// <summary>API in One: golden bodies from the page, the sub-model and value mappings, URL-only images, task polling and errors.</summary>
public class ApiInOneTests
{
    private const string Created = """{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram","status":"IN_PROGRESS"}}""";

    private const string Completed = """{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram","status":"completed","output":{"image_urls":["https://cdn.apiin.one/n63xxxx.png"]}}}""";

    internal static (IdeogramClient Client, FunctionHandler Handler) Client(Func<RecordedRequest, int, HttpResponseMessage> respond, Action<IdeogramClientOptions>? configure = null) =>
        FunctionHandler.NewClient(IdeogramProvider.ApiInOne, "aio_test-key", respond, configure);

    /// <summary>Create, then one IN_PROGRESS read, then <paramref name="final"/>.</summary>
    private static (IdeogramClient Client, FunctionHandler Handler) Task(string final, Action<IdeogramClientOptions>? configure = null) =>
        Client((r, i) => r.Method == HttpMethod.Post ? FunctionHandler.Json(Created) : FunctionHandler.Json(i == 1 ? Created : final), configure);

    private static IdeogramClient Offline(UnsupportedParameterBehavior behavior = UnsupportedParameterBehavior.Strict) =>
        Client((r, _) => throw new InvalidOperationException($"No HTTP call was expected, but {r.Method} {r.Uri} was sent."), o => o.UnsupportedParameters = behavior).Client;

    [Fact]
    public async Task Generate_reproduces_the_page_example_and_polls_the_task()
    {
        var (client, handler) = Task(Completed);

        var result = await client.GenerateAsync(new GenerateRequest("A vintage travel poster for Tokyo with \"Visit Tokyo\" in retro lettering")
        {
            RenderingSpeed = RenderingSpeed.Turbo,
            AspectRatio = AspectRatio.Ratio3x4,
            StyleType = StyleType.Design,
        });

        var create = handler.Requests[0];
        Assert.Equal(HttpMethod.Post, create.Method);
        Assert.Equal("https://apiin.one/api/v1/images/generations", create.Uri.AbsoluteUri);
        Assert.Equal("Bearer aio_test-key", create.Header("Authorization"));
        Assert.Equal("application/json", create.ContentType);
        WireAssert.BodyEquals("""
            {"model": "ideogram-v3-turbo", "prompt": "A vintage travel poster for Tokyo with \"Visit Tokyo\" in retro lettering",
             "aspect_ratio": "3:4", "style": "Design"}
            """, create.Json);

        Assert.Equal(["GET https://apiin.one/api/v1/tasks/n63xxxx_ideogram", "GET https://apiin.one/api/v1/tasks/n63xxxx_ideogram"],
            handler.Requests.Skip(1).Select(r => $"{r.Method} {r.Uri.AbsoluteUri}"));
        Assert.All(handler.Requests.Skip(1), r => Assert.Equal("Bearer aio_test-key", r.Header("Authorization")));
        var image = Assert.Single(result.Images);
        Assert.Equal("https://cdn.apiin.one/n63xxxx.png", image.Url!.AbsoluteUri);
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal("n63xxxx_ideogram", result.Job!.Id);
    }

    [Theory]
    [InlineData(null, "ideogram-v3-balanced")]
    [InlineData("TURBO", "ideogram-v3-turbo")]
    [InlineData("DEFAULT", "ideogram-v3-balanced")]
    [InlineData("BALANCED", "ideogram-v3-balanced")]
    [InlineData("quality", "ideogram-v3-quality")]
    public async Task The_rendering_speed_picks_the_sub_model(string? speed, string model)
    {
        var (client, handler) = Task(Completed);

        await client.GenerateAsync(new GenerateRequest("poster") { RenderingSpeed = speed is null ? null : new RenderingSpeed(speed) });

        WireAssert.BodyEquals($$"""{"model": "{{model}}", "prompt": "poster"}""", handler.Requests[0].Json);
    }

    [Theory]
    [InlineData("1x1", "1:1")]
    [InlineData("16x9", "16:9")]
    [InlineData("9x16", "9:16")]
    [InlineData("4x3", "4:3")]
    [InlineData("3x4", "3:4")]
    public async Task Aspect_ratios_are_spelled_with_a_colon(string neutral, string wire)
    {
        var (client, handler) = Task(Completed);

        await client.GenerateAsync(new GenerateRequest("poster") { AspectRatio = new AspectRatio(neutral) });

        Assert.Equal(wire, (string)handler.Requests[0].Json["aspect_ratio"]!);
    }

    [Theory]
    [InlineData("AUTO", "Auto")]
    [InlineData("GENERAL", "General")]
    [InlineData("REALISTIC", "Realistic")]
    [InlineData("DESIGN", "Design")]
    public async Task Styles_are_title_case(string neutral, string wire)
    {
        var (client, handler) = Task(Completed);

        await client.GenerateAsync(new GenerateRequest("poster") { StyleType = new StyleType(neutral) });

        Assert.Equal(wire, (string)handler.Requests[0].Json["style"]!);
    }

    [Fact]
    public async Task Other_ratios_are_refused_strictly_and_mapped_to_the_nearest_in_best_effort()
    {
        var strict = await Assert.ThrowsAsync<UnsupportedParameterException>(() => Offline().GenerateAsync(new GenerateRequest("poster") { AspectRatio = AspectRatio.Ratio16x10 }));
        Assert.Equal(ImageParameter.AspectRatio, strict.Parameter);
        Assert.Equal("1x1, 16x9, 9x16, 4x3, 3x4", strict.Allowed);
        Assert.Contains(IdeogramProvider.Segmind, strict.SupportedBy);

        var (client, handler) = Task(Completed, o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort);
        var result = await client.GenerateAsync(new GenerateRequest("poster") { AspectRatio = AspectRatio.Ratio16x10, RenderingSpeed = RenderingSpeed.Flash, StyleType = StyleType.Fiction });

        WireAssert.BodyEquals("""{"model": "ideogram-v3-turbo", "prompt": "poster", "aspect_ratio": "16:9", "style": "Auto"}""", handler.Requests[0].Json);
        Assert.Equal(3, result.Warnings.Count(w => w.Code == Warning.Substituted));
    }

    [Fact]
    public async Task Parameters_the_route_does_not_take_are_refused_before_any_call()
    {
        var client = Offline();

        var seed = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("poster") { Seed = 1234 }));
        var negative = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("poster") { NegativePrompt = "no cars" }));
        var remix = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.RemixAsync(new RemixRequest(ImageInput.FromUrl("https://x.test/a.png"), "p")));

        Assert.Equal(ImageParameter.Seed, seed.Parameter);
        Assert.Contains(IdeogramProvider.Segmind, seed.SupportedBy);
        Assert.Equal(ImageParameter.NegativePrompt, negative.Parameter);
        Assert.Contains(IdeogramProvider.Ideogram, remix.SupportedBy);
        Assert.DoesNotContain(IdeogramProvider.ApiInOne, remix.SupportedBy);
        Assert.All(remix.SupportedBy, p => Assert.True(IdeogramClient.GetCapabilities(p).Supports(ImageOperation.Remix)));
    }

    [Fact]
    public async Task Edit_sends_image_mask_and_references_as_urls()
    {
        var (client, handler) = Task(Completed);

        await client.EditAsync(new EditRequest(ImageInput.FromUrl("https://x.test/photo.png"), ImageInput.FromUrl("https://x.test/mask.png"), "Replace the sky with fireworks")
        {
            RenderingSpeed = RenderingSpeed.Quality,
            StyleReferenceImages = [ImageInput.FromUrl("https://x.test/style1.jpg"), ImageInput.FromUrl("https://x.test/style2.jpg")],
        });

        WireAssert.BodyEquals("""
            {"model": "ideogram-v3-quality", "prompt": "Replace the sky with fireworks", "image": "https://x.test/photo.png",
             "mask_image": "https://x.test/mask.png", "reference_images": ["https://x.test/style1.jpg", "https://x.test/style2.jpg"]}
            """, handler.Requests[0].Json);
    }

    [Fact]
    public async Task Edit_without_a_mask_sends_only_the_image()
    {
        var (client, handler) = Task(Completed);

        await client.EditAsync(new EditRequest(ImageInput.FromUrl("https://x.test/photo.png"), ImageInput.FromUrl("https://x.test/mask.png"), "a fox") { Mask = null });

        WireAssert.BodyEquals("""{"model": "ideogram-v3-balanced", "prompt": "a fox", "image": "https://x.test/photo.png"}""", handler.Requests[0].Json);
    }

    [Fact]
    public async Task Image_bytes_or_files_fail_before_any_call_saying_to_pass_a_url()
    {
        var client = Offline();
        var bytes = ImageInput.FromBytes(PngFixtures.Png);
        var url = ImageInput.FromUrl("https://x.test/a.png");
        var file = Path.Combine(Path.GetTempPath(), $"aio-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, PngFixtures.Png);
        try
        {
            var image = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.EditAsync(new EditRequest(bytes, url, "a fox")));
            var mask = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.EditAsync(new EditRequest(url, ImageInput.FromFile(file), "a fox")));
            var reference = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.GenerateAsync(new GenerateRequest("a fox") { StyleReferenceImages = [bytes] }));
            var dataUri = await Assert.ThrowsAsync<UnsupportedParameterException>(() =>
                client.GenerateAsync(new GenerateRequest("a fox") { StyleReferenceImages = [ImageInput.FromUrl("data:image/png;base64," + Convert.ToBase64String(PngFixtures.Png))] }));

            Assert.Equal(ImageParameter.Image, image.Parameter);
            Assert.Equal(ImageParameter.Mask, mask.Parameter);
            Assert.Equal(ImageParameter.StyleReferenceImages, reference.Parameter);
            Assert.Equal(ImageParameter.StyleReferenceImages, dataUri.Parameter);
            Assert.All(new[] { image, mask, reference, dataUri }, e => Assert.Contains("URL", e.Message, StringComparison.Ordinal));
            Assert.All(new[] { image, mask, reference, dataUri }, e => Assert.Contains("ApiInOne", e.Message, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string, string[]> TaskShapes => new()
    {
        { """{"code":200,"message":"success","data":{"task_id":"t","status":"completed","output":{"image_urls":["https://c.test/1.png","https://c.test/2.png"]}}}""", ["https://c.test/1.png", "https://c.test/2.png"] },
        { """{"code":200,"data":{"task_id":"t","status":"SUCCESS","images":[{"url":"https://c.test/1.png"}]}}""", ["https://c.test/1.png"] },
        { """{"task_id":"t","status":"completed","result":["https://c.test/1.png"]}""", ["https://c.test/1.png"] },
        { """{"data":{"task_id":"t","status":"succeeded","image_url":"https://c.test/1.webp"}}""", ["https://c.test/1.webp"] },
        { """{"data":{"task_id":"t","status":"Completed","output":"https://c.test/1.png"}}""", ["https://c.test/1.png"] },
        { """{"data":{"task_id":"t","output":{"images":["https://c.test/1.png"]}}}""", ["https://c.test/1.png"] },
        { """{"data":{"task_id":"t","status":"done","urls":["https://c.test/1.png"]}}""", ["https://c.test/1.png"] },
    };

    [Theory]
    [MemberData(nameof(TaskShapes))]
    public async Task Each_tolerated_task_shape_gives_its_urls(string body, string[] urls)
    {
        var (client, _) = Task(body);

        var result = await client.GenerateAsync(new GenerateRequest("poster"));

        Assert.Equal(urls, result.Images.Select(i => i.Url!.AbsoluteUri));
    }

    [Theory]
    [InlineData("IN_PROGRESS", ImageJobState.Running)]
    [InlineData("in_progress", ImageJobState.Running)]
    [InlineData("processing", ImageJobState.Running)]
    [InlineData("queued", ImageJobState.Queued)]
    [InlineData("PENDING", ImageJobState.Queued)]
    public async Task Running_states_are_reported(string status, ImageJobState state)
    {
        var (client, _) = Client((r, _) => FunctionHandler.Json(r.Method == HttpMethod.Post ? Created : $$$"""{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram","status":"{{{status}}}"}}"""));
        var job = await client.SubmitAsync(new GenerateRequest("poster"));

        var polled = await client.PollAsync(job);

        Assert.Equal((state, status), (polled.State, polled.ProviderStatus));
        Assert.Equal("n63xxxx_ideogram", job.Id);
    }

    [Theory]
    [InlineData("""{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram","status":"failed","error":"Prompt rejected"}}""")]
    [InlineData("""{"data":{"task_id":"n63xxxx_ideogram","status":"ERROR","error":{"message":"Prompt rejected"}}}""")]
    public async Task A_failed_task_is_a_job_failure_carrying_the_job(string body)
    {
        var (client, _) = Task(body);
        var job = await client.SubmitAsync(new GenerateRequest("poster"));

        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));

        Assert.Same(job, e.Job);
        Assert.Equal("Prompt rejected", e.ProviderMessage);
        Assert.Contains("n63xxxx_ideogram", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram","status":"completed"}}""", "without image URLs")]
    [InlineData("""{"code":200,"message":"success","data":{"task_id":"n63xxxx_ideogram"}}""", "without a status")]
    [InlineData("""["unexpected"]""", "not a JSON object")]
    [InlineData("""<html>gateway</html>""", "not JSON")]
    public async Task An_unreadable_task_body_fails_clearly_with_the_raw_body_and_the_job(string body, string what)
    {
        var (client, _) = Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Created)
            : FunctionHandler.Raw(HttpStatusCode.OK, Encoding.UTF8.GetBytes(body), "application/json"));
        var job = await client.SubmitAsync(new GenerateRequest("poster"));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.WaitAsync(job));

        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.Equal(body, e.RawBody);
        Assert.Same(job, e.Job);
    }

    [Fact]
    public async Task A_create_answer_with_the_image_already_made_completes_at_once()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"t1","status":"completed","output":{"image_urls":["https://c.test/1.png"]}}}"""));

        var result = await client.GenerateAsync(new GenerateRequest("poster"));

        Assert.Single(handler.Requests);
        Assert.Equal("https://c.test/1.png", Assert.Single(result.Images).Url!.AbsoluteUri);
    }

    [Fact]
    public async Task A_create_answer_without_a_task_id_is_unreadable()
    {
        var (client, _) = Client((_, _) => FunctionHandler.Json("""{"code":200,"message":"success","data":{"status":"IN_PROGRESS"}}"""));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("poster")));

        Assert.Contains("task_id", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.RawBody);
    }

    public static TheoryData<int, string, Type, string?> Errors => new()
    {
        { 400, """{"error":{"code":400,"message":"Invalid parameters","type":"invalid_request"}}""", typeof(IdeogramBadRequestException), "invalid_request" },
        { 401, """{"error":{"code":401,"message":"Invalid API key","type":"authentication_error"}}""", typeof(IdeogramAuthenticationException), "authentication_error" },
        { 402, """{"error":{"code":402,"message":"Insufficient credits","type":"insufficient_credits"}}""", typeof(IdeogramInsufficientCreditsException), "insufficient_credits" },
        { 403, """{"error":{"code":403,"message":"Insufficient credits","type":"insufficient_credits"}}""", typeof(IdeogramInsufficientCreditsException), "insufficient_credits" },
        { 404, """{"error":{"code":404,"message":"Task not found","type":"not_found"}}""", typeof(IdeogramBadRequestException), "not_found" },
        { 429, """{"error":{"code":429,"message":"Slow down","type":"rate_limit"}}""", typeof(IdeogramRateLimitException), "rate_limit" },
        { 500, """{"error":{"code":500,"message":"Internal error","type":"server_error"}}""", typeof(IdeogramException), "server_error" },
        { 401, """{"code":401,"message":"Invalid API key"}""", typeof(IdeogramAuthenticationException), "401" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Error_bodies_become_typed_exceptions(int status, string body, Type expected, string? code)
    {
        var (client, _) = Client((_, _) => FunctionHandler.Json((HttpStatusCode)status, body));

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("poster")));

        Assert.Equal(expected, e.GetType());
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.ProviderMessage));
        Assert.DoesNotContain("aio_test-key", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_envelope_in_a_200_answer_is_read_as_its_code()
    {
        var (client, _) = Client((_, _) => FunctionHandler.Json("""{"code":402,"message":"Insufficient balance"}"""));

        var e = await Assert.ThrowsAsync<IdeogramInsufficientCreditsException>(() => client.GenerateAsync(new GenerateRequest("poster")));

        Assert.Equal("Insufficient balance", e.ProviderMessage);
    }

    [Fact]
    public async Task A_poll_error_carries_the_job()
    {
        var (client, _) = Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json(Created)
            : FunctionHandler.Json(HttpStatusCode.NotFound, """{"error":{"code":404,"message":"Task not found","type":"not_found"}}"""));
        var job = await client.SubmitAsync(new GenerateRequest("poster"));

        var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.WaitAsync(job));

        Assert.Same(job, e.Job);
    }

    [Fact]
    public async Task Several_images_make_one_task_each()
    {
        var created = 0;
        var (client, handler) = Client((r, _) => r.Method == HttpMethod.Post
            ? FunctionHandler.Json($$$"""{"code":200,"message":"success","data":{"task_id":"t{{{Interlocked.Increment(ref created)}}}","status":"IN_PROGRESS"}}""")
            : FunctionHandler.Json($$$$"""{"data":{"task_id":"x","status":"completed","output":{"image_urls":["https://c.test{{{{r.Path}}}}.png"]}}}"""));

        var result = await client.GenerateAsync(new GenerateRequest("poster") { NumImages = 2 });

        Assert.Equal(2, handler.Requests.Count(r => r.Method == HttpMethod.Post));
        Assert.Equal(["https://c.test/api/v1/tasks/t1.png", "https://c.test/api/v1/tasks/t2.png"], result.Images.Select(i => i.Url!.AbsoluteUri).Order());
    }

    [Fact]
    public void Capabilities_describe_the_table()
    {
        var caps = IdeogramClient.GetCapabilities(IdeogramProvider.ApiInOne);

        Assert.Equal([ImageOperation.Generate, ImageOperation.Edit], caps.Operations);
        Assert.True(caps.IsAsynchronous);
        Assert.True(caps.AcceptsImageUrls);
        Assert.False(caps.AcceptsImageBytes);
        Assert.Equal(1, caps.MaxImagesPerCall);
        Assert.Equal(["1x1", "16x9", "9x16", "4x3", "3x4"], caps.GetAllowedValues(ImageOperation.Generate, ImageParameter.AspectRatio));
        Assert.False(caps.IsRequired(ImageOperation.Edit, ImageParameter.Mask));
        Assert.False(caps.Supports(ImageOperation.Generate, ImageParameter.Seed));
    }

    [Fact]
    public async Task Cancel_is_not_offered_remotely()
    {
        var (client, _) = Task(Completed);
        var job = await client.SubmitAsync(new GenerateRequest("poster"));

        await Assert.ThrowsAsync<NotSupportedException>(() => client.CancelAsync(job));
    }
}
