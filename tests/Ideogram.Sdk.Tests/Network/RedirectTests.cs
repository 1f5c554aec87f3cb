using System.Net;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Ideogram.Sdk.Tests.Network;

/// <summary>
/// Redirects through real loopback sockets: 127.0.0.1 is the provider's origin, 127.0.0.2 another origin. A provider
/// call never carries its credential (a key header, a Bearer token, Runware's authentication task in the body) to
/// another origin, whichever way the client was built; redirects within the origin keep working.
/// </summary>
public sealed class RedirectTests
{
    private const string Key = "net-key-5b1e9d3c77aa";

    private static IdeogramClientOptions Options(IdeogramProvider provider, Uri baseAddress, bool bodyAuth = false) => new()
    {
        Provider = provider,
        ApiKey = Key,
        BaseAddress = baseAddress,
        MaxRetries = 0,
        TimeProvider = new DelayRecordingTimeProvider { AutoAdvanceDelays = true },   // polls and backoff cost nothing; timeouts never fire
        Runware = { AuthenticateInBody = bodyAuth },
    };

    /// <summary>A server on 127.0.0.2 (another origin) that would answer anything; a refused redirect leaves it untouched.</summary>
    private static LoopbackServer Elsewhere() => LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "{}"), "127.0.0.2");

    /// <summary>The provider's origin, answering everything with a redirect to the same path on <paramref name="target"/>.</summary>
    private static LoopbackServer RedirectingTo(LoopbackServer target, int status) =>
        LoopbackServer.Start((r, s, _) => LoopbackServer.RedirectAsync(s, status, target.Url(r.Target.TrimStart('/'))));

    private static void AssertRefused(IdeogramException e, int status, LoopbackServer origin, LoopbackServer elsewhere)
    {
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Contains($"http://127.0.0.2:{elsewhere.Port}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
        Assert.Equal(0, elsewhere.Connections);
        Assert.Contains(Key, Assert.Single(origin.Requests).Raw, StringComparison.Ordinal);
    }

    public static TheoryData<IdeogramProvider, int, bool> Submissions => new()
    {
        { IdeogramProvider.Ideogram, 307, false },   // Api-Key header, body kept
        { IdeogramProvider.Ideogram, 302, false },   // Api-Key header, POST turned into GET
        { IdeogramProvider.Segmind, 308, false },    // x-api-key header
        { IdeogramProvider.Runflow, 301, false },    // Bearer
        { IdeogramProvider.Runware, 307, false },    // Bearer
        { IdeogramProvider.Runware, 307, true },     // authentication task in the JSON body
        { IdeogramProvider.ApiInOne, 303, false },   // Bearer
    };

    [Theory]
    [MemberData(nameof(Submissions))]
    public async Task A_submission_redirected_to_another_origin_fails_without_sending_the_credential_there(IdeogramProvider provider, int status, bool bodyAuth)
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, status);
        using var client = new IdeogramClient(Options(provider, origin.BaseAddress, bodyAuth));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        AssertRefused(e, status, origin, elsewhere);
        // 307/308 say the request was not processed here; 301/302/303 after a POST may point at the outcome of one that ran.
        Assert.Equal(status is 307 or 308 ? SubmissionState.Refused : SubmissionState.MayHaveRun, e.Submission);
    }

    public static TheoryData<IdeogramProvider, int, bool> Polls => new()
    {
        { IdeogramProvider.Runflow, 302, false },
        { IdeogramProvider.Segmind, 307, false },
        { IdeogramProvider.Runware, 308, false },
        { IdeogramProvider.Runware, 307, true },
        { IdeogramProvider.ApiInOne, 301, false },
    };

    [Theory]
    [MemberData(nameof(Polls))]
    public async Task A_poll_redirected_to_another_origin_fails_without_sending_the_credential_there(IdeogramProvider provider, int status, bool bodyAuth)
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, status);
        using var client = new IdeogramClient(Options(provider, origin.BaseAddress, bodyAuth));
        var job = new ImageJob(provider, ImageOperation.Generate, Guid.NewGuid().ToString("D"), DateTimeOffset.UnixEpoch);

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.PollAsync(job));

        AssertRefused(e, status, origin, elsewhere);
    }

    [Theory]
    [InlineData(307, "POST")]
    [InlineData(308, "POST")]
    [InlineData(302, "GET")]
    [InlineData(303, "GET")]
    public async Task A_redirect_within_the_providers_origin_is_followed_with_the_credential(int status, string method)
    {
        await using var origin = LoopbackServer.Start((r, s, _) => r.Path == "/moved"
            ? LoopbackServer.WriteAsync(s, 200, CoreKit.GenerateJson)
            : LoopbackServer.RedirectAsync(s, status, new Uri("/moved", UriKind.Relative)));
        using var client = new IdeogramClient(Options(IdeogramProvider.Ideogram, origin.BaseAddress));

        var result = await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Single(result.Images);
        var (first, moved) = (origin.Requests[0], origin.Requests[1]);
        Assert.Equal(2, origin.Requests.Count);
        Assert.Equal(("/moved", method, Key), (moved.Path, moved.Method, moved.Header("Api-Key")));
        Assert.Equal(method == "POST" ? first.Body : [], moved.Body);
    }

    [Fact]
    public async Task A_poll_redirected_within_the_origin_is_followed()
    {
        const string Running = """{"code":200,"message":"success","data":{"task_id":"t-1","status":"IN_PROGRESS"}}""";
        await using var origin = LoopbackServer.Start((r, s, _) => r.Path.StartsWith("/moved/", StringComparison.Ordinal)
            ? LoopbackServer.WriteAsync(s, 200, Running)
            : LoopbackServer.RedirectAsync(s, 302, new Uri("/moved" + r.Path, UriKind.Relative)));
        using var client = new IdeogramClient(Options(IdeogramProvider.ApiInOne, origin.BaseAddress));

        var status = await client.PollAsync(new ImageJob(IdeogramProvider.ApiInOne, ImageOperation.Generate, "t-1", DateTimeOffset.UnixEpoch));

        Assert.Equal(ImageJobState.Running, status.State);
        Assert.Equal("Bearer " + Key, origin.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_redirect_loop_stops_after_a_bounded_number_of_hops()
    {
        await using var origin = LoopbackServer.Start((r, s, _) => LoopbackServer.RedirectAsync(s, 307, new Uri(r.Path + "x", UriKind.Relative)));
        using var client = new IdeogramClient(Options(IdeogramProvider.Ideogram, origin.BaseAddress));

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        Assert.Contains("more than 5", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, origin.Requests.Count);
    }

    public static TheoryData<string> Registrations => ["code", "configuration", "keyed code", "keyed configuration"];

    [Theory]
    [MemberData(nameof(Registrations))]
    public async Task Every_AddIdeogram_registration_keeps_the_key_in_the_providers_origin(string registration)
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, 307);
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ideogram:ApiKey"] = Key,
            ["Ideogram:BaseAddress"] = origin.BaseAddress.ToString(),
            ["Ideogram:MaxRetries"] = "0",
        }).Build().GetSection("Ideogram");
        void Code(IdeogramClientOptions o) => (o.ApiKey, o.BaseAddress, o.MaxRetries) = (Key, origin.BaseAddress, 0);
        _ = registration switch
        {
            "code" => services.AddIdeogram(Code),
            "configuration" => services.AddIdeogram(configuration),
            "keyed code" => services.AddIdeogram("named", Code),
            _ => services.AddIdeogram("named", configuration),
        };
        await using var provider = services.BuildServiceProvider();
        var client = registration.StartsWith("keyed", StringComparison.Ordinal)
            ? provider.GetRequiredKeyedService<IIdeogramClient>("named")
            : provider.GetRequiredService<IIdeogramClient>();

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        AssertRefused(e, 307, origin, elsewhere);
    }

    [Fact]
    public async Task AddIdeogram_with_a_primary_handler_of_your_own_still_keeps_the_key_in_the_origin()
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, 308);
        var services = new ServiceCollection();
        services.AddIdeogram(o => (o.ApiKey, o.BaseAddress, o.MaxRetries) = (Key, origin.BaseAddress, 0))
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());   // follows redirects by default
        await using var provider = services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<IdeogramException>(() => provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("a red fox")));

        AssertRefused(e, 308, origin, elsewhere);
    }

    [Fact]
    public async Task AddIdeogram_handlers_of_your_own_run_once_per_attempt_not_once_per_redirect()
    {
        await using var origin = LoopbackServer.Start((r, s, _) => r.Path == "/moved"
            ? LoopbackServer.WriteAsync(s, 200, CoreKit.GenerateJson)
            : LoopbackServer.RedirectAsync(s, 307, new Uri("/moved", UriKind.Relative)));
        var counting = new CountingHandler();
        var services = new ServiceCollection();
        services.AddIdeogram(o => (o.ApiKey, o.BaseAddress, o.MaxRetries) = (Key, origin.BaseAddress, 0)).AddHttpMessageHandler(() => counting);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IIdeogramClient>().GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Equal(2, origin.Requests.Count);
        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task A_transport_of_your_own_that_follows_redirects_has_that_turned_off()
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, 307);
        using var transport = new HttpClientHandler();
        using var client = new IdeogramClient(Options(IdeogramProvider.Segmind, origin.BaseAddress), new LoggingHandler { InnerHandler = transport });

        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        AssertRefused(e, 307, origin, elsewhere);
        Assert.False(transport.AllowAutoRedirect);
    }

    [Fact]
    public async Task A_transport_that_already_follows_redirects_and_cannot_change_is_refused_up_front()
    {
        await using var origin = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, "{}"));
        using var used = new SocketsHttpHandler();
        using (var invoker = new HttpMessageInvoker(used, disposeHandler: false))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, origin.BaseAddress);
            (await invoker.SendAsync(request, default)).Dispose();
        }

        var e = Assert.Throws<ArgumentException>(() => new IdeogramClient(Options(IdeogramProvider.Ideogram, origin.BaseAddress), used));

        Assert.Equal("transport", e.ParamName);
        Assert.Contains("AllowAutoRedirect = false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HttpClient_constructor_leaves_a_used_HttpClient_unchanged()
    {
        await using var origin = LoopbackServer.Start((_, s, _) => LoopbackServer.WriteAsync(s, 200, CoreKit.GenerateJson));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(42) };
        (await http.GetAsync(origin.BaseAddress)).Dispose();

        using var client = new IdeogramClient(Options(IdeogramProvider.Ideogram, origin.BaseAddress), http);
        var result = await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Single(result.Images);
        Assert.Equal(TimeSpan.FromSeconds(42), http.Timeout);
        (await http.GetAsync(origin.BaseAddress)).Dispose();   // still usable: not disposed either
    }

    [Fact]
    public async Task The_HttpClient_constructor_puts_the_retry_handler_in_front_of_the_client()
    {
        var mock = new MockHttpMessageHandler();
        var calls = 0;
        mock.Fallback.Respond(_ => Interlocked.Increment(ref calls) == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : CoreKit.Json(CoreKit.GenerateJson));
        using var http = new HttpClient(mock);
        var options = Options(IdeogramProvider.Ideogram, CoreKit.Base);
        (options.MaxRetries, options.TimeProvider) = (1, new DelayRecordingTimeProvider { AutoAdvanceDelays = true });
        using var client = new IdeogramClient(options, http);

        var result = await client.GenerateAsync(new GenerateRequest("a red fox"));

        Assert.Single(result.Images);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task An_HttpClient_that_follows_a_redirect_to_another_origin_by_itself_fails_the_call_saying_so()
    {
        await using var elsewhere = Elsewhere();
        await using var origin = RedirectingTo(elsewhere, 307);
        using var http = new HttpClient();   // its default handler follows redirects, out of the SDK's reach

        using var client = new IdeogramClient(Options(IdeogramProvider.Ideogram, origin.BaseAddress), http);
        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a red fox")));

        Assert.Contains($"http://127.0.0.2:{elsewhere.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", e.Message, StringComparison.Ordinal);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HttpClients_own_timeout_is_a_typed_timeout_not_a_cancellation()
    {
        using var http = new HttpClient(new HangingHandler()) { Timeout = TimeSpan.FromMilliseconds(100) };   // HttpClient.Timeout runs on the system clock only
        using var client = new IdeogramClient(Options(IdeogramProvider.Ideogram, CoreKit.Base), http);

        var e = await Assert.ThrowsAsync<IdeogramTimeoutException>(() => client.GenerateAsync(new GenerateRequest("a red fox")).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("00:00:00.1", e.Message, StringComparison.Ordinal);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class LoggingHandler : DelegatingHandler;

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
