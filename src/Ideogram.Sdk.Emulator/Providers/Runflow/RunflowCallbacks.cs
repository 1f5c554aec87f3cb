using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>
/// Delivers <c>callback_url</c> POSTs. Run states are computed lazily, so a background loop (running only while there
/// is work) watches runs with a callback URL on the emulator's clock, freezes the payload when a run turns terminal,
/// signs it and sends it through <see cref="EmulatorContext.CallbackClient"/>, retrying per <see cref="RunflowCallbackPolicy"/>.
/// </summary>
internal sealed class RunflowCallbacks
{
    private readonly Lock _gate = new();
    private readonly List<RunflowRun> _waiting = [];
    private readonly List<RunflowCallbackDelivery> _deliveries = [];
    private readonly EmulatorContext _context;
    private readonly Func<string, RunflowSecret?> _currentSecret;
    private readonly CancellationToken _stopping;
    private int _inFlight;
    private bool _loopRunning;

    public RunflowCallbacks(EmulatorContext context, Func<string, RunflowSecret?> currentSecret, CancellationToken stopping)
    {
        _context = context;
        _currentSecret = currentSecret;
        _stopping = stopping;
    }

    /// <summary>Watches <paramref name="run"/> and delivers its callback once it is terminal.</summary>
    public void Track(RunflowRun run)
    {
        lock (_gate)
        {
            _waiting.Add(run);
            EnsureLoop();
        }
    }

    /// <summary>Queues a manual redelivery with a payload built from the run's current state.</summary>
    public RunflowCallbackDelivery Redeliver(RunflowRun run, RunflowStatus status)
    {
        lock (_gate)
        {
            var delivery = CreateDelivery(run, status, _context.Time.GetUtcNow(), isAutomatic: false);
            EnsureLoop();
            return delivery;
        }
    }

    /// <summary>The deliveries of one run, oldest first, rendered as Runflow's delivery records.</summary>
    public JsonArray History(string runId)
    {
        lock (_gate)
        {
            var array = new JsonArray();
            foreach (var delivery in _deliveries.Where(d => d.RunId == runId))
                array.Add(delivery.ToJson());
            return array;
        }
    }

    private void EnsureLoop()
    {
        if (_loopRunning || _stopping.IsCancellationRequested)
            return;
        _loopRunning = true;
        _ = Task.Run(LoopAsync, CancellationToken.None);
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                lock (_gate)
                {
                    Scan();
                    if (_waiting.Count == 0 && _inFlight == 0 && !_deliveries.Any(d => d.State == RunflowDeliveryState.Pending))
                    {
                        _loopRunning = false;
                        return;
                    }
                }

                await Task.Delay(RunflowCallbackPolicy.ScanInterval, _context.Time, _stopping);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The emulator is stopping; undelivered callbacks are dropped.
        }

