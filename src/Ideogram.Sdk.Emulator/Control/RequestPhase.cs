namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// What a request is for, as the provider host that received it classifies it (from its method, path and, for
/// Runware, the task types in its body). Faults can target a phase, and every journal entry carries one, so a test can
/// count the paid submissions a provider received. The HTTP control API spells each phase in kebab case.
/// </summary>
public enum RequestPhase
{
    /// <summary>
    /// <c>other</c>: anything below: account reads (Segmind credits), listings and callback management (Runflow),
    /// unknown routes.
    /// </summary>
    Other,

    /// <summary>
    /// <c>submission</c>: a call that asks the provider to do paid work: every Ideogram operation, Runflow's run
    /// creation, Segmind's <c>POST /v1|v2/{slug}</c>, a Runware request holding an <c>imageInference</c> task,
    /// API in One's generation.
    /// </summary>
    Submission,

    /// <summary><c>status</c>: a job status read: Runflow <c>GET /v1/runs/{id}</c>, Segmind <c>GET /v2/requests/{id}/status</c>, API in One <c>GET /api/v1/tasks/{id}</c>.</summary>
    Status,

    /// <summary><c>follow-up</c>: a read that collects a job's result: Runware <c>getResponse</c>, Segmind <c>GET /v2/requests/{id}</c> (and <c>/v1/requests/{id}</c>).</summary>
    FollowUp,

    /// <summary><c>download</c>: a GET of an image URL the emulator served (generated results, Runware uploads).</summary>
    Download,

    /// <summary><c>upload</c>: a Runware request whose only work is <c>imageUpload</c>.</summary>
    Upload,
}
