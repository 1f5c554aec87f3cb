using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>What a matrix cell must do: the client's outcome and what the emulator must have seen.</summary>
internal sealed record CellExpectation
{
    /// <summary>The exact exception type the call ends with; <see langword="null"/> when it succeeds.</summary>
    public Type? Error { get; init; }

    public SubmissionState? Submission { get; init; }

    public bool? IsRetryable { get; init; }

    /// <summary>Whether the exception carries the job.</summary>
    public bool JobKept { get; init; }

    /// <summary>
    /// For a kept job: whether collecting it with <c>WaitAsync</c> gives its images (<see langword="true"/>), or tells
    /// that the provider never ran it (<see langword="false"/>, an id the SDK chose for a request that was dropped).
    /// </summary>
    public bool? JobCollected { get; init; }

    /// <summary>Paid submissions the emulator receives.</summary>
    public int Received { get; init; } = 1;

    /// <summary>Paid submissions the provider runs and accepts.</summary>
    public int Charged { get; init; } = 1;

    /// <summary>Requests the emulator receives in the faulted phase.</summary>
    public int PhaseRequests { get; init; } = 1;

    /// <summary>When a deadline ends the call: how long it took on the shared clock, exactly.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>The README's words for this cell.</summary>
    public string Text(RequestPhase phase)
    {
        if (Error is null)
        {
            return (PhaseRequests > 1 ? "retried" : "served") + (phase == RequestPhase.Download ? "" : ", 1 charge");
        }

        var what = Error.Name switch
        {
            nameof(IdeogramTimeoutException) => "timeout",
            nameof(IdeogramRateLimitException) => "rate limit",
            nameof(IdeogramDownloadException) => "download error",
            _ => "error",
        };
        var money = Submission switch
        {
            SubmissionState.Refused => "not charged",
            SubmissionState.MayHaveRun => "may have charged",
            SubmissionState.Accepted => "charged",
            _ => null,
        };
        var job = (JobKept, JobCollected) switch
        {
            (true, true) => "job kept",
            (true, false) => "job id kept (never ran)",
            (false, _) when Submission is SubmissionState.MayHaveRun or SubmissionState.Accepted => "no job id",
            _ => null,
        };
        var retry = IsRetryable == true ? "retryable" : null;
        return string.Join(", ", new[] { what, money, job, retry }.Where(p => p is not null));
    }
}

/// <summary>
/// The rules the matrix holds every provider to, by what a fault means: a refusal proves nothing ran, a lost or
/// unreadable answer to a paid call may have charged and is never re-sent, a read is free to repeat.
/// </summary>
internal static class MatrixExpectations
{
    public static CellExpectation Expect(MatrixRoute route, RequestPhase phase, MatrixFault fault) => phase switch
    {
        RequestPhase.Submission => AtSubmission(route, fault),
        RequestPhase.Download => AtDownload(fault),
        _ => AtRead(fault),
    };

    /// <summary>The longest a cell's call may take on the shared clock: the total timeout, plus the wait's timeout when a job is polled.</summary>
    public static TimeSpan Deadline(MatrixRoute route, RequestPhase phase) =>
        phase == RequestPhase.Download || !route.Phases.Any(p => p is RequestPhase.Status or RequestPhase.FollowUp)
            ? MatrixData.TotalTimeout
            : MatrixData.TotalTimeout + MatrixData.Polling.Timeout;

    /// <summary>Whether the fault's answer is a refusal that proves the provider did not run the request (429, 503).</summary>
    private static bool ProvesNothingRan(MatrixFault fault) => fault.Kind is FaultKind.RateLimit or FaultKind.ServiceUnavailable;

    /// <summary>Whether the SDK's pipeline retries a read that meets this fault (a status or no answer, before any body).</summary>
    private static bool PipelineRetriesRead(MatrixFault fault) => fault.Kind is FaultKind.RateLimit or FaultKind.ServerError or FaultKind.BadGateway
        or FaultKind.ServiceUnavailable or FaultKind.GatewayTimeout or FaultKind.HtmlError or FaultKind.Abort or FaultKind.Delay;

    private static bool Outlasts(MatrixFault fault) => fault.Count > MatrixData.MaxRetries;

    private static CellExpectation AtSubmission(MatrixRoute route, MatrixFault fault)
    {
        if (ProvesNothingRan(fault))
        {
            // Re-sent within the retry budget; nothing ran until the one that was served.
            return Outlasts(fault)
                ? new()
                {
                    Error = fault.Kind == FaultKind.RateLimit ? typeof(IdeogramRateLimitException) : typeof(IdeogramException),
                    Submission = SubmissionState.Refused,
                    IsRetryable = true,
                    Received = MatrixData.MaxRetries + 1,
                    Charged = 0,
                    PhaseRequests = MatrixData.MaxRetries + 1,
                }
                : new() { Received = fault.Count + 1, PhaseRequests = fault.Count + 1 };
        }

        // Everything else reached the provider and lost or spoiled its answer: never re-sent, so one submission.
        var ran = fault.AfterHandling;
        var lost = new CellExpectation
        {
            Error = typeof(IdeogramException),
            Submission = SubmissionState.MayHaveRun,
            IsRetryable = false,
            JobKept = route.ChoosesJobId,
            JobCollected = route.ChoosesJobId ? ran : null,
            Charged = ran ? 1 : 0,
        };
        return fault.Kind switch
        {
            // No answer within the attempt timeout.
            FaultKind.Delay => lost with { Error = typeof(IdeogramTimeoutException), Elapsed = MatrixData.AttemptTimeout },

            // A 2xx arrived (the provider accepted it) but its body did not, or could not be read.
            FaultKind.StalledBody => lost with { Error = typeof(IdeogramTimeoutException), Submission = SubmissionState.Accepted, Elapsed = MatrixData.AttemptTimeout },
            FaultKind.TruncatedBody or FaultKind.MalformedJson or FaultKind.EmptyBody or FaultKind.OversizedBody => lost with { Submission = SubmissionState.Accepted },

            // 500, 502, 504, a proxy's error page, a dropped connection: it may have run.
            _ => lost,
        };
    }

    private static CellExpectation AtRead(MatrixFault fault) => fault.Kind switch
    {
        // An answer that is not the provider's job status ends the wait; the job is kept to collect later.
        FaultKind.MalformedJson or FaultKind.EmptyBody => new()
        {
            Error = typeof(IdeogramException),
            Submission = SubmissionState.Accepted,
            IsRetryable = false,
            JobKept = true,
            JobCollected = true,
        },

        // Reads are free: the pipeline retries them, and the poll loop reads again after a read that failed for good.
        _ => new() { PhaseRequests = fault.Count + 1 },
    };

    private static CellExpectation AtDownload(MatrixFault fault)
    {
        var failed = new CellExpectation
        {
            Error = typeof(IdeogramDownloadException),
            Submission = SubmissionState.NotSent,
            IsRetryable = true,
        };
        if (PipelineRetriesRead(fault))
        {
            return !Outlasts(fault)
                ? new() { PhaseRequests = fault.Count + 1 }
                : failed with
                {
                    PhaseRequests = MatrixData.MaxRetries + 1,
                    Elapsed = fault.Kind == FaultKind.Delay ? MatrixData.TotalTimeout : null,
                };
        }

        // The image's bytes broke off, stalled, were cut short or were not an image: nothing is re-sent, since part of
        // it may already be in the caller's stream; the link still works for another try.
        return fault.Kind == FaultKind.StalledBody ? failed with { Elapsed = MatrixData.AttemptTimeout } : failed;
    }
}
