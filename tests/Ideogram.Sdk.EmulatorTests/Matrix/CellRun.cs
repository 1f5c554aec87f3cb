using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>What one matrix cell did: the client's outcome and what the emulator's journal says happened.</summary>
internal sealed record CellRun
{
    /// <summary>The exception the call (or the download) ended with; <see langword="null"/> when it succeeded.</summary>
    public Exception? Error { get; init; }

    /// <summary>The job a successful call's result names (asynchronous providers), so it can be found again.</summary>
    public ImageJob? ResultJob { get; init; }

    /// <summary>Paid submissions the emulator received.</summary>
    public int Received { get; init; }

    /// <summary>Paid submissions the provider ran and accepted (handled, with a 2xx of its own): what was charged.</summary>
    public int Charged { get; init; }

    /// <summary>Requests in the faulted phase the emulator received.</summary>
    public int PhaseRequests { get; init; }

    /// <summary>How long the call took on the shared clock (for a download cell: the download alone).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the exception's job, collected with <c>WaitAsync</c> once the fault cleared, gave images without another submission.</summary>
    public bool? JobCollected { get; init; }

    /// <summary>Why collecting the exception's job failed, when it did.</summary>
    public IdeogramException? CollectError { get; init; }

    /// <summary>The delays the client waited for (backoff, <c>Retry-After</c>, poll intervals).</summary>
    public IReadOnlyList<TimeSpan> Delays { get; init; } = [];

    public IdeogramException? Failure => Error as IdeogramException;

    /// <summary>Runs one cell against its own emulator and client, sharing one fake clock.</summary>
    public static async Task<CellRun> RunAsync(MatrixRoute route, RequestPhase phase, MatrixFault fault)
    {
        var clock = new MatrixClock(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)) { WaitsAfterHeaders = fault.Kind == FaultKind.StalledBody };
        await using var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.Zero, TimeProvider = clock.Host });
        var options = new IdeogramClientOptions
        {
            Provider = route.Provider,
            ApiKey = "matrix-key",
            BaseAddress = emu.BaseAddress(route.Host),
            MaxRetries = MatrixData.MaxRetries,
            AttemptTimeout = MatrixData.AttemptTimeout,
            TotalTimeout = MatrixData.TotalTimeout,
            Polling = MatrixData.Polling.Clone(),
            MaxResponseBytes = MatrixData.MaxBytes,
            MaxDownloadBytes = MatrixData.MaxBytes,
            TimeProvider = clock,

            // The emulator serves its images from 127.0.0.1, which the SDK downloads from only when allowed.
            AllowPrivateNetworkInputs = true,
        };
        route.Configure(options);
        using var client = new IdeogramClient(options, clock.Transport());

        emu.Control.AddFault(fault.Rule(route.Host, phase));
        var request = new GenerateRequest("A lighthouse at dawn, a sign that says 'MATRIX'");
        Exception? error = null;
        ImageJob? resultJob = null;
        var started = clock.GetUtcNow();
        try
        {
            var result = await client.GenerateAsync(request);
            resultJob = result.Job;
            if (phase == RequestPhase.Download)
            {
                started = clock.GetUtcNow();
                using var sink = new MemoryStream();
                await client.DownloadAsync(result.Images[0], sink);
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        var elapsed = clock.GetUtcNow() - started;
        var submissions = emu.Control.GetJournal(route.Host, RequestPhase.Submission);
        var run = new CellRun
        {
            Error = error,
            ResultJob = resultJob,
            Received = submissions.Count,
            Charged = submissions.Count(e => e.Handled && e.ProviderStatusCode is >= 200 and < 300),
            PhaseRequests = emu.Control.GetJournal(route.Host, phase).Count,
            Elapsed = elapsed,
            Delays = clock.Delays,
        };

        if (error is IdeogramException { Job: { } job } && phase != RequestPhase.Download)
        {
            // The job kept must be collectable once the fault has cleared, without paying again.
            emu.Control.ClearFaults();
            bool collected;
            IdeogramException? collectError = null;
            try
            {
                collected = (await client.WaitAsync(job)).Images.Count > 0;
            }
            catch (IdeogramException e)
            {
                (collected, collectError) = (false, e);
            }

            run = run with
            {
                JobCollected = collected && emu.Control.GetJournal(route.Host, RequestPhase.Submission).Count == run.Received,
                CollectError = collectError,
            };
        }

        return run;
    }

    public override string ToString() =>
        $"{(Error is null ? "served" : Error.GetType().Name)} submission={Failure?.Submission} charged?={Failure?.MayHaveCharged} retryable={Failure?.IsRetryable} " +
        $"job={(Failure?.Job is null ? "-" : "kept")} collected={JobCollected}{(CollectError is null ? "" : "(" + CollectError.GetType().Name + ": " + CollectError.Message + ")")} received={Received} charged={Charged} phase={PhaseRequests} elapsed={Elapsed.TotalSeconds:0.##}s" +
        (Error is not null and not IdeogramException ? $" ({Error.Message})" : "");
}
