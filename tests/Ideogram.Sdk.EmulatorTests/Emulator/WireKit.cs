using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>
/// One raw request per provider and phase, straight on the wire (no SDK), for the phase, fault and in-flight tests.
/// Each helper answers the parsed JSON body, or fails the test on a status other than the one expected.
/// </summary>
internal static class WireKit
{
    public const string Key = "wire-test-key";

    public static HttpClient Client(IdeogramEmulator emu, EmulatedProvider provider) => EmuKit.Client(emu, provider);

    /// <summary>Ideogram generate (multipart) asking for <paramref name="images"/> images.</summary>
    public static HttpRequestMessage IdeogramGenerate(int images, string prompt = "cat") =>
        EmuKit.Multipart("/v1/ideogram-v3/generate", Key, ("prompt", prompt), ("num_images", images.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static HttpRequestMessage RunflowCreate(int images) =>
        Bearer(EmuKit.Json(HttpMethod.Post, "/v1/models/ideogram/v3/runs", $$$"""{"input":{"prompt":"cat","num_images":{{{images}}}}}"""));

    public static HttpRequestMessage RunflowRead(string id) => Bearer(new HttpRequestMessage(HttpMethod.Get, "/v1/runs/" + id));

    public static HttpRequestMessage SegmindSubmit(string slug = "ideogram-3") =>
        EmuKit.Json(HttpMethod.Post, "/v2/" + slug, """{"prompt":"cat"}""", ("x-api-key", Key));

    public static HttpRequestMessage SegmindGet(string path) => new(HttpMethod.Get, path) { Headers = { { "x-api-key", Key } } };

    /// <summary>A Runware request authenticating with a leading task, then <paramref name="tasks"/> (JSON objects).</summary>
    public static HttpRequestMessage Runware(params string[] tasks) =>
        EmuKit.Json(HttpMethod.Post, "/v1", $$"""[{"taskType":"authentication","apiKey":"{{Key}}"},{{string.Join(",", tasks)}}]""");

    public static string RunwareInference(string taskUuid, int images, bool async) =>
        $$"""{"taskType":"imageInference","taskUUID":"{{taskUuid}}","model":"ideogram:4@1","positivePrompt":"cat","width":1024,"height":1024,"numberResults":{{images}}{{(async ? ",\"deliveryMethod\":\"async\"" : "")}}}""";

    public static string RunwareGetResponse(string taskUuid) => $$"""{"taskType":"getResponse","taskUUID":"{{taskUuid}}"}""";

    public static HttpRequestMessage ApiInOneCreate() =>
        Bearer(EmuKit.Json(HttpMethod.Post, "/api/v1/images/generations", """{"model":"ideogram-v3","prompt":"a cat"}"""));

    public static HttpRequestMessage ApiInOneRead(string taskId) => Bearer(new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks/" + taskId));

    public static async Task<JsonElement> ExpectAsync(HttpClient client, HttpRequestMessage request, int status = 200)
    {
        using (request)
        {
            var (actual, body, response) = await EmuKit.SendAsync(client, request);
            using (response)
            {
                Assert.True(actual == status, $"{request.Method} {request.RequestUri} answered {actual}, expected {status}: {body}");
                return body;
            }
        }
    }

    /// <summary>GETs an image URL the emulator gave out and answers its bytes.</summary>
    public static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url));
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static HttpRequestMessage Bearer(HttpRequestMessage request)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return request;
    }
}
