using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.Emulator.Hosting;
using Ideogram.Sdk.Emulator.Imaging;
using Ideogram.Sdk.Emulator.Providers.Ideogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator.Providers.Segmind;

/// <summary>
/// Segmind's Ideogram 3.0 models: synchronous <c>POST /v1/{slug}</c>, asynchronous <c>POST /v2/{slug}</c> with
/// <c>GET /v2/requests/{id}/status</c>, <c>GET /v2/requests/{id}</c> (and the v1-compatible <c>GET /v1/requests/{id}</c>),
/// and <c>GET /v1/get-user-credits</c>. Auth is the <c>x-api-key</c> header; bodies are flat JSON; errors are
/// <c>{"error": "..."}</c>.
/// </summary>
internal sealed partial class SegmindEndpoints : IProviderEndpoints
{
    /// <summary>Job status and results are kept this long after submission, then the request id is unknown (404).</summary>
    private static readonly TimeSpan JobRetention = TimeSpan.FromHours(1);

    private static readonly FrozenSet<string> RenderingSpeeds = FrozenSet.Create(StringComparer.Ordinal, "TURBO", "DEFAULT", "QUALITY");
    private static readonly FrozenSet<string> StyleTypes = FrozenSet.Create(StringComparer.Ordinal, "AUTO", "GENERAL", "REALISTIC", "DESIGN");

    private static readonly FrozenDictionary<string, FrozenSet<string>> SlugFields = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        ["ideogram-3"] = Set("prompt", "aspect_ratio", "color_palette", "magic_prompt", "negative_prompt", "rendering_speed",
            "resolution", "seed", "style_codes", "style_type"),
        ["ideogram-3-remix"] = Set("image", "prompt", "aspect_ratio", "color_palette", "image_weight", "magic_prompt",
            "negative_prompt", "rendering_speed", "resolution", "seed", "style_codes", "style_type", "style_reference_images"),
        ["ideogram-3-reframe"] = Set("image", "color_palette", "rendering_speed", "resolution", "seed", "style_codes",
            "style_reference_images"),
        ["ideogram-3-replace-background"] = Set("image", "prompt", "color_palette", "rendering_speed", "magic_prompt",
            "style_codes", "style_reference_images"),
        ["ideogram-describe"] = Set("image_file"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, SegmindJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _creditsGate = new();
    private decimal _credits = 100.00m;

    /// <inheritdoc/>
    public EmulatedProvider Provider => EmulatedProvider.Segmind;

    /// <inheritdoc/>
    /// <remarks>
    /// <c>POST /v1|v2/{slug}</c> is a submission of one image (describe: none); <c>GET /v2/requests/{id}/status</c> the
    /// status read; <c>GET /v2/requests/{id}</c> and <c>GET /v1/requests/{id}</c> the follow-up that collects the result.
    /// </remarks>
    public ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var profile = (request.Method, segments) switch
        {
            ("POST", ["v1" or "v2", var slug]) => RequestProfile.Submission(slug == "ideogram-describe" ? 0 : 1),
            ("GET", ["v2", "requests", _, "status"]) => RequestProfile.Of(RequestPhase.Status),
            ("GET", ["v1" or "v2", "requests", _]) => RequestProfile.Of(RequestPhase.FollowUp),
            _ => RequestProfile.Other,
        };
        return ValueTask.FromResult(profile);
    }

