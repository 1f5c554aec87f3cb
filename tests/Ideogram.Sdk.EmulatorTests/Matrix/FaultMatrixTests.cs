using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>
/// The fault matrix: every provider (and way of calling it), every fault the emulator injects, at every phase where it
/// applies, through real HTTP on loopback with the client and the emulator on one fake clock. Each cell checks the
/// outcome against the rules in <see cref="MatrixExpectations"/> (the README's table is rendered from them), and checks
/// that what the exception says about money agrees with what the emulator's journal says it did. One test class per
/// provider route below, so the routes run side by side.
/// </summary>
public static class FaultMatrixTests
{
    /// <summary>Real-time bound on one cell, so a regression fails instead of hanging the suite (cells take milliseconds).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>The cells of one route: each of its phases, each fault.</summary>
    public static TheoryData<string, string> Cells(string route)
    {
        var data = new TheoryData<string, string>();
        foreach (var (_, phase, fault) in MatrixData.Cells().Where(c => c.Route.Name == route))
        {
            data.Add(phase.ToString(), fault.Id);
        }

        return data;
    }

    public static async Task RunAsync(string route, string phase, string fault)
    {
        var (r, p, f) = (MatrixData.Route(route), Enum.Parse<RequestPhase>(phase), MatrixData.Fault(fault));
        var expected = MatrixExpectations.Expect(r, p, f);

        var run = await CellRun.RunAsync(r, p, f).WaitAsync(Guard);

        var (want, got) = (Describe(expected), Describe(run));
        Assert.True(want == got, $"expected {want}\nobserved {got}\n{Details(run)}");
        if (expected.Elapsed is { } elapsed)
        {
            Assert.Equal(elapsed, run.Elapsed);
        }

        HoldsTheMoneyRules(r, p, f, run);
    }

    /// <summary>What every cell must hold whatever its expected outcome, judged against the emulator's journal.</summary>
    private static void HoldsTheMoneyRules(MatrixRoute route, RequestPhase phase, MatrixFault fault, CellRun run)
    {
        // Never more submissions than the retry budget allows, never more than one that ran.
        Assert.InRange(run.Received, 1, 1 + MatrixData.MaxRetries);
        Assert.InRange(run.Charged, 0, 1);
        if (run.Received > 1)
        {
            Assert.True(phase == RequestPhase.Submission && fault.Kind is FaultKind.RateLimit or FaultKind.ServiceUnavailable, "re-sent a submission the fault did not prove unrun");
        }

        Assert.InRange(run.Elapsed, TimeSpan.Zero, MatrixExpectations.Deadline(route, phase));
        if (run.Error is null)
        {
            Assert.Equal(1, run.Charged);
            if (route.Phases.Any(p => p is RequestPhase.Status or RequestPhase.FollowUp))
            {
                // The accepted job stays reachable from the result.
                Assert.Equal(route.Provider, run.ResultJob?.Provider);
            }

            return;
        }

        var e = Assert.IsAssignableFrom<IdeogramException>(run.Error);
        Assert.Equal(e.Submission.MayHaveCharged(), e.MayHaveCharged);
        if (e.Submission != SubmissionState.NotSent)
        {
            // The words agree with the state: a request that was sent is never reported as one that could not be.
            Assert.DoesNotContain("Could not reach", e.Message, StringComparison.Ordinal);
        }

        if (phase == RequestPhase.Download)
        {
            // A download pays nothing, and the image's link still works.
            Assert.False(e.MayHaveCharged);
            Assert.True(e.IsRetryable);
            return;
        }

        if (run.Charged > 0)
        {
            // The provider ran it: the exception must say so, and must not invite a second payment.
            Assert.True(e.MayHaveCharged);
            Assert.False(e.IsRetryable);
        }

        if (!e.MayHaveCharged)
        {
            Assert.Equal(0, run.Charged);
        }

        if (e.Submission == SubmissionState.Accepted || phase != RequestPhase.Submission)
        {
            Assert.Equal(1, run.Charged);
        }

        if (phase != RequestPhase.Submission || (route.ChoosesJobId && e.MayHaveCharged))
        {
            // The job's id is known to the client: it travels with the failure, and collecting it works exactly when it ran.
            Assert.NotNull(e.Job);
            Assert.Equal(run.Charged == 1, run.JobCollected);
            if (run.JobCollected == false)
            {
                // The provider never ran it: collecting it says so, as a typed "not found".
                var refused = Assert.IsType<IdeogramBadRequestException>(run.CollectError);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
            }
        }
    }

    private static string Describe(CellExpectation e) =>
        Line(e.Error?.Name, e.Submission, e.Submission?.MayHaveCharged(), e.IsRetryable, e.JobKept, e.JobCollected, e.Received, e.Charged, e.PhaseRequests);

    private static string Describe(CellRun run) =>
        Line(run.Error?.GetType().Name, run.Failure?.Submission, run.Failure?.MayHaveCharged, run.Failure?.IsRetryable, run.Failure?.Job is not null, run.JobCollected,
            run.Received, run.Charged, run.PhaseRequests);

    private static string Details(CellRun run) =>
        $"elapsed {run.Elapsed}, delays [{string.Join(", ", run.Delays)}]"
        + (run.Error is null ? "" : $"; {run.Error.GetType().Name}: {run.Error.Message}")
        + (run.CollectError is null ? "" : $"; collecting the job: {run.CollectError.GetType().Name}: {run.CollectError.Message}");

    private static string Line(string? error, SubmissionState? submission, bool? mayHaveCharged, bool? retryable, bool jobKept, bool? collected, int received, int charged, int phaseRequests) =>
        $"outcome={error ?? "served"} submission={submission} mayHaveCharged={mayHaveCharged} retryable={retryable} jobKept={jobKept} collected={collected} " +
        $"received={received} charged={charged} phaseRequests={phaseRequests}";
}

public sealed class IdeogramFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Ideogram", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Ideogram", phase, fault);
}

public sealed class RunflowFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Runflow", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Runflow", phase, fault);
}

public sealed class SegmindFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Segmind", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Segmind", phase, fault);
}

public sealed class SegmindQueueFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Segmind (queue)", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Segmind (queue)", phase, fault);
}

public sealed class RunwareFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Runware", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Runware", phase, fault);
}

public sealed class RunwareAsyncFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "Runware (async delivery)", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("Runware (async delivery)", phase, fault);
}

public sealed class ApiInOneFaultMatrix
{
    [Theory]
    [MemberData(nameof(FaultMatrixTests.Cells), "API in One", MemberType = typeof(FaultMatrixTests))]
    public Task Cell(string phase, string fault) => FaultMatrixTests.RunAsync("API in One", phase, fault);
}
