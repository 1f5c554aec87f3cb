using System.Globalization;
using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>The <c>status_code</c> values the emulator moves a run through.</summary>
internal enum RunflowStatus
{
    /// <summary><c>queued</c>: accepted, waiting for compute (the create response always says this).</summary>
    Queued,

    /// <summary><c>dispatching</c>: being submitted to the execution provider.</summary>
    Dispatching,

    /// <summary><c>running</c>: executing.</summary>
    Running,

    /// <summary><c>succeeded</c>: terminal, outputs ready.</summary>
    Succeeded,

    /// <summary><c>failed</c>: terminal, see <c>failure_*</c>.</summary>
    Failed,
}

/// <summary>
/// One run. Its state is not stored but computed from the clock: each of queued, dispatching and running lasts one
/// <see cref="EmulatorOptions.JobStepDelay"/>, then the run is terminal. With a zero step the run is terminal on the
/// first read after creation.
/// </summary>
internal sealed class RunflowRun
{
    private readonly Lock _gate = new();
    private JsonObject? _output;

    public RunflowRun(
        string id, long sequence, string ownerKey, DateTimeOffset createdAt, TimeSpan step, JsonNode input,
        RunflowInputPlan plan, long seed, string? callbackUrl, JsonNode? metadata, string? clientRef)
    {
        Id = id;
        Sequence = sequence;
        OwnerKey = ownerKey;
        CreatedAt = createdAt;
        Step = step < TimeSpan.Zero ? TimeSpan.Zero : step;
        Input = input;
        Plan = plan;
        Seed = seed;
        CallbackUrl = callbackUrl;
        Metadata = metadata;
        ClientRef = clientRef;
        Fails = plan.Prompt.Contains(RunflowCatalog.MagicFail, StringComparison.Ordinal);
        Nsfw = plan.Prompt.Contains(RunflowCatalog.MagicNsfw, StringComparison.Ordinal);
        RequestId = Guid.NewGuid().ToString();
    }

    public string Id { get; }

    /// <summary>Creation order, the tie-breaker for sorting and the position a list cursor points at.</summary>
    public long Sequence { get; }

    /// <summary>The API key that created the run; other keys see 404, as for another organization's run.</summary>
    public string OwnerKey { get; }

    public DateTimeOffset CreatedAt { get; }

    public TimeSpan Step { get; }

    public JsonNode Input { get; }

    public RunflowInputPlan Plan { get; }

    /// <summary>The seed of the first image; image <c>i</c> uses <c>Seed + i</c>.</summary>
    public long Seed { get; }

    public string? CallbackUrl { get; }

    public JsonNode? Metadata { get; }

    public string? ClientRef { get; }

    public string RequestId { get; }

    /// <summary>Whether the prompt scripted a failure (<see cref="RunflowCatalog.MagicFail"/>).</summary>
    public bool Fails { get; }

    public bool Nsfw { get; }

    public DateTimeOffset StartedAt => CreatedAt + 2 * Step;

    public DateTimeOffset CompletedAt => CreatedAt + 3 * Step;

    public RunflowStatus StatusAt(DateTimeOffset now)
    {
        var steps = Step == TimeSpan.Zero ? 3 : (long)Math.Floor((now - CreatedAt) / Step);
        return steps switch
        {
            <= 0 => RunflowStatus.Queued,
            1 => RunflowStatus.Dispatching,
            2 => RunflowStatus.Running,
            _ => Fails ? RunflowStatus.Failed : RunflowStatus.Succeeded,
        };
    }

    public static bool IsTerminal(RunflowStatus status) => status is RunflowStatus.Succeeded or RunflowStatus.Failed;