    /// <inheritdoc/>
    public void Map(IEndpointRouteBuilder routes, EmulatorContext context)
    {
        routes.MapGet("/v1/get-user-credits", async (HttpContext http) =>
        {
            if (await RefuseKeyAsync(http, context))
            {
                return;
            }

            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["credits"] = (double)RemainingCredits(),
                ["free-credits"] = 0.0,
            });
        });
        routes.MapPost("/v1/{slug}", (HttpContext http) => SyncAsync(http, context));
        routes.MapPost("/v2/{slug}", (HttpContext http) => SubmitAsync(http, context));
        routes.MapGet("/v2/requests/{id}/status", (HttpContext http) => PollAsync(http, context, withOutput: false));
        routes.MapGet("/v2/requests/{id}", (HttpContext http) => PollAsync(http, context, withOutput: true));
        routes.MapGet("/v1/requests/{id}", (HttpContext http) => PollAsync(http, context, withOutput: true));
    }

    private async Task SyncAsync(HttpContext http, EmulatorContext context)
    {
        if (await RefuseKeyAsync(http, context))
        {
            return;
        }

        try
        {
            var request = await ReadAsync(http, context);
            if (MagicWords.In(request.Prompt, MagicWords.UnsafePrompt))
            {
                throw new RequestValidationException("Prompt failed the content policy check (content_policy_violation).");
            }

            SetCreditsHeader(http, Spend());
            var output = Produce(request, context);
            if (context.Options.SegmindRawImageResponse && output.Image is { } image)
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "image/png";
                http.Response.ContentLength = image.Bytes.Length;
                await http.Response.Body.WriteAsync(image.Bytes);
                return;
            }

            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, SegmindResponses.V1Result(output.Value, InferenceSeconds(context)));
        }
        catch (RequestValidationException ex)
        {
            await EmuHttp.WriteJsonErrorAsync(http, ex.StatusCode, ex.Message);
        }
    }

    private async Task SubmitAsync(HttpContext http, EmulatorContext context)
    {
        if (await RefuseKeyAsync(http, context))
        {
            return;
        }

        try
        {
            var request = await ReadAsync(http, context);
            var id = Guid.NewGuid().ToString("D");
            var submittedAt = context.Time.GetUtcNow();
            _jobs[id] = new SegmindJob(id, request, submittedAt, MagicWords.In(request.Prompt, MagicWords.UnsafePrompt));
            InFlightTicket.HoldUntil(http, submittedAt + 2 * context.Options.JobStepDelay);
            SetCreditsHeader(http, Spend());
            var urls = Urls(context, id);
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["request_id"] = id,
                ["status"] = "QUEUED",
                ["poll_url"] = urls.Poll,
                ["status_url"] = urls.Status,
                ["response_url"] = urls.Response,
            });
        }
        catch (RequestValidationException ex)
        {
            await EmuHttp.WriteJsonErrorAsync(http, ex.StatusCode, ex.Message);
        }
    }

    private async Task PollAsync(HttpContext http, EmulatorContext context, bool withOutput)
    {
        if (await RefuseKeyAsync(http, context))
        {
            return;
        }

        var id = (string)http.Request.RouteValues["id"]!;
        if (!_jobs.TryGetValue(id, out var job) || context.Time.GetUtcNow() - job.SubmittedAt >= JobRetention)
        {
            _jobs.TryRemove(id, out _);
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status404NotFound, "Request not found.");
            return;
        }

        var urls = Urls(context, id);
        var stage = JobClock.Stage(context, job.SubmittedAt, stagesBeforeDone: 2);
        if (stage < 2)
        {
            var waiting = new JsonObject
            {
                ["status"] = stage == 0 ? "QUEUED" : "PROCESSING",
                ["request_id"] = id,
                ["status_url"] = urls.Status,
                ["response_url"] = urls.Response,
                ["metrics"] = new JsonObject(),
            };
            if (withOutput)
            {
                waiting["output"] = null;
            }

            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, waiting);
            return;
        }

        if (job.Fails)
        {
            // Segmind answers a FAILED job with HTTP 422 while still sending the status body.
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status422UnprocessableEntity, new JsonObject
            {
                ["status"] = "FAILED",
                ["error"] = "content_policy_violation",
                ["metrics"] = new JsonObject { ["inference_time"] = 0.008 },
                ["request_id"] = id,
            });
            return;
        }

        var metrics = new JsonObject { ["inference_time"] = InferenceSeconds(context) };
        if (!withOutput)
        {
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["status"] = "COMPLETED",
                ["request_id"] = id,
                ["metrics"] = metrics,
            });
            return;
        }

        var output = job.Output(() => Produce(job.Request, context).Value);
        await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
        {
            ["status"] = "COMPLETED",
            ["error"] = null,
            ["metrics"] = metrics,
            ["output"] = output,
        });
    }

    private static async Task<SegmindRequest> ReadAsync(HttpContext http, EmulatorContext context)
    {
        var slug = (string)http.Request.RouteValues["slug"]!;
        if (!SlugFields.TryGetValue(slug, out var allowed))
        {
            throw new RequestValidationException($"Model '{slug}' not found.", StatusCodes.Status404NotFound);
        }

        if (!EmuHttp.HasMediaType(http, "application/json"))
        {
            throw new RequestValidationException("The request body must be JSON (Content-Type: application/json).");
        }

        var fields = await FieldReader.FromJsonAsync(http);
        fields.RejectUnknown(allowed, context.Options.AllowUnknownFields);
        if (slug == "ideogram-describe")
        {
            var file = await ImageReference.ResolveAsync(context, "image_file", fields.RequiredString("image_file"), allowBase64: true, http.RequestAborted);
            return new SegmindRequest(slug, null, SizeOf(file), null, Describe: true);
        }

        byte[]? image = null;
        if (allowed.Contains("image"))
        {
            image = await ImageReference.ResolveAsync(context, "image", fields.RequiredString("image"), allowBase64: true, http.RequestAborted);
        }

        var prompt = allowed.Contains("prompt") ? fields.RequiredString("prompt") : null;
        var resolution = allowed.Contains("resolution") ? fields.Enum("resolution", IdeogramCatalog.Resolutions) : null;
        var aspect = allowed.Contains("aspect_ratio") ? fields.Enum("aspect_ratio", IdeogramCatalog.AspectRatioNames) : null;
        if (resolution is not null && aspect is not null)
        {
            throw new RequestValidationException("'resolution' cannot be used in conjunction with 'aspect_ratio'.");
        }

        var seed = fields.Integer("seed", 100, 999999);
        fields.Integer("image_weight", 1, 100);
        fields.Enum("rendering_speed", RenderingSpeeds);
        fields.Enum("magic_prompt", IdeogramCatalog.MagicPromptOptions);
        var styleType = fields.Enum("style_type", StyleTypes);
        fields.String("negative_prompt");
        ValidatePalette(fields.Object("color_palette"), context.Options.AllowUnknownFields);

        var references = fields.StringList("style_reference_images") ?? [];
        foreach (var reference in references)
        {
            await ImageReference.ResolveAsync(context, "style_reference_images", reference, allowBase64: true, http.RequestAborted);
        }

        var codes = fields.StringList("style_codes") ?? [];
        if (codes.FirstOrDefault(code => !StyleCode().IsMatch(code)) is { } badCode)
        {
            throw new RequestValidationException($"Each style code must be 8 hexadecimal characters; got '{badCode}'.");
        }

        if (codes.Count > 0 && (styleType is not null || references.Count > 0))
        {
            throw new RequestValidationException("'style_codes' cannot be used with 'style_type' or 'style_reference_images'.");
        }

        if (MagicWords.In(prompt, MagicWords.NoCredits))
        {
            throw new RequestValidationException("Not enough credits to process request.", StatusCodes.Status406NotAcceptable);
        }

        var size = resolution is not null ? IdeogramCatalog.ParseResolution(resolution)
            : aspect is not null ? IdeogramCatalog.AspectRatios[aspect]
            : slug == "ideogram-3-replace-background" ? SizeOf(image)
            : (1024, 1024);
        return new SegmindRequest(slug, prompt, size, seed, Describe: false);
    }

    private static void ValidatePalette(JsonElement? palette, bool allowUnknown)
    {
        if (palette is not { } json)
        {
            return;
        }

        var hasName = json.TryGetProperty("name", out var name);
        var hasMembers = json.TryGetProperty("members", out var members);
        foreach (var property in json.EnumerateObject())
        {
            if (!allowUnknown && property.Name is not ("name" or "members"))
            {
                throw new RequestValidationException($"Unknown field 'color_palette.{property.Name}'.");
            }
        }

        if (hasName == hasMembers)
        {
            throw new RequestValidationException("'color_palette' must have either 'name' or 'members'.");
        }

        if (hasName && (name.ValueKind != JsonValueKind.String || !IdeogramCatalog.PalettePresets.Contains(name.GetString()!)))
        {
            throw new RequestValidationException("'color_palette.name' is not a known preset.");
        }

        if (hasMembers && (members.ValueKind != JsonValueKind.Array || members.GetArrayLength() is < 1 or > 8
            || members.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.Object
                || !m.TryGetProperty("color_hex", out var hex) || hex.ValueKind != JsonValueKind.String || !ColorHex().IsMatch(hex.GetString()!)
                || (m.TryGetProperty("color_weight", out var weight) && (weight.ValueKind != JsonValueKind.Number || weight.GetDouble() is < 0.05 or > 1.0)))))
        {
            throw new RequestValidationException("'color_palette.members' must be 1 to 8 objects with 'color_hex' (#RRGGBB) and an optional 'color_weight' (0.05 to 1.0).");
        }
    }

    private static (JsonNode Value, StoredImage? Image) Produce(SegmindRequest request, EmulatorContext context)
    {
        if (request.Describe)
        {
            var text = string.Create(
                CultureInfo.InvariantCulture,
                $"A {request.Size.Width}x{request.Size.Height} image with a smooth diagonal colour gradient crossed by a bright band.");
            return (JsonValue.Create(text), null);
        }

        var seed = request.Seed ?? Ids.NewSeed(100, 999999);
        var image = context.Images.Create(EmulatedProvider.Segmind, request.Size.Width, request.Size.Height, seed, request.Prompt ?? request.Slug);
        return (JsonValue.Create(image.Url.AbsoluteUri), image);
    }

    private static (int Width, int Height) SizeOf(byte[]? image) =>
        image is not null && PngImage.TryReadSize(image, out var width, out var height) ? (width, height) : (1024, 1024);

    private static double InferenceSeconds(EmulatorContext context) =>
        Math.Round(Math.Max(0.5, context.Options.JobStepDelay.TotalSeconds), 3);

    private static (string Poll, string Status, string Response) Urls(EmulatorContext context, string id)
    {
        var root = context.BaseAddress(EmulatedProvider.Segmind);
        return (new Uri(root, "v1/requests/" + id).AbsoluteUri,
            new Uri(root, "v2/requests/" + id + "/status").AbsoluteUri,
            new Uri(root, "v2/requests/" + id).AbsoluteUri);
    }

    private static async Task<bool> RefuseKeyAsync(HttpContext http, EmulatorContext context)
    {
        var key = EmuHttp.Header(http, "x-api-key");
        if (string.IsNullOrWhiteSpace(key))
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status401Unauthorized, "Missing API key.");
            return true;
        }

        if (!context.IsKeyAccepted(key))
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status401Unauthorized, "Invalid API key");
            return true;
        }

        if (string.Equals(key, MagicWords.NoCredits, StringComparison.OrdinalIgnoreCase))
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status406NotAcceptable, "Not enough credits to process request.");
            return true;
        }

        return false;
    }

    private decimal Spend()
    {
        lock (_creditsGate)
        {
            _credits = Math.Max(0, _credits - 0.06m);
            return _credits;
        }
    }

    private decimal RemainingCredits()
    {
        lock (_creditsGate)
        {
            return _credits;
        }
    }

    private static void SetCreditsHeader(HttpContext http, decimal remaining) =>
        http.Response.Headers["x-remaining-credits"] = remaining.ToString("0.00", CultureInfo.InvariantCulture);

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex("^[0-9a-fA-F]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex StyleCode();

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}){1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColorHex();

    private sealed record SegmindRequest(string Slug, string? Prompt, (int Width, int Height) Size, long? Seed, bool Describe);

    private sealed class SegmindJob(string id, SegmindRequest request, DateTimeOffset submittedAt, bool fails)
    {
        private readonly Lock _gate = new();
        private JsonNode? _output;

        public string Id { get; } = id;

        public SegmindRequest Request { get; } = request;

        public DateTimeOffset SubmittedAt { get; } = submittedAt;

        public bool Fails { get; } = fails;

        /// <summary>The job's output, produced once on first read after completion.</summary>
        public JsonNode Output(Func<JsonNode> produce)
        {
            lock (_gate)
            {
                _output ??= produce();
                return _output.DeepClone();
            }
        }
    }
}
