using System.Diagnostics;
using System.Globalization;
using Ideogram.Sdk.Diagnostics;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Routing;
using Polly.CircuitBreaker;

namespace Ideogram.Sdk;

/// <summary>
/// One <see cref="IIdeogramClient"/> over several providers at once. Each request goes to the members that can honour
/// it (their mapping tables decide), in the order of <see cref="IdeogramRouterOptions.Strategy"/>; the router moves to
/// the next member only when the failure proves the paid request did not run, so it never pays twice (unless
/// <see cref="IdeogramRouterOptions.AllowFailoverAfterAmbiguousFailure"/> says so). It quotes costs before sending,
/// keeps an optional rolling <see cref="CostBudget"/>, and skips a member whose circuit breaker is open.
/// </summary>
/// <remarks>
/// Jobs, images and tokens carry their provider, so <see cref="PollAsync"/>, <see cref="WaitAsync"/>, <see cref="WatchAsync"/>,
/// <see cref="CancelAsync"/> and the downloads go to the member of that provider (any router with such a member can
/// finish a job another router started). Budgets, quotas and circuits are kept in memory, per router. Thread-safe.
/// A routed call is a span (<c>route generate</c>) with the members' call spans beneath it; the members' health is the
/// <c>ideogram.router.member.status</c> gauge of the <see cref="IdeogramTelemetry.MeterName"/> meter.
/// </remarks>
public sealed class IdeogramRouter : IIdeogramClient, IDisposable
{
    private readonly IdeogramRouterOptions _options;
    private readonly List<Member> _members;
    private readonly BudgetLedger? _budget;
    private readonly ProviderCapabilities _capabilities;
    private readonly RouterTelemetry _telemetry;
    private int _disposed;

    /// <summary>A router whose members are <see cref="IdeogramClient"/>s built from <see cref="IdeogramRouterOptions.Members"/>.</summary>
    /// <param name="options">The options (copied; later changes have no effect).</param>
    public IdeogramRouter(IdeogramRouterOptions options)
        : this(options, member => new IdeogramClient(member))
    {
    }

