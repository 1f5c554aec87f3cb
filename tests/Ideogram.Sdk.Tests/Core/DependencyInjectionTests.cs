using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary><c>AddIdeogram</c>: code, configuration and named (keyed) registrations, sending through <c>IHttpClientFactory</c> with the SDK's retry handler.</summary>
public sealed class DependencyInjectionTests
{
    /// <summary>A transport answering the given statuses in turn (the last repeats), recording every request URI.</summary>
    private static (MockHttpMessageHandler Mock, List<Uri> Sent) Transport(params HttpStatusCode[] statuses)
    {
        var mock = new MockHttpMessageHandler();
        var sent = new List<Uri>();
        mock.Fallback.Respond(req =>
        {
            int n;
            lock (sent)
            {
                sent.Add(req.RequestUri!);
                n = sent.Count;
            }

            var status = statuses[Math.Min(n - 1, statuses.Length - 1)];
            return status == HttpStatusCode.OK ? CoreKit.Json(CoreKit.GenerateJson) : new HttpResponseMessage(status);
        });
        return (mock, sent);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task AddIdeogram_in_code_sends_through_the_factory_with_the_retry_handler()
    {
        var (mock, sent) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var fake = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        var services = new ServiceCollection();
        services.AddIdeogram(o =>
        {
            o.ApiKey = CoreKit.Key;
            o.BaseAddress = new Uri("https://di.ideogram.test/");
            o.TimeProvider = fake;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IIdeogramClient>();
        var result = await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Same(client, provider.GetRequiredService<IIdeogramClient>());
        Assert.Equal(IdeogramProvider.Ideogram, client.Provider);
        Assert.Single(result.Images);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, u => Assert.Equal("https://di.ideogram.test/v1/ideogram-v3/generate", u.AbsoluteUri));
        Assert.Single(fake.Delays);
        Assert.NotNull(provider.GetService<IHttpClientFactory>());
    }

    [Fact]
    public async Task A_handler_added_to_the_returned_builder_runs_once_per_attempt_inside_the_retry_handler()
    {
        var (mock, sent) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var counting = new CountingHandler();
        var services = new ServiceCollection();
        services.AddIdeogram(o =>
        {
            o.ApiKey = CoreKit.Key;
            o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        })
            .AddHttpMessageHandler(() => counting)
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal(2, sent.Count);
        Assert.Equal(2, counting.Calls);
        Assert.All(sent, u => Assert.Equal("api.ideogram.ai", u.Host));
    }

    [Fact]
    public async Task AddIdeogram_binds_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ideogram:Provider"] = "Ideogram",
            ["Ideogram:ApiKey"] = CoreKit.Key,
            ["Ideogram:BaseAddress"] = "https://proxy.example.test/ideogram/",
            ["Ideogram:MaxRetries"] = "4",
            ["Ideogram:RetryAmbiguousSubmissions"] = "true",
            ["Ideogram:AttemptTimeout"] = "00:01:30",
            ["Ideogram:UnsupportedParameters"] = "BestEffort",
            ["Ideogram:Polling:MaxDelay"] = "00:00:05",
        }).Build();
        var (mock, sent) = Transport(HttpStatusCode.ServiceUnavailable);
        var services = new ServiceCollection();
        services.AddIdeogram(configuration.GetSection("Ideogram")).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.PostConfigure<IdeogramClientOptions>(o => o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<IdeogramClientOptions>>().Get(Options.DefaultName);
        Assert.Equal(IdeogramProvider.Ideogram, options.Provider);
        Assert.Equal(new Uri("https://proxy.example.test/ideogram/"), options.BaseAddress);
        Assert.Equal(4, options.MaxRetries);
        Assert.True(options.RetryAmbiguousSubmissions);
        Assert.Equal(TimeSpan.FromSeconds(90), options.AttemptTimeout);
        Assert.Equal(UnsupportedParameterBehavior.BestEffort, options.UnsupportedParameters);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Polling.MaxDelay);

