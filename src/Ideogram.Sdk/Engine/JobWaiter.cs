using System.Globalization;
using System.Runtime.CompilerServices;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Engine;

/// <summary>
/// Reads and waits for accepted jobs: one status read (with the provider's follow-up reads), and the poll loop with
/// backoff, the provider's wait hints and a deadline on the client's clock. A job split into several provider jobs is
/// waited for part by part, and a failed part never hides the others' finished images.
/// </summary>
/// <remarks>
/// Waits read a job through <paramref name="poll"/>, the client's public <see cref="IIdeogramClient.PollAsync"/>, so a
/// subclass that overrides it sees (and may decorate) every status read its waits make.
/// </remarks>
internal sealed class JobWaiter(EngineContext context, ProviderCalls calls, Func<ImageJob, CancellationToken, Task<ImageJobStatus>> poll)
{
    /// <summary>The most follow-up reads one status read may need (Runware's getResponse, Segmind's result read).</summary>
    private const int MaxReadsPerPoll = 4;

    public async Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken)
    {
        if (job.Result is { } done)
        {
            return new ImageJobStatus(job, ImageJobState.Succeeded, "completed") { Result = done };
        }

        if (job.Parts.Count > 0)
        {
            return await PollPartsAsync(job, cancellationToken).ConfigureAwait(false);
        }

        var adapter = context.Adapter;
        string? stage = null;
        for (var step = 0; step < MaxReadsPerPoll; step++)
        {
            var poll = new PollContext { Job = job, BaseAddress = context.BaseAddress, Options = context.Options, Time = context.Time, Stage = stage };
            using var message = adapter.CreatePoll(poll);
            var response = await calls.SendAsync(message, RequestKind.Read, job, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess && !adapter.IsJobAnswer(poll, response))
            {
                throw ProviderCalls.MarkRead(ProviderCalls.WithRaw(adapter.ReadError(response), response), job);
            }

            PollOutcome outcome;
            try
            {
                outcome = adapter.ReadPoll(poll, response);
            }
            catch (IdeogramException e)
            {
                throw ProviderCalls.MarkRead(ProviderCalls.WithRaw(e, response), job);
            }

            if (outcome.Status is { } status)
            {
                if (status.Error is { } error)
                {
                    ProviderCalls.MarkJob(ProviderCalls.WithRaw(error, response), job);
                }

                if (status.Result is { } result)
                {
                    result.AttachRaw(response.ToRaw());
                    try
                    {
                        ResultLimits.Check(result, context.Options, context.Provider);
                    }
                    catch (IdeogramException e)
                    {
                        throw ProviderCalls.MarkJob(e, job);
                    }
                }

                return status.RetryAfter is null && response.RetryAfter is { } hint
                    ? new ImageJobStatus(status.Job, status.State, status.ProviderStatus) { Result = status.Result, Error = status.Error, RetryAfter = hint }
                    : status;
            }

            stage = outcome.FollowUpStage;
        }

        throw ProviderCalls.MarkRead(new IdeogramException($"{context.Provider} job '{job.Id}' needed more follow-up reads than expected."), job);
    }

    /// <summary>Waits for a job to end: its result, or the exception for how it ended.</summary>
    public async Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options, CancellationToken cancellationToken)
    {
        if (job.Result is { } done)
        {
            return done;
        }

        ImageJobStatus? last = null;
        await foreach (var status in WatchAsync(job, options, cancellationToken).ConfigureAwait(false))
        {
            last = status;
        }

        return last switch
        {
            { State: ImageJobState.Succeeded, Result: { } result } => result,
            { State: ImageJobState.Succeeded } => throw ProviderCalls.MarkJob(new IdeogramException($"{context.Provider} reported job '{job.Id}' as succeeded without a result."), job),
            { Error: { } error } => throw error,
            _ => throw ProviderCalls.MarkJob(new IdeogramJobFailedException($"{context.Provider} job '{job.Id}' ended as {last?.ProviderStatus ?? last?.State.ToString()}."), job),
        };
    }

    /// <summary>
    /// Polls a job with backoff until it ends, yielding each change of its state or provider status word and, last, the
    /// terminal status. Transient read failures are polled through; the deadline, a failed read that will not clear,
    /// and cancellation throw, each carrying the job.
    /// </summary>
    public async IAsyncEnumerable<ImageJobStatus> WatchAsync(ImageJob job, PollingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (job.Result is { } done)
        {
            yield return new ImageJobStatus(job, ImageJobState.Succeeded, "completed") { Result = done };
            yield break;
        }

        var polling = (options ?? context.Options.Polling).Clone();
        polling.Validate();
        var watch = new Watch(job, polling, context.Time);
        ImageJobStatus? last = null;
        while (true)
        {
            var status = await NextAsync(watch, cancellationToken).ConfigureAwait(false);
            if (status is null)
            {
                continue;
            }

            if (last is null || status.State != last.State || !string.Equals(status.ProviderStatus, last.ProviderStatus, StringComparison.Ordinal) || status.IsTerminal)
            {
                last = status;
                yield return status;
            }

            if (status.IsTerminal)
            {
                yield break;
            }
        }
    }

    /// <summary>The state of one watch: the deadline, the next wait, and for a composite job what each part has done so far.</summary>
    private sealed class Watch(ImageJob job, PollingOptions polling, TimeProvider time)
    {
        public ImageJob Job { get; } = job;

        public PollingOptions Polling { get; } = polling;

        public long Started { get; } = time.GetTimestamp();

        public TimeSpan Delay { get; set; } = polling.InitialDelay;

        public List<PartRun>? Parts { get; } = job.Parts.Count > 0 ? [.. job.Parts.Select(p => new PartRun(p))] : null;
    }

    /// <summary>Waits the next delay, then reads the job once; <see langword="null"/> when the read failed transiently.</summary>
    private async Task<ImageJobStatus?> NextAsync(Watch watch, CancellationToken cancellationToken)
    {
        var job = watch.Job;
        var time = context.Time;
        try
        {
            var remaining = watch.Polling.Timeout - time.GetElapsedTime(watch.Started);
            if (remaining <= TimeSpan.Zero)
            {
                throw TimedOut(watch);
            }

            var pushed = await DelayAsync(watch, remaining, cancellationToken).ConfigureAwait(false);
            TimeSpan? hint;
            ImageJobStatus? status = null;
            try
            {
                if (pushed is { IsTerminal: true } && watch.Parts is null)
                {
                    // A verified callback said how the job ended: no need to ask the provider again.
                    return Settled(pushed, job);
                }

                if (pushed is { IsTerminal: true } && watch.Parts?.FirstOrDefault(p => p.Job!.Id == pushed.Job.Id && p.Result is null && p.Error is null) is { } part)
                {
                    Settle(part, pushed);
                }

                status = watch.Parts is { } parts
                    ? await RoundAsync(job, parts, cancellationToken).ConfigureAwait(false)
                    : await poll(job, cancellationToken).ConfigureAwait(false);
                hint = status.RetryAfter;
            }
            catch (IdeogramException e) when (e.IsRetryable && e.FailedOnRead)
            {
                // A transient failure of one status read (after the pipeline's own retries) does not end the wait; the deadline does.
                hint = e.RetryAfter;
            }

            var next = TimeSpan.FromTicks((long)Math.Min(watch.Delay.Ticks * watch.Polling.BackoffFactor, watch.Polling.MaxDelay.Ticks));
            watch.Delay = hint is { } h && h > next ? h : next;
            return status;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not IdeogramJobWaitCanceledException)
        {
            throw new IdeogramJobWaitCanceledException(Snapshot(watch), e, cancellationToken) { PartialResult = Finished(watch) };
        }
    }

    /// <summary>
    /// Waits the next delay, or less if a status for the job (or one of its parts) is published meanwhile
    /// (<see cref="IdeogramJobEvents"/>); returns that status, or <see langword="null"/> when the delay ran out.
    /// </summary>
    private async Task<ImageJobStatus?> DelayAsync(Watch watch, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var wait = watch.Delay < remaining ? watch.Delay : remaining;
        var events = context.Options.JobEvents ?? IdeogramJobEvents.Shared;
        using var listener = events.Listen(watch.Parts is { } parts ? parts.Where(p => p.Result is null && p.Error is null).Select(p => p.Job!) : [watch.Job]);
        if (wait <= TimeSpan.Zero)
        {
            return listener.Signal.Task.IsCompleted ? await listener.Signal.Task.ConfigureAwait(false) : null;
        }

        using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, context.Time, delayCancel.Token);
        var first = await Task.WhenAny(delay, listener.Signal.Task).ConfigureAwait(false);
        if (first == listener.Signal.Task)
        {
            await delayCancel.CancelAsync().ConfigureAwait(false);
            return await listener.Signal.Task.ConfigureAwait(false);
        }

        await delay.ConfigureAwait(false);
        return null;
    }

    /// <summary>A published terminal status, marked like a polled one.</summary>
    private ImageJobStatus Settled(ImageJobStatus pushed, ImageJob job)
    {
        if (pushed.Error is { } error)
        {
            ProviderCalls.MarkJob(error, job);
        }

        if (pushed.Result is { } result)
        {
            ResultLimits.Check(result, context.Options, context.Provider);
        }

        return pushed.Job == job ? pushed : new ImageJobStatus(job, pushed.State, pushed.ProviderStatus) { Result = pushed.Result, Error = pushed.Error };
    }

    private static void Settle(PartRun part, ImageJobStatus pushed)
    {
        if (pushed.State == ImageJobState.Succeeded && pushed.Result is { } result)
        {
            part.Result = result;
        }
        else if (pushed.State != ImageJobState.Succeeded)
        {
            part.Fail(ProviderCalls.MarkJob(pushed.Error ?? new IdeogramJobFailedException($"{part.Job!.Provider} job '{part.Job.Id}' ended as {pushed.ProviderStatus ?? pushed.State.ToString()}."), part.Job!));
        }
    }

    private IdeogramJobTimeoutException TimedOut(Watch watch)
    {
        var job = watch.Job;
        var e = ProviderCalls.MarkJob(
            new IdeogramJobTimeoutException(
                $"{context.Provider} job '{job.Id}' did not finish within {watch.Polling.Timeout}; it may still finish. Collect it later with its job (token)."),
            Snapshot(watch));
        e.PartialResult = Finished(watch);
        return e;
    }

    /// <summary>The job as known now: a composite's finished parts carry their results, so collecting it later reads only the rest.</summary>
    private static ImageJob Snapshot(Watch watch) =>
        watch.Parts is { } parts && parts.Any(p => p.Result is not null && !p.Job!.IsCompleted)
            ? new ImageJob(watch.Job.Provider, watch.Job.Operation, watch.Job.Id, watch.Job.CreatedAt, watch.Job.Properties) { Parts = [.. parts.Select(p => p.JobWithResult!)] }
            : watch.Job;

    private ImageResult? Finished(Watch watch) =>
        watch.Parts is { } parts && parts.Any(p => p.Result is not null)
            ? SplitRequests.Merge([.. parts.Where(p => p.Result is not null).Select(p => p.Result!)], context.Provider, watch.Job.Operation, [])
            : null;

    /// <summary>One status read of a composite job: every part read once.</summary>
    private Task<ImageJobStatus> PollPartsAsync(ImageJob job, CancellationToken cancellationToken) =>
        RoundAsync(job, [.. job.Parts.Select(p => new PartRun(p))], cancellationToken);

    /// <summary>
    /// Reads every part that has not ended yet, once, and sums the parts up: failed only when every part has ended and
    /// one failed (so the others' images are never lost); a part whose read fails transiently counts as still running.
    /// </summary>
    private async Task<ImageJobStatus> RoundAsync(ImageJob job, List<PartRun> runs, CancellationToken cancellationToken)
    {
        TimeSpan? hint = null;
        var running = false;
        foreach (var run in runs.Where(r => r.Result is null && r.Error is null))
        {
            ImageJobStatus status;
            try
            {
                status = await poll(run.Job!, cancellationToken).ConfigureAwait(false);
            }
            catch (IdeogramException e) when (e.IsRetryable && e.FailedOnRead)
            {
                hint = Longer(hint, e.RetryAfter);
                continue;
            }
            catch (IdeogramException e)
            {
                run.Fail(e);
                continue;
            }

            hint = Longer(hint, status.RetryAfter);
            switch (status.State)
            {
                case ImageJobState.Succeeded:
                    run.Result = status.Result;
                    break;
                case ImageJobState.Failed:
                case ImageJobState.Canceled:
                    run.Fail(status.Error ?? ProviderCalls.MarkJob(new IdeogramJobFailedException($"{context.Provider} job '{run.Job!.Id}' ended as {status.ProviderStatus ?? status.State.ToString()}."), run.Job!));
                    break;
                case ImageJobState.Running:
                    running = true;
                    break;
            }
        }

        var ended = runs.Count(r => r.Result is not null || r.Error is not null);
        var progress = string.Create(CultureInfo.InvariantCulture, $"{ended} of {runs.Count} parts ended");
        if (ended < runs.Count)
        {
            var state = running || ended > 0 ? ImageJobState.Running : ImageJobState.Queued;
            return new ImageJobStatus(job, state, progress) { RetryAfter = hint };
        }

        if (runs.All(r => r.Result is not null))
        {
            var result = SplitRequests.Merge([.. runs.Select(r => r.Result!)], context.Provider, job.Operation, [], job);
            return new ImageJobStatus(job, ImageJobState.Succeeded, "succeeded") { Result = result };
        }

        var error = (IdeogramException)SplitRequests.Failure(runs, context, job.Operation, [], CancellationToken.None);
        return new ImageJobStatus(job, ImageJobState.Failed, "failed") { Error = error };
    }

    private static TimeSpan? Longer(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
