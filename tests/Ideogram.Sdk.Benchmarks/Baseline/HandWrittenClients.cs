using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ideogram.Sdk.Benchmarks.Baseline;

/// <summary>
/// The floor: what a careful developer writes by hand with <see cref="HttpClient"/>, <see cref="MultipartFormDataContent"/>
/// / <see cref="ByteArrayContent"/> and source-generated System.Text.Json, doing the same wire work as the SDK's call:
/// the same fields, the credential the provider wants, an attempt timeout, the status checked, the answer read
/// bounded (<see cref="HttpClient.MaxResponseContentBufferSize"/>, the SDK's default <c>MaxResponseBytes</c>) and
/// deserialized. No validation, retries, polling policy or typed errors: those are what the SDK adds.
/// </summary>
internal static class HandClient
{
    /// <summary>The same limit as the SDK's <c>MaxResponseBytes</c> default.</summary>
    public const long MaxResponseBytes = 128L * 1024 * 1024;

    /// <summary>An HTTP client the way a careful developer sets it up: base address, credential, timeout, bounded reads.</summary>
    /// <remarks>Only Runflow's requests carry <c>Accept: application/json</c>, as the SDK sends them.</remarks>
    public static HttpClient Create(HttpMessageHandler handler, Uri baseAddress, string header, string value, bool acceptJson = false)
    {
        var http = new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromMinutes(3);
        http.MaxResponseContentBufferSize = MaxResponseBytes;
        if (header == "Authorization")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        }
        else
        {
            http.DefaultRequestHeaders.Add(header, value);
        }

        if (acceptJson)
        {
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return http;
    }

    /// <summary>Sends, checks the status and reads the (buffered, bounded) answer as JSON.</summary>
    public static async Task<T> SendAsync<T>(HttpClient http, HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The answer was empty.");
    }

    /// <summary>A text part: <c>Content-Disposition: form-data; name=...</c>, no part content type (as the SDK sends it).</summary>
    public static void AddText(MultipartFormDataContent form, string name, string value) =>
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(value)), name);

    /// <summary>A JSON body with its content type.</summary>
    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>Ideogram's multipart generate and remix, by hand.</summary>
