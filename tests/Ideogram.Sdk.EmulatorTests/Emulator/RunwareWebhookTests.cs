using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Infrastructure;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>
/// The emulated Runware delivers <c>webhookURL</c> POSTs the way the docs describe: one per result item, the flat
/// task object, retried on a non-2xx answer. Real loopback sockets on the system clock (the delivery loop and the
/// receiver are real I/O).
/// </summary>
public sealed class RunwareWebhookTests
{
    private const string Key = "rw_webhook_key";

    private static HttpClient Client(IdeogramEmulator emulator)
    {
        var client = new HttpClient { BaseAddress = emulator.BaseAddress(EmulatedProvider.Runware), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, object task)
    {
        using var response = await client.PostAsync("v1", new StringContent(JsonSerializer.Serialize(new[] { task }), Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static object Task(string uuid, Uri webhook, string prompt = "A sign", string delivery = "sync", int results = 1) => new
    {
        taskType = "imageInference", taskUUID = uuid, model = "ideogram:4@1", positivePrompt = prompt,
        numberResults = results, deliveryMethod = delivery, webhookURL = webhook.AbsoluteUri, includeCost = true,
    };

    [Fact]
    public async Task Each_result_item_of_a_synchronous_task_is_posted_on_its_own_as_the_flat_task_object()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uuid = Guid.NewGuid().ToString();

        var answer = await PostAsync(client, Task(uuid, receiver.Url, results: 2));
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        var items = answer.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var posted = new[] { first, second }.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.All(new[] { first, second }, c => Assert.Equal("POST", c.Method));
        Assert.All(new[] { first, second }, c => Assert.StartsWith("application/json", c.ContentType, StringComparison.Ordinal));
        Assert.All(posted, p => Assert.False(p.TryGetProperty("data", out _)));
        Assert.All(posted, p => Assert.Equal("imageInference", p.GetProperty("taskType").GetString()));
        Assert.All(posted, p => Assert.Equal(uuid, p.GetProperty("taskUUID").GetString()));
        Assert.Equal(
            items.Select(i => i.GetProperty("imageUUID").GetString()).Order(),
            posted.Select(p => p.GetProperty("imageUUID").GetString()).Order());
        Assert.All(posted, p => Assert.StartsWith("http://127.0.0.1:", p.GetProperty("imageURL").GetString(), StringComparison.Ordinal));
        Assert.All(posted, p => Assert.Equal(0.06, p.GetProperty("cost").GetDouble()));
    }

    [Fact]
    public async Task An_asynchronous_task_posts_the_same_items_getResponse_returns()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var client = Client(emulator);
        var uuid = Guid.NewGuid().ToString();

        var ack = await PostAsync(client, Task(uuid, receiver.Url, delivery: "async"));
        var posted = JsonDocument.Parse((await receiver.NextAsync()).Body).RootElement;
        var polled = await PostAsync(client, new { taskType = "getResponse", taskUUID = uuid });

        Assert.Equal(uuid, ack.GetProperty("data")[0].GetProperty("taskUUID").GetString());
        var item = polled.GetProperty("data")[0];
        Assert.Equal("success", item.GetProperty("status").GetString());
        Assert.Equal(item.GetProperty("imageUUID").GetString(), posted.GetProperty("imageUUID").GetString());
        Assert.Equal(item.GetProperty("imageURL").GetString(), posted.GetProperty("imageURL").GetString());
    }

    [Fact]
    public async Task A_non_2xx_answer_is_retried_with_the_same_body()
    {
        await using var receiver = new CallbackReceiver(500, 404, 200);
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        await PostAsync(client, Task(Guid.NewGuid().ToString(), receiver.Url));
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        var third = await receiver.NextAsync();

        Assert.Equal([500, 404, 200], new[] { first, second, third }.Select(c => c.AnsweredStatus));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Body, third.Body);
    }

    [Fact]
    public async Task A_failed_task_posts_its_error()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uuid = Guid.NewGuid().ToString();

        await PostAsync(client, Task(uuid, receiver.Url, prompt: "EMULATOR_FAIL sign", delivery: "async"));
        var error = JsonDocument.Parse((await receiver.NextAsync()).Body).RootElement;

        Assert.Equal("inferenceError", error.GetProperty("code").GetString());
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal(uuid, error.GetProperty("taskUUID").GetString());
    }

    [Fact]
    public async Task The_echo_key_word_fails_the_task_with_a_message_that_repeats_the_key()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var answer = await PostAsync(client, new { taskType = "imageInference", taskUUID = Guid.NewGuid().ToString(), model = "ideogram:4@1", positivePrompt = "EMULATOR_ECHO_KEY sign" });

        var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal("inferenceError", error.GetProperty("code").GetString());
        Assert.Contains(Key, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
