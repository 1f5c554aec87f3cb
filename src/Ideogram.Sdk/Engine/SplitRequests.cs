using System.Globalization;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Engine;

/// <summary>One provider call of a request split into several, and what became of it.</summary>
internal sealed class PartRun
{
    public PartRun(PreparedRequest request)
    {
        Request = request;
        ImageCount = request.ImageCount;
    }

    public PartRun(ImageJob job)
    {
        Job = job;
        Result = job.Result;
        State = SubmissionState.Accepted;
        ImageCount = job.Result?.Images.Count ?? 0;
    }

    public PreparedRequest? Request { get; }

    public int ImageCount { get; }

    /// <summary>The accepted job (or the job an id chosen by the SDK names, when the call may have run).</summary>
    public ImageJob? Job { get; set; }

    /// <summary>The finished result, once known.</summary>
    public ImageResult? Result { get; set; }

    public Exception? Error { get; set; }

    /// <summary>How far this call's paid submission got.</summary>
    public SubmissionState State { get; set; } = SubmissionState.NotSent;

    /// <summary>Records a failure: its state (never lowering what is already known) and any job it carries.</summary>
    public void Fail(Exception error)
    {
        Error = error;
        var (state, job) = error switch
        {
            IdeogramException e => (e.Submission == SubmissionState.Unknown ? SubmissionState.MayHaveRun : e.Submission, e.Job),
            IdeogramCanceledException c => (c.Submission == SubmissionState.Unknown ? SubmissionState.MayHaveRun : c.Submission, c.Job),
            OperationCanceledException => (SubmissionState.NotSent, null),
            _ => (SubmissionState.MayHaveRun, null),
        };
        State = SendRecord.Max(State, state);
        Job ??= job;
    }

    /// <summary>The job with its result, when the result became known after the job was made.</summary>
    public ImageJob? JobWithResult => Job is { } job && Result is { } result && !job.IsCompleted ? job.WithResult(result) : Job;
}

/// <summary>
/// Requests for more images than one provider call makes: split into calls, run, and put back together. A failure in
/// any call never loses another call that was accepted or finished: they are all on the exception.
/// </summary>
internal static class SplitRequests
{
    /// <summary>Splits a request for more images than one provider call makes into several calls (seeds, when given, count up).</summary>
    public static IReadOnlyList<PreparedRequest> Split(PreparedRequest prepared, EngineContext context)
    {
        var perCall = Math.Max(1, context.Profile.MaxImagesPerCall);
        var count = prepared.ImageCount;
        if (count <= perCall)
        {
            return [prepared];
        }

        // Each call gets its own seed, counting up from the given one (down, where counting up would leave the
        // provider's seed range), so the images differ and each stays reproducible.
        var calls = (count + perCall - 1) / perCall;
        var seedRule = context.Profile.Operations[prepared.Operation][ImageParameter.Seed];
        var step = prepared.Seed is { } first && seedRule?.Max is { } max && first + calls - 1 > max ? -1 : 1;
        var parts = new List<PreparedRequest>(calls);
        for (int given = 0, index = 0; given < count; index++)
        {
            var n = Math.Min(perCall, count - given);
            parts.Add(prepared.CopyWith(n, prepared.Seed is { } seed ? seed + (step * index) : null));
            given += n;
        }

        if (prepared.Seed is { } s)
        {
            prepared.Warnings.Add(new Warning("seed-per-call", ImageParameter.Seed, FormattableString.Invariant(
                $"{context.Provider} makes {perCall} image(s) per call; the {calls} calls used seeds {s}..{s + (step * (calls - 1))}.")));
        }

        return parts;
    }

