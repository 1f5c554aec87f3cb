using System.Net;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Network;

/// <summary>
/// The address rule for what the SDK fetches on its own: link-local and metadata addresses never, loopback and private
/// ones only with <see cref="IdeogramClientOptions.AllowPrivateNetworkInputs"/>, checked on the URL, on every redirect
/// hop and at connect time. Forbidden addresses are exercised with an in-memory transport or a resolver that answers
/// with loopback: no socket ever goes anywhere but 127.0.0.1.
/// </summary>
public sealed class AddressRuleTests
{
    [Theory]
    [InlineData("169.254.169.254", "Forbidden")]
    [InlineData("169.254.0.1", "Forbidden")]
    [InlineData("fe80::1", "Forbidden")]
    [InlineData("fd00:ec2::254", "Forbidden")]
    [InlineData("100.100.100.200", "Forbidden")]
    [InlineData("::ffff:169.254.169.254", "Forbidden")]
    [InlineData("64:ff9b::a9fe:a9fe", "Forbidden")]
    [InlineData("::a9fe:a9fe", "Forbidden")]
    [InlineData("127.0.0.1", "Private")]
    [InlineData("127.0.0.2", "Private")]
    [InlineData("10.1.2.3", "Private")]
    [InlineData("172.16.0.1", "Private")]
    [InlineData("172.31.255.255", "Private")]
    [InlineData("192.168.1.1", "Private")]
    [InlineData("100.64.0.1", "Private")]
    [InlineData("0.0.0.0", "Private")]
    [InlineData("::1", "Private")]
    [InlineData("::", "Private")]
    [InlineData("fc00::1", "Private")]
    [InlineData("::ffff:10.0.0.1", "Private")]
    [InlineData("8.8.8.8", "Allowed")]
    [InlineData("172.32.0.1", "Allowed")]
    [InlineData("2606:4700::1111", "Allowed")]
    public void Each_address_gets_its_verdict(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressVerdict>(expected), NetworkAddressRule.Judge(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://[fe80::1%25eth0]/a.png", "Forbidden")]
    [InlineData("http://2130706433/a.png", "Private")]
    [InlineData("http://0x7f.1/a.png", "Private")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "Forbidden")]
    [InlineData("http://METADATA/", "Forbidden")]
    [InlineData("http://localhost:8080/a.png", "Private")]
    [InlineData("http://images.localhost/a.png", "Private")]
    [InlineData("https://images.example.com/a.png", "Allowed")]
    public void A_host_known_without_dns_is_judged_from_the_url(string url, string expected) =>
        Assert.Equal(Enum.Parse<AddressVerdict>(expected), NetworkAddressRule.VerdictOfHost(new Uri(url)));

    public static TheoryData<string> Refused => new()
    {
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fe80::1]/a.png",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://10.0.0.5/a.png",
        "http://127.0.0.1:8080/a.png",
        "http://[::1]/a.png",
        "http://localhost/a.png",
        "ftp://images.example.com/a.png",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_download_pointing_into_the_network_is_refused_before_any_request(string url)
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        using var _ = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri(url) }, Stream.Null));

        Assert.Empty(handler.Requests);
        Assert.DoesNotContain("security-credentials", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsExpired);
    }

    [Fact]
    public async Task AllowPrivateNetworkInputs_allows_private_addresses_but_never_link_local_ones()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key,
            (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"), o => o.AllowPrivateNetworkInputs = true);
        using var _ = client;

        Assert.Equal(64, await client.DownloadAsync(new GeneratedImage { Url = new Uri("http://10.0.0.5/a.png") }, Stream.Null));
        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("http://169.254.169.254/a.png") }, Stream.Null));

        Assert.Contains("link-local", e.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_provider_answer_cannot_point_a_download_at_the_metadata_service()
    {
        var answer = CoreKit.GenerateJson.Replace("https://ideogram.ai/api/images/ephemeral/a.png?exp=1893456000", "http://169.254.169.254/latest/meta-data/", StringComparison.Ordinal);
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Json(answer));
        using var _ = client;
        var result = await client.GenerateAsync(new GenerateRequest("a fox"));

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(result.Images[0], Stream.Null));

        Assert.Contains("169.254.169.254", e.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_redirect_hop_into_the_network_is_refused_before_it_is_sent()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (r, _) => Redirect(new Uri("http://169.254.169.254/latest/meta-data/")));
        using var _ = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://cdn.example.com/a.png") }, Stream.Null));

        Assert.Contains("169.254.169.254, a link-local or cloud metadata address", e.Message, StringComparison.Ordinal);
        Assert.Equal("cdn.example.com", Assert.Single(handler.Requests).Uri.Host);
    }

    [Fact]
    public async Task A_download_follows_a_redirect_to_another_public_host_without_credentials()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (r, _) => r.Uri.Host == "cdn.example.com"
            ? Redirect(new Uri("https://storage.example.net/blob/a.png"))
            : FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        using var _ = client;

        var written = await client.DownloadAsync(new GeneratedImage { Url = new Uri("https://cdn.example.com/a.png") }, Stream.Null);

        Assert.Equal(64, written);
        Assert.Equal(["cdn.example.com", "storage.example.net"], handler.Requests.Select(r => r.Uri.Host));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("Api-Key")));
    }

    [Fact]
    public async Task A_download_is_not_redirected_from_https_to_plain_http()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => Redirect(new Uri("http://cdn.example.com/a.png")));
        using var _ = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://cdn.example.com/a.png") }, Stream.Null));

        Assert.Contains("plain http", e.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("http://169.254.169.254/a.png", "link-local")]
    [InlineData("http://192.168.0.10/a.png", "AllowPrivateNetworkInputs")]
    public async Task A_url_input_pointing_into_the_network_is_a_validation_error_before_any_request(string url, string reason)
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        using var _ = client;

        var image = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.RemixAsync(new RemixRequest(ImageInput.FromUrl(url), "a fox")));
        var reference = await Assert.ThrowsAsync<IdeogramValidationException>(() =>
            client.GenerateAsync(new GenerateRequest("a fox") { StyleReferenceImages = [CoreKit.Image(), ImageInput.FromUrl(url)] }));

        Assert.Equal((ImageParameter.Image, IdeogramProvider.Ideogram), (image.Parameter, image.Provider));
        Assert.Equal(ImageParameter.StyleReferenceImages, reference.Parameter);
        Assert.All(new[] { image, reference }, e => Assert.Contains(reason, e.Message, StringComparison.Ordinal));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_url_input_a_provider_fetches_itself_is_passed_on_unchecked()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Segmind, CoreKit.Key,
            (_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        using var _ = client;

        await client.RemixAsync(new RemixRequest(ImageInput.FromUrl("http://10.0.0.5/in.png"), "a fox"));

        Assert.Equal("http://10.0.0.5/in.png", (string?)Assert.Single(handler.Requests).Json["image"]);
    }

    [Fact]
    public async Task A_host_name_that_resolves_into_the_network_is_refused_at_connect_time()
    {
        await using var host = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "PNG", "image/png"));
        var resolved = new List<string>();
        using var client = ClientResolvingToLoopback(resolved, allowPrivate: false);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() =>
            client.DownloadAsync(new GeneratedImage { Url = new Uri($"http://images.internal.test:{host.Port}/a.png?sig=secret") }, Stream.Null));

        Assert.Contains("images.internal.test (which resolves to 127.0.0.1), a loopback or private network address", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=secret", e.Message, StringComparison.Ordinal);
        Assert.Equal(["images.internal.test"], resolved);
        Assert.Equal(0, host.Connections);
    }

    [Fact]
    public async Task A_host_name_that_resolves_into_the_network_is_fetched_when_allowed()
    {
        await using var host = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "PNG", "image/png"));
        using var client = ClientResolvingToLoopback([], allowPrivate: true);

        var written = await client.DownloadAsync(new GeneratedImage { Url = new Uri($"http://images.internal.test:{host.Port}/a.png") }, Stream.Null);

        Assert.Equal(3, written);
        Assert.Equal("/a.png", Assert.Single(host.Requests).Path);
    }

    [Fact]
    public async Task Only_allowed_addresses_of_a_name_are_connected_to()
    {
        await using var host = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "PNG", "image/png"));
        var metadataOnly = new IdeogramClient(Options(allowPrivate: true), Transport.Create(true, (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") })));
        var mixed = new IdeogramClient(Options(allowPrivate: true), Transport.Create(true, (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254"), IPAddress.Loopback })));
        using var _ = metadataOnly;
        using var __ = mixed;
        var image = new GeneratedImage { Url = new Uri($"http://images.internal.test:{host.Port}/a.png") };

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => metadataOnly.DownloadAsync(image, Stream.Null));
        var written = await mixed.DownloadAsync(image, Stream.Null);

        Assert.Contains("link-local", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, written);
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task Provider_calls_to_the_configured_address_are_not_subject_to_the_rule()
    {
        await using var api = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, CoreKit.GenerateJson));
        var options = Options(allowPrivate: false);
        options.BaseAddress = new Uri($"http://api.internal.test:{api.Port}/");
        using var client = new IdeogramClient(options, Transport.Create(false, (_, _) => Task.FromResult(new[] { IPAddress.Loopback })));

        var result = await client.GenerateAsync(new GenerateRequest("a fox"));

        Assert.Single(result.Images);
        Assert.Equal(CoreKit.Key, Assert.Single(api.Requests).Header("Api-Key"));
    }

    private static IdeogramClientOptions Options(bool allowPrivate) => new()
    {
        ApiKey = CoreKit.Key,
        MaxRetries = 2,
        TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true },
        AllowPrivateNetworkInputs = allowPrivate,
    };

    /// <summary>A client on the SDK's own connection pool whose resolver answers 127.0.0.1 for every name (and records the names).</summary>
    private static IdeogramClient ClientResolvingToLoopback(List<string> resolved, bool allowPrivate) =>
        new(Options(allowPrivate), Transport.Create(allowPrivate, (name, _) =>
        {
            lock (resolved)
            {
                resolved.Add(name);
            }

            return Task.FromResult(new[] { IPAddress.Loopback });
        }));

    private static HttpResponseMessage Redirect(Uri location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Found);
        response.Headers.Location = location;
        return response;
    }
}
