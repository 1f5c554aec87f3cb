using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// A provider's translator between the neutral model and its wire protocol. Adapters are pure: they build
/// <see cref="HttpRequestMessage"/>s and read <see cref="ProviderResponse"/>s; they never send, sleep, retry or log
/// (the engine in <see cref="IdeogramClient"/> does that for every provider alike).
/// </summary>
internal abstract class ProviderAdapter
{
    public abstract IdeogramProvider Provider { get; }

    /// <summary>The provider's mapping table (from <c>&lt;Name&gt;Parameters.cs</c>).</summary>
    public abstract ProviderProfile Profile { get; }

    /// <summary>The provider's public API address.</summary>
    public abstract Uri DefaultBaseAddress { get; }

    /// <summary>Adds the credential to a request, the way the provider wants it.</summary>
    public abstract void Authenticate(HttpRequestMessage request, ApiKey apiKey);

    /// <summary>Builds the paid submission. Called once per call: retries re-send this same message.</summary>
    public abstract HttpRequestMessage CreateSubmit(SubmitContext context);

    /// <summary>
    /// An alternate request for a submission whose route answered 404 (not found, so it did not run and re-sending
    /// cannot pay twice), for providers that moved a route; <see langword="null"/> when there is none.
    /// </summary>
    public virtual HttpRequestMessage? CreateSubmitOnNotFound(SubmitContext context, ProviderResponse notFound) => null;

    /// <summary>
    /// The job a submission becomes when its id is chosen by the SDK rather than the provider (Runware's task UUID),
    /// known as soon as <see cref="CreateSubmit"/> has run; <see langword="null"/> for providers that choose the id. When a
    /// submission may have run but its answer was lost, this job lets the caller collect it instead of paying again.
    /// </summary>
    public virtual ImageJob? ClientAssignedJob(SubmitContext context) => null;

    /// <summary>
    /// Reads a successful (2xx) answer to a submission: a finished result or an accepted job. What the client changed or
    /// left out to send it (best-effort warnings, a callback URL the provider cannot take) goes with either.
    /// </summary>
    public SubmitOutcome ReadSubmit(SubmitContext context, ProviderResponse response)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = ReadSubmitAnswer(context, response);
        var callback = CallbackRule.WarningFor(context.SubmitOptions, Profile);
        if (outcome.Job is { } job)
        {
            List<Warning> warnings = [.. context.Request.Warnings];
            if (callback is not null && !warnings.Contains(callback))
            {
                warnings.Add(callback);
            }

            job.Warnings = warnings;
            return outcome;
        }

        return callback is null ? outcome : SubmitOutcome.Completed(WithWarning(outcome.Result!, callback));
    }

    /// <summary>The provider-specific reading of a successful submission answer (see <see cref="ReadSubmit"/>).</summary>
    protected abstract SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response);

    /// <summary>Builds one status read of a pending job (or a follow-up read named by <see cref="PollContext.Stage"/>).</summary>
    public virtual HttpRequestMessage CreatePoll(PollContext context) =>
        throw new NotSupportedException($"{Provider} jobs complete synchronously; there is nothing to poll.");

    /// <summary>Reads a successful (2xx, or a documented non-2xx job answer) poll response.</summary>
    public virtual PollOutcome ReadPoll(PollContext context, ProviderResponse response) =>
        throw new NotSupportedException($"{Provider} jobs complete synchronously; there is nothing to poll.");

    /// <summary>Whether a non-2xx poll answer is a job outcome rather than a transport error (Segmind answers a FAILED job with 422).</summary>
    public virtual bool IsJobAnswer(PollContext context, ProviderResponse response) => false;

    /// <summary>Builds a cancellation request, for providers that document one; <see langword="null"/> when there is none.</summary>
    public virtual HttpRequestMessage? CreateCancel(PollContext context) => null;

    /// <summary>Turns a failed answer into the typed exception for it.</summary>
    public virtual IdeogramException ReadError(ProviderResponse response) => ProviderErrors.FromResponse(response, ProviderErrors.ReadCommonBody(response));

    private static ImageResult WithWarning(ImageResult result, Warning warning) => new(result.Provider, result.Operation, result.Images)
    {
        Descriptions = result.Descriptions,
        Created = result.Created,
        Warnings = [.. result.Warnings, warning],
        Cost = result.Cost,
        RemainingCredits = result.RemainingCredits,
        RequestId = result.RequestId,
        Job = result.Job,
        RawResponse = result.RawResponse,
    };
}

/// <summary>Everything an adapter needs to build a submission.</summary>
internal sealed class SubmitContext
{
    public required PreparedRequest Request { get; init; }

    public required Uri BaseAddress { get; init; }

    public required IdeogramClientOptions Options { get; init; }

    public SubmitOptions? SubmitOptions { get; init; }

    /// <summary>True when the caller asked for a job (<c>SubmitAsync</c>); false when it wants the result (<c>GenerateAsync</c> etc.).</summary>
    public bool PreferJob { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Makes client-side ids (Runware task UUIDs); replaceable in tests.</summary>
    public Func<Guid> NewId { get; init; } = Guid.NewGuid;

    /// <summary>
    /// The id <see cref="ProviderAdapter.CreateSubmit"/> chose for the submission when the provider lets the client choose
    /// it (Runware's task UUID); <see langword="null"/> until then, and for providers that choose their own ids.
    /// </summary>
    public string? ClientAssignedId { get; set; }
}

/// <summary>Everything an adapter needs to build or read a poll.</summary>
internal sealed class PollContext
{
    public required ImageJob Job { get; init; }

    public required Uri BaseAddress { get; init; }

    public required IdeogramClientOptions Options { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Null for the first status read; the name of a follow-up read otherwise.</summary>
    public string? Stage { get; init; }
}

/// <summary>What a submission produced.</summary>
internal sealed class SubmitOutcome
{
    private SubmitOutcome(ImageResult? result, ImageJob? job)
    {
        Result = result;
        Job = job;
    }

    public ImageResult? Result { get; }

    public ImageJob? Job { get; }

    public static SubmitOutcome Completed(ImageResult result) => new(result, null);

    public static SubmitOutcome Pending(ImageJob job) => new(null, job);
}

/// <summary>What one poll read produced: a status, or the name of a follow-up read to make.</summary>
internal sealed class PollOutcome
{
    private PollOutcome(ImageJobStatus? status, string? followUp)
    {
        Status = status;
        FollowUpStage = followUp;
    }

    public ImageJobStatus? Status { get; }

    public string? FollowUpStage { get; }

    public static PollOutcome Of(ImageJobStatus status) => new(status, null);

    public static PollOutcome FollowUp(string stage) => new(null, stage);
}
