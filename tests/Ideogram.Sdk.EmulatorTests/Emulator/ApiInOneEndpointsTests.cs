using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class ApiInOneEndpointsTests
{
    // The page's curl example, -d body byte for byte.
    private const string DocumentedBody = "{\n\"model\": \"ideogram-v3-turbo\",\n\"prompt\": \"A vintage travel poster for Tokyo with \\\"Visit Tokyo\\\" in retro lettering\",\n\"aspect_ratio\": \"3:4\",\n\"style\": \"Design\"\n}";

    private static HttpRequestMessage Create(string json, string? key = "aio_test") =>
        key is null
            ? EmuKit.Json(HttpMethod.Post, "/api/v1/images/generations", json)
            : EmuKit.Json(HttpMethod.Post, "/api/v1/images/generations", json, ("Authorization", "Bearer " + key));

    private static HttpRequestMessage Task(string id) =>
        new(HttpMethod.Get, "/api/v1/tasks/" + id) { Headers = { { "Authorization", "Bearer aio_your_key" } } };

    [Fact]
    public async Task Documented_example_creates_a_task_that_completes_with_an_image()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await EmuKit.StartAsync(o =>
        {
            o.TimeProvider = time;
            o.JobStepDelay = TimeSpan.FromSeconds(3);
        });
        using var client = EmuKit.Client(emu, EmulatedProvider.ApiInOne);
        var (status, created, _) = await EmuKit.SendAsync(client, Create(DocumentedBody));

        Assert.Equal(200, status);
        Assert.Equal(200, created.GetProperty("code").GetInt32());
        Assert.Equal("success", created.GetProperty("message").GetString());
        Assert.Equal("IN_PROGRESS", created.GetProperty("data").GetProperty("status").GetString());
        var id = created.GetProperty("data").GetProperty("task_id").GetString()!;
        Assert.EndsWith("_ideogram", id, StringComparison.Ordinal);

        Assert.Equal("IN_PROGRESS", (await EmuKit.SendAsync(client, Task(id))).Body.GetProperty("data").GetProperty("status").GetString());
        time.Advance(TimeSpan.FromSeconds(3));
        var (_, done, _) = await EmuKit.SendAsync(client, Task(id));
        Assert.Equal("completed", done.GetProperty("data").GetProperty("status").GetString());
        var url = done.GetProperty("data").GetProperty("output").GetProperty("image_urls")[0].GetString()!;
        var (w, h, _) = EmuKit.VerifyPng(await client.GetByteArrayAsync(url));
        Assert.Equal((54, 72), (w, h));
    }

    [Fact]
    public async Task Unsafe_prompt_fails_the_task()
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.ApiInOne);
        var (_, created, _) = await EmuKit.SendAsync(client, Create("""{"model":"ideogram-v3-quality","prompt":"an unsafe-prompt"}"""));
        var (_, task, _) = await EmuKit.SendAsync(client, Task(created.GetProperty("data").GetProperty("task_id").GetString()!));
        Assert.Equal("failed", task.GetProperty("data").GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(task.GetProperty("data").GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("""{"model":"ideogram-v4","prompt":"a cat"}""", "Unknown model")]
    [InlineData("""{"prompt":"a cat"}""", "'model' is required")]
    [InlineData("""{"model":"ideogram-v3-turbo"}""", "'prompt' is required")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"ab"}""", "3 to 5000")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","aspect_ratio":"1x1"}""", "'aspect_ratio'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","aspect_ratio":"21:9"}""", "'aspect_ratio'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","style":"DESIGN"}""", "'style'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","seed":5}""", "Unknown field 'seed'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","mask_image":"https://example.com/m.png"}""", "requires 'image'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","image":"cat.png"}""", "'image'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","reference_images":["data:image/png;base64,AAAA"]}""", "'reference_images'")]
    [InlineData("""{"model":"ideogram-v3-turbo","prompt":"a cat","reference_images":"https://example.com/a.png"}""", "'reference_images'")]
    public async Task Rules_answer_400_invalid_request(string body, string message)
    {
        await using var emu = await EmuKit.StartAsync();
        using var client = EmuKit.Client(emu, EmulatedProvider.ApiInOne);
        var (status, json, _) = await EmuKit.SendAsync(client, Create(body));
        Assert.Equal(400, status);
        var error = json.GetProperty("error");
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Equal("invalid_request", error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_inputs_and_auth()
    {
        await using var emu = await EmuKit.StartAsync(o => o.ApiKey = "aio_test");
        using var client = EmuKit.Client(emu, EmulatedProvider.ApiInOne);
        var (status, _, _) = await EmuKit.SendAsync(client, Create(
            """{"model":"ideogram-v3-balanced","prompt":"a cat","image":"https://example.com/a.png","mask_image":"https://example.com/m.png","reference_images":["https://example.com/r.png"],"style":"Realistic","aspect_ratio":"16:9"}"""));
        Assert.Equal(200, status);

        var (missing, body, _) = await EmuKit.SendAsync(client, Create("""{"model":"ideogram-v3","prompt":"a cat"}""", key: null));
        Assert.Equal(401, missing);
        Assert.Equal(401, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(401, (await EmuKit.SendAsync(client, Create("""{"model":"ideogram-v3","prompt":"a cat"}""", key: "aio_other"))).Status);
        Assert.Equal(404, (await EmuKit.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks/none")
        {
            Headers = { { "Authorization", "Bearer aio_test" } },
        })).Status);
    }
}