        var client = Assert.IsType<IdeogramClient>(provider.GetRequiredService<IIdeogramClient>());
        Assert.Equal(new Uri("https://proxy.example.test/ideogram/"), client.BaseAddress);
        Assert.Equal(UnsupportedParameterBehavior.BestEffort, client.UnsupportedParameters);
        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(5, sent.Count);
        Assert.All(sent, u => Assert.Equal("https://proxy.example.test/ideogram/v1/ideogram-v3/generate", u.AbsoluteUri));
    }

    [Theory]
    [InlineData("Runflow", IdeogramProvider.Runflow)]
    [InlineData("segmind", IdeogramProvider.Segmind)]
    [InlineData("ApiInOne", IdeogramProvider.ApiInOne)]
    public void The_provider_is_bound_from_configuration(string value, IdeogramProvider expected)
    {
        // Options are validated when read, so the section carries the key a client needs.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Images:Provider"] = value, ["Images:ApiKey"] = "bound-key" }).Build();
        var services = new ServiceCollection();
        services.AddIdeogram("images", configuration.GetSection("Images"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptionsMonitor<IdeogramClientOptions>>().Get("images").Provider);
    }

    [Fact]
    public async Task Named_clients_are_keyed_services_with_their_own_options_and_connections()
    {
        var (fastMock, fastSent) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var (carefulMock, carefulSent) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var services = new ServiceCollection();
        services.AddIdeogram("fast", o =>
        {
            o.ApiKey = "fast-key";
            o.BaseAddress = new Uri("https://fast.example.test/");
            o.MaxRetries = 0;
            o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        }).ConfigurePrimaryHttpMessageHandler(() => fastMock);
        services.AddIdeogram("careful", o =>
        {
            o.ApiKey = "careful-key";
            o.BaseAddress = new Uri("https://careful.example.test/v3/");
            o.MaxRetries = 3;
            o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        }).ConfigurePrimaryHttpMessageHandler(() => carefulMock);
        using var provider = services.BuildServiceProvider();

        var fast = provider.GetRequiredKeyedService<IIdeogramClient>("fast");
        var careful = provider.GetRequiredKeyedService<IIdeogramClient>("careful");

        Assert.NotSame(fast, careful);
        Assert.Same(fast, provider.GetRequiredKeyedService<IIdeogramClient>("fast"));
        Assert.Null(provider.GetService<IIdeogramClient>());
        Assert.Equal(new Uri("https://fast.example.test/"), ((IdeogramClient)fast).BaseAddress);
        Assert.Equal(new Uri("https://careful.example.test/v3/"), ((IdeogramClient)careful).BaseAddress);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => fast.GenerateAsync(new GenerateRequest("fox")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        var result = await careful.GenerateAsync(new GenerateRequest("fox"));

        Assert.Single(result.Images);
        Assert.Equal(["https://fast.example.test/v1/ideogram-v3/generate"], fastSent.Select(u => u.AbsoluteUri));
        Assert.Equal(3, carefulSent.Count);
        Assert.All(carefulSent, u => Assert.Equal("https://careful.example.test/v3/v1/ideogram-v3/generate", u.AbsoluteUri));
    }

    [Fact]
    public async Task Named_clients_send_their_own_keys()
    {
        var keys = new List<string>();
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(req =>
        {
            lock (keys)
            {
                keys.Add(req.Headers.GetValues("Api-Key").Single());
            }

            return CoreKit.Json(CoreKit.GenerateJson);
        });
        var services = new ServiceCollection();
        services.AddIdeogram("a", o => o.ApiKey = "key-a").ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddIdeogram("b", o => o.ApiKey = "key-b").ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IIdeogramClient>("a").GenerateAsync(new GenerateRequest("fox"));
        await provider.GetRequiredKeyedService<IIdeogramClient>("b").GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal(["key-a", "key-b"], keys);
    }

    [Fact]
    public void A_named_client_bound_to_configuration_resolves_by_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ideogram:Backup:ApiKey"] = "backup-key",
            ["Ideogram:Backup:BaseAddress"] = "https://backup.example.test/",
            ["Ideogram:Backup:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddIdeogram("backup", configuration.GetSection("Ideogram:Backup"));
        using var provider = services.BuildServiceProvider();

        var client = (IdeogramClient)provider.GetRequiredKeyedService<IIdeogramClient>("backup");

        Assert.Equal(new Uri("https://backup.example.test/"), client.BaseAddress);
        Assert.Equal(1, provider.GetRequiredService<IOptionsMonitor<IdeogramClientOptions>>().Get("backup").MaxRetries);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>(() => services.AddIdeogram((Action<IdeogramClientOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddIdeogram((IConfiguration)null!));
        Assert.ThrowsAny<ArgumentException>(() => services.AddIdeogram(" ", o => { }));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddIdeogram(o => { }));
    }
}
