using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Providers;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Engine;

/// <summary>
/// Reads and waits for accepted jobs: one status read (with the provider's follow-up reads), and the poll loop with
/// backoff, the provider's wait hints and a deadline on the client's clock. A job split into several provider jobs is
/// waited for part by part, and a failed part never hides the others' finished images.
/// </summary>
/// <remarks>
/// Waits read a job through <paramref name="poll"/>, the client's public <see cref="IIdeogramClient.PollAsync"/>, so a
/// subclass that overrides it sees (and may decorate) every status read its waits make. Those reads are marked as the
/// SDK's own (<see cref="OperationScope.IsInternalRead"/>), so in telemetry they are provider requests of the wait that
/// makes them, not calls of their own.
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
            var purpose = step == 0 ? RequestPurpose.Status : RequestPurpose.FollowUp;
            var response = await calls.SendAsync(message, RequestKind.Read, purpose, job, cancellationToken).ConfigureAwait(false);
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
                    result.AttachRaw(response);
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
        await foreach (var status in WatchAsync(job, options, null, cancellationToken).ConfigureAwait(false))
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
    /// <param name="job">The job.</param>
    /// <param name="options">Polling options; the client's when omitted.</param>
    /// <param name="call">The public call this watch is (its span, started on the first step), or <see langword="null"/> for a wait inside another call.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public async IAsyncEnumerable<ImageJobStatus> WatchAsync(ImageJob job, PollingOptions? options, SdkCall? call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var scope = call is { } c ? context.Telemetry.Start(c, job: job) : null;
        if (job.Result is { } done)
        {
            var completed = new ImageJobStatus(job, ImageJobState.Succeeded, "completed") { Result = done };
            scope?.Polled(completed);
            scope?.Completed(done, produced: false);
            yield return completed;
            yield break;
        }

        Watch watch;
        try
        {
            var polling = (options ?? context.Options.Polling).Clone();
            polling.Validate();
            watch = new Watch(job, polling, context.Time);
        }
        catch (Exception e) when (OperationScope.Fail(scope, e))
        {
            throw;
        }

        Started(watch);
        try
        {
            while (true)
            {
                scope?.Resume();
                ImageJobStatus? status;
                try
                {
                    status = await NextAsync(watch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (Stopped(watch, e) || OperationScope.Fail(scope, e))
                {
                    throw;
                }

                if (status is null)
                {
                    continue;
                }

                if (watch.Last is not { } last || status.State != last.State || !string.Equals(status.ProviderStatus, last.ProviderStatus, StringComparison.Ordinal) || status.IsTerminal)
                {
                    watch.Last = status;
                    Changed(status, scope);
                    yield return status;
                }

                if (status.IsTerminal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            Ended(watch);
        }
    }

    /// <summary>A wait for an accepted job begins: one more job in flight.</summary>
    private void Started(Watch watch)
    {
        var metrics = context.Telemetry.Metrics;
        if (metrics.ActiveJobs.Enabled)
        {
            metrics.ActiveJobs.Add(1, JobTags(watch.Job));
            watch.Counted = true;
        }
    }

    /// <summary>A wait ended (with the job, by an exception, or because its consumer stopped): one job fewer in flight, and the polls it made.</summary>
    private void Ended(Watch watch)
    {
        var metrics = context.Telemetry.Metrics;
        if (watch.Counted)
        {
            metrics.ActiveJobs.Add(-1, JobTags(watch.Job));
        }

        if (watch.Polls > 0 && metrics.PollsPerJob.Enabled)
        {
            var tags = JobTags(watch.Job);
            if (watch.Error is { } error)
            {
                tags.Add(Telemetry.ErrorType, error);
            }
            else if (watch.Last is { IsTerminal: true } last)
            {
                tags.Add(Telemetry.JobState, Telemetry.Name(last.State));
            }

            metrics.PollsPerJob.Record(watch.Polls, tags);
        }
    }

    private static bool Stopped(Watch watch, Exception e)
    {
        watch.Error = Telemetry.ErrorTypeOf(e);
        return false;
    }

    private TagList JobTags(ImageJob job) => new()
    {
        { Telemetry.ProviderName, context.Telemetry.ProviderName },
        { Telemetry.ImageOperation, Telemetry.Name(job.Operation) },
    };

    /// <summary>A new status of a watched job: logged, an event on the span of the call waiting for it, and the watch's own span.</summary>
    private void Changed(ImageJobStatus status, OperationScope? scope)
    {
        var telemetry = context.Telemetry;
        scope?.Polled(status);
        if (status is { State: ImageJobState.Succeeded, Result: { } result })
        {
            scope?.Completed(result);
        }

        if (Activity.Current is { IsAllDataRequested: true } span && Telemetry.IsOurs(span))
        {
            span.AddEvent(new ActivityEvent(Telemetry.JobStatusEvent, tags: new ActivityTagsCollection
            {
                { Telemetry.JobId, status.Job.Id },
                { Telemetry.JobState, Telemetry.Name(status.State) },
                { Telemetry.JobProviderStatus, status.ProviderStatus },
            }));
        }

        var state = Telemetry.Name(status.State);
        Log.JobStateChanged(telemetry.Logger, telemetry.ProviderName, status.Job.Id, state, status.ProviderStatus);
    }

    /// <summary>
    /// Reads a job's state for one of the SDK's own waits, through the client's public <see cref="IIdeogramClient.PollAsync"/>,
    /// counted for the watch and marked as the SDK's own read (when anything observes it).
    /// </summary>
    private Task<ImageJobStatus> ReadAsync(ImageJob job, Watch? watch, CancellationToken cancellationToken)
    {
        if (watch is not null)
        {
            watch.Polls++;
        }

        return OperationScope.IsInternalRead || !context.Telemetry.IsActive ? poll(job, cancellationToken) : ReadMarkedAsync(job, cancellationToken);
    }

    private async Task<ImageJobStatus> ReadMarkedAsync(ImageJob job, CancellationToken cancellationToken)
    {
        OperationScope.EnterInternalRead();
        return await poll(job, cancellationToken).ConfigureAwait(false);
    }

    private void ReadFailed(ImageJob job, IdeogramException e) =>
        Log.StatusReadFailed(context.Telemetry.Logger, context.Telemetry.ProviderName, job.Id, Telemetry.ErrorTypeOf(e), (int?)e.StatusCode);

    /// <summary>The state of one watch: the deadline, the next wait, and for a composite job what each part has done so far.</summary>
    private sealed class Watch(ImageJob job, PollingOptions polling, TimeProvider time)
    {
        public ImageJob Job { get; } = job;

        public PollingOptions Polling { get; } = polling;

        public long Started { get; } = time.GetTimestamp();

        public TimeSpan Delay { get; set; } = polling.InitialDelay;

        /// <summary>Status reads made so far (for a composite job, one per part read).</summary>
        public int Polls { get; set; }

        /// <summary>Whether this wait was counted among the jobs in flight.</summary>
        public bool Counted { get; set; }

        /// <summary>The last status yielded.</summary>
        public ImageJobStatus? Last { get; set; }

        /// <summary>The type of the exception the wait ended with, if any.</summary>
        public string? Error { get; set; }

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
                    ? await RoundAsync(job, parts, watch, cancellationToken).ConfigureAwait(false)
                    : await ReadAsync(job, watch, cancellationToken).ConfigureAwait(false);
                hint = status.RetryAfter;
            }
            catch (IdeogramException e) when (e.IsRetryable && e.FailedOnRead)
            {
                // A transient failure of one status read (after the pipeline's own retries) does not end the wait; the deadline does.
                ReadFailed(job, e);
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
        RoundAsync(job, [.. job.Parts.Select(p => new PartRun(p))], null, cancellationToken);

    /// <summary>
    /// Reads every part that has not ended yet, once, and sums the parts up: failed only when every part has ended and
    /// one failed (so the others' images are never lost); a part whose read fails transiently counts as still running.
    /// </summary>
    private async Task<ImageJobStatus> RoundAsync(ImageJob job, List<PartRun> runs, Watch? watch, CancellationToken cancellationToken)
    {
        TimeSpan? hint = null;
        var running = false;
        foreach (var run in runs.Where(r => r.Result is null && r.Error is null))
        {
            ImageJobStatus status;
            try
            {
                status = await ReadAsync(run.Job!, watch, cancellationToken).ConfigureAwait(false);
            }
            catch (IdeogramException e) when (e.IsRetryable && e.FailedOnRead)
            {
                ReadFailed(run.Job!, e);
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
