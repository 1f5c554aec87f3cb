using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Emulator.Providers.Runware;

/// <summary>
/// Delivers <c>webhookURL</c> POSTs: once a task is done (at once for synchronous delivery, after one
/// <see cref="EmulatorOptions.JobStepDelay"/> for asynchronous), each result item is POSTed on its own as the flat
/// task object (no <c>data</c> wrapper), and a failed task's error object once. A background loop (running only while
/// there is work) watches tasks on the emulator's clock and sends through <see cref="EmulatorContext.CallbackClient"/>,
/// retrying per <see cref="RunwareWebhookPolicy"/>.
/// </summary>
internal sealed class RunwareWebhooks
{
    private readonly Lock _gate = new();
    private readonly List<RunwareTask> _waiting = [];
    private readonly List<RunwareWebhookDelivery> _deliveries = [];
    private readonly EmulatorContext _context;
    private readonly Func<RunwareTask, IReadOnlyList<JsonObject>> _bodiesOf;
    private readonly CancellationToken _stopping;
    private int _inFlight;
    private bool _loopRunning;

    /// <param name="context">The emulator.</param>
    /// <param name="bodiesOf">The bodies to POST for a finished task: its result items, or its error.</param>
    /// <param name="stopping">Signalled when the emulator stops.</param>
    public RunwareWebhooks(EmulatorContext context, Func<RunwareTask, IReadOnlyList<JsonObject>> bodiesOf, CancellationToken stopping)
    {
        _context = context;
        _bodiesOf = bodiesOf;
        _stopping = stopping;
    }

    /// <summary>Watches <paramref name="task"/> and delivers its results to its webhook once it is done.</summary>
    public void Track(RunwareTask task)
    {
        lock (_gate)
        {
            _waiting.Add(task);
            EnsureLoop();
        }
    }

    /// <summary>Whether a task is done: synchronous tasks at once, asynchronous ones after one job step.</summary>
    public static bool IsDone(RunwareTask task, DateTimeOffset now, TimeSpan step) =>
        !task.Plan.Async || now - task.CreatedAt >= step;

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
                    if (_waiting.Count == 0 && _inFlight == 0 && !_deliveries.Any(d => d.State == RunwareDeliveryState.Pending))
                    {
                        _loopRunning = false;
                        return;
                    }
                }

                await Task.Delay(RunwareWebhookPolicy.ScanInterval, _context.Time, _stopping);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The emulator is stopping; undelivered webhooks are dropped.
        }

        lock (_gate)
            _loopRunning = false;
    }

    private void Scan()
    {
        var now = _context.Time.GetUtcNow();
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var task = _waiting[i];
            if (!IsDone(task, now, _context.Options.JobStepDelay))
                continue;
            _waiting.RemoveAt(i);
            foreach (var body in _bodiesOf(task))
                _deliveries.Add(new RunwareWebhookDelivery(task.WebhookUrl!, Encoding.UTF8.GetBytes(body.ToJsonString()), now));
        }

        foreach (var delivery in _deliveries)
        {
            if (delivery.State != RunwareDeliveryState.Pending || delivery.NextAttemptAt > now)
                continue;
            delivery.State = RunwareDeliveryState.Sending;
            _inFlight++;
            _ = Task.Run(() => AttemptAsync(delivery), CancellationToken.None);
        }
    }

    private async Task AttemptAsync(RunwareWebhookDelivery delivery)
    {
        int? statusCode = null;
        using var timeout = new CancellationTokenSource(RunwareWebhookPolicy.AttemptTimeout, _context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _context.CallbackClient.SendAsync(request, linked.Token);
            statusCode = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            lock (_gate)
                _inFlight--;
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // A timeout or a connection error: retried like a non-2xx answer.
        }

        lock (_gate)
        {
            _inFlight--;
            delivery.RecordAttempt(statusCode, _context.Time.GetUtcNow());
        }
    }
}

/// <summary>
/// Runware's webhook delivery rules in one place. Unconfirmed: the platform page says only that a non-2xx answer is
/// retried "automatically"; Runware's integration guide gives 250 ms doubling up to 8 s and a ~5 s answer window,
/// without a number of attempts. The emulator makes 7 attempts (the waits 250 ms … 8 s) and scales the waits down
/// twentyfold so tests stay fast, like its Runflow callbacks.
/// </summary>
internal static class RunwareWebhookPolicy
{
    /// <summary>Wait before each retry: 250 ms doubling to 8 s, divided by 20.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [.. new[] { 250, 500, 1000, 2000, 4000, 8000 }.Select(ms => TimeSpan.FromMilliseconds(ms / 20.0))];

    /// <summary>Total attempts, the first included.</summary>
    public static int MaxAttempts => RetryDelays.Count + 1;

    /// <summary>How often the delivery loop looks for finished tasks and due retries.</summary>
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>An attempt with no answer after this long counts as failed (and is retried).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
}

/// <summary>Where a webhook delivery is.</summary>
internal enum RunwareDeliveryState
{
    Pending,
    Sending,
    Succeeded,
    Failed,
}

/// <summary>One webhook POST (one result item, or a task's error) and its attempts.</summary>
internal sealed class RunwareWebhookDelivery(string url, byte[] payload, DateTimeOffset now)
{
    private int _attempts;

    public string Url { get; } = url;

    public byte[] Payload { get; } = payload;

    public RunwareDeliveryState State { get; set; } = RunwareDeliveryState.Pending;

    public DateTimeOffset NextAttemptAt { get; private set; } = now;

    /// <summary>Records an attempt: a 2xx ends the delivery; anything else is retried until the attempts run out.</summary>
    public void RecordAttempt(int? statusCode, DateTimeOffset now)
    {
        _attempts++;
        if (statusCode is >= 200 and < 300)
        {
            State = RunwareDeliveryState.Succeeded;
        }
        else if (_attempts < RunwareWebhookPolicy.MaxAttempts)
        {
            NextAttemptAt = now + RunwareWebhookPolicy.RetryDelays[_attempts - 1];
            State = RunwareDeliveryState.Pending;
        }
        else
        {
            State = RunwareDeliveryState.Failed;
        }
    }
}
