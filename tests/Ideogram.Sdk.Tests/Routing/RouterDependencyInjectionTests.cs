using System.Net;
using Ideogram.Sdk.Tests.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Routing;

/// <summary><c>AddIdeogramRouter</c>: bound from configuration or code, default and keyed, members sending through <c>IHttpClientFactory</c>.</summary>
public sealed class RouterDependencyInjectionTests
{
    [Fact]
    public async Task A_section_binds_strategy_members_budget_and_health_and_members_send_through_the_factory()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ideogram:Router:Strategy"] = "Cheapest",
            ["Ideogram:Router:AllowFailoverAfterAmbiguousFailure"] = "true",
            ["Ideogram:Router:Members:0:Provider"] = "Segmind",
            ["Ideogram:Router:Members:0:ApiKey"] = "SG_test",
            ["Ideogram:Router:Members:0:BaseAddress"] = "https://segmind.router.test/",
            ["Ideogram:Router:Members:0:MaxRetries"] = "0",
            ["Ideogram:Router:Members:1:Provider"] = "Ideogram",
            ["Ideogram:Router:Members:1:ApiKey"] = CoreKit.Key,
            ["Ideogram:Router:Members:1:BaseAddress"] = "https://ideogram.router.test/",
            ["Ideogram:Router:Members:1:MaxRetries"] = "0",
            ["Ideogram:Router:Members:1:Quotas:MaxImagesInFlight"] = "4",
            ["Ideogram:Router:Budget:Usd"] = "20",
            ["Ideogram:Router:Budget:Period"] = "1.00:00:00",
            ["Ideogram:Router:Health:FailuresToBreak"] = "3",
        }).Build();
        var mock = new MockHttpMessageHandler();
        var sent = new List<Uri>();
        mock.Fallback.Respond(req =>
        {
            lock (sent)
            {
                sent.Add(req.RequestUri!);
            }

            return req.RequestUri!.Host.StartsWith("segmind", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : CoreKit.Json(CoreKit.GenerateJson);
        });
        var services = new ServiceCollection();
        services.AddIdeogramRouter(configuration.GetSection("Ideogram:Router")).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var router = provider.GetRequiredService<IdeogramRouter>();
        Assert.Same(router, provider.GetRequiredService<IIdeogramClient>());
        Assert.Equal(["Segmind", "Ideogram"], router.Members);
        Assert.Equal(20m, router.GetBudgetStatus()!.LimitUsd);
        Assert.Equal(TimeSpan.FromDays(1), router.GetBudgetStatus()!.Period);

        // Cheapest at TURBO: Ideogram ($0.03) before Segmind ($0.037–0.113), whatever the listed order.
        var result = await router.GenerateAsync(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Turbo });
        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
        Assert.Equal("https://ideogram.router.test/v1/ideogram-v3/generate", Assert.Single(sent).AbsoluteUri);

        // The member's quota was bound: 5 images cannot ever be in flight at Ideogram, so Segmind is tried (and refuses).
        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Turbo, NumImages = 5 }));
        Assert.Equal([RoutingOutcome.Refused, RoutingOutcome.Refused], e.Attempts.Select(a => a.Outcome));
        Assert.IsType<IdeogramValidationException>(e.Attempts[0].Error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public void Keyed_routers_are_resolved_by_name_and_configured_in_code()
    {
        var services = new ServiceCollection();
        services.AddIdeogramRouter("cheap", o =>
        {
            o.Strategy = RoutingStrategy.Cheapest;
            o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = "k" });
            o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "k" });
        });
        services.AddIdeogramRouter(o => o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Segmind, ApiKey = "k" }));
        using var provider = services.BuildServiceProvider();

        var cheap = provider.GetRequiredKeyedService<IdeogramRouter>("cheap");
        Assert.Same(cheap, provider.GetRequiredKeyedService<IIdeogramClient>("cheap"));
        Assert.Equal(["Runware", "Ideogram"], cheap.Members);
        Assert.Equal(IdeogramProvider.Segmind, provider.GetRequiredService<IIdeogramClient>().Provider);
    }
}
