using Ideogram.Sdk.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary>Settings from configuration, their validation at start, and the callback URLs built from them.</summary>
public sealed class OptionsTests
{
    private static IServiceProvider Bound(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddIdeogramCallbacks(configuration.GetSection("Ideogram:Callbacks"));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_setting_binds_from_configuration()
    {
        var sp = Bound(new()
        {
            ["Ideogram:Callbacks:PublicUrl"] = "https://app.example.com/hooks/ideogram",
            ["Ideogram:Callbacks:Runflow:SigningSecrets:0"] = "whsec_new",
            ["Ideogram:Callbacks:Runflow:SigningSecrets:1"] = "whsec_old",
            ["Ideogram:Callbacks:Runware:Tokens:0"] = Deliveries.Token,
            ["Ideogram:Callbacks:DeduplicationWindow"] = "00:30:00",
            ["Ideogram:Callbacks:MaxRememberedDeliveries"] = "500",
            ["Ideogram:Callbacks:MaxBodyBytes"] = "65536",
        });

        var o = sp.GetRequiredService<IOptions<IdeogramCallbackOptions>>().Value;

        Assert.Equal(new Uri("https://app.example.com/hooks/ideogram"), o.PublicUrl);
        Assert.Equal(["whsec_new", "whsec_old"], o.Runflow.SigningSecrets);
        Assert.Equal([Deliveries.Token], o.Runware.Tokens);
        Assert.Equal(TimeSpan.FromMinutes(30), o.DeduplicationWindow);
        Assert.Equal(500, o.MaxRememberedDeliveries);
        Assert.Equal(65536, o.MaxBodyBytes);
    }

    [Theory]
    [InlineData("Ideogram:Callbacks:Runware:Tokens:0", "short", "Runware.Tokens[0] must be at least 16 characters")]
    [InlineData("Ideogram:Callbacks:Runware:Tokens:0", "has spaces in it, too many", "Runware.Tokens[0]")]
    [InlineData("Ideogram:Callbacks:Runflow:SigningSecrets:0", " ", "holds an empty secret")]
    [InlineData("Ideogram:Callbacks:PublicUrl", "https://app.example.com/hooks?x=1", "PublicUrl must be an absolute http(s) URL")]
    [InlineData("Ideogram:Callbacks:PublicUrl", "ftp://app.example.com/hooks", "PublicUrl must be an absolute http(s) URL")]
    [InlineData("Ideogram:Callbacks:DeduplicationWindow", "-00:01:00", "DeduplicationWindow must not be negative")]
    [InlineData("Ideogram:Callbacks:MaxRememberedDeliveries", "0", "MaxRememberedDeliveries must be at least 1")]
    [InlineData("Ideogram:Callbacks:MaxBodyBytes", "0", "MaxBodyBytes must be at least 1")]
    public void Bad_settings_fail_naming_the_setting_and_never_quoting_a_secret(string key, string value, string expected)
    {
        var sp = Bound(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<IdeogramCallbackOptions>>().Value);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        if (key.Contains("Tokens", StringComparison.Ordinal) || key.Contains("Secrets", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(value.Trim().Length == 0 ? "\u0000" : value, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_settings_stop_the_app_at_start()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => CallbackApp.StartAsync(o => o.Runware.Tokens.Add("short")));

        Assert.Contains("Runware.Tokens[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_callback_urls_carry_the_route_and_for_runware_the_first_token()
    {
        var urls = Urls(o =>
        {
            o.PublicUrl = new Uri("https://app.example.com/hooks/ideogram/");
            o.Runware.Tokens = [Deliveries.Token, "rw-older-token-0000000000"];
        });

        Assert.Equal("https://app.example.com/hooks/ideogram/runflow", urls.For(IdeogramProvider.Runflow).AbsoluteUri);
        Assert.Equal("https://app.example.com/hooks/ideogram/runware?token=" + Deliveries.Token, urls.For(IdeogramProvider.Runware).AbsoluteUri);
    }

    [Fact]
    public void A_callback_url_needs_the_public_url_and_for_runware_a_token()
    {
        var noUrl = Urls(o => o.Runware.Tokens.Add(Deliveries.Token));
        var noToken = Urls(o => o.PublicUrl = new Uri("https://app.example.com/hooks/ideogram"));

        Assert.Contains("PublicUrl", Assert.Throws<InvalidOperationException>(() => noUrl.For(IdeogramProvider.Runflow)).Message, StringComparison.Ordinal);
        Assert.Contains("Tokens is empty", Assert.Throws<InvalidOperationException>(() => noToken.For(IdeogramProvider.Runware)).Message, StringComparison.Ordinal);
        Assert.Equal("https://app.example.com/hooks/ideogram/runflow", noToken.For(IdeogramProvider.Runflow).AbsoluteUri);
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram)]
    [InlineData(IdeogramProvider.Segmind)]
    [InlineData(IdeogramProvider.ApiInOne)]
    public void Providers_whose_callbacks_are_not_received_here_have_no_callback_url(IdeogramProvider provider)
    {
        var urls = Urls(o => o.PublicUrl = new Uri("https://app.example.com/hooks/ideogram"));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => urls.For(provider));
        Assert.Equal("provider", e.ParamName);
    }

    [Fact]
    public void New_tokens_are_random_url_safe_and_accepted()
    {
        var tokens = Enumerable.Range(0, 20).Select(_ => IdeogramCallbackUrls.NewToken()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        var sp = Bound(new() { ["Ideogram:Callbacks:Runware:Tokens:0"] = tokens[0] });
        Assert.Equal(tokens[0], sp.GetRequiredService<IOptions<IdeogramCallbackOptions>>().Value.Runware.Tokens[0]);
    }

    [Fact]
    public async Task Mapping_the_endpoints_without_their_services_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var e = Assert.Throws<InvalidOperationException>(() => app.MapIdeogramCallbacks("/hooks/ideogram"));

        Assert.Contains("AddIdeogramCallbacks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_callback_services_share_the_job_events_of_the_clients()
    {
        var services = new ServiceCollection();
        services.AddIdeogramCallbacks(_ => { });
        services.AddIdeogram(o => o.ApiKey = "k");
        using var sp = services.BuildServiceProvider();

        Assert.Same(IdeogramJobEvents.Shared, sp.GetRequiredService<IdeogramJobEvents>());
    }

    private static IdeogramCallbackUrls Urls(Action<IdeogramCallbackOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddIdeogramCallbacks(configure);
        return services.BuildServiceProvider().GetRequiredService<IdeogramCallbackUrls>();
    }
}
