using Ideogram.Sdk.Diagnostics;
using System.Net;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Tests.Core;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The engine's own rules, one by one: what each answer and each failure says about a paid submission, how the attempts
/// of one call add up, how a request is split (and its seeds counted), how split results are merged, and what a split
/// request throws when some of its calls failed.
/// </summary>
public sealed class EngineRuleTests
{
    [Theory]
    [InlineData(200, SubmissionState.Accepted)]
    [InlineData(201, SubmissionState.Accepted)]
    [InlineData(299, SubmissionState.Accepted)]
    [InlineData(300, SubmissionState.MayHaveRun)]
    [InlineData(301, SubmissionState.MayHaveRun)]
    [InlineData(303, SubmissionState.MayHaveRun)]
    [InlineData(399, SubmissionState.MayHaveRun)]
    [InlineData(307, SubmissionState.Refused)]
    [InlineData(308, SubmissionState.Refused)]
    [InlineData(400, SubmissionState.Refused)]
    [InlineData(408, SubmissionState.Refused)]
    [InlineData(429, SubmissionState.Refused)]
    [InlineData(499, SubmissionState.Refused)]
    [InlineData(500, SubmissionState.MayHaveRun)]
    [InlineData(501, SubmissionState.Refused)]
    [InlineData(502, SubmissionState.MayHaveRun)]
    [InlineData(503, SubmissionState.Refused)]
    [InlineData(504, SubmissionState.MayHaveRun)]
    [InlineData(599, SubmissionState.MayHaveRun)]
    [InlineData(199, SubmissionState.MayHaveRun)]
    public void Each_answer_says_how_far_a_paid_submission_got(int status, SubmissionState expected) =>
        Assert.Equal(expected, SendRecord.Classify((HttpStatusCode)status));

