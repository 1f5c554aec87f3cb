using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
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
        var id = run.GetProperty("id").GetString()!;
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        Assert.Equal(500, first.AnsweredStatus);
        Assert.Equal(200, second.AnsweredStatus);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers["Runflow-Request-Id"], second.Headers["Runflow-Request-Id"]);
        Assert.Equal(first.Headers["Runflow-Signature"], second.Headers["Runflow-Signature"]);

        var final = await FinalAttemptAsync(emulator, id);
        Assert.Equal(CallbackDeliveryState.Succeeded, final.DeliveryState);
        Assert.Equal(2, final.AttemptNumber);
        Assert.Equal(
            [(1, (int?)500, CallbackDeliveryState.Retrying), (2, 200, CallbackDeliveryState.Succeeded)],
            emulator.Control.GetCallbackAttempts().Select(a => (a.AttemptNumber, a.StatusCode, a.DeliveryState)));
        var (_, history) = await SendAsync(client, HttpMethod.Get, $"v1/runs/{id}/callback");
        var delivery = Assert.Single(history.EnumerateArray());
        Assert.Equal(final.DeliveryId, delivery.GetProperty("id").GetString());
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
        var retriedId = retried.GetProperty("id").GetString()!;
        var exhausted = await FinalAttemptAsync(emulator, retriedId);
        var (_, refused) = await CreateRunAsync(client, RunBody(receiver.Url));
        var refusedId = refused.GetProperty("id").GetString()!;
        var notRetried = await FinalAttemptAsync(emulator, refusedId);

        Assert.Equal((CallbackDeliveryState.Failed, 3, (int?)500), (exhausted.DeliveryState, exhausted.AttemptNumber, exhausted.StatusCode));
        Assert.Equal((CallbackDeliveryState.Failed, 1, (int?)400), (notRetried.DeliveryState, notRetried.AttemptNumber, notRetried.StatusCode));
        var first = Assert.Single((await SendAsync(client, HttpMethod.Get, $"v1/runs/{retriedId}/callback")).Body.EnumerateArray());
        Assert.Equal("failed", first.GetProperty("status_code").GetString());
        Assert.Equal(3, first.GetProperty("attempt_count").GetInt32());
        var second = Assert.Single((await SendAsync(client, HttpMethod.Get, $"v1/runs/{refusedId}/callback")).Body.EnumerateArray());
        Assert.Equal("failed", second.GetProperty("status_code").GetString());
        Assert.Equal(1, second.GetProperty("attempt_count").GetInt32());
        for (var i = 0; i < 4; i++)
            await receiver.NextAsync();
        Assert.False(receiver.HasPending);
    }

    [Fact]
    public async Task Callback_waits_for_the_terminal_state_on_the_emulator_clock()
    {
        var time = new DelayRecordingTimeProvider(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, JobStepDelay = TimeSpan.FromSeconds(5) });
        using var client = Client(emulator);

        var (_, run) = await CreateRunAsync(client, RunBody(receiver.Url));
        var id = run.GetProperty("id").GetString()!;
        // The delivery loop scans, then waits on the emulator clock: each scheduled wait means a scan has finished.
        // The bounds are for the loop's own thread getting there, not for time to pass.
        await time.WhenDelaysScheduledAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(14));
        await time.WhenDelaysScheduledAsync(2).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty((await SendAsync(client, HttpMethod.Get, $"v1/runs/{id}/callback")).Body.EnumerateArray());
        Assert.Empty(emulator.Control.GetCallbackAttempts());
        time.Advance(TimeSpan.FromSeconds(1));
        var attempt = await FinalAttemptAsync(emulator, id);

        Assert.Equal((CallbackDeliveryState.Succeeded, 1), (attempt.DeliveryState, attempt.AttemptNumber));
        var callback = await receiver.NextAsync();
        var payload = JsonDocument.Parse(callback.Body).RootElement;
        Assert.Equal("2026-05-06T10:00:15.000+00:00", payload.GetProperty("completed_at").GetString());
        Assert.Equal(15000, payload.GetProperty("duration_ms").GetInt64());
    }

    [Fact]
    public async Task The_http_control_api_lists_callback_attempts()
    {
        await using var receiver = new CallbackReceiver(502);
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (_, run) = await CreateRunAsync(client, RunBody(receiver.Url));
        var id = run.GetProperty("id").GetString()!;
        await FinalAttemptAsync(emulator, id);

        var (status, attempts) = await SendAsync(client, HttpMethod.Get, "/_emulator/callbacks");
        Assert.Equal(200, status);
        Assert.Equal(
            [(1, 502, "retrying"), (2, 200, "succeeded")],
            attempts.EnumerateArray().Select(a => (a.GetProperty("attemptNumber").GetInt32(), a.GetProperty("statusCode").GetInt32(), a.GetProperty("deliveryState").GetString())));
        Assert.All(attempts.EnumerateArray(), a =>
        {
            Assert.Equal("runflow", a.GetProperty("provider").GetString());
            Assert.Equal(id, a.GetProperty("jobId").GetString());
            Assert.Equal(receiver.Url.AbsoluteUri, a.GetProperty("url").GetString());
        });
    }

    /// <summary>The attempt that ends the run's delivery. The bound is for the real loopback POST to the receiver.</summary>
    private static Task<CallbackAttempt> FinalAttemptAsync(IdeogramEmulator emulator, string runId) =>
        emulator.Control.WaitForCallbackAttemptAsync(a => a.JobId == runId && a.IsFinal).WaitAsync(TimeSpan.FromSeconds(10));
}
