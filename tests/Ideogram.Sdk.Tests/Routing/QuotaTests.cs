using System.Net;
using Ideogram.Sdk.Tests.Core;

namespace Ideogram.Sdk.Tests.Routing;

/// <summary>A client's own quotas: images in flight and calls per minute, taken before anything is sent.</summary>
public sealed class QuotaTests
{
    private readonly FakeTimeProvider _clock = new();

    /// <summary>A transport that holds every request until the test releases it, counting what reached it.</summary>
    private sealed class GateHandler : HttpMessageHandler
    {
        private readonly SemaphoreSlim _release = new(0);
        private readonly SemaphoreSlim _arrived = new(0);
        private int _sent;
        private int _open;

        public int Sent => Volatile.Read(ref _sent);

        public int MaxOpen { get; private set; }

        public void Release(int count) => _release.Release(count);

        public async Task ArrivedAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await _arrived.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            lock (this)
            {
                MaxOpen = Math.Max(MaxOpen, ++_open);
            }

            _arrived.Release();
            try
            {
                await _release.WaitAsync(cancellationToken);
                return CoreKit.Json(CoreKit.GenerateJson);
            }
            finally
            {
                lock (this)
                {
                    _open--;
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            _release.Dispose();
            _arrived.Dispose();
            base.Dispose(disposing);
        }
    }

    private IdeogramClient Client(GateHandler gate, Action<QuotaOptions> quotas) => CoreKit.Client(gate, o =>
    {
        o.MaxRetries = 0;
        o.TimeProvider = _clock;
        quotas(o.Quotas);
    });

    [Fact]
    public async Task A_request_takes_one_permit_per_image_and_a_full_queue_fails_at_once_with_nothing_sent()
    {
        using var gate = new GateHandler();
        using var client = Client(gate, q =>
        {
            q.MaxImagesInFlight = 4;
            q.QueueLimit = 2;
        });

        var first = client.GenerateAsync(new GenerateRequest("fox") { NumImages = 3 });
        await gate.ArrivedAsync(1);
        var waiting = client.GenerateAsync(new GenerateRequest("fox") { NumImages = 2 });
        var full = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(SubmissionState.NotSent, full.Submission);
        Assert.True(full.IsRetryable);
        Assert.Null(full.StatusCode);
        Assert.Equal(IdeogramProvider.Ideogram, full.Provider);
        Assert.Equal(1, gate.Sent);
        Assert.False(waiting.IsCompleted);

        gate.Release(2);
        await first;
        await waiting;
        Assert.Equal(2, gate.Sent);
        Assert.Equal(1, gate.MaxOpen);
    }

    [Fact]
    public async Task Waiting_for_room_is_cancellable_and_sends_nothing()
    {
        using var gate = new GateHandler();
        using var client = Client(gate, q => q.MaxImagesInFlight = 1);
        var first = client.GenerateAsync(new GenerateRequest("fox"));
        await gate.ArrivedAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = client.GenerateAsync(new GenerateRequest("fox"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, gate.Sent);
        gate.Release(1);
        await first;
    }

    [Fact]
    public async Task A_request_for_more_images_than_can_ever_be_in_flight_is_refused_as_bad_input()
    {
        using var gate = new GateHandler();
        using var client = Client(gate, q => q.MaxImagesInFlight = 2);

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(new GenerateRequest("fox") { NumImages = 3 }));

        Assert.Equal("NumImages", e.ParamName);
        Assert.Contains("MaxImagesInFlight", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, gate.Sent);
    }

    [Fact]
    public async Task Calls_per_minute_are_counted_on_the_clients_clock()
    {
        using var gate = new GateHandler();
        gate.Release(10);
        using var client = Client(gate, q =>
        {
            q.MaxRequestsPerMinute = 2;
            q.QueueLimit = 0;
        });

        await client.GenerateAsync(new GenerateRequest("fox"));
        await client.GenerateAsync(new GenerateRequest("fox"));
        var e = await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.GenerateAsync(new GenerateRequest("fox")));
        Assert.Equal(2, gate.Sent);
        Assert.Equal(TimeSpan.FromMinutes(1), e.RetryAfter);

        // Each call counts for one minute after it started: at 55 s both still count, at 60 s neither does.
        _clock.Advance(TimeSpan.FromSeconds(55));
        Assert.Equal(TimeSpan.FromSeconds(5), (await Assert.ThrowsAsync<IdeogramRateLimitException>(() => client.GenerateAsync(new GenerateRequest("fox")))).RetryAfter);

        _clock.Advance(TimeSpan.FromSeconds(5));
        await client.GenerateAsync(new GenerateRequest("fox"));
        Assert.Equal(3, gate.Sent);
    }

    [Fact]
    public async Task A_full_quota_at_one_member_moves_the_router_on_without_counting_against_its_health()
    {
        using var gate = new GateHandler();
        var options = new IdeogramRouterOptions { Health = new MemberHealthOptions { FailuresToBreak = 2 } };
        options.Members.Add(new IdeogramClientOptions { ApiKey = CoreKit.Key, BaseAddress = CoreKit.Base, MaxRetries = 0, Quotas = { MaxImagesInFlight = 1, QueueLimit = 0 } });
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = "k" });
        var runware = new FakeMember(IdeogramProvider.Runware);
        using var router = new IdeogramRouter(options, o => o.Provider == IdeogramProvider.Ideogram ? new IdeogramClient(o, gate) : runware);

        var held = router.GenerateAsync(new GenerateRequest("fox"));
        await gate.ArrivedAsync(1);
        for (var i = 0; i < 3; i++)
        {
            var moved = await router.GenerateAsync(new GenerateRequest("fox"));
            Assert.Equal(IdeogramProvider.Runware, moved.Provider);
            Assert.Equal(RoutingOutcome.Refused, moved.Routing.Attempts[0].Outcome);
            Assert.IsType<IdeogramRateLimitException>(moved.Routing.Attempts[0].Error);
        }

        Assert.Equal(MemberCircuitState.Closed, router.GetMemberHealth()[0].State);
        gate.Release(1);
        Assert.Equal(IdeogramProvider.Ideogram, (await held).Provider);
        Assert.Equal(1, gate.Sent);
    }

    [Fact]
    public void Quota_options_are_checked_when_the_client_is_built()
    {
        using var gate = new GateHandler();
        Assert.Throws<ArgumentOutOfRangeException>(() => Client(gate, q => q.MaxImagesInFlight = 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client(gate, q => q.QueueLimit = -1));
    }
}
