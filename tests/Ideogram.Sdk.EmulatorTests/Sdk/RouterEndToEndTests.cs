using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>
/// The router through real HTTP on loopback: several providers of one emulator as members, faults scripted per provider,
/// and the emulator's journal as the witness of what was sent and accepted.
/// </summary>
public sealed class RouterEndToEndTests : IAsyncLifetime
{
    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await EmuKit.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private static IdeogramClientOptions Member(IdeogramEmulator emu, IdeogramProvider provider, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = "router-key",
            BaseAddress = emu.BaseAddress(Host(provider)),
            MaxRetries = 0,
            AllowPrivateNetworkInputs = true,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) },
        };
        configure?.Invoke(options);
        return options;
    }

    private static EmulatedProvider Host(IdeogramProvider provider) => provider switch
    {
        IdeogramProvider.Ideogram => EmulatedProvider.Ideogram,
        IdeogramProvider.Runflow => EmulatedProvider.Runflow,
        IdeogramProvider.Segmind => EmulatedProvider.Segmind,
        IdeogramProvider.Runware => EmulatedProvider.Runware,
        _ => EmulatedProvider.ApiInOne,
    };

    private IdeogramRouter Router(Action<IdeogramRouterOptions>? configure, params IdeogramProvider[] members)
    {
        var options = new IdeogramRouterOptions();
        foreach (var provider in members)
        {
            options.Members.Add(Member(_emu, provider));
        }

        configure?.Invoke(options);
        return new IdeogramRouter(options);
    }

    private static List<JournalEntry> Posts(IdeogramEmulator emu, EmulatedProvider? provider = null) =>
        [.. emu.Control.GetJournal(provider).Where(e => e.Method == "POST")];

    private static int AcceptedPosts(IdeogramEmulator emu) => Posts(emu).Count(e => e.StatusCode is >= 200 and <= 299);

    public static TheoryData<FaultKind, int?> Refusals => new()
    {
        { FaultKind.ServiceUnavailable, null },
        { FaultKind.Status, 401 },
        { FaultKind.Status, 406 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_submission_moves_to_the_next_member_and_only_one_paid_submission_is_accepted(FaultKind kind, int? status)
    {
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Kind = kind, StatusCode = status });
        using var router = Router(null, IdeogramProvider.Segmind, IdeogramProvider.Ideogram);

        var result = await router.GenerateAsync(new GenerateRequest("a fox in the snow"));

        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
        Assert.All(result.Images, i => Assert.Equal(IdeogramProvider.Ideogram, i.Provider));
        var refused = Assert.Single(Posts(_emu, EmulatedProvider.Segmind));
        Assert.Equal(status ?? 503, refused.StatusCode);
        Assert.Single(Posts(_emu, EmulatedProvider.Ideogram));
        Assert.Equal(1, AcceptedPosts(_emu));
        Assert.Equal([RoutingOutcome.Refused, RoutingOutcome.Served], result.Routing.Attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task A_split_request_partly_accepted_asks_the_next_member_only_for_the_rest()
    {
        // Segmind makes one image per call: two of its calls pass (a zero delay), the third is refused, so only that
        // call's image is asked of Ideogram.
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Kind = FaultKind.Delay, Delay = TimeSpan.Zero, Count = 2 });
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Kind = FaultKind.ServiceUnavailable, Count = 10 });
        using var router = Router(null, IdeogramProvider.Segmind, IdeogramProvider.Ideogram);

        var result = await router.GenerateAsync(new GenerateRequest("a fox") { NumImages = 3 });

        Assert.Equal([200, 200, 503], Posts(_emu, EmulatedProvider.Segmind).Select(e => e.StatusCode ?? 0).Order());
        var ideogram = Assert.Single(Posts(_emu, EmulatedProvider.Ideogram));
        Assert.Equal(200, ideogram.StatusCode);
        Assert.Equal(3, result.Images.Count);
        Assert.Equal(2, result.Images.Count(i => i.Provider == IdeogramProvider.Segmind));
        Assert.Equal(1, result.Images.Count(i => i.Provider == IdeogramProvider.Ideogram));
        Assert.Equal([3, 1], result.Routing.Attempts.Select(a => a.Images ?? 0));
    }

    [Fact]
    public async Task A_submission_that_times_out_after_it_was_read_is_not_sent_elsewhere_unless_the_caller_opts_in()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow);
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Runware, Method = "POST", Kind = FaultKind.Delay, Delay = TimeSpan.FromMinutes(5), Count = 2 });

        IdeogramRouter Build(bool optIn)
        {
            var options = new IdeogramRouterOptions { AllowFailoverAfterAmbiguousFailure = optIn };
            options.Members.Add(Member(emu, IdeogramProvider.Runware, o =>
            {
                o.TimeProvider = time;
                o.AttemptTimeout = TimeSpan.FromMinutes(1);
            }));
            options.Members.Add(Member(emu, IdeogramProvider.Ideogram, o => o.TimeProvider = time));
            return new IdeogramRouter(options);
        }

        using (var router = Build(optIn: false))
        {
            var pending = router.GenerateAsync(new GenerateRequest("a fox"));

            // The emulator has read the submission and waits on the shared clock; the member's attempt timeout ends it.
            // The bound is for real loopback I/O reaching the emulator; the waits themselves are on the fake clock.
            await time.WhenDelaysScheduledAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
            time.Advance(TimeSpan.FromMinutes(1));
            var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));

            var sent = Assert.Single(Posts(emu, EmulatedProvider.Runware));
            var task = JsonNode.Parse(sent.BodyText!)!.AsArray().Single(t => (string?)t!["taskType"] == "imageInference")!;
            Assert.Equal((string?)task["taskUUID"], e.Job!.Id);
            Assert.Equal(IdeogramProvider.Runware, e.Job.Provider);
            Assert.True(e.MayHaveCharged);
            Assert.False(e.IsRetryable);
            Assert.IsType<IdeogramTimeoutException>(e.InnerException);
            Assert.Empty(Posts(emu, EmulatedProvider.Ideogram));
        }

        using (var router = Build(optIn: true))
        {
            var pending = router.GenerateAsync(new GenerateRequest("a fox"));
            await time.WhenDelaysScheduledAsync(2).WaitAsync(TimeSpan.FromSeconds(10));
            time.Advance(TimeSpan.FromMinutes(1));
            var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
            Assert.Collection(result.Routing.Attempts,
                a => Assert.Equal((IdeogramProvider.Runware, RoutingOutcome.Failed, true), (a.Provider, a.Outcome, a.MayHaveCharged)),
                a => Assert.Equal((IdeogramProvider.Ideogram, RoutingOutcome.Served), (a.Provider, a.Outcome)));
            Assert.Equal(2, Posts(emu, EmulatedProvider.Runware).Count);
            Assert.Single(Posts(emu, EmulatedProvider.Ideogram));
        }
    }

    [Fact]
    public async Task After_repeated_outages_a_member_is_skipped_without_a_request_and_probed_once_the_break_is_over()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Method = "POST", Kind = FaultKind.ServiceUnavailable, Count = 2 });
        using var router = Router(o =>
        {
            o.TimeProvider = clock;
            o.Health = new MemberHealthOptions { FailuresToBreak = 2, BreakDuration = TimeSpan.FromSeconds(30) };
        }, IdeogramProvider.Ideogram, IdeogramProvider.Runware);
        var request = new GenerateRequest("a fox");

        Assert.Equal(IdeogramProvider.Runware, (await router.GenerateAsync(request)).Provider);
        Assert.Equal(IdeogramProvider.Runware, (await router.GenerateAsync(request)).Provider);
        Assert.Equal(MemberCircuitState.Open, router.GetMemberHealth()[0].State);

        var skipped = await router.GenerateAsync(request);
        Assert.Equal(IdeogramProvider.Runware, skipped.Provider);
        Assert.Equal(RoutingOutcome.Skipped, skipped.Routing.Attempts[0].Outcome);
        Assert.Equal(2, Posts(_emu, EmulatedProvider.Ideogram).Count);

        clock.Advance(TimeSpan.FromSeconds(30));
        var probe = await router.GenerateAsync(request);
        Assert.Equal(IdeogramProvider.Ideogram, probe.Provider);
        Assert.Equal(3, Posts(_emu, EmulatedProvider.Ideogram).Count);
        Assert.Equal(MemberCircuitState.Closed, router.GetMemberHealth()[0].State);
        Assert.Equal(3, Posts(_emu, EmulatedProvider.Runware).Count);
    }

    [Fact]
    public async Task Transparent_background_and_describe_go_to_ideogram_even_when_it_is_listed_last()
    {
        using var router = Router(null, IdeogramProvider.Runware, IdeogramProvider.ApiInOne, IdeogramProvider.Runflow, IdeogramProvider.Ideogram);

        var transparent = await router.GenerateAsync(new GenerateRequest("a logo") { TransparentBackground = true });
        var described = await router.DescribeAsync(new DescribeRequest(ImageInput.FromBytes(EmuKit.Png(64, 64))));

        Assert.Equal(IdeogramProvider.Ideogram, transparent.Provider);
        Assert.NotEmpty(transparent.Images);
        Assert.Equal(IdeogramProvider.Ideogram, described.Provider);
        Assert.NotEmpty(described.Descriptions);
        Assert.Equal(["/v1/ideogram-v3/generate-transparent", "/describe"], Posts(_emu).Select(e => e.Path));
        Assert.Equal([RoutingOutcome.Skipped, RoutingOutcome.Skipped, RoutingOutcome.Skipped, RoutingOutcome.Served], described.Routing.Attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task Byte_inputs_skip_api_in_one()
    {
        using var router = Router(null, IdeogramProvider.ApiInOne, IdeogramProvider.Ideogram);
        var image = ImageInput.FromBytes(EmuKit.Png(64, 64));

        var result = await router.EditAsync(new EditRequest(image, ImageInput.FromBytes(EmuKit.Png(64, 64)), "a hat"));

        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
        Assert.Empty(_emu.Control.GetJournal(EmulatedProvider.ApiInOne));
        var skipped = result.Routing.Attempts[0];
        Assert.Equal((IdeogramProvider.ApiInOne, RoutingOutcome.Skipped), (skipped.Provider, skipped.Outcome));
        Assert.IsType<UnsupportedParameterException>(skipped.Error);
    }

    [Fact]
    public async Task Cheapest_picks_the_lowest_estimate_for_the_requests_rendering_speed()
    {
        using var router = Router(o => o.Strategy = RoutingStrategy.Cheapest, IdeogramProvider.Segmind, IdeogramProvider.Runflow, IdeogramProvider.Ideogram);

        var turbo = await router.GenerateAsync(new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Turbo });
        Assert.Equal(IdeogramProvider.Ideogram, turbo.Provider);

        var standard = await router.GenerateAsync(new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Default });
        Assert.Equal(IdeogramProvider.Runflow, standard.Provider);
        Assert.Equal(0.06m, standard.Cost);

        Assert.Empty(_emu.Control.GetJournal(EmulatedProvider.Segmind));
        Assert.Single(Posts(_emu, EmulatedProvider.Ideogram));
        Assert.Single(Posts(_emu, EmulatedProvider.Runflow));
    }

    [Fact]
    public async Task A_budget_refuses_before_any_request_and_counts_the_cost_the_provider_reports()
    {
        using (var tight = Router(o => o.Budget = new CostBudget(0.05m, TimeSpan.FromDays(1)), IdeogramProvider.Ideogram))
        {
            var e = await Assert.ThrowsAsync<IdeogramBudgetExceededException>(() => tight.GenerateAsync(new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Quality }));
            Assert.Equal(SubmissionState.NotSent, e.Submission);
            Assert.Empty(_emu.Control.GetJournal());
        }

        // Runware reports each task's cost; the table's top figure is raised so the two cannot be confused.
        using var router = Router(o =>
        {
            o.Budget = new CostBudget(1m, TimeSpan.FromDays(1));
            o.Prices = PriceTable.Default.With(new ProviderPrice(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Turbo, 0.03m, 0.50m));
        }, IdeogramProvider.Runware);

        var result = await router.GenerateAsync(new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Turbo, NumImages = 2 });

        Assert.Equal(0.06m, result.Cost);
        var status = router.GetBudgetStatus()!;
        Assert.Equal(0.06m, status.SpentUsd);
        Assert.Equal(0m, status.ReservedUsd);
        Assert.Equal(0.94m, status.RemainingUsd);
    }

    [Fact]
    public async Task A_router_jobs_token_is_finished_by_another_router_with_the_same_members_in_another_order()
    {
        string token;
        using (var first = Router(null, IdeogramProvider.Runflow, IdeogramProvider.Ideogram))
        {
            var job = await first.SubmitAsync(new GenerateRequest("a fox") { NumImages = 2 });
            Assert.Equal(IdeogramProvider.Runflow, job.Provider);
            token = job.ToToken();
        }

        using var second = Router(null, IdeogramProvider.Ideogram, IdeogramProvider.Runflow);
        var result = await second.WaitAsync(ImageJob.Parse(token));

        Assert.Equal(IdeogramProvider.Runflow, result.Provider);
        Assert.Equal(2, result.Images.Count);
        Assert.Single(Posts(_emu, EmulatedProvider.Runflow));
        Assert.Contains(_emu.Control.GetJournal(EmulatedProvider.Runflow), e => e.Method == "GET");
        Assert.Empty(_emu.Control.GetJournal(EmulatedProvider.Ideogram));

        using var image = new MemoryStream();
        Assert.True(await second.DownloadAsync(result.Images[0], image) > 0);
    }

    [Fact]
    public async Task Twenty_concurrent_four_image_requests_never_put_more_than_eight_images_in_flight_at_the_emulator()
    {
        // Runflow runs are jobs: their images stay in flight at the emulator until the run finishes on its clock, and
        // a client learns that only by a later poll, so the emulator's count always drops before the next request can
        // start. Polling waits move the shared fake clock, so the runs advance without real sleeping.
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
        await using var emu = await EmuKit.StartAsync(o =>
        {
            o.TimeProvider = time;
            o.JobStepDelay = TimeSpan.FromSeconds(1);
        });

        async Task<int> RunAsync(int? limit)
        {
            emu.Control.ResetInFlight(EmulatedProvider.Runflow);
            var options = new IdeogramRouterOptions { TimeProvider = time };
            options.Members.Add(Member(emu, IdeogramProvider.Runflow, o =>
            {
                o.TimeProvider = time;
                o.Quotas.MaxImagesInFlight = limit;
                o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromHours(1) };
            }));
            using var router = new IdeogramRouter(options);

            // The bound is for real loopback I/O; every wait inside is on the fake clock.
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => router.GenerateAsync(new GenerateRequest("a fox") { NumImages = 4 })))
                .WaitAsync(TimeSpan.FromSeconds(60));
            Assert.All(results, r => Assert.Equal(4, r.Images.Count));
            return emu.Control.GetInFlight(EmulatedProvider.Runflow).MaxImagesInFlight;
        }

        Assert.Equal(8, await RunAsync(8));
        Assert.Equal(20, Posts(emu, EmulatedProvider.Runflow).Count);

        // The same load without the quota: the emulator sees far more at once, so the limit above is what held it.
        Assert.True(await RunAsync(null) > 8);
    }
}