    /// <summary>A router whose member clients are made by <paramref name="createMember"/> (dependency injection, tests).</summary>
    internal IdeogramRouter(IdeogramRouterOptions options, Func<IdeogramClientOptions, IIdeogramClient> createMember)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createMember);
        _options = options.Clone();
        _options.Validate();
        _members = [];
        try
        {
            foreach (var memberOptions in _options.Members)
            {
                // Members log and record where the router does, unless their own options say otherwise.
                memberOptions.LoggerFactory ??= _options.LoggerFactory;
                memberOptions.MeterFactory ??= _options.MeterFactory;
                var client = createMember(memberOptions);
                var same = _members.Count(m => m.Provider == client.Provider);
                var name = same == 0 ? client.Provider.ToString() : string.Create(CultureInfo.InvariantCulture, $"{client.Provider}#{same + 1}");
                _members.Add(new Member(name, client, new MemberCircuit(_options.Health, _options.TimeProvider), _members.Count));
            }
        }
        catch
        {
            DisposeMembers();
            throw;
        }

        _budget = _options.Budget is { } budget ? new BudgetLedger(budget, _options.TimeProvider) : null;
        _capabilities = new ProviderCapabilities(CapabilitiesUnion.Of([.. _members.Select(m => m.Profile)]));
        _telemetry = new RouterTelemetry(_options);
        _telemetry.Metrics.Track(this);
    }

    /// <summary>The first member's provider.</summary>
    public IdeogramProvider Provider => _members[0].Provider;

    /// <summary>The union of the members' capabilities: an operation, parameter or value is supported if some member supports it.</summary>
    public ProviderCapabilities Capabilities => _capabilities;

    /// <summary>
    /// Whether members that can honour a request only by best effort may serve it when the request does not say
    /// (<see cref="IdeogramRouterOptions.UnsupportedParameters"/>, as configured); a request's own
    /// <see cref="ImageRequest.UnsupportedParameters"/> overrides it. This rule, not the members' own, is what a routed request is held to.
    /// </summary>
    public UnsupportedParameterBehavior UnsupportedParameters => _options.UnsupportedParameters;

    /// <summary>The members' names (their providers; <c>#2</c>, <c>#3</c>... for a provider listed again), in the listed order.</summary>
    public IReadOnlyList<string> Members => [.. _members.Select(m => m.Name)];

    /// <summary>Each member's health, as its circuit breaker sees it.</summary>
    /// <returns>One entry per member, in the listed order.</returns>
    public IReadOnlyList<MemberHealth> GetMemberHealth() =>
        [.. _members.Select(m => new MemberHealth(m.Name, m.Provider, m.Circuit.State, m.Circuit.OpenUntil, m.Circuit.LastFailure))];

    /// <summary>The budget's state now: spent within the rolling period, reserved by calls in flight, and what is left.</summary>
    /// <returns>The state, or <see langword="null"/> when the router has no budget.</returns>
    public BudgetStatus? GetBudgetStatus() => _budget?.Status();

    /// <summary>
    /// What the request would cost at the member the router would use first (the first that can honour it, in
    /// strategy order), for all its images. Nothing is sent.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="NoCapableMemberException">No member can serve the request.</exception>
    public CostEstimate EstimateCost(ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = Plan(request).Candidates[0];
        return Estimate(first, first.Prepared.ImageCount);
    }

    /// <summary>What the request would cost at the member of <paramref name="provider"/>. Nothing is sent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="provider">A member's provider.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="IdeogramValidationException">That member cannot serve the request.</exception>
    /// <exception cref="ArgumentException">No member calls <paramref name="provider"/>.</exception>
    public CostEstimate EstimateCost(ImageRequest request, IdeogramProvider provider)
    {
        ArgumentNullException.ThrowIfNull(request);
        var member = Owner(provider, nameof(provider));
        return _options.Prices.Estimate(request, member.Provider, _options.UnsupportedParameters);
    }

    /// <inheritdoc />
    public Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> EditAsync(EditRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> RemixAsync(RemixRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> ReframeAsync(ReframeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> ReplaceBackgroundAsync(ReplaceBackgroundRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    /// <summary>
    /// Submits the request to the first member that accepts it, by the same rules as the operations. A split
    /// submission partly accepted by a member is not completed by another (one job cannot span two providers): the
    /// router stops, and the exception carries the accepted parts.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Callback URL, metadata and reference, where the serving provider supports them.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The accepted job (its <see cref="ImageJob.Provider"/> says which member owns it).</returns>
    public Task<ImageJob> SubmitAsync(ImageRequest request, SubmitOptions? options = null, CancellationToken cancellationToken = default) =>
        RouteAsync(request, SdkCall.Submit, (client, r, ct) => client.SubmitAsync(r, options, ct), job => job.Result?.Cost, (_, job) => job, remainders: false, cancellationToken);

    /// <inheritdoc />
    public Task<ImageJobStatus> PollAsync(ImageJob job, CancellationToken cancellationToken = default) => Owner(job).PollAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task<ImageResult> WaitAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) =>
        Owner(job).WaitAsync(job, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ImageJobStatus> WatchAsync(ImageJob job, PollingOptions? options = null, CancellationToken cancellationToken = default) =>
        Owner(job).WatchAsync(job, options, cancellationToken);

    /// <inheritdoc />
    public Task CancelAsync(ImageJob job, CancellationToken cancellationToken = default) => Owner(job).CancelAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task<long> DownloadAsync(GeneratedImage image, Stream destination, CancellationToken cancellationToken = default) =>
        Owner(image).DownloadAsync(image, destination, cancellationToken);

    /// <inheritdoc />
    public Task<long> DownloadAsync(GeneratedImage image, string path, CancellationToken cancellationToken = default) =>
        Owner(image).DownloadAsync(image, path, cancellationToken);

    /// <summary>Releases the member clients.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _telemetry.Metrics.Untrack(this);
            DisposeMembers();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"IdeogramRouter({_options.Strategy}: {string.Join(", ", _members.Select(m => m.Name))})";

    private Task<ImageResult> RunAsync(ImageRequest request, CancellationToken cancellationToken) =>
        RouteAsync(request, CallOf(request), Operation, result => result.Cost, (run, result) => run.Finish(result), remainders: true, cancellationToken);

    private static SdkCall CallOf(ImageRequest? request) => request switch
    {
        EditRequest => SdkCall.Edit,
        RemixRequest => SdkCall.Remix,
        ReframeRequest => SdkCall.Reframe,
        ReplaceBackgroundRequest => SdkCall.ReplaceBackground,
        DescribeRequest => SdkCall.Describe,
        UpscaleRequest => SdkCall.Upscale,
        _ => SdkCall.Generate,
    };

    private static Task<ImageResult> Operation(IIdeogramClient client, ImageRequest request, CancellationToken cancellationToken) => request switch
    {
        GenerateRequest g => client.GenerateAsync(g, cancellationToken),
        EditRequest e => client.EditAsync(e, cancellationToken),
        RemixRequest r => client.RemixAsync(r, cancellationToken),
        ReframeRequest f => client.ReframeAsync(f, cancellationToken),
        ReplaceBackgroundRequest b => client.ReplaceBackgroundAsync(b, cancellationToken),
        DescribeRequest d => client.DescribeAsync(d, cancellationToken),
        UpscaleRequest u => client.UpscaleAsync(u, cancellationToken),
        _ => throw new ArgumentException($"Unknown request type {request.GetType().Name}.", nameof(request)),
    };

    /// <summary>
    /// The routing loop: each capable member in order, skipping open circuits, reserving the budget, and moving on only
    /// after a failure that proves the paid request did not run (or, for a split request, for the images that did not).
    /// </summary>
    private async Task<T> RouteAsync<T>(
        ImageRequest request,
        SdkCall sdkCall,
        Func<IIdeogramClient, ImageRequest, CancellationToken, Task<T>> call,
        Func<T, decimal?> reportedCost,
        Func<Run, T, T> finish,
        bool remainders,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var span = _telemetry.Start(sdkCall, request);
        try
        {
            return await RouteCoreAsync(request, span, sdkCall, call, reportedCost, finish, remainders, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_telemetry.Failed(span, sdkCall, e))
        {
            throw;
        }
    }

    private async Task<T> RouteCoreAsync<T>(
        ImageRequest request,
        Activity? span,
        SdkCall sdkCall,
        Func<IIdeogramClient, ImageRequest, CancellationToken, Task<T>> call,
        Func<T, decimal?> reportedCost,
        Func<Run, T, T> finish,
        bool remainders,
        CancellationToken cancellationToken)
    {
        var (candidates, incapable) = Plan(request);
        var routed = await RoutedRequests.ReadStreamsAsync(request, candidates[0].Member.Provider, cancellationToken).ConfigureAwait(false);
        var run = new Run(request.Operation, request.NumImages ?? 1, incapable, attempt => _telemetry.Attempted(span, sdkCall, attempt));
        Exception? last = null;
        foreach (var candidate in candidates)
        {
            var member = candidate.Member;
            var asked = run.Remaining;
            if (member.Circuit.State == MemberCircuitState.Open)
            {
                last = new BrokenCircuitException($"{member.Name}'s circuit is open until {member.Circuit.OpenUntil:O}: it is skipped without a request.");
                run.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Skipped, false, last) { Images = asked });
                continue;
            }

            BudgetLedger.Reservation? reservation = null;
            if (_budget is not null)
            {
                try
                {
                    reservation = _budget.Reserve(Estimate(candidate, asked).MaxUsd, member.Provider);
                }
                catch (IdeogramBudgetExceededException e)
                {
                    if (!run.Tried)
                    {
                        throw;
                    }

                    run.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Skipped, false, e) { Images = asked });
                    throw run.GiveUp(e);
                }
            }

            var attempt = RoutedRequests.ForAttempt(routed, candidate.Behavior, asked);
            try
            {
                var outcome = await member.Circuit.ExecuteAsync(ct => call(member.Client, attempt, ct), cancellationToken).ConfigureAwait(false);
                reservation?.Spend(reportedCost(outcome) ?? reservation.MaxUsd);
                run.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Served, true) { Images = asked });
                return finish(run, outcome);
            }
            catch (BrokenCircuitException e)
            {
                // Another call holds the half-open circuit's one probe.
                reservation?.Release();
                last = e;
                run.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Skipped, false, e) { Images = asked });
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                var charged = e is IdeogramCanceledException { MayHaveCharged: true };
                Settle(reservation, charged, null);
                run.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Failed, charged, e) { Images = asked });
                if (!run.HasCarried)
                {
                    throw;
                }

                throw run.Canceled(e, cancellationToken);
            }
            catch (Exception e) when (e is IdeogramException or ArgumentException or OperationCanceledException)
            {
                last = e;
                var verdict = Judge(e, asked, remainders);
                Settle(reservation, verdict.MayHaveCharged, verdict.ChargedUsd ?? (reservation is null || verdict.ChargedShare is not { } share ? null : reservation.MaxUsd * share));
                run.Add(new RoutingAttempt(member.Name, member.Provider, verdict.Outcome, verdict.MayHaveCharged, e) { Images = asked });
                run.Keep(verdict.Finished, verdict.Job);
                if (!verdict.MoveOn)
                {
                    throw run.GiveUp(e);
                }

                run.Remaining = verdict.Remaining;
            }
        }

        throw run.GiveUp(last);
    }

    private static void Settle(BudgetLedger.Reservation? reservation, bool mayHaveCharged, decimal? chargedUsd)
    {
        if (reservation is null)
        {
            return;
        }

        if (mayHaveCharged)
        {
            reservation.Spend(chargedUsd ?? reservation.MaxUsd);
        }
        else
        {
            reservation.Release();
        }
    }

    /// <summary>What a member's failure means for the request: whether the router may move on, and for how many images.</summary>
    private Verdict Judge(Exception e, int asked, bool remainders)
    {
        var ambiguousAllowed = _options.AllowFailoverAfterAmbiguousFailure;
        switch (e)
        {
            case ArgumentException:
                // The member's own mapping table or local checks refused it: nothing was sent.
                return new Verdict(RoutingOutcome.Refused, false, true, asked);

            case IdeogramSplitRequestException split when remainders:
            {
                // Some calls were accepted and finished: keep them, and ask the next member only for the images whose
                // calls provably did not run. Calls whose fate is unknown stop the router (unless the caller opted in).
                var finished = split.PartialResult?.Images.Count ?? 0;
                var notRun = split.ImagesNotSubmitted;
                var unresolved = asked - finished - notRun;
                var share = asked == 0 ? 1m : (decimal)(asked - notRun) / asked;
                if (unresolved <= 0 && notRun > 0)
                {
                    return new Verdict(RoutingOutcome.Failed, true, true, notRun, split.PartialResult, split.Job, ChargedShare: share);
                }

                return new Verdict(RoutingOutcome.Failed, true, ambiguousAllowed && asked - finished > 0, asked - finished, split.PartialResult, split.Job, ChargedShare: share);
            }

            case IdeogramSplitRequestException split:
                // A submission partly accepted by this member: its accepted parts are a job only this member can finish,
                // and one job cannot span two providers, so the router stops whatever the caller allowed.
                return new Verdict(RoutingOutcome.Failed, true, false, asked, split.PartialResult, split.Job);

            case IdeogramException failure when !failure.MayHaveCharged:
                // Refused in a way that proves it did not run (4xx, 429 after retries, 503, not sent, a full local quota).
                return new Verdict(RoutingOutcome.Refused, false, true, asked);

            default:
                // May have run: a timeout or lost connection after sending, 500/502/504, an accepted job that failed.
                return new Verdict(RoutingOutcome.Failed, true, ambiguousAllowed, asked, Job: (e as IdeogramException)?.Job);
        }
    }

    /// <summary>The members that can serve a request, in routing order (exact ones first, then best-effort ones), and those that cannot.</summary>
    private (List<Candidate> Candidates, List<RoutingAttempt> Incapable) Plan(ImageRequest request)
    {
        var behavior = request.UnsupportedParameters ?? _options.UnsupportedParameters;
        var exact = new List<Candidate>();
        var bestEffort = new List<Candidate>();
        var incapable = new List<RoutingAttempt>();
        foreach (var member in _members)
        {
            try
            {
                exact.Add(new Candidate(member, UnsupportedParameterBehavior.Strict, RoutedRequests.Check(request, member.Profile, UnsupportedParameterBehavior.Strict)));
                continue;
            }
            catch (IdeogramValidationException e) when (behavior != UnsupportedParameterBehavior.BestEffort)
            {
                incapable.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Skipped, false, e));
                continue;
            }
            catch (IdeogramValidationException)
            {
                // Try again allowing substitutions.
            }

            try
            {
                bestEffort.Add(new Candidate(member, UnsupportedParameterBehavior.BestEffort, RoutedRequests.Check(request, member.Profile, UnsupportedParameterBehavior.BestEffort)));
            }
            catch (IdeogramValidationException e)
            {
                incapable.Add(new RoutingAttempt(member.Name, member.Provider, RoutingOutcome.Skipped, false, e));
            }
        }

        if (exact.Count + bestEffort.Count == 0)
        {
            throw new NoCapableMemberException(request.Operation, incapable);
        }

        return ([.. Order(exact), .. Order(bestEffort)], incapable);
    }

    private IEnumerable<Candidate> Order(List<Candidate> candidates)
    {
        if (_options.Strategy != RoutingStrategy.Cheapest)
        {
            return candidates;
        }

        // A member whose case the price table lacks goes after every priced one.
        var estimates = candidates.ToDictionary(c => c, c => TryEstimate(c));
        return candidates
            .OrderBy(c => estimates[c]?.MaxUsd ?? decimal.MaxValue)
            .ThenBy(c => estimates[c]?.MinUsd ?? decimal.MaxValue)
            .ThenBy(c => c.Member.Index);
    }

    private CostEstimate Estimate(Candidate candidate, int images) => _options.Prices.Estimate(candidate.Prepared, candidate.Member.Provider, images);

    private CostEstimate? TryEstimate(Candidate candidate)
    {
        try
        {
            return Estimate(candidate, candidate.Prepared.ImageCount);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private IIdeogramClient Owner(ImageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Owner(job.Provider, nameof(job)).Client;
    }

    private IIdeogramClient Owner(GeneratedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Owner(image.Provider ?? Provider, nameof(image)).Client;
    }

    private Member Owner(IdeogramProvider provider, string parameter)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _members.FirstOrDefault(m => m.Provider == provider)
            ?? throw new ArgumentException($"No member of this router calls {provider} (members: {string.Join(", ", _members.Select(m => m.Name))}).", parameter);
    }

    private void DisposeMembers()
    {
        foreach (var member in _members)
        {
            (member.Client as IDisposable)?.Dispose();
        }
    }

    private sealed record Member(string Name, IIdeogramClient Client, MemberCircuit Circuit, int Index)
    {
        public IdeogramProvider Provider => Client.Provider;

        public ProviderProfile Profile => ProviderRegistry.Get(Provider).Profile;
    }

    private sealed record Candidate(Member Member, UnsupportedParameterBehavior Behavior, PreparedRequest Prepared);

    /// <summary>What a failed attempt means: the outcome, whether it may have charged, whether to move on and with how many images, and what it finished.</summary>
    private sealed record Verdict(
        RoutingOutcome Outcome,
        bool MayHaveCharged,
        bool MoveOn,
        int Remaining,
        ImageResult? Finished = null,
        ImageJob? Job = null,
        decimal? ChargedUsd = null,
        decimal? ChargedShare = null);

    /// <summary>One routed request: the attempts so far, the images still wanted, and what earlier members already finished.</summary>
    private sealed class Run
    {
        private readonly ImageOperation _operation;
        private readonly List<RoutingAttempt> _attempts;
        private readonly Action<RoutingAttempt> _observe;
        private ImageResult? _carried;
        private ImageResult? _lastKept;
        private ImageJob? _carriedJob;

        public Run(ImageOperation operation, int wanted, List<RoutingAttempt> attempts, Action<RoutingAttempt> observe)
        {
            _operation = operation;
            _attempts = attempts;
            _observe = observe;
            Remaining = wanted;
            foreach (var attempt in attempts)
            {
                observe(attempt);
            }
        }

        public int Remaining { get; set; }

        /// <summary>Whether an earlier member finished some of the images.</summary>
        public bool HasCarried => _carried is not null;

        /// <summary>Whether any member was actually tried (not only skipped).</summary>
        public bool Tried => _attempts.Any(a => a.Outcome != RoutingOutcome.Skipped);

        public void Add(RoutingAttempt attempt)
        {
            _attempts.Add(attempt);
            _observe(attempt);
        }

        /// <summary>Keeps what a member finished before failing (the accepted part of a split request).</summary>
        public void Keep(ImageResult? finished, ImageJob? job)
        {
            if (finished is not null)
            {
                _carried = Merge(_carried, finished, null);
                _lastKept = finished;
            }

            _carriedJob ??= finished is null ? null : job;
        }

        /// <summary>The result with what earlier members finished in front of it, and the routing report.</summary>
        public ImageResult Finish(ImageResult result)
        {
            var report = new RoutingReport([.. _attempts]);
            if (_carried is null)
            {
                return Merge(null, result, report);
            }

            var merged = Merge(_carried, result, report);
            var counts = string.Join(", ", merged.Images.GroupBy(i => i.Provider).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} by {g.Key}")));
            return new ImageResult(merged.Provider, merged.Operation, merged.Images)
            {
                Descriptions = merged.Descriptions,
                Created = merged.Created,
                Warnings = [.. merged.Warnings, new Warning("split-across-members", ImageParameter.NumImages, $"The images were made by more than one member: {counts}.")],
                Cost = merged.Cost,
                RemainingCredits = merged.RemainingCredits,
                RequestId = merged.RequestId,
                Job = merged.Job,
                Routing = report,
            };
        }

        /// <summary>The exception for a router that gives up after <paramref name="last"/>.</summary>
        public Exception GiveUp(Exception? last)
        {
            var tried = _attempts.Where(a => a.Outcome != RoutingOutcome.Skipped || a.Error is BrokenCircuitException or IdeogramBudgetExceededException).ToList();
            if (_carried is null && tried.Count > 0 && tried.All(a => a.Error is ArgumentException))
            {
                // Every member refused it locally: bad input for all of them, nothing was sent.
                return new NoCapableMemberException(_operation, [.. _attempts]);
            }

            var failure = last as IdeogramException;
            var state = _attempts.Select(a => StateOf(a.Error, a.MayHaveCharged)).Aggregate(_carried is null ? SubmissionState.NotSent : SubmissionState.Accepted, Max);
            var message = $"No member served this {_operation} request: {string.Join("; ", _attempts.Select(a => a.ToString()))}." +
                (state.MayHaveCharged() ? " An attempt may have charged: collect Job (and the attempts' jobs) rather than sending it again." : " Nothing ran, so it can be sent again.");
            var details = new ProviderErrorDetails(
                failure?.Provider ?? _attempts.LastOrDefault()?.Provider ?? IdeogramProvider.Ideogram, failure?.StatusCode, failure?.ErrorCode, failure?.ProviderMessage, failure?.RequestId, failure?.RetryAfter, failure?.RawBody);
            var lastRetryable = last switch
            {
                IdeogramException e => e.IsRetryable,
                BrokenCircuitException => true,
                _ => false,
            };
            return new IdeogramRoutingException(message, details, last)
            {
                Attempts = [.. _attempts],
                Job = failure?.Job ?? (last as IdeogramCanceledException)?.Job ?? _carriedJob,
                PartialResult = _carried is null ? failure?.PartialResult : Merge(_carried, ReferenceEquals(failure?.PartialResult, _lastKept) ? null : failure?.PartialResult, null),
                Submission = state,
                Retryable = lastRetryable && !state.MayHaveCharged(),
            };
        }

        /// <summary>The caller's cancellation after an earlier member finished some images: carrying them too.</summary>
        public IdeogramCanceledException Canceled(OperationCanceledException e, CancellationToken token)
        {
            var canceled = e as IdeogramCanceledException;
            return new IdeogramCanceledException($"The routed {_operation} request was cancelled; images an earlier member finished are in PartialResult.", e, token)
            {
                Job = canceled?.Job ?? _carriedJob,
                PartialResult = Merge(_carried, canceled?.PartialResult, null),
                Submission = SubmissionState.Accepted,
            };
        }

        private static SubmissionState StateOf(Exception? error, bool mayHaveCharged) => error switch
        {
            IdeogramException e => e.Submission,
            IdeogramCanceledException c => c.Submission,
            _ => mayHaveCharged ? SubmissionState.MayHaveRun : SubmissionState.NotSent,
        };

        private static SubmissionState Max(SubmissionState a, SubmissionState b) => a > b ? a : b;

        /// <summary>Two results as one: the first's images in front; costs added when both are known.</summary>
        private static ImageResult Merge(ImageResult? first, ImageResult? second, RoutingReport? report)
        {
            var last = second ?? first!;
            return new ImageResult(last.Provider, last.Operation, [.. first?.Images ?? [], .. second?.Images ?? []])
            {
                Descriptions = [.. first?.Descriptions ?? [], .. second?.Descriptions ?? []],
                Created = first?.Created ?? last.Created,
                Warnings = [.. (first?.Warnings ?? []).Concat(second?.Warnings ?? []).Distinct()],
                Cost = first is null ? last.Cost : second is null ? first.Cost : first.Cost + second.Cost,
                RemainingCredits = last.RemainingCredits,
                RequestId = last.RequestId,
                Job = last.Job,
                RawResponse = first is null ? last.RawResponse : null,
                Routing = report ?? RoutingReport.Empty,
            };
        }
    }
}
