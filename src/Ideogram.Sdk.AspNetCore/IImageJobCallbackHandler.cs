namespace Ideogram.Sdk.AspNetCore;

/// <summary>
/// Receives the job statuses that providers deliver to <c>MapIdeogramCallbacks</c>, after the delivery was
/// authenticated and read. Register it with <see cref="IdeogramCallbacksBuilder.AddHandler{THandler}"/> (resolved per
/// delivery, in its own scope); every registered handler is called, in registration order.
/// </summary>
/// <remarks>
/// A status reaches the handlers once per job and state within <see cref="IdeogramCallbackOptions.DeduplicationWindow"/>
/// (for Runware, once per result item: a task of N images arrives as N statuses, each with one image). When a handler
/// throws, the provider is answered 500 and retries later, and the retry reaches the handlers again. The status was
/// already published to <see cref="IdeogramJobEvents"/> by then, so waits in this process do not depend on the handlers.
/// </remarks>
public interface IImageJobCallbackHandler
{
    /// <summary>Handles one delivered status.</summary>
    /// <param name="status">
    /// The status: <see cref="ImageJob.Id"/> is the provider's id of the job you submitted (Runflow's run id, Runware's
    /// task UUID); <see cref="ImageJobStatus.Result"/> holds the images when it succeeded, <see cref="ImageJobStatus.Error"/>
    /// the failure otherwise.
    /// </param>
    /// <param name="cancellationToken">Cancelled when the provider's request is aborted.</param>
    /// <returns>A task that completes when the status is handled.</returns>
    Task HandleAsync(ImageJobStatus status, CancellationToken cancellationToken);
}