    /// <summary>
    /// The failure of a split request once every call has ended: the exception that carries every accepted call (<see cref="IdeogramException.Job"/>) and every finished image
    /// (<see cref="IdeogramException.PartialResult"/>). A cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static Exception Failure(List<PartRun> runs, EngineContext context, ImageOperation operation, List<Warning> warnings, CancellationToken cancellationToken)
    {
        var provider = context.Provider;
        var failures = runs.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        var jobs = runs.Select(r => r.JobWithResult ?? (r.Result is { } done ? Completed(done, context) : null)).OfType<ImageJob>().ToList();
        var finished = runs.Where(r => r.Result is not null).Select(r => r.Result!).ToList();
        var state = runs.Select(r => r.State).Aggregate(SubmissionState.NotSent, SendRecord.Max);
        var notSubmitted = runs.Where(r => r.State is SubmissionState.NotSent or SubmissionState.Refused).Sum(r => r.ImageCount);
        var first = failures.FirstOrDefault();
        var partial = finished.Count == 0 ? null : Merge(finished, provider, operation, warnings);
        var composite = jobs.Count == 0 ? null : Composite(jobs, provider, operation);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{jobs.Count} of {runs.Count} {provider} calls were accepted and {finished.Count} finished");

        var canceled = failures.OfType<OperationCanceledException>().FirstOrDefault();
        if (cancellationToken.IsCancellationRequested && (canceled is not null || first is null))
        {
            if (canceled is IdeogramJobWaitCanceledException && composite is not null)
            {
                return new IdeogramJobWaitCanceledException(composite, canceled, cancellationToken) { PartialResult = partial };
            }

            return new IdeogramCanceledException($"The {provider} request was cancelled; {summary} (see Job and PartialResult).", canceled, cancellationToken)
            {
                Job = composite,
                PartialResult = partial,
                Submission = state,
            };
        }

        if (composite is null && first is IdeogramException only)
        {
            // Nothing was accepted anywhere: the first failure is the answer, judged over every call.
            only.Submission = SendRecord.Max(only.Submission, state);
            return only;
        }

        var cause = first as IdeogramException;
        var details = new ProviderErrorDetails(provider, cause?.StatusCode, cause?.ErrorCode, cause?.ProviderMessage, cause?.RequestId, cause?.RetryAfter, cause?.RawBody);
        return new IdeogramSplitRequestException(
            $"{failures.Count} of {runs.Count} {provider} calls failed; {summary} (see Job and PartialResult). First failure: {first?.Message}",
            details,
            first)
        {
            Job = composite,
            PartialResult = partial,
            Submission = state,
            Failures = failures,
            CallCount = runs.Count,
            ImagesNotSubmitted = notSubmitted,
        };
    }

    /// <summary>A completed job for a call that finished synchronously (its id is the provider's request id, when it gave one).</summary>
    public static ImageJob Completed(ImageResult result, EngineContext context) =>
        new(context.Provider, result.Operation, result.RequestId ?? "sync-" + Guid.NewGuid().ToString("N"), result.Created ?? context.Time.GetUtcNow()) { Result = result };

    /// <summary>One job standing for several provider jobs; completed when every part is.</summary>
    public static ImageJob Composite(IReadOnlyList<ImageJob> jobs, IdeogramProvider provider, ImageOperation operation)
    {
        var first = jobs[0];
        var result = jobs.All(j => j.IsCompleted) ? Merge([.. jobs.Select(j => j.Result!)], provider, operation, []) : null;
        return new ImageJob(provider, operation, first.Id, first.CreatedAt) { Parts = [.. jobs], Result = result };
    }

    /// <summary>The results of several calls as one.</summary>
    public static ImageResult Merge(List<ImageResult> results, IdeogramProvider provider, ImageOperation operation, List<Warning> warnings, ImageJob? job = null) =>
        new(provider, operation, [.. results.SelectMany(r => r.Images)])
        {
            Created = results.Select(r => r.Created).FirstOrDefault(c => c is not null),
            Warnings = [.. warnings, .. results.SelectMany(r => r.Warnings).Distinct()],
            Cost = Sum(results.Select(r => r.Cost)),
            RemainingCredits = results.Select(r => r.RemainingCredits).LastOrDefault(c => c is not null),
            RequestId = results.Select(r => r.RequestId).FirstOrDefault(id => id is not null),
            Descriptions = [.. results.SelectMany(r => r.Descriptions)],
            Job = job,
        };

    /// <summary>A result with the request's warnings in front of the provider's, and the job that made it.</summary>
    public static ImageResult WithWarnings(ImageResult result, List<Warning> warnings, ImageJob? job) =>
        new(result.Provider, result.Operation, result.Images)
        {
            Descriptions = result.Descriptions,
            Created = result.Created,
            Warnings = [.. warnings, .. result.Warnings],
            Cost = result.Cost,
            RemainingCredits = result.RemainingCredits,
            RequestId = result.RequestId,
            Job = result.Job ?? job,
            RawResponse = result.RawResponse,
        };

    public static decimal? Sum(IEnumerable<decimal?> values)
    {
        decimal? total = null;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                total = (total ?? 0) + x;
            }
        }

        return total;
    }
}
