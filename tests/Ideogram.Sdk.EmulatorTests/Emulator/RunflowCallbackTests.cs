using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Infrastructure;
using static Ideogram.Sdk.EmulatorTests.Emulator.RfTestKit;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class RunflowCallbackTests
{
    private static string Expected(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string RunBody(Uri callback, string prompt = "A sign") =>
        JsonSerializer.Serialize(new { input = new { prompt }, callback_url = callback.AbsoluteUri, metadata = new { job = "42" } });

    [Fact]
    public async Task Callback_is_signed_with_the_secret_created_for_the_key()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (secretStatus, secret) = await SendAsync(client, HttpMethod.Post, "v1/callback-secrets", """{"label":"production"}""");
        Assert.Equal(201, secretStatus);
        var plain = secret.GetProperty("plain_secret").GetString()!;
        Assert.StartsWith("whsec_", plain, StringComparison.Ordinal);
        Assert.True(secret.GetProperty("is_current").GetBoolean());
        Assert.Equal("production", secret.GetProperty("label").GetString());

        var (_, run) = await CreateRunAsync(client, RunBody(receiver.Url));
        var callback = await receiver.NextAsync();

        Assert.Equal("POST", callback.Method);
        Assert.StartsWith("application/json", callback.ContentType, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", callback.Headers["Runflow-Signature"]);
        Assert.Equal(Expected(plain, callback.Body), callback.Headers["Runflow-Signature"]);
        Assert.False(string.IsNullOrEmpty(callback.Headers["Runflow-Request-Id"]));

        var payload = JsonDocument.Parse(callback.Body).RootElement;
        Assert.Equal(["event", "run_id", "status", "output", "duration_ms", "created_at", "completed_at", "metadata"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal("run.completed", payload.GetProperty("event").GetString());
        Assert.Equal(run.GetProperty("id").GetString(), payload.GetProperty("run_id").GetString());
        Assert.Equal("succeeded", payload.GetProperty("status").GetString());
        Assert.EndsWith("+00:00", payload.GetProperty("completed_at").GetString(), StringComparison.Ordinal);
        Assert.Equal("42", payload.GetProperty("metadata").GetProperty("job").GetString());
        Assert.Single(payload.GetProperty("output").GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public async Task Without_a_created_secret_the_default_secret_signs_and_failures_say_run_failed()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        await CreateRunAsync(client, RunBody(receiver.Url, "EMULATOR_FAIL sign"));
        var callback = await receiver.NextAsync();

        Assert.Equal(Expected("whsec_runflow_emulator_default_secret", callback.Body), callback.Headers["Runflow-Signature"]);
        var payload = JsonDocument.Parse(callback.Body).RootElement;
        Assert.Equal("run.failed", payload.GetProperty("event").GetString());
        Assert.Equal("failed", payload.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task A_500_from_the_receiver_is_retried_with_the_same_body_and_request_id()
    {
        await using var receiver = new CallbackReceiver(500, 200);
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (_, run) = await CreateRunAsync(client, RunBody(receiver.Url));
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        Assert.Equal(500, first.AnsweredStatus);
        Assert.Equal(200, second.AnsweredStatus);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers["Runflow-Request-Id"], second.Headers["Runflow-Request-Id"]);
        Assert.Equal(first.Headers["Runflow-Signature"], second.Headers["Runflow-Signature"]);

        var id = run.GetProperty("id").GetString()!;
        JsonElement delivery = default;
        for (var i = 0; i < 200; i++)
        {
            var (_, history) = await SendAsync(client, HttpMethod.Get, $"v1/runs/{id}/callback");
            delivery = Assert.Single(history.EnumerateArray());
            if (delivery.GetProperty("status_code").GetString() == "succeeded")
                break;
            await Task.Delay(10);
        }

        Assert.Equal("succeeded", delivery.GetProperty("status_code").GetString());
        Assert.Equal(2, delivery.GetProperty("attempt_count").GetInt32());
        Assert.Equal(3, delivery.GetProperty("max_attempts").GetInt32());
        Assert.Equal([500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task Delivery_stops_after_three_attempts_and_a_4xx_is_not_retried()
    {
        await using var receiver = new CallbackReceiver(503, 502, 500, 400);
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (_, retried) = await CreateRunAsync(client, RunBody(receiver.Url));
        for (var i = 0; i < 3; i++)
            await receiver.NextAsync();

        var (_, refused) = await CreateRunAsync(client, RunBody(receiver.Url));
        Assert.Equal(400, (await receiver.NextAsync()).AnsweredStatus);

        var first = await FinalDeliveryAsync(client, retried.GetProperty("id").GetString()!);
        Assert.Equal("failed", first.GetProperty("status_code").GetString());
        Assert.Equal(3, first.GetProperty("attempt_count").GetInt32());
        var second = await FinalDeliveryAsync(client, refused.GetProperty("id").GetString()!);
        Assert.Equal("failed", second.GetProperty("status_code").GetString());
        Assert.Equal(1, second.GetProperty("attempt_count").GetInt32());
        Assert.False(receiver.HasPending);
    }

    private static async Task<JsonElement> FinalDeliveryAsync(HttpClient client, string runId)
    {
        for (var i = 0; ; i++)
        {
            var (_, history) = await SendAsync(client, HttpMethod.Get, $"v1/runs/{runId}/callback");
            var delivery = Assert.Single(history.EnumerateArray());
            if (delivery.GetProperty("status_code").GetString() != "pending" || i == 200)
                return delivery;
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Callback_waits_for_the_terminal_state_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, JobStepDelay = TimeSpan.FromSeconds(5) });
        using var client = Client(emulator);

        await CreateRunAsync(client, RunBody(receiver.Url));
        time.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(100);
        Assert.False(receiver.HasPending);

        ReceivedCallback? callback = null;
        for (var i = 0; i < 100 && callback is null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            try
            {
                callback = await receiver.NextAsync(TimeSpan.FromMilliseconds(50));
            }
            catch (OperationCanceledException)
            {
                // Not delivered yet: the loop's next scan is due after another advance.
            }
        }

        Assert.NotNull(callback);
        var payload = JsonDocument.Parse(callback.Body).RootElement;
        Assert.Equal("2026-05-06T10:00:15.000+00:00", payload.GetProperty("completed_at").GetString());
        Assert.Equal(15000, payload.GetProperty("duration_ms").GetInt64());
    }
}