internal sealed class HandIdeogram(HttpClient http)
{
    public async Task<HandIdeogramResponse> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        HandClient.AddText(form, "prompt", prompt);
        HandClient.AddText(form, "seed", "42");
        HandClient.AddText(form, "aspect_ratio", "16x9");
        HandClient.AddText(form, "rendering_speed", "TURBO");
        HandClient.AddText(form, "num_images", "2");
        HandClient.AddText(form, "style_type", "DESIGN");
        HandClient.AddText(form, "style_preset", "ART_DECO");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/ideogram-v3/generate") { Content = form };
        return await HandClient.SendAsync(http, request, HandJson.Default.HandIdeogramResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A remix with the image sent from the caller's buffer (no copy).</summary>
    public async Task<HandIdeogramResponse> RemixAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", "in.png");
        HandClient.AddText(form, "prompt", "A remix");
        HandClient.AddText(form, "image_weight", "40");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/ideogram-v3/remix") { Content = form };
        return await HandClient.SendAsync(http, request, HandJson.Default.HandIdeogramResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A remix with the image streamed from a file (no copy in memory).</summary>
    public async Task<HandIdeogramResponse> RemixFileAsync(string path, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var file = new StreamContent(stream, 81920);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", Path.GetFileName(path));
        HandClient.AddText(form, "prompt", "A remix");
        HandClient.AddText(form, "image_weight", "40");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/ideogram-v3/remix") { Content = form };
        return await HandClient.SendAsync(http, request, HandJson.Default.HandIdeogramResponse, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Segmind's synchronous JSON call, by hand.</summary>
internal sealed class HandSegmind(HttpClient http)
{
    public async Task<HandSegmindResponse> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var body = new HandSegmindRequest
        {
            Prompt = prompt,
            AspectRatio = "16x9",
            RenderingSpeed = "TURBO",
            Seed = 4242,
            StyleType = "DESIGN",
            StyleCodes = [],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/ideogram-3")
        {
            Content = HandClient.Json(JsonSerializer.SerializeToUtf8Bytes(body, HandJson.Default.HandSegmindRequest)),
        };
        var answer = await HandClient.SendAsync(http, request, HandJson.Default.HandSegmindResponse, cancellationToken).ConfigureAwait(false);
        return answer.Output is null ? throw new JsonException("No output.") : answer;
    }
}

/// <summary>Runware's task array, by hand.</summary>
internal sealed class HandRunware(HttpClient http)
{
    public async Task<HandRunwareItem> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var uuid = Guid.NewGuid().ToString();
        HandRunwareTask[] tasks =
        [
            new()
            {
                TaskUuid = uuid,
                Model = "ideogram:4@1",
                PositivePrompt = prompt,
                Width = 1312,
                Height = 736,
                Seed = 4242,
                IncludeCost = true,
                ProviderSettings = new() { Ideogram = new() { RenderingSpeed = "TURBO", StyleType = "DESIGN" } },
            },
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1")
        {
            Content = HandClient.Json(JsonSerializer.SerializeToUtf8Bytes(tasks, HandJson.Default.HandRunwareTaskArray)),
        };
        var envelope = await HandClient.SendAsync(http, request, HandJson.Default.HandRunwareEnvelope, cancellationToken).ConfigureAwait(false);
        if (envelope.Errors is { Count: > 0 } errors)
        {
            throw new HttpRequestException($"Runware: {errors[0].Code}: {errors[0].Message}");
        }

        foreach (var item in envelope.Data ?? [])
        {
            if (item.TaskUuid == uuid && item.ImageUrl is not null)
            {
                return item;
            }
        }

        throw new JsonException("No image for the task.");
    }
}

/// <summary>Runflow's create run + poll, by hand.</summary>
internal sealed class HandRunflow(HttpClient http)
{
    public async Task<HandRunflowRun> SubmitAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var body = new HandRunflowCreate
        {
            Input = new() { Prompt = prompt, ImageSize = "landscape_16_9", Style = "DESIGN", RenderingSpeed = "TURBO", Seed = 4242 },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/models/ideogram/v3/runs")
        {
            Content = HandClient.Json(JsonSerializer.SerializeToUtf8Bytes(body, HandJson.Default.HandRunflowCreate)),
        };
        var run = await HandClient.SendAsync(http, request, HandJson.Default.HandRunflowRun, cancellationToken).ConfigureAwait(false);
        return run.Id is null ? throw new JsonException("No run id.") : run;
    }

    /// <summary>Polls with the same schedule as the SDK's <see cref="PollingOptions"/> until the run ends.</summary>
    public async Task<string> WaitAsync(string id, TimeSpan initialDelay, double factor, TimeSpan maxDelay, CancellationToken cancellationToken = default)
    {
        var delay = initialDelay;
        while (true)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/runs/" + Uri.EscapeDataString(id));
            var run = await HandClient.SendAsync(http, request, HandJson.Default.HandRunflowRun, cancellationToken).ConfigureAwait(false);
            switch (run.StatusCode)
            {
                case "succeeded":
                    return run.Output?.Outputs is [{ Url: { } url }, ..] ? url : throw new JsonException("No output URL.");
                case "failed" or "canceled" or "cancelled":
                    throw new HttpRequestException($"Runflow run {id} {run.StatusCode}: {run.FailureMessage}");
            }

            delay = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * factor, maxDelay.Ticks));
        }
    }

    public async Task<string> GenerateAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var run = await SubmitAsync(prompt, cancellationToken).ConfigureAwait(false);
        return await WaitAsync(run.Id!, TimeSpan.Zero, 1.5, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>API in One's task create + poll, by hand.</summary>
internal sealed class HandApiInOne(HttpClient http)
{
    public async Task<string> SubmitAsync(string prompt, CancellationToken cancellationToken = default)
    {
        var body = new HandApiInOneCreate { Model = "ideogram-v3-turbo", Prompt = prompt, AspectRatio = "16:9" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/images/generations")
        {
            Content = HandClient.Json(JsonSerializer.SerializeToUtf8Bytes(body, HandJson.Default.HandApiInOneCreate)),
        };
        var envelope = await HandClient.SendAsync(http, request, HandJson.Default.HandApiInOneEnvelope, cancellationToken).ConfigureAwait(false);
        return envelope.Data?.TaskId ?? throw new JsonException("No task id.");
    }

    /// <summary>Polls with the same schedule as the SDK's <see cref="PollingOptions"/> until the task ends.</summary>
    public async Task<string> WaitAsync(string id, TimeSpan initialDelay, double factor, TimeSpan maxDelay, CancellationToken cancellationToken = default)
    {
        var delay = initialDelay;
        while (true)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tasks/" + Uri.EscapeDataString(id));
            var envelope = await HandClient.SendAsync(http, request, HandJson.Default.HandApiInOneEnvelope, cancellationToken).ConfigureAwait(false);
            var task = envelope.Data ?? throw new JsonException("No task.");
            switch (task.Status?.ToUpperInvariant())
            {
                case "COMPLETED" or "SUCCEEDED" or "SUCCESS":
                    return task.Output?.ImageUrls is [{ } url, ..] ? url : throw new JsonException("No output URL.");
                case "FAILED" or "ERROR" or "CANCELLED" or "CANCELED":
                    throw new HttpRequestException($"API in One task {id} {task.Status}.");
            }

            delay = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * factor, maxDelay.Ticks));
        }
    }
}
