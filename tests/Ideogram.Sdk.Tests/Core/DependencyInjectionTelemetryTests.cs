using System.Diagnostics.Metrics;
using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// <c>AddIdeogram</c> and <c>AddIdeogramRouter</c> as a host uses them: options validated at start, logs and metrics
/// through the container's factories, and a name registered twice still one client with one retry handler.
/// </summary>
public sealed class DependencyInjectionTelemetryTests
{
    /// <summary>A transport answering the given statuses in turn (the last repeats), counting what is sent.</summary>
    private static (MockHttpMessageHandler Mock, Func<int> Sent) Transport(params HttpStatusCode[] statuses)
    {
        var mock = new MockHttpMessageHandler();
        var sent = 0;
        mock.Fallback.Respond(_ =>
        {
            var n = Interlocked.Increment(ref sent);
            var status = statuses[Math.Min(n - 1, statuses.Length - 1)];
            return status == HttpStatusCode.OK ? CoreKit.Json(CoreKit.GenerateJson) : new HttpResponseMessage(status);
        });
        return (mock, () => Volatile.Read(ref sent));
    }

    /// <summary>A provider whose key variable is not set in this process, so a registration without a key has none.</summary>
    private static IdeogramProvider KeylessProvider() =>
        Enum.GetValues<IdeogramProvider>().First(p => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IdeogramClient.GetApiKeyVariable(p))));

    [Fact]
    public async Task AddIdeogram_twice_for_one_name_layers_the_configuration_and_keeps_one_retry_handler()
    {
        var (mock, sent) = Transport(HttpStatusCode.ServiceUnavailable);
        var services = new ServiceCollection();
        services.AddIdeogram(o =>
        {
            o.ApiKey = CoreKit.Key;
            o.MaxRetries = 1;
            o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddIdeogram(o => o.BaseAddress = new Uri("https://second.ideogram.test/"));
        using var provider = services.BuildServiceProvider();

        var client = Assert.IsType<IdeogramClient>(Assert.Single(provider.GetServices<IIdeogramClient>()));
        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        // One try and one retry: two retry handlers would have made four.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(2, sent());
        Assert.Equal(new Uri("https://second.ideogram.test/"), client.BaseAddress);
    }

    [Fact]
    public async Task A_named_client_registered_twice_is_one_keyed_client_with_one_retry_handler()
    {
        var (mock, sent) = Transport(HttpStatusCode.ServiceUnavailable);
        var services = new ServiceCollection();
        for (var i = 0; i < 2; i++)
        {
            services.AddIdeogram("twice", o =>
            {
                o.ApiKey = CoreKit.Key;
                o.MaxRetries = 2;
                o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
            }).ConfigurePrimaryHttpMessageHandler(() => mock);
        }

        using var provider = services.BuildServiceProvider();
        await Assert.ThrowsAnyAsync<IdeogramException>(() => provider.GetRequiredKeyedService<IIdeogramClient>("twice").GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(3, sent());
    }

    [Fact]
    public void Options_are_validated_when_the_host_starts_naming_what_is_wrong()
    {
        var keyless = KeylessProvider();
        var services = new ServiceCollection();
        services.AddIdeogram(o => o.Provider = keyless);
        services.AddIdeogram("retries", o =>
        {
            o.ApiKey = CoreKit.Key;
            o.MaxRetries = 11;
        });
        services.AddIdeogram("fine", o => o.ApiKey = CoreKit.Key);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var messages = e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(v => v.Failures).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.StartsWith("Ideogram client: An API key is required", StringComparison.Ordinal) && m.Contains(IdeogramClient.GetApiKeyVariable(keyless), StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'retries'", StringComparison.Ordinal) && m.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.NotNull(provider.GetRequiredKeyedService<IIdeogramClient>("fine"));
    }

    [Fact]
    public void A_valid_registration_passes_the_start_validation()
    {
        var services = new ServiceCollection();
        services.AddIdeogram(o => o.ApiKey = CoreKit.Key);
        services.AddIdeogram("credential", o => o.Credential = new ApiKey(CoreKit.Key));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task The_client_logs_and_records_through_the_containers_factories()
    {
        var (mock, _) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        services.AddIdeogram(o =>
        {
            o.ApiKey = CoreKit.Key;
            o.TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var durations = new MetricCollector<double>(meters, IdeogramTelemetry.MeterName, "ideogram.client.operation.duration");
        using var retries = new MetricCollector<long>(meters, IdeogramTelemetry.MeterName, "ideogram.client.retries");
        using var images = new MetricCollector<long>(meters, IdeogramTelemetry.MeterName, "ideogram.client.images");

        await provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("fox"));

        var ours = logs.GetSnapshot().Where(l => l.Category?.StartsWith(IdeogramTelemetry.LogCategoryPrefix, StringComparison.Ordinal) == true).ToList();
        Assert.Contains(ours, l => l.Id.Name == "RetryScheduled" && l.Category == "Ideogram.Sdk.Retries");
        Assert.Contains(ours, l => l.Id.Name == "SubmissionCompleted" && l.Category == "Ideogram.Sdk.IdeogramClient");
        var duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("generate", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal("ideogram", duration.Tags["gen_ai.provider.name"]);
        var retry = Assert.Single(retries.GetMeasurementSnapshot());
        Assert.Equal(1, retry.Value);
        Assert.Equal("generate", retry.Tags["ideogram.operation"]);
        Assert.Equal("submission", retry.Tags["ideogram.request.kind"]);
        Assert.Equal(1, Assert.Single(images.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task A_logger_factory_set_in_the_options_wins_over_the_containers()
    {
        var (mock, _) = Transport(HttpStatusCode.OK);
        var container = new FakeLogCollector();
        var own = new FakeLogCollector();
        using var ownFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(own)));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(container)));
        services.AddIdeogram(o =>
        {
            o.ApiKey = CoreKit.Key;
            o.LoggerFactory = ownFactory;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("fox"));

        Assert.Contains(own.GetSnapshot(), l => l.Id.Name == "SubmissionCompleted");
        Assert.DoesNotContain(container.GetSnapshot(), l => l.Category?.StartsWith(IdeogramTelemetry.LogCategoryPrefix, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_router_is_validated_at_start_and_logs_through_the_container()
    {
        var keyless = KeylessProvider();
        var services = new ServiceCollection();
        services.AddIdeogramRouter("bad", o =>
        {
            o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = CoreKit.Key });
            o.Members.Add(new IdeogramClientOptions { Provider = keyless });
        });
        using (var provider = services.BuildServiceProvider())
        {
            var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
            Assert.Contains("member 1", e.Message, StringComparison.Ordinal);
            Assert.Contains(IdeogramClient.GetApiKeyVariable(keyless), e.Message, StringComparison.Ordinal);
        }

        var (mock, _) = Transport(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var logs = new FakeLogCollector();
        services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        services.AddIdeogramRouter(o =>
        {
            o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "first", MaxRetries = 0 });
            o.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "second", MaxRetries = 0 });
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("fox"));
        }

        Assert.Contains(logs.GetSnapshot(), l => l.Id.Name == "RouterMemberFailed" && l.Category == "Ideogram.Sdk.IdeogramRouter");
        Assert.Contains(logs.GetSnapshot(), l => l.Id.Name == "OperationFailed" && l.Category == "Ideogram.Sdk.IdeogramClient");
    }
}