        lock (_gate)
            _loopRunning = false;
    }

    private void Scan()
    {
        var now = _context.Time.GetUtcNow();
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var run = _waiting[i];
            var status = run.StatusAt(now);
            if (!RunflowRun.IsTerminal(status))
                continue;
            _waiting.RemoveAt(i);
            CreateDelivery(run, status, now, isAutomatic: true);
        }

        foreach (var delivery in _deliveries)
        {
            if (delivery.State != RunflowDeliveryState.Pending || delivery.NextAttemptAt > now)
                continue;
            delivery.State = RunflowDeliveryState.Sending;
            _inFlight++;
            _ = Task.Run(() => AttemptAsync(delivery), CancellationToken.None);
        }
    }

    private RunflowCallbackDelivery CreateDelivery(RunflowRun run, RunflowStatus status, DateTimeOffset now, bool isAutomatic)
    {
        var payload = Encoding.UTF8.GetBytes(run.CallbackPayload(status, _context.Images).ToJsonString());
        var secret = _currentSecret(run.OwnerKey);
        var key = secret?.PlainSecret ?? RunflowCallbackPolicy.DefaultSigningSecret;
        var delivery = new RunflowCallbackDelivery(run.Id, run.CallbackUrl!, payload, RunflowCallbackPolicy.Sign(key, payload), secret?.Id, isAutomatic, now);
        _deliveries.Add(delivery);
        return delivery;
    }

    private async Task AttemptAsync(RunflowCallbackDelivery delivery)
    {
        var started = _context.Time.GetTimestamp();
        int? statusCode = null;
        string? responseBody = null;
        string? error = null;
        using var timeout = new CancellationTokenSource(RunflowCallbackPolicy.AttemptTimeout, _context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(RunflowCallbackPolicy.RequestIdHeader, delivery.RequestId);
            request.Headers.TryAddWithoutValidation(RunflowCallbackPolicy.SignatureHeader, delivery.Signature);
            using var response = await _context.CallbackClient.SendAsync(request, linked.Token);
            statusCode = (int)response.StatusCode;
            responseBody = await response.Content.ReadAsStringAsync(linked.Token);
            if (responseBody.Length > 2000)
                responseBody = responseBody[..2000];
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            lock (_gate)
                _inFlight--;
            return;
        }
        catch (OperationCanceledException)
        {
            error = "timeout";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }

        CallbackAttempt attempt;
        lock (_gate)
        {
            _inFlight--;
            var now = _context.Time.GetUtcNow();
            delivery.RecordAttempt(statusCode, responseBody, error, (long)_context.Time.GetElapsedTime(started).TotalMilliseconds, now);
            attempt = new CallbackAttempt(
                EmulatedProvider.Runflow,
                delivery.RunId,
                delivery.Id,
                delivery.AttemptCount,
                new Uri(delivery.Url),
                statusCode,
                error,
                delivery.State switch
                {
                    RunflowDeliveryState.Succeeded => CallbackDeliveryState.Succeeded,
                    RunflowDeliveryState.Failed => CallbackDeliveryState.Failed,
                    _ => CallbackDeliveryState.Retrying,
                });
        }

        _context.Control.RecordCallbackAttempt(attempt);
    }
}

/// <summary>
/// Runflow's callback delivery rules in one place. Unconfirmed: the model page says "3 attempts with exponential
/// backoff (1s, 2s). Retries on 5xx / network errors only"; the callbacks page says any non-2xx is retried. The emulator
/// follows the model page and scales the backoff down twentyfold so tests stay fast.
/// </summary>
internal static class RunflowCallbackPolicy
{
    /// <summary>Total attempts, the first included.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Wait before the second and third attempts: the documented 1 s and 2 s, divided by 20.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)];

    /// <summary>How often the delivery loop looks for newly terminal runs and due retries.</summary>
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>An attempt with no response after this long counts as a timeout (a network error, so retried).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Header carrying the delivery id, the same on every attempt of one delivery.</summary>
    public const string RequestIdHeader = "Runflow-Request-Id";

    /// <summary>Header carrying the lowercase hex HMAC-SHA256 of the raw body.</summary>
    public const string SignatureHeader = "Runflow-Signature";

    /// <summary>
    /// The secret that signs callbacks for a key that has not created one with <c>POST /v1/callback-secrets</c>.
    /// Real Runflow sends no signature in that case; the emulator always signs so that clients can test verification
    /// without an extra call.
    /// </summary>
    public const string DefaultSigningSecret = "whsec_runflow_emulator_default_secret";

    /// <summary>Whether an HTTP status is retried: 5xx only (any other status ends the delivery).</summary>
    public static bool IsRetryable(int statusCode) => statusCode >= 500;

