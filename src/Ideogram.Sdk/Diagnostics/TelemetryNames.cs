using System.Diagnostics;
using System.Reflection;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>The public calls that get a span of their own, in the order of <see cref="Telemetry.CallNames"/>.</summary>
internal enum SdkCall
{
    Generate,
    Edit,
    Remix,
    Reframe,
    ReplaceBackground,
    Describe,
    Upscale,
    Submit,
    Poll,
    Wait,
    Watch,
    Download,
    Cancel,
}

/// <summary>What one provider request does, which names its span.</summary>
internal enum RequestPurpose
{
    /// <summary>The paid submission.</summary>
    Submission,

    /// <summary>The first read of a job's state.</summary>
    Status,

    /// <summary>A further read the provider needs to complete a status (Runware's <c>getResponse</c>, Segmind's result).</summary>
    FollowUp,

    /// <summary>A request to cancel a job.</summary>
    Cancel,
}

/// <summary>
/// The SDK's one <see cref="ActivitySource"/>, and every name its spans, metrics and logs use: the OpenTelemetry GenAI
/// conventions where they fit (<c>gen_ai.*</c>), the general ones for errors and HTTP, and the SDK's own under <c>ideogram.*</c>.
/// </summary>
internal static class Telemetry
{
    /// <summary>The model every provider serves, as <c>gen_ai.request.model</c> names it (the SDK's model ids use the same spelling).</summary>
    public const string Model = "ideogram-3.0";

    public const string ProviderName = "gen_ai.provider.name";
    public const string OperationName = "gen_ai.operation.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string OutputType = "gen_ai.output.type";
    public const string RequestSeed = "gen_ai.request.seed";
    public const string ResponseId = "gen_ai.response.id";
    public const string ErrorType = "error.type";
    public const string HttpMethod = "http.request.method";
    public const string HttpStatus = "http.response.status_code";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UrlFull = "url.full";

    public const string ImageOperation = "ideogram.operation";
    public const string RequestKind = "ideogram.request.kind";
    public const string RenderingSpeed = "ideogram.request.rendering_speed";
    public const string RequestedImages = "ideogram.request.num_images";
    public const string Prompt = "ideogram.request.prompt";
    public const string NegativePrompt = "ideogram.request.negative_prompt";
    public const string InputImageUrls = "ideogram.request.image_urls";
    public const string Images = "ideogram.response.num_images";
    public const string ImageUrls = "ideogram.response.image_urls";
    public const string Cost = "ideogram.response.cost_usd";
    public const string Warnings = "ideogram.response.warnings";
    public const string JobId = "ideogram.job.id";
    public const string JobState = "ideogram.job.state";
    public const string JobProviderStatus = "ideogram.job.provider_status";
    public const string JobPolls = "ideogram.job.polls";
    public const string RetryCount = "ideogram.retry_count";
    public const string RetryAttempt = "ideogram.retry.attempt";
    public const string RetryDelay = "ideogram.retry.delay_ms";
    public const string SubmissionState = "ideogram.submission_state";
    public const string ProviderRequestId = "ideogram.provider.request_id";
    public const string DownloadedBytes = "ideogram.download.bytes";
    public const string RouterStrategy = "ideogram.router.strategy";
    public const string RouterMember = "ideogram.router.member";
    public const string RouterServedBy = "ideogram.router.served_by";
    public const string RoutingOutcome = "ideogram.routing.outcome";
    public const string CircuitState = "ideogram.circuit.state";

    /// <summary>The span event of one retry, on the provider request's span.</summary>
    public const string RetryEvent = "ideogram.retry";

    /// <summary>The span event of a job's state change, on the span of the call waiting for it.</summary>
    public const string JobStatusEvent = "ideogram.job.status";

    /// <summary>The span event of one member tried by a router.</summary>
    public const string RoutingAttemptEvent = "ideogram.routing.attempt";

    public const string ClientCategory = "Ideogram.Sdk.IdeogramClient";
    public const string RetryCategory = "Ideogram.Sdk.Retries";
    public const string RouterCategory = "Ideogram.Sdk.IdeogramRouter";

    /// <summary>The package's version (without the source revision).</summary>
    public static readonly string Version =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static readonly ActivitySource Source = new(IdeogramTelemetry.SourceName, Version);

    /// <summary><c>gen_ai.operation.name</c> of each <see cref="SdkCall"/>: the SDK's own call names, as the GenAI conventions recommend for a system whose operations are named differently.</summary>
    public static readonly string[] CallNames = ["generate", "edit", "remix", "reframe", "replace_background", "describe", "upscale", "submit", "poll", "wait", "watch", "download", "cancel"];

    private static readonly string[] SpanNames = [.. CallNames.Select(c => c + " " + Model)];

    private static readonly string[] Providers = [.. Enum.GetValues<IdeogramProvider>().Select(p => p.ToString().ToLowerInvariant())];

    private static readonly string[] Operations = ["generate", "generate_transparent", "edit", "remix", "reframe", "replace_background", "describe", "upscale"];

    private static readonly string[] Purposes = ["submission", "status", "follow_up", "cancel"];

    private static readonly string[] States = ["queued", "running", "succeeded", "failed", "canceled"];

    private static readonly string[] Submissions = ["unknown", "not_sent", "refused", "may_have_run", "accepted"];

    public static string SpanName(SdkCall call) => SpanNames[(int)call];

    public static string CallName(SdkCall call) => CallNames[(int)call];

    /// <summary><c>gen_ai.provider.name</c>: the provider's name in lower case (<c>runflow</c>), as the SDK's Microsoft.Extensions.AI adapter reports it.</summary>
    public static string Name(IdeogramProvider provider) => (int)provider < Providers.Length && (int)provider >= 0 ? Providers[(int)provider] : provider.ToString().ToLowerInvariant();

    public static string Name(ImageOperation operation) => (int)operation < Operations.Length && (int)operation >= 0 ? Operations[(int)operation] : operation.ToString().ToLowerInvariant();

    public static string Name(RequestPurpose purpose) => Purposes[(int)purpose];

    public static string Name(ImageJobState state) => (int)state < States.Length && (int)state >= 0 ? States[(int)state] : state.ToString().ToLowerInvariant();

    public static string Name(SubmissionState state) => (int)state < Submissions.Length && (int)state >= 0 ? Submissions[(int)state] : state.ToString().ToLowerInvariant();

    /// <summary><c>error.type</c>: the exception's full type name.</summary>
    public static string ErrorTypeOf(Exception e) => e.GetType().FullName ?? e.GetType().Name;

    /// <summary>Whether a span is one of the SDK's (events are added to the SDK's spans only, never to a caller's).</summary>
    public static bool IsOurs(Activity? activity) => activity is not null && ReferenceEquals(activity.Source, Source);
}
