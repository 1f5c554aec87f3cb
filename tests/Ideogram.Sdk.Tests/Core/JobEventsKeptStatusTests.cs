using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// <see cref="IdeogramJobEvents"/> keeps terminal statuses for waits that start after their callback arrived (a job that
/// fails at once can call back before <c>SubmitAsync</c> has returned), within a bound, and never keeps image bytes.
/// </summary>
public sealed class JobEventsKeptStatusTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ImageJob Job(string id) => new(IdeogramProvider.Runflow, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch);

    private static (IdeogramClient Client, FunctionHandler Handler) Client(IdeogramJobEvents events) =>
        FunctionHandler.NewClient(IdeogramProvider.Runflow, "rf-key", (_, _) => FunctionHandler.Json("""{"id":"x","status_code":"running"}"""), o =>
        {
            o.JobEvents = events;
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) };
        });

    private static ImageJobStatus Failed(ImageJob job) => new(job, ImageJobState.Failed, "failed") { Error = new IdeogramJobFailedException("the model crashed") };

    [Fact]
    public async Task A_failure_published_before_the_wait_starts_ends_the_wait_without_a_status_read()
    {
        var events = new IdeogramJobEvents();
        var (client, handler) = Client(events);
        var job = Job("run_early");

        Assert.Equal(0, events.Publish(Failed(job)));
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job).WaitAsync(Bound));

        Assert.Same(job, e.Job);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_success_published_before_the_wait_starts_is_its_result()
    {
        var events = new IdeogramJobEvents();
        var (client, handler) = Client(events);
        var job = Job("run_early_ok");
        events.Publish(new ImageJobStatus(job, ImageJobState.Succeeded, "succeeded")
        {
            Result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow, images: IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.runflow.test/early.png"))),
        });

        var result = await client.WaitAsync(job).WaitAsync(Bound);

        Assert.Equal("https://cdn.runflow.test/early.png", Assert.Single(result.Images).Url!.AbsoluteUri);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Only_the_newest_statuses_are_kept_and_progress_is_not()
    {
        var events = new IdeogramJobEvents();
        var (client, _) = Client(events);
        var oldest = Job("run_0");
        events.Publish(Failed(oldest));
        for (var i = 1; i <= IdeogramJobEvents.KeptStatuses; i++)
        {
            events.Publish(Failed(Job("run_" + i)));
        }

        var running = Job("run_running");
        events.Publish(new ImageJobStatus(running, ImageJobState.Running, "running"));

        // The newest is still kept; the oldest was forgotten and a progress status never was kept: those waits listen on.
        await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(Job("run_" + IdeogramJobEvents.KeptStatuses)).WaitAsync(Bound));
        await AssertStillWaitingAsync(client, events, oldest);
        await AssertStillWaitingAsync(client, events, running);
    }

    /// <summary>
    /// Starts a wait for <paramref name="job"/> and proves it is listening without an answer: a progress status published
    /// for the job reaches it (a kept terminal status would have ended it the moment it listened), and it is still running.
    /// </summary>
    private static async Task AssertStillWaitingAsync(IdeogramClient client, IdeogramJobEvents events, ImageJob job)
    {
        using var stop = new CancellationTokenSource();
        var wait = client.WaitAsync(job, cancellationToken: stop.Token);
        var deadline = DateTime.UtcNow + Bound;
        while (events.Publish(new ImageJobStatus(job, ImageJobState.Running, "running")) == 0)
        {
            Assert.False(wait.IsCompleted, "The wait ended without its job's status.");
            Assert.True(DateTime.UtcNow < deadline, "The wait never listened.");
            await Task.Yield();
        }

        Assert.False(wait.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_result_carrying_image_bytes_is_not_kept()
    {
        var events = new IdeogramJobEvents();
        var (client, _) = Client(events);
        var job = Job("run_bytes");
        events.Publish(new ImageJobStatus(job, ImageJobState.Succeeded, "succeeded")
        {
            Result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow, images: IdeogramModelFactory.GeneratedImage(data: new byte[] { 1, 2, 3 })),
        });

        await AssertStillWaitingAsync(client, events, job);
    }
}
