using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Ideogram.Sdk.Engine;

/// <summary>
/// The send path: one provider call through the resilient pipeline, its answer read (bounded, on a deadline), and every
/// failure typed and marked with how far a paid submission got (<see cref="SubmissionState"/>) and the job it concerns.
/// </summary>
internal sealed class ProviderCalls(EngineContext context)
{
    private static readonly string UserAgent = "Ideogram.Sdk/" + Telemetry.Version;

    /// <summary>
    /// Sends a paid submission and reads its answer. Whatever is thrown says how far the submission got, and carries the
    /// job whenever the provider may have accepted it and its id is known (an id the SDK chose, such as Runware's task UUID).
    /// </summary>
    public async ValueTask<SubmitOutcome> SubmitAsync(PreparedRequest prepared, SubmitOptions? submitOptions, bool preferJob, CancellationToken cancellationToken)
    {
        var adapter = context.Adapter;
        var submit = new SubmitContext
        {
            Request = prepared,
            BaseAddress = context.BaseAddress,
            Options = context.Options,
            SubmitOptions = submitOptions,
            PreferJob = preferJob,
            Time = context.Time,
        };
        var kind = context.Profile.DeduplicatesSubmissions ? RequestKind.DeduplicatedSubmit : RequestKind.Submit;
        try
        {
            using var message = adapter.CreateSubmit(submit);
            var record = SendRecord.Of(message);
            var response = await SendAsync(message, kind, RequestPurpose.Submission, null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && adapter.CreateSubmitOnNotFound(submit, response) is { } alternate)
            {
                using (alternate)
                {
                    record = SendRecord.Of(alternate);
                    response = await SendAsync(alternate, kind, RequestPurpose.Submission, null, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!response.IsSuccess)
            {
                throw MarkSubmission(WithRaw(adapter.ReadError(response), response), record.State);
            }

            SubmitOutcome outcome;
            try
            {
                outcome = adapter.ReadSubmit(submit, response);
            }
            catch (IdeogramException e)
            {
                // An error inside a successful answer (Runware reports refusals per task): a refusal proves the task did
                // not run; anything else was accepted and is unreadable, or failed after running.
                var state = IsRefusal(e) ? SubmissionState.Refused : SubmissionState.Accepted;
                throw MarkSubmission(WithRaw(e, response), SendRecord.Max(record.Prior, state));
            }

            if (outcome.Result is { } result)
            {
                result.AttachRaw(response);
                try
                {
                    ResultLimits.Check(result, context.Options, context.Provider);
                }
                catch (IdeogramException e)
                {
                    throw MarkSubmission(e, SubmissionState.Accepted);
                }
            }

            Accepted(outcome, prepared);
            return outcome;
        }
        catch (IdeogramException e) when (e.Submission.MayHaveCharged() && e.Job is null && adapter.ClientAssignedJob(submit) is { } job)
        {
            e.Job = job;
            throw;
        }
        catch (IdeogramCanceledException e) when (e.Submission.MayHaveCharged() && e.Job is null && adapter.ClientAssignedJob(submit) is { } job)
        {
            e.Job = job;
            throw;
        }
    }

    /// <summary>
    /// Sends one provider call and reads its answer into memory, as a span of its own when something listens (its
    /// retries are events on it). Failures are typed exceptions marked for the kind of call: a read carries
    /// <paramref name="job"/> (accepted), a submission the state its attempts reached.
    /// </summary>
    public ValueTask<ProviderResponse> SendAsync(HttpRequestMessage message, RequestKind kind, RequestPurpose purpose, ImageJob? job, CancellationToken cancellationToken)
    {
        var record = SendRecord.Of(message);
        return Telemetry.Source.HasListeners() || OperationScope.Current is not null
            ? SendObservedAsync(message, kind, purpose, record, job, cancellationToken)
            : SendCoreAsync(message, kind, record, job, cancellationToken);
    }

    private async ValueTask<ProviderResponse> SendObservedAsync(HttpRequestMessage message, RequestKind kind, RequestPurpose purpose, SendRecord record, ImageJob? job, CancellationToken cancellationToken)
    {
        using var span = context.Telemetry.StartRequest(purpose, message, job);
        try
        {
            var response = await SendCoreAsync(message, kind, record, job, cancellationToken).ConfigureAwait(false);
            if (span is not null)
            {
                var status = (int)response.StatusCode;
                if (status >= 400)
                {
                    // As HTTP client spans record an error answer: the status code is the error's type.
                    span.SetStatus(ActivityStatusCode.Error);
                    span.SetTag(Telemetry.ErrorType, status.ToString(CultureInfo.InvariantCulture));
                }

                span.SetTag(Telemetry.HttpStatus, status);
                span.SetTag(Telemetry.ProviderRequestId, response.RequestId);
            }

            return response;
        }
        catch (Exception e) when (Failed(span, e, kind))
        {
            throw;
        }
        finally
        {
            if (record.Attempts > 1)
            {
                span?.SetTag(Telemetry.RetryCount, record.Attempts - 1);
                OperationScope.Current?.AddRetries(record.Attempts - 1);
            }
        }
    }

    /// <summary>Records a failed provider request on its span; always <see langword="false"/> (an exception filter that never catches).</summary>
    private static bool Failed(Activity? span, Exception e, RequestKind kind)
    {
        if (span is null)
        {
            return false;
        }

        span.SetStatus(ActivityStatusCode.Error);
        if (span.IsAllDataRequested)
        {
            span.SetTag(Telemetry.ErrorType, Telemetry.ErrorTypeOf(e));
            var (status, state) = e switch
            {
                IdeogramException i => ((int?)i.StatusCode, i.Submission),
                IdeogramCanceledException c => (null, c.Submission),
                _ => ((int?)null, SubmissionState.Unknown),
            };
            if (status is { } code)
            {
                span.SetTag(Telemetry.HttpStatus, code);
            }

            if (kind != RequestKind.Read && state != SubmissionState.Unknown)
            {
                span.SetTag(Telemetry.SubmissionState, Telemetry.Name(state));
            }
        }

        return false;
    }

    /// <summary>Logs an accepted submission (the line that finds a paid job again after a crash) and tells the running call about its job.</summary>
    private void Accepted(SubmitOutcome outcome, PreparedRequest prepared)
    {
        var telemetry = context.Telemetry;
        var logger = telemetry.Logger;
        if (outcome.Job is { } job)
        {
            OperationScope.Current?.Accepted(job.Id);
        }

        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var operation = Telemetry.Name(prepared.Operation);
        if (outcome.Job is { } pending)
        {
            var token = OperationScope.TokenFor(pending, telemetry.Sensitive) ?? "(not available)";
            Log.SubmissionAccepted(logger, telemetry.ProviderName, operation, pending.Id, token);
        }
        else if (outcome.Result is { } result)
        {
            Log.SubmissionCompleted(logger, telemetry.ProviderName, operation, result.RequestId, result.Images.Count);
        }
    }

    private async ValueTask<ProviderResponse> SendCoreAsync(HttpRequestMessage message, RequestKind kind, SendRecord record, ImageJob? job, CancellationToken cancellationToken)
    {
        record.Kind = kind;
        record.BodyLimit = context.Options.MaxResponseBytes;
        record.Body = null;
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        context.Adapter.Authenticate(message, context.Key);
        var provider = context.Provider;
        var attemptTimeout = context.Options.AttemptTimeout;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var response = context.Handlers is { } handlers
                ? await handlers.SendAsync(message, cancellationToken).ConfigureAwait(false)
                : await context.Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // The SDK's resilience handler has read the answer on its attempt's timer; without it in the pipeline, the
            // one answer is the only attempt and is read here.
            var body = record.Body ?? await ReadAnswerAsync(response, record, cancellationToken).ConfigureAwait(false);
            return new ProviderResponse(provider, response.StatusCode, response.Headers, response.Content.Headers, body, context.Time, context.Key);
        }
        catch (AnswerTimeoutException e)
        {
            throw Mark(new IdeogramTimeoutException($"{provider} did not finish sending its answer within {attemptTimeout}.", e.InnerException), kind, job, record);
        }
        catch (TimeoutRejectedException e)
        {
            throw Mark(new IdeogramTimeoutException($"{provider} did not answer within the configured timeout ({e.Timeout}).", e), kind, job, record, e);
        }
        catch (HttpRequestException e)
        {
            var text = SendRecord.Classify(e) == SubmissionState.NotSent
                ? $"Could not reach {provider} at {context.BaseAddress.Host}: {e.Message}"
                : $"The connection to {provider} at {context.BaseAddress.Host} was lost before its answer arrived (the request was sent): {e.Message}";
            throw Mark(new IdeogramException(text, e), kind, job, record, e);
        }
        catch (IOException e)
        {
            throw Mark(new IdeogramException($"The connection to {provider} failed: {e.Message}", e), kind, job, record, e);
        }
        catch (IdeogramException e)
        {
            // Raised inside the pipeline (a refused redirect) or by a bounded read (an answer over the size limit).
            throw Mark(e, kind, job, record, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not IdeogramCanceledException)
        {
            var state = kind == RequestKind.Read ? Read(job) : (record.Attempts == 0 ? SubmissionState.NotSent : record.State);
            throw new IdeogramCanceledException(
                state.MayHaveCharged()
                    ? $"The call to {provider} was cancelled after its paid request was sent; it may have run. See Job, when known."
                    : $"The call to {provider} was cancelled before anything paid was sent.",
                e,
                cancellationToken)
            {
                Job = job,
                Submission = state,
            };
        }
    }

    /// <summary>Reads an answer that no SDK resilience handler read (a pipeline without one): its one attempt, read the same way.</summary>
    private ValueTask<byte[]> ReadAnswerAsync(HttpResponseMessage response, SendRecord record, CancellationToken cancellationToken)
    {
        if (record.Attempts == 0)
        {
            record.Observe(SendRecord.Classify(response.StatusCode));
        }

        var options = context.Options;
        return ResilienceHandler.ReadAnswerAsync(response.Content, options.MaxResponseBytes, options.AttemptTimeout, context.Time, null, cancellationToken);
    }

    /// <summary>Marks an exception raised while reading an accepted job (a poll, a follow-up read).</summary>
    public static T MarkRead<T>(T exception, ImageJob job)
        where T : IdeogramException
    {
        exception.Job ??= job;
        exception.FailedOnRead = true;
        if (exception.Submission == SubmissionState.Unknown)
        {
            exception.Submission = SubmissionState.Accepted;
        }

        return exception;
    }

    /// <summary>Marks the failure of an accepted job itself (it ran and failed, was cancelled, or did not finish in time).</summary>
    public static T MarkJob<T>(T exception, ImageJob job)
        where T : IdeogramException
    {
        exception.Job ??= job;
        exception.FailedOnRead = false;
        exception.Submission = SubmissionState.Accepted;
        return exception;
    }

    private static SubmissionState Read(ImageJob? job) => job is null ? SubmissionState.NotSent : SubmissionState.Accepted;

    private static IdeogramException Mark(IdeogramException exception, RequestKind kind, ImageJob? job, SendRecord record, Exception? cause = null)
    {
        if (kind == RequestKind.Read)
        {
            exception.Job ??= job;
            exception.FailedOnRead = true;
            if (exception.Submission == SubmissionState.Unknown)
            {
                exception.Submission = Read(job);
            }

            return exception;
        }

        if (record.Attempts == 0 && cause is not null)
        {
            // No SDK resilience handler saw the attempt: judge by the failure itself.
            record.Observe(SendRecord.Classify(cause));
        }

        exception.Job ??= job;
        exception.Submission = record.Attempts == 0 ? SubmissionState.NotSent : record.State;
        return exception;
    }

    private static IdeogramException MarkSubmission(IdeogramException exception, SubmissionState state)
    {
        exception.Submission = state;
        exception.FailedOnRead = false;
        return exception;
    }

    /// <summary>Records the answer a failure was read from, unless one is already known.</summary>
    public static T WithRaw<T>(T exception, ProviderResponse response)
        where T : IdeogramException
    {
        exception.RawResponse ??= response.ToRaw();
        return exception;
    }

    /// <summary>The typed refusals a provider can report inside a successful answer: the task did not run.</summary>
    private static bool IsRefusal(IdeogramException e) =>
        e is IdeogramBadRequestException or IdeogramAuthenticationException or IdeogramInsufficientCreditsException
            or IdeogramRateLimitException or IdeogramContentPolicyException;
}
