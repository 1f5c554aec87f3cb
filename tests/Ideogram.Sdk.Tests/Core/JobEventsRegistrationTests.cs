using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// <c>AddIdeogram</c> registers an <see cref="IdeogramJobEvents"/> singleton (the shared instance unless one is registered
/// first), and its clients listen there: what a callback endpoint publishes to it ends their waits.
/// </summary>
public sealed class JobEventsRegistrationTests
{
    private static readonly ImageJob Job = new(IdeogramProvider.Runflow, ImageOperation.Generate, "run_di_1", DateTimeOffset.UnixEpoch);

    private static ServiceProvider Services(Action<IServiceCollection>? before = null)
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"id":"run_di_1","status_code":"running"}""", Encoding.UTF8, "application/json"),
        });
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddIdeogram(o =>
        {
            o.Provider = IdeogramProvider.Runflow;
            o.ApiKey = "rf-key";
            o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) };
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider();
    }

    private static ImageJobStatus Succeeded() => new(Job, ImageJobState.Succeeded, "succeeded")
    {
        Result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow, images: IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.runflow.test/di.png"))),
    };

    [Fact]
    public void The_shared_instance_is_registered_when_none_was()
    {
        using var provider = Services();

        Assert.Same(IdeogramJobEvents.Shared, provider.GetRequiredService<IdeogramJobEvents>());
    }

    [Fact]
    public async Task A_client_from_di_listens_to_the_registered_instance()
    {
        var events = new IdeogramJobEvents();
        using var provider = Services(s => s.AddSingleton(events));
        var client = provider.GetRequiredService<IIdeogramClient>();

        var wait = client.WaitAsync(Job);

        // The wait sleeps an hour before its first status read unless the status is published to the instance it listens
        // to (before or after it starts listening: a terminal status is kept for waits that start later).
        events.Publish(Succeeded());

        var result = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("https://cdn.runflow.test/di.png", Assert.Single(result.Images).Url!.AbsoluteUri);
        Assert.Equal(0, IdeogramJobEvents.Shared.Publish(Succeeded()));
    }

    [Fact]
    public void A_job_events_instance_named_in_the_options_wins()
    {
        var own = new IdeogramJobEvents();
        var registered = new IdeogramJobEvents();
        var services = new ServiceCollection();
        services.AddSingleton(registered);
        services.AddIdeogram(o =>
        {
            o.Provider = IdeogramProvider.Runflow;
            o.ApiKey = "rf-key";
            o.JobEvents = own;
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IdeogramClientOptions>>().CurrentValue;

        Assert.Same(own, options.JobEvents);
    }
}
