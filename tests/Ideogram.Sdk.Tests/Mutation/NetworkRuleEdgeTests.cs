using System.Net;
using System.Net.Http.Headers;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;
using Polly;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The edges of the HTTP layer's rules: where each private range starts and ends, which IPv6 addresses carry an IPv4
/// one, what makes two URLs one origin, how a server's wait hint is read, how redirects change the method, and which
/// refusal a name resolving to several forbidden addresses gets.
/// </summary>
public sealed class NetworkRuleEdgeTests
{
    [Theory]
    [InlineData("100.63.255.255", "Allowed")]
    [InlineData("100.64.0.0", "Private")]
    [InlineData("100.127.255.255", "Private")]
    [InlineData("100.128.0.0", "Allowed")]
    [InlineData("198.17.255.255", "Allowed")]
    [InlineData("198.18.0.1", "Private")]
    [InlineData("198.19.255.255", "Private")]
    [InlineData("198.20.0.0", "Allowed")]
    [InlineData("223.255.255.255", "Allowed")]
    [InlineData("224.0.0.1", "Private")]
    [InlineData("255.255.255.255", "Private")]
    [InlineData("172.15.255.255", "Allowed")]
    [InlineData("169.253.1.1", "Allowed")]
    [InlineData("192.167.1.1", "Allowed")]

    // IPv4 inside IPv6 only when the IPv6 form is exactly a mapped, compatible or NAT64 one.
    [InlineData("::a00:1", "Private")]
    [InlineData("64:ff9b::a00:1", "Private")]
    [InlineData("64:ff9a::a9fe:a9fe", "Allowed")]
    [InlineData("64:fe9b::a9fe:a9fe", "Allowed")]
    [InlineData("2001:9b::a9fe:a9fe", "Allowed")]
    [InlineData("2001:ff00::a9fe:a9fe", "Allowed")]
    [InlineData("64:ff9b:1::a9fe:a9fe", "Allowed")]
    [InlineData("2606:4700::a9fe:a9fe", "Allowed")]
    [InlineData("ff02::1", "Private")]
    [InlineData("fec0::1", "Private")]
    public void Range_boundaries_get_the_right_verdict(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressVerdict>(expected), NetworkAddressRule.Judge(IPAddress.Parse(address)));

    [Fact]
    public void Allowed_means_allowed_whatever_the_private_setting_and_forbidden_never()
    {
        Assert.True(NetworkAddressRule.IsAllowed(IPAddress.Parse("8.8.8.8"), allowPrivate: false));
        Assert.True(NetworkAddressRule.IsAllowed(IPAddress.Parse("8.8.8.8"), allowPrivate: true));
        Assert.False(NetworkAddressRule.IsAllowed(IPAddress.Parse("10.0.0.1"), allowPrivate: false));
        Assert.True(NetworkAddressRule.IsAllowed(IPAddress.Parse("10.0.0.1"), allowPrivate: true));
        Assert.False(NetworkAddressRule.IsAllowed(IPAddress.Parse("169.254.169.254"), allowPrivate: true));
    }

    [Fact]
    public void Only_absolute_http_and_https_urls_are_fetched()
    {
        Assert.Equal("is not an absolute http or https URL", NetworkAddressRule.Check(new Uri("ftp://images.example.com/a.png"), allowPrivate: true));
        Assert.Equal("is not an absolute http or https URL", NetworkAddressRule.Check(new Uri("/a.png", UriKind.Relative), allowPrivate: true));
        Assert.Null(NetworkAddressRule.Check(new Uri("https://images.example.com/a.png"), allowPrivate: false));
    }

    [Theory]
    [InlineData("https://a.example.com/x", "https://A.EXAMPLE.com/y?z", true)]
    [InlineData("https://a.example.com/x", "http://a.example.com/x", false)]
    [InlineData("https://a.example.com/x", "https://b.example.com/x", false)]
    [InlineData("https://a.example.com/x", "https://a.example.com:8443/x", false)]
    [InlineData("https://a.example.com:443/x", "https://a.example.com/y", true)]
    public void An_origin_is_scheme_host_and_port(string a, string b, bool same) =>
        Assert.Equal(same, NetworkAddressRule.SameOrigin(new Uri(a), new Uri(b)));