    /// <summary><c>hex(HMAC-SHA256(key = UTF-8 bytes of the whole secret, message = raw body))</c>, lowercase.</summary>
    public static string Sign(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>Where a delivery is.</summary>
internal enum RunflowDeliveryState
{
    Pending,
    Sending,
    Succeeded,
    Failed,
}

/// <summary>One callback delivery (its payload is frozen at creation) and its attempts.</summary>
internal sealed class RunflowCallbackDelivery
{
    private readonly List<JsonObject> _attempts = [];
    private readonly DateTimeOffset _createdAt;
    private DateTimeOffset _updatedAt;
    private DateTimeOffset? _completedAt;
    private string? _failureReason;
    private string? _failureDetail;

    public RunflowCallbackDelivery(string runId, string url, byte[] payload, string signature, Guid? secretId, bool isAutomatic, DateTimeOffset now)
    {
        RunId = runId;
        Url = url;
        Payload = payload;
        Signature = signature;
        SecretId = secretId;
        IsAutomatic = isAutomatic;
        NextAttemptAt = now;
        _createdAt = _updatedAt = now;
    }

    public string Id { get; } = Guid.NewGuid().ToString();

    public string RequestId { get; } = Guid.NewGuid().ToString();

    public string RunId { get; }

    public string Url { get; }

    public byte[] Payload { get; }

    public string Signature { get; }

    public Guid? SecretId { get; }

    public bool IsAutomatic { get; }

    public RunflowDeliveryState State { get; set; } = RunflowDeliveryState.Pending;

    public DateTimeOffset NextAttemptAt { get; private set; }

    public int AttemptCount => _attempts.Count;

    public void RecordAttempt(int? statusCode, string? responseBody, string? error, long elapsedMs, DateTimeOffset now)
    {
        _attempts.Add(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["delivery_id"] = Id,
            ["attempt_number"] = _attempts.Count + 1,
            ["status_code"] = statusCode,
            ["response_body"] = responseBody,
            ["response_time_ms"] = elapsedMs,
            ["error_message"] = error,
            ["created_at"] = RunflowRun.ApiTime(now),
        });
        _updatedAt = now;

        if (statusCode is >= 200 and < 300)
        {
            State = RunflowDeliveryState.Succeeded;
            _completedAt = now;
            _failureReason = _failureDetail = null;
            return;
        }

        var retryable = statusCode is null || RunflowCallbackPolicy.IsRetryable(statusCode.Value);
        _failureReason = statusCode is null ? "network_error" : "http_error";
        _failureDetail = statusCode is null ? error : string.Create(CultureInfo.InvariantCulture, $"Receiver answered HTTP {statusCode}.");
        if (retryable && _attempts.Count < RunflowCallbackPolicy.MaxAttempts)
        {
            NextAttemptAt = now + RunflowCallbackPolicy.RetryDelays[_attempts.Count - 1];
            State = RunflowDeliveryState.Pending;
        }
        else
        {
            State = RunflowDeliveryState.Failed;
            _completedAt = now;
        }
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["run_id"] = RunId,
        ["callback_url"] = Url,
        ["payload_bytes"] = Encoding.UTF8.GetString(Payload),
        ["payload"] = JsonNode.Parse(Payload),
        ["signing_secret_id"] = SecretId?.ToString(),
        ["is_automatic"] = IsAutomatic,
        ["status_code"] = State switch
        {
            RunflowDeliveryState.Succeeded => "succeeded",
            RunflowDeliveryState.Failed => "failed",
            _ => "pending",
        },
        ["failure_reason_code"] = _failureReason,
        ["failure_detail"] = _failureDetail,
        ["attempt_count"] = _attempts.Count,
        ["max_attempts"] = RunflowCallbackPolicy.MaxAttempts,
        ["next_attempt_at"] = State == RunflowDeliveryState.Pending ? RunflowRun.ApiTime(NextAttemptAt) : null,
        ["created_at"] = RunflowRun.ApiTime(_createdAt),
        ["updated_at"] = RunflowRun.ApiTime(_updatedAt),
        ["completed_at"] = _completedAt is { } completed ? RunflowRun.ApiTime(completed) : null,
        ["attempts"] = new JsonArray([.. _attempts.Select(a => (JsonNode)a.DeepClone())]),
    };
}

/// <summary>A callback signing secret created with <c>POST /v1/callback-secrets</c>.</summary>
/// <param name="Id">Secret id.</param>
/// <param name="OwnerKey">The API key that created it.</param>
/// <param name="PlainSecret">The secret (<c>whsec_...</c>), used whole as the HMAC key.</param>
/// <param name="Label">Optional label.</param>
/// <param name="CreatedAt">Creation time.</param>
internal sealed record RunflowSecret(Guid Id, string OwnerKey, string PlainSecret, string? Label, DateTimeOffset CreatedAt);
