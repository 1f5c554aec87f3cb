namespace Ideogram.Sdk;

/// <summary>
/// A request that became several provider calls (a provider that makes fewer images per call than were asked for)
/// failed in at least one of them after another was accepted. Nothing paid is lost:
/// <see cref="IdeogramException.Job"/> is a composite whose <see cref="ImageJob.Parts"/> are every accepted call (finished
/// ones carry their result), <see cref="IdeogramException.PartialResult"/> holds every image already finished, and
/// <see cref="Failures"/> each failed call's own exception. <see cref="Exception.InnerException"/> is the first
/// failure, whose provider, status, error code and request id this exception repeats.
/// </summary>
/// <remarks>
/// <see cref="IdeogramException.Submission"/> is <see cref="SubmissionState.Accepted"/>, so
/// <see cref="IdeogramException.IsRetryable"/> is <see langword="false"/>: sending the whole request again would pay
/// again for the accepted calls. Collect <see cref="IdeogramException.Job"/> with <see cref="IIdeogramClient.WaitAsync"/>,
/// and request only <see cref="ImagesNotSubmitted"/> more images if you need the rest.
/// </remarks>
public sealed class IdeogramSplitRequestException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramSplitRequestException() { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramSplitRequestException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The first failure.</param>
    public IdeogramSplitRequestException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from the first failure's details.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">The first failure's provider, status, error code and request id.</param>
    /// <param name="innerException">The first failure.</param>
    public IdeogramSplitRequestException(string message, ProviderErrorDetails details, Exception? innerException)
        : base(message, details, innerException)
    {
    }

    /// <summary>Each failed provider call's exception, in the order of the calls.</summary>
    public IReadOnlyList<Exception> Failures { get; init; } = [];

    /// <summary>How many provider calls the request was split into.</summary>
    public int CallCount { get; init; }

    /// <summary>
    /// How many of the requested images belong to calls that provably did not run (never sent, or refused): the number
    /// that can be requested again, from this provider or another, without paying twice.
    /// </summary>
    public int ImagesNotSubmitted { get; init; }
}
