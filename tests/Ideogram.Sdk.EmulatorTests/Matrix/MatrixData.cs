using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>One way of calling a provider: its host, its client settings, and the phases its operations go through.</summary>
/// <param name="Name">The column title.</param>
/// <param name="Provider">The SDK's provider.</param>
/// <param name="Host">The emulator's host for it.</param>
/// <param name="Phases">The phases a <c>GenerateAsync</c> and a download go through, in the order they happen.</param>
/// <param name="ChoosesJobId">Whether the SDK chooses the job's id before sending (Runware's task UUID), so it survives a lost answer.</param>
/// <param name="Configure">The client settings that select this way of calling.</param>
internal sealed record MatrixRoute(string Name, IdeogramProvider Provider, EmulatedProvider Host, RequestPhase[] Phases, bool ChoosesJobId, Action<IdeogramClientOptions> Configure)
{
    public override string ToString() => Name;
}

/// <summary>A fault the emulator injects, described once for every phase.</summary>
/// <param name="Id">A short stable name (test case names).</param>
/// <param name="Title">The row title in the README.</param>
/// <param name="Kind">The emulator's fault.</param>
/// <param name="AfterHandling">Whether the provider runs the request before the fault hits its answer.</param>
/// <param name="Count">How many matching requests get it.</param>
/// <param name="Delay">For delays and stalls, how long the host waits (on the shared clock).</param>
internal sealed record MatrixFault(string Id, string Title, FaultKind Kind, bool AfterHandling, int Count = 1, TimeSpan Delay = default)
{
    public override string ToString() => Id;

    /// <summary>The emulator's rule for this fault at one host and phase.</summary>
    public FaultRule Rule(EmulatedProvider host, RequestPhase phase) => new()
    {
        Provider = host,
        Phase = phase,
        Kind = Kind,
        AfterHandling = AfterHandling,
        Count = Count,
        Delay = Delay,
        RetryAfterSeconds = Kind == FaultKind.RateLimit ? (int)MatrixData.RetryAfter.TotalSeconds : null,
        BodyBytes = Kind == FaultKind.OversizedBody ? MatrixData.OversizedBytes : null,
    };
}

/// <summary>The fault matrix's rows, columns and the client settings every cell runs with.</summary>
internal static class MatrixData
{
    public const int MaxRetries = 2;

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(25);

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static readonly PollingOptions Polling = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        BackoffFactor = 1.5,
        MaxDelay = TimeSpan.FromSeconds(4),
        Timeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>The answer and download limits of the matrix's client (small, so an oversized body is quick to send).</summary>
    public const long MaxBytes = 256 * 1024;

    public const long OversizedBytes = 2 * MaxBytes;

    public static readonly MatrixRoute[] Routes =
    [
        new("Ideogram", IdeogramProvider.Ideogram, EmulatedProvider.Ideogram, [RequestPhase.Submission, RequestPhase.Download], false, _ => { }),
        new("Runflow", IdeogramProvider.Runflow, EmulatedProvider.Runflow, [RequestPhase.Submission, RequestPhase.Status, RequestPhase.Download], false, _ => { }),
        new("Segmind", IdeogramProvider.Segmind, EmulatedProvider.Segmind, [RequestPhase.Submission, RequestPhase.Download], false, _ => { }),
        new("Segmind (queue)", IdeogramProvider.Segmind, EmulatedProvider.Segmind, [RequestPhase.Submission, RequestPhase.Status, RequestPhase.FollowUp], false, o => o.Segmind.UseQueue = true),
        new("Runware", IdeogramProvider.Runware, EmulatedProvider.Runware, [RequestPhase.Submission, RequestPhase.Download], true, _ => { }),
        new("Runware (async delivery)", IdeogramProvider.Runware, EmulatedProvider.Runware, [RequestPhase.Submission, RequestPhase.FollowUp], true, o => o.Runware.AsyncDelivery = true),
        new("API in One", IdeogramProvider.ApiInOne, EmulatedProvider.ApiInOne, [RequestPhase.Submission, RequestPhase.Status, RequestPhase.Download], false, _ => { }),
    ];

    public static readonly MatrixFault[] Faults =
    [
        new("429", "429 with `Retry-After: 1`", FaultKind.RateLimit, AfterHandling: false),
        new("429-persists", "429 on every attempt", FaultKind.RateLimit, AfterHandling: false, Count: MaxRetries + 1),
        new("500", "500", FaultKind.ServerError, AfterHandling: true),
        new("502", "502", FaultKind.BadGateway, AfterHandling: true),
        new("503", "503", FaultKind.ServiceUnavailable, AfterHandling: false),
        new("503-clears", "503 that clears after 2 attempts", FaultKind.ServiceUnavailable, AfterHandling: false, Count: MaxRetries),
        new("504", "504", FaultKind.GatewayTimeout, AfterHandling: true),
        new("dropped", "connection dropped before any answer", FaultKind.Abort, AfterHandling: false),
        new("reset", "connection reset after the request was read", FaultKind.Abort, AfterHandling: true),
        new("slow-attempt", "answer held past the attempt timeout", FaultKind.Delay, AfterHandling: true, Delay: AttemptTimeout + TimeSpan.FromSeconds(5)),
        new("slow-total", "every attempt held past the total timeout", FaultKind.Delay, AfterHandling: true, Count: MaxRetries + 1, Delay: TotalTimeout + TimeSpan.FromSeconds(5)),
        new("stalled", "body stalls halfway past the attempt timeout", FaultKind.StalledBody, AfterHandling: true, Delay: AttemptTimeout + TimeSpan.FromSeconds(5)),
        new("truncated", "truncated body", FaultKind.TruncatedBody, AfterHandling: true),
        new("malformed", "malformed JSON (the answer cut in half, with a matching length)", FaultKind.MalformedJson, AfterHandling: true),
        new("html", "HTML error page from a proxy (502)", FaultKind.HtmlError, AfterHandling: false),
        new("empty", "empty 200 body", FaultKind.EmptyBody, AfterHandling: true),
        new("oversized", "oversized body (twice the client's limit)", FaultKind.OversizedBody, AfterHandling: true),
    ];

    /// <summary>Every cell: each route, each of its phases, each fault.</summary>
    public static IEnumerable<(MatrixRoute Route, RequestPhase Phase, MatrixFault Fault)> Cells() =>
        from route in Routes
        from phase in route.Phases
        from fault in Faults
        select (route, phase, fault);

    public static MatrixRoute Route(string name) => Routes.Single(r => r.Name == name);

    public static MatrixFault Fault(string id) => Faults.Single(f => f.Id == id);
}
