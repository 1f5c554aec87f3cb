using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ideogram.Sdk.Emulator.Providers.Runware;

/// <summary>
/// Runware's REST API: <c>POST /v1</c> with a JSON array of tasks (<c>authentication</c>, <c>imageInference</c> for the
/// five Ideogram 3.0 models, <c>imageUpload</c>, <c>getResponse</c>), answered with <c>{"data":[...]}</c> and/or
/// <c>{"errors":[...]}</c>. Uploaded images are served at <c>GET /image/ws/0.5/ii/{uuid}.{ext}</c>.
/// </summary>
internal sealed class RunwareEndpoints : IProviderEndpoints
{
    private const string UploadPath = "/image/ws/0.5/ii/";
    private readonly ConcurrentDictionary<string, RunwareTask> _tasks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Guid, RunwareImage> _images = new();
    private EmulatorContext _context = null!;
    private RunwareWebhooks _webhooks = null!;

    /// <summary>Creates the endpoints; state lives until the emulator stops.</summary>
    public RunwareEndpoints()
    {
    }

    /// <inheritdoc />
    public EmulatedProvider Provider => EmulatedProvider.Runware;

    /// <inheritdoc />
    /// <remarks>
    /// Every call is <c>POST /v1</c>, so the tasks decide: any <c>imageInference</c> makes a submission (its images are
    /// the sum of <c>numberResults</c>, default 1 each), else any <c>getResponse</c> a follow-up, else any
    /// <c>imageUpload</c> an upload.
    /// </remarks>
    public ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method) || path != "/v1")
            return ValueTask.FromResult(RequestProfile.Other);

        var types = new HashSet<string>(StringComparer.Ordinal);
        var images = 0;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var task in document.RootElement.EnumerateArray())
                {
                    if (task.ValueKind != JsonValueKind.Object || !task.TryGetProperty("taskType", out var type) || type.ValueKind != JsonValueKind.String)
                        continue;
                    types.Add(type.GetString()!);
                    if (type.GetString() == "imageInference")
                        images += task.TryGetProperty("numberResults", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) ? count : 1;
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable tasks: the route refuses the body; nothing here says what it was for.
        }

        var profile = types.Contains("imageInference") ? RequestProfile.Submission(images)
            : types.Contains("getResponse") ? RequestProfile.Of(RequestPhase.FollowUp)
            : types.Contains("imageUpload") ? RequestProfile.Of(RequestPhase.Upload)
            : RequestProfile.Other;
        return ValueTask.FromResult(profile);
    }

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder routes, EmulatorContext context)
    {
        _context = context;
        var stopping = routes.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _webhooks = new RunwareWebhooks(context, WebhookBodies, stopping);
        routes.MapPost("/v1", HandleAsync);
        routes.MapGet(UploadPath + "{file}", ServeUploadAsync);
    }

    private static Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private static Task WriteErrorsAsync(HttpContext http, RunwareError error) =>
        WriteAsync(http, RunwareErrors.Status(error.Code), new JsonObject { ["errors"] = new JsonArray(error.ToJson()) });

    private async Task HandleAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorsAsync(http, new(RunwareErrors.InvalidRequestBody, "Content-Type must be application/json.", null, null, null));
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteErrorsAsync(http, new(RunwareErrors.InvalidRequestBody, "The request body is not valid JSON.", null, null, null));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                await WriteErrorsAsync(http, new(RunwareErrors.InvalidRequestBody, "The request body must be a non-empty JSON array of tasks.", null, null, null));
                return;
            }

            var tasks = root.EnumerateArray().ToList();
            var (key, authError) = Authenticate(http, tasks[0]);
            if (authError is not null)
            {
                await WriteErrorsAsync(http, authError);
                return;
            }

            var data = new JsonArray();
            var errors = new List<RunwareError>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var first = IsAuthentication(tasks[0]) ? 1 : 0;
            for (var i = first; i < tasks.Count; i++)
                Process(tasks[i], key!, seen, data, errors);

            // An accepted async task is acknowledged with exactly {taskType, taskUUID}; its images stay in flight for one step.
            if (data.OfType<JsonObject>().Any(item => item.Count == 2 && (string?)item["taskType"] == "imageInference"))
                InFlightTicket.HoldUntil(http, _context.Time.GetUtcNow() + _context.Options.JobStepDelay);

            var body = new JsonObject();
            if (data.Count > 0 || errors.Count == 0)
                body["data"] = data;
            if (errors.Count > 0)
                body["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e.ToJson())]);

            // A request whose every task failed answers with the first error's status; mixed outcomes answer 200
            // (unconfirmed: the docs do not give the status of a mixed response).
            var status = errors.Count > 0 && data.Count == 0 ? RunwareErrors.Status(errors[0].Code) : StatusCodes.Status200OK;
            await WriteAsync(http, status, body);
        }
    }

    private static bool IsAuthentication(JsonElement task) =>
        task.ValueKind == JsonValueKind.Object
        && task.TryGetProperty("taskType", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString() == "authentication";

    /// <summary>The key from a leading <c>authentication</c> task, else from <c>Authorization: Bearer</c>.</summary>
    private (string? Key, RunwareError? Error) Authenticate(HttpContext http, JsonElement first)
    {
        string? key = null;
        if (IsAuthentication(first))
        {
            foreach (var property in first.EnumerateObject())
            {
                if (property.Name is "taskType" or "connectionSessionUUID")
                    continue;
                if (property.Name == "apiKey" && property.Value.ValueKind == JsonValueKind.String)
                    key = property.Value.GetString();
                else if (property.Name != "apiKey" && !_context.Options.AllowUnknownFields)
                    return (null, new(RunwareErrors.UnsupportedParameter, $"Parameter '{property.Name}' is not supported by the authentication task.", property.Name, "authentication", null));
            }
        }
        else
        {
            var header = http.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                key = header[7..].Trim();
        }

        return _context.IsKeyAccepted(key)
            ? (key, null)
            : (null, new(RunwareErrors.InvalidApiKey, "Invalid API key. Get one at https://my.runware.ai/signup", "apiKey", "authentication", null));
    }

    private void Process(JsonElement task, string key, HashSet<string> seen, JsonArray data, List<RunwareError> errors)
    {
        if (task.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(RunwareErrors.InvalidRequestBody, "Each task must be a JSON object.", null, null, null));
            return;
        }

        var type = task.TryGetProperty("taskType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        var uuid = task.TryGetProperty("taskUUID", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        switch (type)
        {
            case "imageInference":
                Infer(task, key, seen, data, errors);
                break;
            case "imageUpload":
                Upload(task, seen, data, errors);
                break;
            case "getResponse":
                GetResponse(task, key, data, errors);
                break;
            case "authentication":
                errors.Add(new(RunwareErrors.UnsupportedTaskType, "The authentication task must be the first element of the request.", "taskType", type, uuid));
                break;
            case null:
                errors.Add(new(RunwareErrors.MissingParameter, "Missing required parameter 'taskType'.", "taskType", null, uuid));
                break;
            default:
                errors.Add(new(RunwareErrors.UnsupportedTaskType, $"Task type '{type}' is not supported by the emulator.", "taskType", type, uuid));
                break;
        }
    }

    private bool KnownImage(Guid id) => _images.ContainsKey(id);

    private void Infer(JsonElement task, string key, HashSet<string> seen, JsonArray data, List<RunwareError> errors)
    {
        var (plan, error) = RunwareInference.Validate(task, _context.Options.AllowUnknownFields, KnownImage);
        if (plan is null)
        {
            errors.Add(error!);
            return;
        }

        if (!seen.Add(plan.TaskUUID) || _tasks.ContainsKey(plan.TaskUUID))
        {
            errors.Add(new(RunwareErrors.DuplicateTaskUUID, "taskUUID must be unique per task.", "taskUUID", "imageInference", plan.TaskUUID));
            return;
        }

        if (plan.Prompt.Contains(RunwareCatalog.MagicNoCredit, StringComparison.Ordinal))
        {
            errors.Add(new(RunwareErrors.InsufficientCredits, "Insufficient credits to run this task. Top up at https://my.runware.ai.", null, "imageInference", plan.TaskUUID));
            return;
        }

        var stored = new RunwareTask(plan, key, _context.Time.GetUtcNow(),
            plan.Prompt.Contains(RunwareCatalog.MagicFail, StringComparison.Ordinal) || plan.Prompt.Contains(RunwareCatalog.MagicEchoKey, StringComparison.Ordinal));
        _tasks[plan.TaskUUID] = stored;
        if (plan.WebhookUrl is not null)
            _webhooks.Track(stored);
        if (plan.Async)
        {
            data.Add(new JsonObject { ["taskType"] = "imageInference", ["taskUUID"] = plan.TaskUUID });
            return;
        }

        if (stored.Fails)
        {
            errors.Add(stored.FailureError(withStatus: false));
            return;
        }

        foreach (var item in Results(stored))
            data.Add(item);
    }

    /// <summary>What a finished task's webhook receives: each result item on its own (the flat task object), or its error.</summary>
    private List<JsonObject> WebhookBodies(RunwareTask task) =>
        task.Fails ? [task.FailureError(withStatus: true).ToJson()] : Results(task);

    /// <summary>The result items of a task, rendered (and the images stored) once.</summary>
    private List<JsonObject> Results(RunwareTask task)
    {
        lock (task)
        {
            if (task.Results is null)
            {
                var plan = task.Plan;
                var baseSeed = plan.Seed ?? (BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(plan.TaskUUID)), 0) & int.MaxValue) + 1;
                var extension = plan.OutputFormat.ToLowerInvariant();
                var nsfw = plan.Prompt.Contains(RunwareCatalog.MagicNsfw, StringComparison.Ordinal);
                task.Results = [];
                for (var i = 0; i < plan.Count; i++)
                {
                    var seed = baseSeed + i;
                    var image = _context.Images.Create(EmulatedProvider.Runware, plan.Width, plan.Height, seed, plan.Prompt.Length > 0 ? plan.Prompt : plan.Model.Name, extension);
                    var imageUuid = Guid.NewGuid();
                    _images[imageUuid] = new RunwareImage(image.Bytes, "png", image.Url.AbsoluteUri);
                    var item = new JsonObject
                    {
                        ["taskType"] = "imageInference",
                        ["taskUUID"] = plan.TaskUUID,
                        ["imageUUID"] = imageUuid.ToString(),
                    };
                    switch (plan.OutputType)
                    {
                        case "base64Data":
                            item["imageBase64Data"] = Convert.ToBase64String(image.Bytes);
                            break;
                        case "dataURI":
                            item["imageDataURI"] = "data:image/png;base64," + Convert.ToBase64String(image.Bytes);
                            break;
                        default:
                            item["imageURL"] = image.Url.AbsoluteUri;
                            break;
                    }

                    item["seed"] = seed;
                    if (plan.SafetyCheck)
                        item["NSFWContent"] = nsfw;
                    if (plan.IncludeCost)
                        item["cost"] = RunwareCatalog.Price(plan.RenderingSpeed);
                    task.Results.Add(item);
                }
            }

            return [.. task.Results.Select(r => (JsonObject)r.DeepClone())];
        }
    }

    private void GetResponse(JsonElement task, string key, JsonArray data, List<RunwareError> errors)
    {
        var uuid = task.TryGetProperty("taskUUID", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        foreach (var property in task.EnumerateObject())
        {
            if (property.Name is not ("taskType" or "taskUUID") && !_context.Options.AllowUnknownFields)
            {
                errors.Add(new(RunwareErrors.UnsupportedParameter, $"Parameter '{property.Name}' is not supported by getResponse.", property.Name, "getResponse", uuid));
                return;
            }
        }

        if (uuid is null)
        {
            errors.Add(new(RunwareErrors.MissingParameter, "Missing required parameter 'taskUUID'.", "taskUUID", "getResponse", null));
            return;
        }

        if (!_tasks.TryGetValue(uuid, out var stored) || stored.OwnerKey != key)
        {
            errors.Add(new(RunwareErrors.TaskNotFound, "No task with this taskUUID was found.", "taskUUID", "getResponse", uuid));
            return;
        }

        // One processing step of JobStepDelay, then done. Items keep the original task type.
        if (_context.Time.GetUtcNow() - stored.CreatedAt < _context.Options.JobStepDelay)
        {
            for (var i = 0; i < stored.Plan.Count; i++)
                data.Add(new JsonObject { ["taskType"] = "imageInference", ["taskUUID"] = uuid, ["status"] = "processing" });
            return;
        }

        if (stored.Fails)
        {
            errors.Add(stored.FailureError(withStatus: true));
            return;
        }

        foreach (var item in Results(stored))
        {
            item["status"] = "success";
            data.Add(item);
        }
    }

    private void Upload(JsonElement task, HashSet<string> seen, JsonArray data, List<RunwareError> errors)
    {
        var uuid = task.TryGetProperty("taskUUID", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        RunwareError Fail(string code, string message, string parameter) => new(code, message, parameter, "imageUpload", uuid);
        foreach (var property in task.EnumerateObject())
        {
            if (property.Name is not ("taskType" or "taskUUID" or "image") && !_context.Options.AllowUnknownFields)
            {
                errors.Add(Fail(RunwareErrors.UnsupportedParameter, $"Parameter '{property.Name}' is not supported by imageUpload.", property.Name));
                return;
            }
        }

        if (uuid is null || !RunwareInference.IsUuidV4(uuid))
        {
            errors.Add(Fail(uuid is null ? RunwareErrors.MissingParameter : RunwareErrors.InvalidParameter, "taskUUID must be a UUID v4.", "taskUUID"));
            return;
        }

        if (!seen.Add(uuid))
        {
            errors.Add(Fail(RunwareErrors.DuplicateTaskUUID, "taskUUID must be unique per task.", "taskUUID"));
            return;
        }

        if (!task.TryGetProperty("image", out var imageElement) || imageElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(Fail(RunwareErrors.MissingParameter, "Missing required parameter 'image' (URL, data URI or base64).", "image"));
            return;
        }

        var image = imageElement.GetString()!;
        var imageUuid = Guid.NewGuid();
        string url;
        if (RunwareImages.IsHttpUrl(image))
        {
            // The emulator never fetches: a URL upload is registered as is and its URL echoed.
            url = image;
            _images[imageUuid] = new RunwareImage(null, null, url);
        }
        else if (RunwareImages.DecodeInline(image) is { } inline)
        {
            url = new Uri(_context.BaseAddress(EmulatedProvider.Runware), UploadPath.TrimStart('/') + imageUuid + "." + inline.Extension).AbsoluteUri;
            _images[imageUuid] = new RunwareImage(inline.Bytes, inline.Extension, url);
        }
        else
        {
            errors.Add(Fail(RunwareErrors.InvalidParameter, "image must be an http(s) URL, a data URI or base64 of a PNG, JPEG or WEBP image.", "image"));
            return;
        }

        data.Add(new JsonObject
        {
            ["taskType"] = "imageUpload",
            ["taskUUID"] = uuid,
            ["imageUUID"] = imageUuid.ToString(),
            ["imageURL"] = url,
        });
    }

    private async Task ServeUploadAsync(HttpContext http)
    {
        var file = (string)http.Request.RouteValues["file"]!;
        var dot = file.LastIndexOf('.');
        if (dot < 0 || !Guid.TryParseExact(file[..dot], "D", out var id) || !_images.TryGetValue(id, out var image)
            || image.Bytes is null || image.Extension != file[(dot + 1)..])
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = image.Extension switch { "jpg" => "image/jpeg", "webp" => "image/webp", _ => "image/png" };
        await http.Response.Body.WriteAsync(image.Bytes, http.RequestAborted);
    }
}

/// <summary>An image a task can refer to by UUID: uploaded bytes, an uploaded URL, or a generated result.</summary>
/// <param name="Bytes">The bytes, when the emulator holds them.</param>
/// <param name="Extension">File extension of <paramref name="Bytes"/>.</param>
/// <param name="Url">Where the image is.</param>
internal sealed record RunwareImage(byte[]? Bytes, string? Extension, string Url);

/// <summary>A submitted <c>imageInference</c> task, kept for <c>getResponse</c>.</summary>
internal sealed class RunwareTask(RunwareInferencePlan plan, string ownerKey, DateTimeOffset createdAt, bool fails)
{
    public RunwareInferencePlan Plan { get; } = plan;

    public string OwnerKey { get; } = ownerKey;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Whether the prompt scripted a failure (<see cref="RunwareCatalog.MagicFail"/>).</summary>
    public bool Fails { get; } = fails;

    public List<JsonObject>? Results { get; set; }

    /// <summary>Where the task's results are POSTed, if anywhere.</summary>
    public string? WebhookUrl => Plan.WebhookUrl;

    public RunwareError FailureError(bool withStatus) =>
        new(RunwareErrors.InferenceError,
            Plan.Prompt.Contains(RunwareCatalog.MagicEchoKey, StringComparison.Ordinal)
                ? $"The provider refused the request made with API key {OwnerKey}."
                : "The provider failed to generate the image.",
            null, "imageInference", Plan.TaskUUID) { WithStatus = withStatus };
}
