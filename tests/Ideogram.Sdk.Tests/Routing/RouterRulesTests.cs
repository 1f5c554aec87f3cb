using System.Net;
using Polly.CircuitBreaker;

namespace Ideogram.Sdk.Tests.Routing;

/// <summary>The router's rules, over scripted members: when it moves on, when it stops, what it reports, what it spends.</summary>
public sealed class RouterRulesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private IdeogramRouter Router(Action<IdeogramRouterOptions>? configure, params FakeMember[] members)
    {
        var options = new IdeogramRouterOptions { TimeProvider = _clock };
        foreach (var member in members)
        {
            options.Members.Add(new IdeogramClientOptions { Provider = member.Provider, ApiKey = "k" });
        }

        configure?.Invoke(options);
        var queue = new Queue<FakeMember>(members);
        return new IdeogramRouter(options, _ => queue.Dequeue());
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotAcceptable)]
    [InlineData(HttpStatusCode.PaymentRequired)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task A_refusal_that_proves_nothing_ran_moves_to_the_next_member(HttpStatusCode status)
    {
        var a = new FakeMember(IdeogramProvider.Segmind).Throws(FakeMember.Refusal(IdeogramProvider.Segmind, status));
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, a, b);

        var result = await router.GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);
        Assert.Single(a.Received);
        Assert.Single(b.Received);
        Assert.Collection(result.Routing.Attempts,
            x => Assert.Equal((RoutingOutcome.Refused, false, "Segmind"), (x.Outcome, x.MayHaveCharged, x.Member)),
            x => Assert.Equal((RoutingOutcome.Served, "Ideogram"), (x.Outcome, x.Member)));
        Assert.Equal("Ideogram", result.Routing.ServedBy);
    }

    [Fact]
    public async Task A_failure_that_may_have_charged_stops_the_router_and_keeps_the_job()
    {
        var lost = FakeMember.LostAnswer(IdeogramProvider.Runware);
        var a = new FakeMember(IdeogramProvider.Runware).Throws(lost);
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, a, b);

        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(new GenerateRequest("fox")));

        Assert.Empty(b.Received);
        Assert.Same(lost, e.InnerException);
        Assert.Equal("job-lost", e.Job!.Id);
        Assert.True(e.MayHaveCharged);
        Assert.Equal(SubmissionState.MayHaveRun, e.Submission);
        Assert.False(e.IsRetryable);
        var attempt = Assert.Single(e.Attempts);
        Assert.Equal((RoutingOutcome.Failed, true), (attempt.Outcome, attempt.MayHaveCharged));
    }

    [Fact]
    public async Task With_the_opt_in_an_ambiguous_failure_moves_on_and_the_result_lists_both_attempts()
    {
        var a = new FakeMember(IdeogramProvider.Runware).Throws(FakeMember.LostAnswer(IdeogramProvider.Runware));
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(o => o.AllowFailoverAfterAmbiguousFailure = true, a, b);

        var result = await router.GenerateAsync(new GenerateRequest("fox"));

        Assert.Collection(result.Routing.Attempts,
            x => Assert.Equal((RoutingOutcome.Failed, true, "job-lost"), (x.Outcome, x.MayHaveCharged, ((IdeogramException)x.Error!).Job!.Id)),
            x => Assert.Equal(RoutingOutcome.Served, x.Outcome));
    }

    [Fact]
    public async Task An_earlier_attempt_that_may_have_charged_keeps_the_final_failure_from_looking_safe_to_resend()
    {
        var a = new FakeMember(IdeogramProvider.Runware).Throws(FakeMember.LostAnswer(IdeogramProvider.Runware));
        var b = new FakeMember(IdeogramProvider.Ideogram).Throws(FakeMember.Refusal(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable));
        using var router = Router(o => o.AllowFailoverAfterAmbiguousFailure = true, a, b);

        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(new GenerateRequest("fox")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.True(e.MayHaveCharged);
        Assert.False(e.IsRetryable);
        Assert.Equal(2, e.Attempts.Count);
    }

    [Fact]
    public async Task When_every_member_refused_without_running_the_failure_is_safe_to_send_again()
    {
        var a = new FakeMember(IdeogramProvider.Runware).Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable));
        var b = new FakeMember(IdeogramProvider.Ideogram).Throws(FakeMember.Refusal(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable));
        using var router = Router(null, a, b);

        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(new GenerateRequest("fox")));

        Assert.False(e.MayHaveCharged);
        Assert.True(e.IsRetryable);
        Assert.IsType<IdeogramException>(e.InnerException);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
    }

    [Fact]
    public async Task A_local_refusal_by_a_member_moves_on_and_refusals_by_all_are_bad_input()
    {
        var refusal = new IdeogramValidationException(IdeogramProvider.Runware, ImageOperation.Generate, ImageParameter.NumImages, "asks too much");
        var a = new FakeMember(IdeogramProvider.Runware).Throws(refusal);
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, a, b);

        var served = await router.GenerateAsync(new GenerateRequest("fox"));
        Assert.Equal(RoutingOutcome.Refused, served.Routing.Attempts[0].Outcome);

        a.Throws(refusal);
        b.Throws(new IdeogramValidationException(IdeogramProvider.Ideogram, ImageOperation.Generate, ImageParameter.NumImages, "asks too much"));
        var e = await Assert.ThrowsAsync<NoCapableMemberException>(() => router.GenerateAsync(new GenerateRequest("fox")));
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Equal("NumImages", e.ParamName);
    }

    [Fact]
    public async Task Transparent_background_goes_to_the_only_member_that_has_it_even_when_listed_last()
    {
        var runware = new FakeMember(IdeogramProvider.Runware);
        var segmind = new FakeMember(IdeogramProvider.Segmind);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, runware, segmind, ideogram);

        var result = await router.GenerateAsync(new GenerateRequest("logo") { TransparentBackground = true });

        Assert.Empty(runware.Received);
        Assert.Empty(segmind.Received);
        Assert.Single(ideogram.Received);
        Assert.Collection(result.Routing.Attempts,
            x => Assert.Equal((RoutingOutcome.Skipped, "Runware"), (x.Outcome, x.Member)),
            x => Assert.Equal((RoutingOutcome.Skipped, "Segmind"), (x.Outcome, x.Member)),
            x => Assert.Equal((RoutingOutcome.Served, "Ideogram"), (x.Outcome, x.Member)));
        Assert.IsType<UnsupportedParameterException>(result.Routing.Attempts[0].Error);
    }

    [Fact]
    public async Task Byte_inputs_skip_the_url_only_member()
    {
        var apiInOne = new FakeMember(IdeogramProvider.ApiInOne);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, apiInOne, ideogram);
        var png = ImageInput.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 });

        var result = await router.EditAsync(new EditRequest(png, png, "a hat"));

        Assert.Empty(apiInOne.Received);
        Assert.Equal(IdeogramProvider.Ideogram, result.Provider);

        var url = ImageInput.FromUrl("https://images.example.test/a.png");
        var byUrl = await router.EditAsync(new EditRequest(url, url, "a hat"));
        Assert.Equal(IdeogramProvider.ApiInOne, byUrl.Provider);
    }

    [Fact]
    public async Task A_stream_input_is_read_once_and_every_member_gets_the_same_bytes()
    {
        var a = new FakeMember(IdeogramProvider.Runware).Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable));
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, a, b);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9];
        using var stream = new MemoryStream(png);

        await router.RemixAsync(new RemixRequest(ImageInput.FromStream(stream), "again"));

        var first = ((RemixRequest)a.Received[0]).Image!;
        var second = ((RemixRequest)b.Received[0]).Image!;
        Assert.Equal(ImageInputKind.Bytes, first.Kind);
        Assert.Same(first, second);
        Assert.Equal(png.Length, stream.Position);
    }

    [Fact]
    public async Task A_request_no_member_can_serve_fails_before_any_call_naming_each_member()
    {
        var runware = new FakeMember(IdeogramProvider.Runware);
        var segmind = new FakeMember(IdeogramProvider.Segmind);
        using var router = Router(null, runware, segmind);
        var png = ImageInput.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 });

        var e = await Assert.ThrowsAsync<NoCapableMemberException>(() => router.UpscaleAsync(new UpscaleRequest(png)));

        Assert.Empty(runware.Received);
        Assert.Empty(segmind.Received);
        Assert.Contains("Runware:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Segmind:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Ideogram", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Attempts.Count);
        Assert.Throws<NoCapableMemberException>(() => router.EstimateCost(new UpscaleRequest(png)));
    }

    [Fact]
    public async Task Best_effort_members_serve_only_when_allowed_and_after_exact_ones()
    {
        var runware = new FakeMember(IdeogramProvider.Runware);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var strict = Router(null, runware, ideogram);
        var flash = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Flash };
        Assert.Equal(UnsupportedParameterBehavior.Strict, strict.UnsupportedParameters);

        Assert.Equal(IdeogramProvider.Ideogram, (await strict.GenerateAsync(flash)).Provider);
        Assert.Empty(runware.Received);

        var runware2 = new FakeMember(IdeogramProvider.Runware);
        var ideogram2 = new FakeMember(IdeogramProvider.Ideogram);
        using var lenient = Router(o => o.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort, runware2, ideogram2);
        Assert.Equal(UnsupportedParameterBehavior.BestEffort, lenient.UnsupportedParameters);
        Assert.Equal(IdeogramProvider.Ideogram, (await lenient.GenerateAsync(flash)).Provider);

        ideogram2.Throws(FakeMember.Refusal(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable));
        var result = await lenient.GenerateAsync(flash);
        Assert.Equal(IdeogramProvider.Runware, result.Provider);
        Assert.Equal(UnsupportedParameterBehavior.BestEffort, runware2.Received.Single().UnsupportedParameters);
        Assert.Equal(UnsupportedParameterBehavior.Strict, ideogram2.Received.Last().UnsupportedParameters);
    }

    [Fact]
    public async Task Cheapest_orders_by_the_estimate_for_the_requests_rendering_speed()
    {
        var segmind = new FakeMember(IdeogramProvider.Segmind);
        var runflow = new FakeMember(IdeogramProvider.Runflow);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(o => o.Strategy = RoutingStrategy.Cheapest, segmind, runflow, ideogram);

        // TURBO: Ideogram $0.03 < Runflow $0.03–0.06 < Segmind $0.037–0.113.
        var turbo = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Turbo };
        Assert.Equal(IdeogramProvider.Ideogram, router.EstimateCost(turbo).Provider);
        Assert.Equal(IdeogramProvider.Ideogram, (await router.GenerateAsync(turbo)).Provider);

        // DEFAULT: Runflow $0.03–0.06 (same top as Ideogram's $0.06, lower bottom) first.
        var standard = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Default, NumImages = 2 };
        var quote = router.EstimateCost(standard);
        Assert.Equal((IdeogramProvider.Runflow, 0.06m, 0.12m, false), (quote.Provider, quote.MinUsd, quote.MaxUsd, quote.IsConfirmed));
        Assert.Equal(IdeogramProvider.Runflow, (await router.GenerateAsync(standard)).Provider);
        Assert.Empty(segmind.Received);

        // Equal estimates keep the listed order.
        using var tie = Router(o => o.Strategy = RoutingStrategy.Cheapest, new FakeMember(IdeogramProvider.Ideogram), new FakeMember(IdeogramProvider.Runware));
        Assert.Equal(IdeogramProvider.Ideogram, tie.EstimateCost(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality }).Provider);
    }

    [Fact]
    public async Task A_split_request_partly_accepted_fails_over_only_for_the_images_that_did_not_run()
    {
        var composite = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "part-1", DateTimeOffset.UnixEpoch);
        var partial = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate,
            [new GeneratedImage { Url = new Uri("https://segmind.test/a.png") }, new GeneratedImage { Url = new Uri("https://segmind.test/b.png") }]) { Cost = 0.08m };
        var split = new IdeogramSplitRequestException("2 of 4 calls failed")
        {
            Job = composite, PartialResult = partial, Submission = SubmissionState.Accepted, ImagesNotSubmitted = 2, CallCount = 4,
        };
        var segmind = new FakeMember(IdeogramProvider.Segmind).Throws(split);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, segmind, ideogram);

        var result = await router.GenerateAsync(new GenerateRequest("fox") { NumImages = 4 });

        Assert.Equal(2, ideogram.Received.Single().NumImages);
        Assert.Equal(4, segmind.Received.Single().NumImages);
        Assert.Equal([IdeogramProvider.Segmind, IdeogramProvider.Segmind, IdeogramProvider.Ideogram, IdeogramProvider.Ideogram], result.Images.Select(i => i.Provider));
        Assert.Contains(result.Warnings, w => w.Code == "split-across-members");
        Assert.Collection(result.Routing.Attempts,
            x => Assert.Equal((RoutingOutcome.Failed, true, 4), (x.Outcome, x.MayHaveCharged, x.Images)),
            x => Assert.Equal((RoutingOutcome.Served, 2), (x.Outcome, x.Images)));
    }

    [Fact]
    public async Task A_split_request_with_a_part_of_unknown_fate_stops_and_keeps_what_finished()
    {
        var partial = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Url = new Uri("https://segmind.test/a.png") }]);
        var split = new IdeogramSplitRequestException("1 call lost")
        {
            Job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "p", DateTimeOffset.UnixEpoch), PartialResult = partial,
            Submission = SubmissionState.Accepted, ImagesNotSubmitted = 1, CallCount = 3,
        };
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, new FakeMember(IdeogramProvider.Segmind).Throws(split), ideogram);

        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(new GenerateRequest("fox") { NumImages = 3 }));

        Assert.Empty(ideogram.Received);
        Assert.Single(e.PartialResult!.Images);
        Assert.Equal("p", e.Job!.Id);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_submission_partly_accepted_stops_the_router_even_with_the_ambiguous_failover_opt_in()
    {
        var composite = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "part-1", DateTimeOffset.UnixEpoch);
        var split = new IdeogramSplitRequestException("2 of 4 calls failed")
        {
            Job = composite, Submission = SubmissionState.Accepted, ImagesNotSubmitted = 2, CallCount = 4,
        };
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(o => o.AllowFailoverAfterAmbiguousFailure = true, new FakeMember(IdeogramProvider.Segmind).Throws(split), ideogram);

        var e = await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.SubmitAsync(new GenerateRequest("fox") { NumImages = 4 }));

        Assert.Empty(ideogram.Received);
        Assert.Equal("part-1", e.Job!.Id);
        Assert.True(e.MayHaveCharged);
        Assert.False(e.IsRetryable);
        Assert.Equal(RoutingOutcome.Failed, Assert.Single(e.Attempts).Outcome);
    }

    [Fact]
    public async Task A_budget_refuses_before_anything_is_sent_and_counts_reported_costs()
    {
        var runware = new FakeMember(IdeogramProvider.Runware) { Otherwise = r => FakeMember.Result(IdeogramProvider.Runware, r, cost: 0.02m) };
        using var router = Router(o => o.Budget = new CostBudget(0.10m, TimeSpan.FromDays(1)), runware);

        // QUALITY on Runware: up to $0.09 a image, so 2 images ($0.18) cannot fit in $0.10.
        var e = await Assert.ThrowsAsync<IdeogramBudgetExceededException>(() => router.GenerateAsync(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality, NumImages = 2 }));
        Assert.Empty(runware.Received);
        Assert.Equal(SubmissionState.NotSent, e.Submission);
        Assert.Equal(0.18m, e.RequestMaxUsd);

        // Reported cost, not the $0.06 estimate, is what the budget counts.
        var served = await router.GenerateAsync(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Default });
        Assert.Equal(0.02m, served.Cost);
        Assert.Equal(0.02m, router.GetBudgetStatus()!.SpentUsd);
        Assert.Equal(0m, router.GetBudgetStatus()!.ReservedUsd);

        // The period rolls: after a day the spending is gone.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0m, router.GetBudgetStatus()!.SpentUsd);
    }

    [Fact]
    public async Task A_budget_counts_the_maximum_when_no_cost_is_reported_and_nothing_for_a_refusal()
    {
        var ideogram = new FakeMember(IdeogramProvider.Ideogram).Throws(FakeMember.Refusal(IdeogramProvider.Ideogram, HttpStatusCode.ServiceUnavailable));
        using var router = Router(o => o.Budget = new CostBudget(1m, TimeSpan.FromHours(1)), ideogram);
        var request = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality };

        await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(request));
        Assert.Equal(0m, router.GetBudgetStatus()!.SpentUsd);

        await router.GenerateAsync(request);
        Assert.Equal(0.09m, router.GetBudgetStatus()!.SpentUsd);

        ideogram.Throws(FakeMember.LostAnswer(IdeogramProvider.Ideogram));
        await Assert.ThrowsAsync<IdeogramRoutingException>(() => router.GenerateAsync(request));
        Assert.Equal(0.18m, router.GetBudgetStatus()!.SpentUsd);
    }

    [Fact]
    public async Task A_call_in_flight_reserves_its_maximum()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new SlowMember(IdeogramProvider.Ideogram, entered, release.Task);
        var options = new IdeogramRouterOptions { TimeProvider = _clock, Budget = new CostBudget(0.15m, TimeSpan.FromDays(1)) };
        options.Members.Add(new IdeogramClientOptions { Provider = IdeogramProvider.Ideogram, ApiKey = "k" });
        using var router = new IdeogramRouter(options, _ => slow);
        var request = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality };

        var first = router.GenerateAsync(request);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0.09m, router.GetBudgetStatus()!.ReservedUsd);
        var refused = await Assert.ThrowsAsync<IdeogramBudgetExceededException>(() => router.GenerateAsync(request));
        Assert.Equal(0.09m, refused.Status!.ReservedUsd);

        release.SetResult();
        await first;
        Assert.Equal((0.09m, 0m), (router.GetBudgetStatus()!.SpentUsd, router.GetBudgetStatus()!.ReservedUsd));
    }

    [Fact]
    public async Task An_open_circuit_skips_the_member_without_a_request_and_lets_one_probe_through_after_the_break()
    {
        var a = new FakeMember(IdeogramProvider.Runware);
        a.Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable)).Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.ServiceUnavailable));
        var b = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(o => o.Health = new MemberHealthOptions { FailuresToBreak = 2, BreakDuration = TimeSpan.FromSeconds(30) }, a, b);
        var request = new GenerateRequest("fox");

        await router.GenerateAsync(request);
        Assert.Equal(MemberCircuitState.Closed, router.GetMemberHealth()[0].State);
        await router.GenerateAsync(request);
        var health = router.GetMemberHealth()[0];
        Assert.Equal(MemberCircuitState.Open, health.State);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), health.OpenUntil);
        Assert.IsType<IdeogramException>(health.LastFailure);

        var skipped = await router.GenerateAsync(request);
        Assert.Equal(2, a.Received.Count);
        Assert.Equal(RoutingOutcome.Skipped, skipped.Routing.Attempts[0].Outcome);
        Assert.IsType<BrokenCircuitException>(skipped.Routing.Attempts[0].Error);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(MemberCircuitState.HalfOpen, router.GetMemberHealth()[0].State);
        var probed = await router.GenerateAsync(request);
        Assert.Equal(3, a.Received.Count);
        Assert.Equal(IdeogramProvider.Runware, probed.Provider);
        Assert.Equal(MemberCircuitState.Closed, router.GetMemberHealth()[0].State);
    }

    [Fact]
    public async Task A_requests_own_faults_do_not_count_against_a_members_health()
    {
        var a = new FakeMember(IdeogramProvider.Runware);
        for (var i = 0; i < 3; i++)
        {
            a.Throws(FakeMember.Refusal(IdeogramProvider.Runware, HttpStatusCode.BadRequest));
        }

        using var router = Router(o => o.Health = new MemberHealthOptions { FailuresToBreak = 2 }, a, new FakeMember(IdeogramProvider.Ideogram));
        for (var i = 0; i < 3; i++)
        {
            await router.GenerateAsync(new GenerateRequest("fox"));
        }

        Assert.Equal(3, a.Received.Count);
        Assert.Equal(MemberCircuitState.Closed, router.GetMemberHealth()[0].State);
    }

    [Fact]
    public async Task Jobs_and_images_go_to_the_member_of_their_provider()
    {
        var runware = new FakeMember(IdeogramProvider.Runware);
        var ideogram = new FakeMember(IdeogramProvider.Ideogram);
        using var router = Router(null, ideogram, runware);
        var job = ImageJob.Parse(new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, "t-1", DateTimeOffset.UnixEpoch).ToToken());

        Assert.Equal("waited-by-Runware", (await router.WaitAsync(job)).RequestId);
        Assert.Equal(ImageJobState.Succeeded, (await router.PollAsync(job)).State);
        var foreign = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "s-1", DateTimeOffset.UnixEpoch);
        Assert.Throws<ArgumentException>(() => { _ = router.WaitAsync(foreign); });
    }

    [Fact]
    public void The_routers_capabilities_are_the_union_of_its_members()
    {
        using var router = Router(null, new FakeMember(IdeogramProvider.Runware), new FakeMember(IdeogramProvider.Segmind), new FakeMember(IdeogramProvider.Runware));

        Assert.Equal(IdeogramProvider.Runware, router.Provider);
        Assert.Equal(["Runware", "Segmind", "Runware#2"], router.Members);
        Assert.True(router.Capabilities.Supports(ImageOperation.Describe));
        Assert.True(router.Capabilities.Supports(ImageOperation.Edit));
        Assert.False(router.Capabilities.Supports(ImageOperation.Upscale));
        Assert.Equal((1L, (long)int.MaxValue), router.Capabilities.GetRange(ImageOperation.Generate, ImageParameter.Seed));
        Assert.Contains("FICTION", router.Capabilities.GetAllowedValues(ImageOperation.Generate, ImageParameter.StyleType));
        Assert.True(router.Capabilities.Supports(ImageOperation.Generate, ImageParameter.ColorPalette));
    }

    [Fact]
    public void Options_are_checked_when_the_router_is_built()
    {
        Assert.Throws<ArgumentException>(() => new IdeogramRouter(new IdeogramRouterOptions()));
        var bad = new IdeogramRouterOptions { Budget = new CostBudget { Usd = 0, Period = TimeSpan.FromDays(1) } };
        bad.Members.Add(new IdeogramClientOptions { ApiKey = "k" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdeogramRouter(bad));
    }

    /// <summary>A member whose generate waits for the test, to hold a call in flight.</summary>
    private sealed class SlowMember(IdeogramProvider provider, TaskCompletionSource entered, Task release) : IIdeogramClient
    {
        public IdeogramProvider Provider => provider;

        public ProviderCapabilities Capabilities => IdeogramClient.GetCapabilities(provider);

        public async Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
        {
            entered.TrySetResult();
            await release.WaitAsync(cancellationToken);
            return FakeMember.Result(provider, request);
        }

        public Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