    [Fact]
    public void The_rule_refuses_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.Judge(null!));
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.Check(null!, false));
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.VerdictOfHost(null!));
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.Origin(null!));
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.SameOrigin(null!, new Uri("https://a/")));
        Assert.Throws<ArgumentNullException>(() => NetworkAddressRule.SameOrigin(new Uri("https://a/"), null!));
        Assert.Equal("https://a.example.com:443", NetworkAddressRule.Origin(new Uri("https://user:pw@a.example.com/p?q")));
    }

    [Fact]
    public async Task A_name_resolving_to_several_refused_addresses_is_refused_for_the_worst_of_them()
    {
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider() };
        using var client = new IdeogramClient(options, Transport.Create(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("169.254.169.254") })));

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("http://images.internal.test/a.png") }, Stream.Null));

        Assert.Contains("link-local or cloud metadata", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_resolves_to_nothing_fails_as_a_download_error_without_a_connection()
    {
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider() };
        using var client = new IdeogramClient(options, Transport.Create(false, (_, _) => Task.FromResult(Array.Empty<IPAddress>())));

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("http://nowhere.example.com/a.png") }, Stream.Null));

        Assert.Contains("Could not download the Ideogram image from nowhere.example.com", e.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public void A_sockets_handler_given_as_transport_stops_following_redirects()
    {
        using var sockets = new SocketsHttpHandler { AllowAutoRedirect = true };
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key }, sockets);

        Assert.False(sockets.AllowAutoRedirect);
    }

    [Fact]
    public async Task A_used_handler_that_follows_redirects_is_refused_with_the_fix_in_the_message()
    {
        await using var host = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "ok"));
        using var sockets = new SocketsHttpHandler { AllowAutoRedirect = true };
        using (var http = new HttpClient(sockets, disposeHandler: false))
        {
            await http.GetAsync(host.Url("warm"));
        }

        var e = Assert.Throws<ArgumentException>(() => new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key }, sockets));

        Assert.Equal("transport", e.ParamName);
        Assert.Contains("SocketsHttpHandler follows redirects by itself and has already sent requests", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retry-after-ms", "0", "Retry-After", "5", 0)]
    [InlineData("retry-after-ms", "1500", null, null, 1500)]
    [InlineData("retry-after-ms", "-1", "Retry-After", "2", 2000)]
    [InlineData("Retry-After", "0", null, null, 0)]
    [InlineData("Retry-After", "1.5", null, null, 1500)]
    [InlineData("Retry-After", " 3 ", null, null, 3000)]
    public void A_wait_hint_of_zero_is_a_wait_of_zero_not_no_hint(string name, string value, string? other, string? otherValue, int millis)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(name, value);
        if (other is not null)
        {
            response.Headers.TryAddWithoutValidation(other, otherValue);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(millis), RetryAfterParser.Read(response.Headers, TimeProvider.System));
    }

    [Fact]
    public void A_retry_date_in_the_past_means_no_wait_and_one_in_the_future_the_time_until_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Nov 2026 11:59:00 GMT");
        using var future = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        future.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Nov 2026 12:00:42 GMT");
        using var nonsense = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        nonsense.Headers.TryAddWithoutValidation("Retry-After", "soon");

        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Read(past.Headers, time));
        Assert.Equal(TimeSpan.FromSeconds(42), RetryAfterParser.Read(future.Headers, time));
        Assert.Null(RetryAfterParser.Read(nonsense.Headers, time));
    }

    [Fact]
    public void The_server_delay_is_clamped_to_the_longest_wait_allowed()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "40");

        Assert.Equal(TimeSpan.FromSeconds(30), ResilienceHandler.ServerDelay(response, TimeSpan.FromSeconds(30), TimeProvider.System));
        Assert.Equal(TimeSpan.FromSeconds(40), ResilienceHandler.ServerDelay(response, TimeSpan.FromSeconds(40), TimeProvider.System));
        Assert.Null(ResilienceHandler.ServerDelay(null, TimeSpan.FromSeconds(30), TimeProvider.System));
    }

    [Fact]
    public void Nothing_is_retried_once_the_caller_has_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var context = ResilienceContextPool.Shared.Get(cancel.Token);
        try
        {
            var outcome = Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset", null, HttpStatusCode.BadGateway));

            Assert.False(ResilienceHandler.ShouldRetry(outcome, context, retryAmbiguous: true, TimeSpan.FromSeconds(30), TimeProvider.System));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Theory]
    [InlineData(300, "POST", "GET")]
    [InlineData(301, "POST", "GET")]
    [InlineData(302, "POST", "GET")]
    [InlineData(303, "POST", "GET")]
    [InlineData(303, "HEAD", "HEAD")]
    [InlineData(303, "GET", "GET")]
    [InlineData(307, "POST", "POST")]
    [InlineData(308, "POST", "POST")]
    [InlineData(302, "PUT", "PUT")]
    public async Task A_redirect_changes_the_method_the_way_browsers_do(int status, string method, string followedWith)
    {
        var seen = new List<(HttpMethod Method, bool HasBody)>();
        using var handler = new RedirectHandler(IdeogramProvider.Ideogram, allowPrivateNetwork: false)
        {
            InnerHandler = new Scripted(request =>
            {
                seen.Add((request.Method, request.Content is not null));
                if (seen.Count > 1)
                {
                    return new HttpResponseMessage(HttpStatusCode.OK);
                }

                var response = new HttpResponseMessage((HttpStatusCode)status);
                response.Headers.Location = new Uri("/moved", UriKind.Relative);
                return response;
            }),
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://api.ideogram.ai/v1/x") { Content = method is "GET" or "HEAD" ? null : new StringContent("{}") };

        using var answer = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(followedWith, seen[1].Method.Method);
        Assert.Equal(followedWith is not ("GET" or "HEAD"), seen[1].HasBody);
        Assert.Equal(new HttpMethod(method), request.Method);
        Assert.Equal(new Uri("https://api.ideogram.ai/v1/x"), request.RequestUri);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_refused_saying_the_credential_stays_home()
    {
        using var handler = new RedirectHandler(IdeogramProvider.Segmind, allowPrivateNetwork: false)
        {
            InnerHandler = new Scripted(_ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                response.Headers.Location = new Uri("https://elsewhere.example.com/steal");
                return response;
            }),
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.segmind.com/v1/x");

        var e = await Assert.ThrowsAsync<IdeogramException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal(
            "Segmind answered HTTP 307 with a redirect to another origin (https://elsewhere.example.com:443). The SDK does not follow it, so the credential is not sent there; check the client's BaseAddress.",
            e.Message);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, e.StatusCode);
    }

    [Fact]
    public async Task A_download_whose_transport_followed_a_redirect_by_itself_is_refused_as_a_download()
    {
        var transport = new Scripted(request => new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://cdn.elsewhere.example.com/a.png"),
            Content = new ByteArrayContent(CoreKit.Png()),
        });
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider() }, transport);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://ideogram.ai/a.png") }, Stream.Null));

        Assert.Contains("was answered from https://cdn.elsewhere.example.com:443 after the transport followed a redirect by itself", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_call_whose_transport_followed_a_redirect_by_itself_names_the_fix()
    {
        var transport = new Scripted(request => new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://elsewhere.example.com/") });
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider() }, transport);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a fox")));

        Assert.Contains("so the request and its credential may have been sent there", e.Message, StringComparison.Ordinal);
        Assert.Contains("(AllowAutoRedirect = false)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_redirected_too_often_is_refused_as_a_download()
    {
        var transport = new Scripted(request =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri(request.RequestUri!, "next.png");
            return response;
        });
        using var client = new IdeogramClient(new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider() }, transport);

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://ideogram.ai/a.png") }, Stream.Null));

        Assert.Contains("was redirected more than 5 times", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, transport.Calls);
    }

    /// <summary>A transport answering from a function.</summary>
    private sealed class Scripted(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var response = answer(request);
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }
    }
}
