namespace Ideogram.Sdk.Emulator.Control;

/// <summary>Where an outbound callback delivery stands after an attempt.</summary>
public enum CallbackDeliveryState
{
    /// <summary>The attempt failed and another one is scheduled.</summary>
    Retrying,

    /// <summary>The receiver answered 2xx: the delivery is done.</summary>
    Succeeded,

    /// <summary>The delivery gave up (a status that is not retried, or the last attempt failed).</summary>
    Failed,
}

/// <summary>One attempt to deliver an outbound callback (Runflow's <c>callback_url</c> POSTs), recorded once it ended.</summary>
/// <param name="Provider">The provider host that sent it.</param>
/// <param name="JobId">The job the callback is about (a Runflow run id).</param>
/// <param name="DeliveryId">The delivery; its retries share it.</param>
/// <param name="AttemptNumber">1 for the first attempt of a delivery.</param>
/// <param name="Url">Where it was sent.</param>
/// <param name="StatusCode">The receiver's status, or <see langword="null"/> on a timeout or connection error.</param>
/// <param name="Error">The timeout or connection error, if any.</param>
/// <param name="DeliveryState">Where the delivery stands after this attempt.</param>
public sealed record CallbackAttempt(
    EmulatedProvider Provider,
    string JobId,
    string DeliveryId,
    int AttemptNumber,
    Uri Url,
    int? StatusCode,
    string? Error,
    CallbackDeliveryState DeliveryState)
{
    /// <summary>Whether the delivery is over (no further attempt will be made).</summary>
    public bool IsFinal => DeliveryState != CallbackDeliveryState.Retrying;
}