    public static string StatusCode(RunflowStatus status) => status switch
    {
        RunflowStatus.Queued => "queued",
        RunflowStatus.Dispatching => "dispatching",
        RunflowStatus.Running => "running",
        RunflowStatus.Succeeded => "succeeded",
        RunflowStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// The normalized output of a succeeded run, rendered (and its images stored) on first use:
    /// <c>{"outputs":[{"url","type":"image","width","height","content_type"}],"seed","nsfw_detected","timing":{"inference_ms"}}</c>.
    /// A copy is returned each time.
    /// </summary>
    public JsonObject Output(ImageStore images)
    {
        lock (_gate)
        {
            if (_output is null)
            {
                var outputs = new JsonArray();
                for (var i = 0; i < Plan.Count; i++)
                {
                    var image = images.Create(EmulatedProvider.Runflow, Plan.Width, Plan.Height, Seed + i, Plan.Prompt);
                    var url = Plan.SyncMode
                        ? "data:image/png;base64," + Convert.ToBase64String(image.Bytes)
                        : image.Url.AbsoluteUri;
                    outputs.Add(new JsonObject
                    {
                        ["url"] = url,
                        ["type"] = "image",
                        ["width"] = Plan.Width,
                        ["height"] = Plan.Height,
                        ["content_type"] = "image/png",
                    });
                }

                _output = new JsonObject
                {
                    ["outputs"] = outputs,
                    ["seed"] = Seed,
                    ["nsfw_detected"] = Nsfw,
                    ["timing"] = new JsonObject { ["inference_ms"] = (long)Step.TotalMilliseconds },
                };
            }

            return (JsonObject)_output.DeepClone();
        }
    }

    /// <summary>The run object served by create, get and list.</summary>
    public JsonObject ToJson(RunflowStatus status, ImageStore images, Guid orgId)
    {
        var terminal = IsTerminal(status);
        var started = status >= RunflowStatus.Running;
        return new JsonObject
        {
            ["id"] = Id,
            ["status_code"] = StatusCode(status),
            ["target_type"] = "model",
            ["target_version"] = "v3",
            ["model_id"] = RunflowCatalog.ModelId.ToString(),
            ["flow_id"] = null,
            ["comfyui_workflow_id"] = null,
            ["flow_version_id"] = null,
            ["resolved_template_id"] = null,
            ["batch_id"] = null,
            ["org_id"] = orgId.ToString(),
            ["created_by"] = orgId.ToString(),
            ["source_code"] = "api",
            ["input"] = Input.DeepClone(),
            ["output"] = status == RunflowStatus.Succeeded ? Output(images) : null,
            ["context"] = new JsonObject(),
            ["duration_ms"] = terminal ? (long)(CompletedAt - CreatedAt).TotalMilliseconds : null,
            ["cost"] = status == RunflowStatus.Succeeded ? (RunflowCatalog.PricePerImage * Plan.Count).ToString("0.00##", CultureInfo.InvariantCulture) : null,
            ["cost_breakdown"] = null,
            ["nodes_total"] = 1,
            ["nodes_completed"] = terminal ? 1 : 0,
            ["client_ref"] = ClientRef,
            ["request_id"] = RequestId,
            ["created_at"] = ApiTime(CreatedAt),
            ["started_at"] = started ? ApiTime(StartedAt) : null,
            ["completed_at"] = terminal ? ApiTime(CompletedAt) : null,
            ["callback_url"] = CallbackUrl,
            ["metadata"] = Metadata?.DeepClone(),
            ["has_logs"] = false,
            ["has_node_runs"] = false,
            ["links"] = new JsonObject { ["self"] = "/v1/runs/" + Id },
            ["failure_code"] = status == RunflowStatus.Failed ? RunflowCatalog.FailureCode : null,
            ["failure_message"] = status == RunflowStatus.Failed ? RunflowCatalog.FailureMessage : null,
            ["failure_stage_code"] = status == RunflowStatus.Failed ? RunflowCatalog.FailureStage : null,
        };
    }

    /// <summary>
    /// The callback body for a terminal run. Timestamps use a <c>+00:00</c> offset (not <c>Z</c>), as Runflow's callbacks do.
    /// Unconfirmed choice: <c>output</c> is <see langword="null"/> for a failed run, as the model page says (the callbacks
    /// page says an error envelope).
    /// </summary>
    public JsonObject CallbackPayload(RunflowStatus status, ImageStore images) => new()
    {
        ["event"] = status == RunflowStatus.Succeeded ? "run.completed" : "run.failed",
        ["run_id"] = Id,
        ["status"] = StatusCode(status),
        ["output"] = status == RunflowStatus.Succeeded ? Output(images) : null,
        ["duration_ms"] = (long)(CompletedAt - CreatedAt).TotalMilliseconds,
        ["created_at"] = CallbackTime(CreatedAt),
        ["completed_at"] = CallbackTime(CompletedAt),
        ["metadata"] = Metadata?.DeepClone(),
    };

    /// <summary>API timestamps: ISO 8601 UTC with milliseconds and <c>Z</c>.</summary>
    public static string ApiTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Callback timestamps: ISO 8601 with a <c>+00:00</c> offset.</summary>
    public static string CallbackTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture);
}
