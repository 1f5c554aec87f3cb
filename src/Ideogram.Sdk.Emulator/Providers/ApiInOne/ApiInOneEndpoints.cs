using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator.Providers.ApiInOne;

/// <summary>
/// API in One's Ideogram V3 route: <c>POST /api/v1/images/generations</c> creates a task, <c>GET /api/v1/tasks/{task_id}</c>
/// reads it. Auth is <c>Authorization: Bearer &lt;key&gt;</c>. Errors are <c>{"error":{"code","message","type"}}</c>.
/// </summary>
internal sealed class ApiInOneEndpoints : IProviderEndpoints
{
    private static readonly FrozenSet<string> Fields = FrozenSet.Create(
        StringComparer.Ordinal, "model", "prompt", "aspect_ratio", "style", "image", "mask_image", "reference_images");

    /// <summary>Models: the generic id and the three documented sub-models.</summary>
    private static readonly FrozenSet<string> Models = FrozenSet.Create(
        StringComparer.Ordinal, "ideogram-v3", "ideogram-v3-turbo", "ideogram-v3-balanced", "ideogram-v3-quality");

    /// <summary>Styles, in the title case the page documents.</summary>
    private static readonly FrozenSet<string> Styles = FrozenSet.Create(StringComparer.Ordinal, "Auto", "General", "Realistic", "Design");

    /// <summary>
    /// Aspect ratios and the size each yields. The sizes are not documented; they follow Ideogram's own sizes for the
    /// same ratios (an assumption).
    /// </summary>
    private static readonly FrozenDictionary<string, (int Width, int Height)> AspectRatios =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["1:1"] = (1024, 1024),
            ["16:9"] = (1312, 736),
            ["9:16"] = (736, 1312),
            ["4:3"] = (1152, 864),
            ["3:4"] = (864, 1152),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, ApiInOneTask> _tasks = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public EmulatedProvider Provider => EmulatedProvider.ApiInOne;

    /// <inheritdoc/>
    /// <remarks>A generation is a submission of one image; reading a task is the status read.</remarks>
    public ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var profile = (request.Method, segments) switch
        {
            ("POST", ["api", "v1", "images", "generations"]) => RequestProfile.Submission(1),
            ("GET", ["api", "v1", "tasks", _]) => RequestProfile.Of(RequestPhase.Status),
            _ => RequestProfile.Other,
        };
        return ValueTask.FromResult(profile);
    }

    /// <inheritdoc/>
    public void Map(IEndpointRouteBuilder routes, EmulatorContext context)
    {
        routes.MapPost("/api/v1/images/generations", (HttpContext http) => CreateAsync(http, context));
        routes.MapGet("/api/v1/tasks/{taskId}", (HttpContext http) => ReadAsync(http, context));
        routes.Map("/api/v1/{**rest}", (HttpContext http) =>
            WriteErrorAsync(http, StatusCodes.Status404NotFound, "Not found", "not_found"));
    }

    private async Task CreateAsync(HttpContext http, EmulatorContext context)
    {
        if (await RefuseKeyAsync(http, context))
        {
            return;
        }

        try
        {
            if (!EmuHttp.HasMediaType(http, "application/json"))
            {
                throw new RequestValidationException("Content-Type must be application/json");
            }

            var fields = await FieldReader.FromJsonAsync(http);
            fields.RejectUnknown(Fields, context.Options.AllowUnknownFields);
            var model = fields.RequiredString("model");
            if (!Models.Contains(model))
            {
                throw new RequestValidationException($"Unknown model '{model}'");
            }

            var prompt = fields.RequiredString("prompt");
            if (prompt.Length is < 3 or > 5000)
            {
                throw new RequestValidationException("'prompt' must be 3 to 5000 characters");
            }

            var aspect = fields.Enum("aspect_ratio", AspectRatios.Keys.ToFrozenSet(StringComparer.Ordinal)) ?? "1:1";
            fields.Enum("style", Styles);
            var image = fields.String("image");
            var mask = fields.String("mask_image");
            if (image is not null)
            {
                await ImageReference.ResolveAsync(context, "image", image, allowBase64: false, http.RequestAborted);
            }

            if (mask is not null)
            {
                if (image is null)
                {
                    throw new RequestValidationException("'mask_image' requires 'image'");
                }

                await ImageReference.ResolveAsync(context, "mask_image", mask, allowBase64: false, http.RequestAborted);
            }

            foreach (var reference in fields.StringList("reference_images") ?? [])
            {
                if (!Uri.TryCreate(reference, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new RequestValidationException("'reference_images' must be absolute http(s) URLs");
                }

                await ImageReference.ResolveAsync(context, "reference_images", reference, allowBase64: false, http.RequestAborted);
            }

            var taskId = "n" + Ids.NewUrlSafeId().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)[..10].ToLowerInvariant() + "_ideogram";
            var createdAt = context.Time.GetUtcNow();
            _tasks[taskId] = new ApiInOneTask(taskId, prompt, AspectRatios[aspect], createdAt, MagicWords.In(prompt, MagicWords.UnsafePrompt));
            InFlightTicket.HoldUntil(http, createdAt + context.Options.JobStepDelay);
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, ApiInOneTaskBody.Running(taskId));
        }
        catch (RequestValidationException ex)
        {
            await WriteErrorAsync(http, ex.StatusCode, ex.Message, "invalid_request");
        }
    }

    private async Task ReadAsync(HttpContext http, EmulatorContext context)
    {
        if (await RefuseKeyAsync(http, context))
        {
            return;
        }

        var taskId = (string)http.Request.RouteValues["taskId"]!;
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            await WriteErrorAsync(http, StatusCodes.Status404NotFound, "Task not found", "not_found");
            return;
        }

        if (JobClock.Stage(context, task.CreatedAt, stagesBeforeDone: 1) < 1)
        {
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, ApiInOneTaskBody.Running(taskId));
            return;
        }

        if (task.Fails)
        {
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, ApiInOneTaskBody.Failed(taskId, "Prompt rejected by content policy"));
            return;
        }

        var url = task.ImageUrl(() =>
            context.Images.Create(EmulatedProvider.ApiInOne, task.Size.Width, task.Size.Height, Ids.NewSeed(), task.Prompt).Url);
        await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, ApiInOneTaskBody.Completed(taskId, [url]));
    }

    private static async Task<bool> RefuseKeyAsync(HttpContext http, EmulatorContext context)
    {
        var header = EmuHttp.Header(http, "Authorization");
        string? key = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }

        if (context.IsKeyAccepted(key))
        {
            return false;
        }

        await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, key is null ? "Missing API key" : "Invalid API key", "authentication_error");
        return true;
    }

    /// <summary>
    /// The documented error shape <c>{"error":{"code":400,"message":"…","type":"invalid_request"}}</c>. Only the 400
    /// <c>invalid_request</c> example is documented; <c>authentication_error</c> and <c>not_found</c> are assumptions.
    /// </summary>
    private static Task WriteErrorAsync(HttpContext http, int status, string message, string type) =>
        EmuHttp.WriteJsonAsync(http, status, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["type"] = type },
        });

    private sealed class ApiInOneTask(string id, string prompt, (int Width, int Height) size, DateTimeOffset createdAt, bool fails)
    {
        private readonly Lock _gate = new();
        private Uri? _url;

        public string Id { get; } = id;

        public string Prompt { get; } = prompt;

        public (int Width, int Height) Size { get; } = size;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public bool Fails { get; } = fails;

        public Uri ImageUrl(Func<Uri> create)
        {
            lock (_gate)
            {
                return _url ??= create();
            }
        }
    }
}
