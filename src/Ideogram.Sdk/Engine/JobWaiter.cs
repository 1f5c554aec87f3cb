using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Engine;

/// <summary>
/// Reads and waits for accepted jobs: one status read (with the provider's follow-up reads), and the poll loop with
/// backoff, the provider's wait hints and a deadline on the client's clock. A job split into several provider jobs is
/// waited for part by part, and a failed part never hides the others' finished images.
/// </summary>
internal sealed class JobWaiter(EngineContext context, ProviderCalls calls)
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
                throw ProviderCalls.MarkRead(adapter.ReadError(response), job);
            }

            PollOutcome outcome;
            try
            {
                outcome = adapter.ReadPoll(poll, response);
            }
            catch (IdeogramException e)
            {
                throw ProviderCalls.MarkRead(e, job);
            }

            if (outcome.Status is { } status)
            {
                if (status.Error is { } error)
                {
                    ProviderCalls.MarkJob(error, job);
                }

                if (status.Result is { } result)
                {
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

    public async Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options, CancellationToken cancellationToken)
    {
        if (job.Result is { } done)
        {
            return done;
        }

        var polling = (options ?? context.Options.Polling).Clone();
        polling.Validate();
        if (job.Parts.Count > 0)
        {
            return await WaitPartsAsync(job, polling, cancellationToken).ConfigureAwait(false);
        }

        var time = context.Time;
        var started = time.GetTimestamp();
        var delay = polling.InitialDelay;
        try
        {
            while (true)
            {
                var remaining = polling.Timeout - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw ProviderCalls.MarkJob(
                        new IdeogramJobTimeoutException(
                            $"{context.Provider} job '{job.Id}' did not finish within {polling.Timeout}; it may still finish. Collect it later with its job (token)."),
                        job);
                }

                await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false);
                TimeSpan? hint;
                try
                {
                    var status = await PollAsync(job, cancellationToken).ConfigureAwait(false);
                    switch (status.State)
                    {
                        case ImageJobState.Succeeded:
                            return status.Result ?? throw ProviderCalls.MarkJob(new IdeogramException($"{context.Provider} reported job '{job.Id}' as succeeded without a result."), job);
                        case ImageJobState.Failed:
                        case ImageJobState.Canceled:
                            throw status.Error ?? ProviderCalls.MarkJob(new IdeogramJobFailedException($"{context.Provider} job '{job.Id}' ended as {status.ProviderStatus ?? status.State.ToString()}."), job);
                    }

                    hint = status.RetryAfter;
                }
                catch (IdeogramException e) when (e.IsRetryable && e.FailedOnRead)
                {
                    // A transient failure of one status read (after the pipeline's own retries) does not end the wait; the deadline does.
                    hint = e.RetryAfter;
                }

                var next = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * polling.BackoffFactor, polling.MaxDelay.Ticks));
                delay = hint is { } h && h > next ? h : next;
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not IdeogramJobWaitCanceledException)
        {
            throw new IdeogramJobWaitCanceledException(job, e, cancellationToken);
        }
    }

    /// <summary>Waits for every part of a composite job at once; the outcome keeps every finished part, whatever the others did.</summary>
    private async Task<ImageResult> WaitPartsAsync(ImageJob job, PollingOptions polling, CancellationToken cancellationToken)
    {
        var runs = job.Parts.Select(p => new PartRun(p)).ToList();
        await Task.WhenAll(runs.Select(async run =>
        {
            try
            {
                run.Result ??= await WaitAsync(run.Job!, polling, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IdeogramException or OperationCanceledException)
            {
                run.Fail(e);
            }
        })).ConfigureAwait(false);

        if (runs.All(r => r.Result is not null))
        {
            return SplitRequests.Merge([.. runs.Select(r => r.Result!)], context.Provider, job.Operation, [], job);
        }

        throw SplitRequests.Failure(runs, context, job.Operation, [], cancellationToken);
    }

    /// <summary>One status read of every unfinished part; failed only when every part has ended and one failed.</summary>
    private async Task<ImageJobStatus> PollPartsAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var runs = job.Parts.Select(p => new PartRun(p)).ToList();
        var statuses = new List<ImageJobStatus>(runs.Count);
        foreach (var run in runs)
        {
            var status = await PollAsync(run.Job!, cancellationToken).ConfigureAwait(false);
            statuses.Add(status);
            switch (status.State)
            {
                case ImageJobState.Succeeded:
                    run.Result = status.Result;
                    break;
                case ImageJobState.Failed:
                case ImageJobState.Canceled:
                    run.Fail(status.Error ?? ProviderCalls.MarkJob(new IdeogramJobFailedException($"{context.Provider} job '{run.Job!.Id}' ended as {status.ProviderStatus ?? status.State.ToString()}."), run.Job!));
                    break;
            }
        }

        if (statuses.Any(s => !s.IsTerminal))
        {
            var state = statuses.Any(s => s.State == ImageJobState.Running) ? ImageJobState.Running : ImageJobState.Queued;
            return new ImageJobStatus(job, state, state.ToString().ToLowerInvariant()) { RetryAfter = statuses.Max(s => s.RetryAfter) };
        }

        if (runs.All(r => r.Result is not null))
        {
            var result = SplitRequests.Merge([.. runs.Select(r => r.Result!)], context.Provider, job.Operation, [], job);
            return new ImageJobStatus(job, ImageJobState.Succeeded, "succeeded") { Result = result };
        }

        var error = (IdeogramException)SplitRequests.Failure(runs, context, job.Operation, [], CancellationToken.None);
        var terminal = statuses.All(s => s.State == ImageJobState.Canceled) ? ImageJobState.Canceled : ImageJobState.Failed;
        return new ImageJobStatus(job, terminal, terminal.ToString().ToLowerInvariant()) { Error = error };
    }
}