    public static TheoryData<Exception, SubmissionState> Failures => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused"), SubmissionState.NotSent },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), SubmissionState.NotSent },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), SubmissionState.NotSent },
        { new HttpRequestException(HttpRequestError.ProxyTunnelError, "proxy"), SubmissionState.NotSent },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), SubmissionState.MayHaveRun },
        { new HttpRequestException("unknown"), SubmissionState.MayHaveRun },
        { new IdeogramException("refused redirect", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.PermanentRedirect)), SubmissionState.Refused },
        { new IdeogramException("redirect after a POST", new ProviderErrorDetails(IdeogramProvider.Ideogram, HttpStatusCode.Found)), SubmissionState.MayHaveRun },
        { new IdeogramException("no status"), SubmissionState.MayHaveRun },
        { new Polly.Timeout.TimeoutRejectedException("timeout"), SubmissionState.MayHaveRun },
        { new TaskCanceledException(), SubmissionState.MayHaveRun },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_to_get_an_answer_says_how_far_a_paid_submission_got(Exception failure, SubmissionState expected) =>
        Assert.Equal(expected, SendRecord.Classify(failure));

    [Fact]
    public void An_attempt_that_may_have_run_keeps_the_call_there_whatever_later_attempts_say()
    {
        var record = new SendRecord();
        Assert.Equal((0, SubmissionState.NotSent, SubmissionState.NotSent), (record.Attempts, record.State, record.Prior));

        record.Observe(SubmissionState.Refused);
        Assert.Equal((1, SubmissionState.Refused, SubmissionState.NotSent), (record.Attempts, record.State, record.Prior));

        record.Observe(SubmissionState.MayHaveRun);
        record.Observe(SubmissionState.Refused);
        Assert.Equal((3, SubmissionState.MayHaveRun, SubmissionState.MayHaveRun), (record.Attempts, record.State, record.Prior));

        record.Observe(SubmissionState.Accepted);
        Assert.Equal((4, SubmissionState.Accepted, SubmissionState.MayHaveRun), (record.Attempts, record.State, record.Prior));

        Assert.Equal(SubmissionState.Accepted, SendRecord.Max(SubmissionState.Accepted, SubmissionState.Refused));
        Assert.Equal(SubmissionState.Accepted, SendRecord.Max(SubmissionState.Refused, SubmissionState.Accepted));
        Assert.Equal(SubmissionState.Refused, SendRecord.Max(SubmissionState.Refused, SubmissionState.Refused));
    }

    [Fact]
    public void A_message_keeps_one_record_across_its_attempts()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://api.ideogram.ai/");

        var first = SendRecord.Of(message);
        first.Observe(SubmissionState.Refused);

        Assert.Same(first, SendRecord.Of(message));
        Assert.Equal(1, SendRecord.Of(message).Attempts);
        using var other = new HttpRequestMessage(HttpMethod.Post, "https://api.ideogram.ai/");
        Assert.NotSame(first, SendRecord.Of(other));
    }

    [Fact]
    public void Inline_image_bytes_are_held_to_the_download_limit_exactly()
    {
        var options = new IdeogramClientOptions { MaxDownloadBytes = 10 };
        ImageResult Result(int bytes) => new(IdeogramProvider.Runware, ImageOperation.Generate, [new GeneratedImage { Data = new byte[bytes] }, new GeneratedImage { Url = new Uri("https://x/") }]);

        ResultLimits.Check(Result(10), options, IdeogramProvider.Runware);
        var e = Assert.Throws<IdeogramDownloadException>(() => ResultLimits.Check(Result(11), options, IdeogramProvider.Runware));

        Assert.Equal("Runware sent an image of 11 bytes inline, over the download limit of 10 bytes (IdeogramClientOptions.MaxDownloadBytes).", e.Message);
    }

    private static EngineContext Context(IdeogramProvider provider)
    {
        var adapter = ProviderRegistry.Get(provider);
        var options = new IdeogramClientOptions();
        return new EngineContext
        {
            Adapter = adapter,
            Options = options,
            Http = new HttpClient(),
            Key = new ApiKey(CoreKit.Key),
            BaseAddress = adapter.DefaultBaseAddress,
            Time = TimeProvider.System,
            Telemetry = new ClientTelemetry(provider, options, adapter.DefaultBaseAddress),
        };
    }

    [Fact]
    public void A_request_within_one_call_is_not_split()
    {
        var prepared = new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = 8, Seed = 3 };

        var parts = SplitRequests.Split(prepared, Context(IdeogramProvider.Ideogram));

        Assert.Same(prepared, Assert.Single(parts));
        Assert.Empty(prepared.Warnings);
    }

    [Fact]
    public void A_request_over_one_call_is_split_with_seeds_counting_up()
    {
        var prepared = new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = 3, Seed = 500 };

        var parts = SplitRequests.Split(prepared, Context(IdeogramProvider.Segmind));

        Assert.Equal([1, 1, 1], parts.Select(p => p.ImageCount));
        Assert.Equal([500L, 501L, 502L], parts.Select(p => p.Seed!.Value));
        var warning = Assert.Single(prepared.Warnings);
        Assert.Equal("seed-per-call", warning.Code);
        Assert.Equal("Segmind makes 1 image(s) per call; the 3 calls used seeds 500..502.", warning.Message);
    }

    [Fact]
    public void Seeds_count_down_where_counting_up_would_leave_the_providers_range()
    {
        var max = IdeogramClient.GetCapabilities(IdeogramProvider.Segmind).GetRange(ImageOperation.Generate, ImageParameter.Seed)!.Value.Max;
        var prepared = new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = 2, Seed = max };
        var fits = new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = 2, Seed = max - 1 };

        Assert.Equal([max, max - 1], SplitRequests.Split(prepared, Context(IdeogramProvider.Segmind)).Select(p => p.Seed!.Value));
        Assert.Equal([max - 1, max], SplitRequests.Split(fits, Context(IdeogramProvider.Segmind)).Select(p => p.Seed!.Value));
        Assert.Contains(FormattableString.Invariant($"seeds {max}..{max - 1}."), prepared.Warnings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_without_a_seed_leaves_seeds_to_the_provider_and_the_last_call_takes_the_rest()
    {
        var prepared = new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = 45 };

        var parts = SplitRequests.Split(prepared, Context(IdeogramProvider.Runware));

        Assert.Equal([20, 20, 5], parts.Select(p => p.ImageCount));
        Assert.All(parts, p => Assert.Null(p.Seed));
        Assert.Empty(prepared.Warnings);
    }

    [Fact]
    public void Merged_results_keep_every_image_the_first_date_and_id_the_last_credits_and_the_summed_cost()
    {
        var early = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var warning = new Warning("w", null, "once");
        var a = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Seed = 1 }]) { Cost = 0.1m, RemainingCredits = 9, Warnings = [warning], Descriptions = ["d1"] };
        var b = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Seed = 2 }]) { Created = early, RequestId = "r2", RemainingCredits = 8, Warnings = [warning] };
        var c = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Seed = 3 }]) { Created = early.AddDays(1), RequestId = "r3", Cost = 0.2m, Descriptions = ["d3"] };
        var request = new Warning("r", null, "from the request");

        var merged = SplitRequests.Merge([a, b, c], IdeogramProvider.Segmind, ImageOperation.Generate, [request]);

        Assert.Equal([1L, 2L, 3L], merged.Images.Select(i => i.Seed!.Value));
        Assert.Equal(early, merged.Created);
        Assert.Equal("r2", merged.RequestId);
        Assert.Equal(8m, merged.RemainingCredits);
        Assert.Equal(0.3m, merged.Cost);
        Assert.Equal([request, warning], merged.Warnings);
        Assert.Equal(["d1", "d3"], merged.Descriptions);
        Assert.Null(SplitRequests.Sum([null, null]));
        Assert.Equal(0m, SplitRequests.Sum([0m, null]));
    }

    [Fact]
    public void A_result_with_the_requests_warnings_keeps_everything_else_and_its_own_job_first()
    {
        var own = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "own", DateTimeOffset.UnixEpoch);
        var other = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, "other", DateTimeOffset.UnixEpoch);
        var result = new ImageResult(IdeogramProvider.Runflow, ImageOperation.Generate, [new GeneratedImage()])
        {
            Created = DateTimeOffset.UnixEpoch, Cost = 1m, RemainingCredits = 2m, RequestId = "q", Descriptions = ["d"], Warnings = [new Warning("p", null, "provider")], Job = own,
        };

        var with = SplitRequests.WithWarnings(result, [new Warning("r", null, "request")], other);
        var withJob = SplitRequests.WithWarnings(new ImageResult(IdeogramProvider.Runflow, ImageOperation.Generate, []), [], other);

        Assert.Equal(["r", "p"], with.Warnings.Select(w => w.Code));
        Assert.Equal((DateTimeOffset.UnixEpoch, 1m, 2m, "q", "own"), (with.Created!.Value, with.Cost!.Value, with.RemainingCredits!.Value, with.RequestId!, with.Job!.Id));
        Assert.Equal(["d"], with.Descriptions);
        Assert.Same(other, withJob.Job);
    }

    private static PartRun Run(int images) => new(new PreparedRequest { Operation = ImageOperation.Generate, Prompt = "p", NumImages = images });

    private static ImageJob Job(string id, ImageResult? result = null) => new(IdeogramProvider.Segmind, ImageOperation.Generate, id, DateTimeOffset.UnixEpoch) { Result = result };

    private static ImageResult Done(long seed) => new(IdeogramProvider.Segmind, ImageOperation.Generate, [new GeneratedImage { Seed = seed }]);

    [Fact]
    public void A_failed_call_never_lowers_what_is_known_of_its_submission()
    {
        var accepted = Run(1);
        accepted.State = SubmissionState.Accepted;
        accepted.Fail(new IdeogramException("read failed") { Submission = SubmissionState.Refused });

        var unknown = Run(1);
        unknown.Fail(new IdeogramException("built elsewhere"));
        var canceled = Run(1);
        canceled.Fail(new OperationCanceledException());
        var other = Run(1);
        other.Fail(new InvalidOperationException("bug"));
        var withJob = Run(1);
        withJob.Fail(new IdeogramTimeoutException("lost") { Submission = SubmissionState.MayHaveRun, Job = Job("sdk-chosen") });
        var canceledAfterSending = Run(1);
        canceledAfterSending.Fail(new IdeogramCanceledException("cancelled", null, CancellationToken.None) { Submission = SubmissionState.MayHaveRun, Job = Job("c") });

        Assert.Equal(SubmissionState.Accepted, accepted.State);
        Assert.Equal(SubmissionState.MayHaveRun, unknown.State);
        Assert.Equal(SubmissionState.NotSent, canceled.State);
        Assert.Equal(SubmissionState.MayHaveRun, other.State);
        Assert.Equal("sdk-chosen", withJob.Job!.Id);
        Assert.Equal((SubmissionState.MayHaveRun, "c"), (canceledAfterSending.State, canceledAfterSending.Job!.Id));
    }

    [Fact]
    public void A_split_request_with_an_accepted_call_throws_every_part_it_can_collect()
    {
        var done = Run(1);
        done.State = SubmissionState.Accepted;
        done.Job = Job("a");
        done.Result = Done(1);
        var pending = Run(2);
        pending.State = SubmissionState.Accepted;
        pending.Job = Job("b");
        var failed = Run(3);
        var cause = new IdeogramException("HTTP 500", new ProviderErrorDetails(IdeogramProvider.Segmind, HttpStatusCode.InternalServerError, "E", "boom", "req", null, "raw")) { Submission = SubmissionState.MayHaveRun };
        failed.Fail(cause);
        var refused = Run(4);
        refused.Fail(new IdeogramRateLimitException("429") { Submission = SubmissionState.Refused });
        var unsent = Run(5);

        var e = Assert.IsType<IdeogramSplitRequestException>(SplitRequests.Failure([done, pending, failed, refused, unsent], Context(IdeogramProvider.Segmind), ImageOperation.Generate, [], CancellationToken.None));

        Assert.Equal(["a", "b"], e.Job!.Parts.Select(p => p.Id));
        Assert.True(e.Job.Parts[0].IsCompleted);
        Assert.False(e.Job.Parts[1].IsCompleted);
        Assert.Equal([1L], e.PartialResult!.Images.Select(i => i.Seed!.Value));
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.Equal(9, e.ImagesNotSubmitted);
        Assert.Equal(5, e.CallCount);
        Assert.Equal(2, e.Failures.Count);
        Assert.Same(cause, e.InnerException);
        Assert.Equal((HttpStatusCode.InternalServerError, "E", "boom", "req", "raw"), (e.StatusCode!.Value, e.ErrorCode, e.ProviderMessage, e.RequestId, e.RawBody));
        Assert.Equal("2 of 5 Segmind calls failed; 2 of 5 Segmind calls were accepted and 1 finished (see Job and PartialResult). First failure: HTTP 500", e.Message);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public void A_split_request_with_nothing_accepted_throws_its_first_failure_judged_over_every_call()
    {
        var first = Run(1);
        var refusal = new IdeogramRateLimitException("429") { Submission = SubmissionState.Refused };
        first.Fail(refusal);
        var second = Run(1);
        second.Fail(new IdeogramException("reset") { Submission = SubmissionState.MayHaveRun });

        var thrown = SplitRequests.Failure([first, second], Context(IdeogramProvider.Segmind), ImageOperation.Generate, [], CancellationToken.None);

        Assert.Same(refusal, thrown);
        Assert.Equal(SubmissionState.MayHaveRun, refusal.Submission);
    }

    [Fact]
    public void A_cancelled_split_request_stays_a_cancellation_carrying_the_accepted_parts()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var done = Run(1);
        done.State = SubmissionState.Accepted;
        done.Job = Job("a", Done(1));
        done.Result = done.Job.Result;
        var stopped = Run(1);
        stopped.Fail(new OperationCanceledException(cancel.Token));

        var e = Assert.IsType<IdeogramCanceledException>(SplitRequests.Failure([done, stopped], Context(IdeogramProvider.Segmind), ImageOperation.Generate, [], cancel.Token));
        var nothing = Assert.IsType<IdeogramCanceledException>(SplitRequests.Failure([Run(1)], Context(IdeogramProvider.Segmind), ImageOperation.Generate, [], cancel.Token));

        Assert.Equal("a", Assert.Single(e.Job!.Parts).Id);
        Assert.Single(e.PartialResult!.Images);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
        Assert.Equal("The Segmind request was cancelled; 1 of 2 Segmind calls were accepted and 1 finished (see Job and PartialResult).", e.Message);
        Assert.Equal(cancel.Token, e.CancellationToken);
        Assert.Null(nothing.Job);
        Assert.Equal(SubmissionState.NotSent, nothing.Submission);
    }

    [Fact]
    public void A_composite_job_is_complete_only_when_every_part_is()
    {
        var complete = SplitRequests.Composite([Job("a", Done(1)), Job("b", Done(2))], IdeogramProvider.Segmind, ImageOperation.Generate);
        var partly = SplitRequests.Composite([Job("a", Done(1)), Job("b")], IdeogramProvider.Segmind, ImageOperation.Generate);

        Assert.Equal("a", complete.Id);
        Assert.Equal([1L, 2L], complete.Result!.Images.Select(i => i.Seed!.Value));
        Assert.Null(partly.Result);
        Assert.Equal(2, partly.Parts.Count);
    }
}
