using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk.Providers.Runware;

/// <summary>
/// Runware: a JSON array of tasks posted to <c>POST /v1</c>, answered <c>{"data":[…]}</c> and/or <c>{"errors":[…]}</c>.
/// One <c>imageInference</c> task per call, identified by a client-made UUID v4; synchronous delivery returns the
/// images, asynchronous delivery an acknowledgement after which <c>getResponse</c> tasks collect them.
/// </summary>
internal sealed class RunwareAdapter : ProviderAdapter
{
    /// <summary>The <see cref="ImageJob.Properties"/> key of the task's UUID (also the job id).</summary>
    public const string TaskUuidProperty = "taskUUID";

    /// <summary>The <see cref="ImageJob.Properties"/> key of the number of results the task makes.</summary>
    public const string NumberResultsProperty = "numberResults";

    private const string JsonMediaType = "application/json";

    private readonly RouteCache _routes = new();

    public override IdeogramProvider Provider => IdeogramProvider.Runware;

    public override ProviderProfile Profile => RunwareParameters.Profile;

    public override Uri DefaultBaseAddress { get; } = new("https://api.runware.ai/");

    public override void Authenticate(HttpRequestMessage request, ApiKey apiKey)
    {
        if (request is not SdkRequestMessage { AuthenticationState: byte[] tasks })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Reveal());
            return;
        }

        // [ {authentication}, <the tasks> ]: the tasks were serialized as an array, so splice after its '['.
        var auth = JsonSerializer.SerializeToUtf8Bytes(new RunwareAuthenticationTask { ApiKey = apiKey.Reveal() }, RunwareJsonContext.Default.RunwareAuthenticationTask);
        var body = new byte[tasks.Length + auth.Length + 1];
        body[0] = (byte)'[';
        auth.CopyTo(body, 1);
        body[auth.Length + 1] = (byte)',';
        tasks.AsSpan(1).CopyTo(body.AsSpan(auth.Length + 2));
        request.Content = Json(body);
    }

    public override HttpRequestMessage CreateSubmit(SubmitContext context)
    {
        var r = context.Request;
        var options = context.Options.Runware;
        var table = Profile.Operations[r.Operation];
        var taskUuid = context.NewId().ToString("D");
        context.ClientAssignedId = taskUuid;
        var size = RunwareParameters.SizeOf(r);

        var settings = new RunwareIdeogramSettings
        {
            RenderingSpeed = r.RenderingSpeed is { } speed ? table.Wire(ImageParameter.RenderingSpeed, speed.Value) : null,
            MagicPrompt = r.MagicPrompt is { } magic ? table.Wire(ImageParameter.MagicPrompt, magic.Value) : null,
            StyleType = r.StyleType is { } style ? table.Wire(ImageParameter.StyleType, style.Value) : null,
            StylePreset = r.StylePreset is { } preset ? table.Wire(ImageParameter.StylePreset, OpenEnum.Canonical(StylePreset.Known, preset).Value) : null,
            StyleCode = r.StyleCodes.Count > 0 ? r.StyleCodes[0].ToUpperInvariant() : null,
            StyleReferenceImages = Images(r.StyleReferenceImages),
            RemixStrength = r.ImageWeight,
            CharacterReferenceImages = Images(r.CharacterReferenceImages),
            CharacterReferenceImagesMask = Images(r.CharacterReferenceImageMasks),
        };

        var inputs = r.Operation switch
        {
            ImageOperation.Generate => null,
            ImageOperation.Remix => new RunwareInputs { ReferenceImages = [Image(r.Image!)] },
            ImageOperation.Edit => new RunwareInputs { SeedImage = Image(r.Image!), MaskImage = Image(r.Mask!) },
            _ => new RunwareInputs { SeedImage = Image(r.Image!) },
        };

        var task = new RunwareImageInferenceTask
        {
            TaskUuid = taskUuid,
            Model = RunwareParameters.ModelOf(r.Operation),
            PositivePrompt = r.Prompt,
            NegativePrompt = r.NegativePrompt,
            Width = size?.Width,
            Height = size?.Height,
            NumberResults = r.NumImages,
            Seed = r.Seed,
            OutputType = options.OutputType == RunwareOutputType.Url ? null : RunwareParameters.Wire(options.OutputType),
            OutputFormat = options.OutputFormat is { } format ? RunwareParameters.Wire(format) : null,
            OutputQuality = options.OutputQuality,
            IncludeCost = options.IncludeCost ? true : null,
            DeliveryMethod = UsesAsyncDelivery(context) ? "async" : null,
            WebhookUrl = context.SubmitOptions?.CallbackUrl?.AbsoluteUri,
            Ttl = options.ResultLifetime is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null,
            Safety = options.CheckContent ? new RunwareSafety { CheckContent = true, Mode = "fast" } : null,
            ProviderSettings = settings.IsEmpty ? null : new RunwareProviderSettings { Ideogram = settings },
            Inputs = inputs,
        };

        var body = ExtraWireFields.Serialize([task], RunwareJsonContext.Default.RunwareImageInferenceTaskArray, r, Provider, static n => n[0]!.AsObject());
        return Post(_routes.For(context.BaseAddress, RunwareParameters.Path), body, options);
    }

    protected override SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response)
    {
        var taskUuid = context.ClientAssignedId!;
        var count = context.Request.ImageCount;

        // The task UUID is the client's own, so the task can be collected with getResponse whatever the answer holds:
        // an answer the client cannot read carries it, since the task may have run (and be paid for). The job is made
        // when it is needed (an error, a pending task, asynchronous delivery); a synchronous result has none.
        var envelope = Parse(response, context);
        if (FirstError(envelope, taskUuid) is { } fault)
        {
            throw ToException(response, fault);
        }

        var data = envelope.Data;
        var found = 0;
        foreach (var item in data ?? [])
        {
            if (item is null || !SameTask(item.TaskUuid, taskUuid))
            {
                continue;
            }

            if (IsErrorItem(item))
            {
                throw ToException(response, ErrorOfItem(item));
            }

            if (item.HasImage)
            {
                found++;
            }
        }

        // Synchronous delivery answers with the images. An acknowledgement without them (asynchronous delivery, or any
        // answer that accepted the task without results yet) is a pending job collected with getResponse.
        var asynchronous = UsesAsyncDelivery(context);
        if (found >= count || (found > 0 && !asynchronous))
        {
            // Usually every item is one of the task's images, and the answer's own list is the list of them.
            var images = found == data!.Count ? data : ImagesOf(data, taskUuid, found);
            var options = context.Options.Runware;
            return SubmitOutcome.Completed(ToResult(context.Request.Operation, images, options, response, asynchronous ? ClientAssignedJob(context) : null, context));
        }

        return SubmitOutcome.Pending(ClientAssignedJob(context)!);
    }

    /// <summary>The task's UUID is chosen here, so the job is known before Runware answers (collected with <c>getResponse</c>).</summary>
    public override ImageJob? ClientAssignedJob(SubmitContext context) =>
        context.ClientAssignedId is { } taskUuid
            ? new ImageJob(Provider, context.Request.Operation, taskUuid, context.Time.GetUtcNow(), new Dictionary<string, string>
            {
                [TaskUuidProperty] = taskUuid,
                [NumberResultsProperty] = context.Request.ImageCount.ToString(CultureInfo.InvariantCulture),
            })
            : null;

    public override HttpRequestMessage CreatePoll(PollContext context)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new List<RunwareGetResponseTask> { new() { TaskUuid = TaskUuidOf(context.Job) } },
            RunwareJsonContext.Default.ListRunwareGetResponseTask);
        return Post(_routes.For(context.BaseAddress, RunwareParameters.Path), body, context.Options.Runware);
    }

    public override PollOutcome ReadPoll(PollContext context, ProviderResponse response)
    {
        var job = context.Job;
        var taskUuid = TaskUuidOf(job);
        var envelope = Parse(response, job);
        var errors = AllErrors(envelope);

        // An error naming the task, or marked as a generation's status, ends the job; one that names no task is a
        // failure of the getResponse call itself (a bad key, no credit) and is thrown as such.
        if (errors.FirstOrDefault(e => SameTask(e.TaskUuid, taskUuid) || e.Status == "error") is { } jobError)
        {
            return PollOutcome.Of(Failed(job, response, jobError));
        }

        if (errors.FirstOrDefault(e => e.TaskUuid is null) is { } callError)
        {
            throw ToException(response, callError);
        }

        var items = ItemsOf(envelope, taskUuid);
        if (items.FirstOrDefault(IsErrorItem) is { } failedItem)
        {
            return PollOutcome.Of(Failed(job, response, ErrorOfItem(failedItem)));
        }

        var expected = job.Properties.TryGetValue(NumberResultsProperty, out var n) && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 1;
        var done = items.Where(i => i.HasImage && (i.Status is null || string.Equals(i.Status, "success", StringComparison.OrdinalIgnoreCase))).ToList();
        if (done.Count >= expected)
        {
            var result = ToResult(job.Operation, done, context.Options.Runware, response, job, null);
            return PollOutcome.Of(new ImageJobStatus(job, ImageJobState.Succeeded, "success") { Result = result });
        }

        // "processing" (current docs) and "pending" (older docs), or anything else not terminal: still in progress.
        var word = items.Select(i => i.Status).FirstOrDefault(s => s is not null && !string.Equals(s, "success", StringComparison.OrdinalIgnoreCase));
        var state = word is null || string.Equals(word, "pending", StringComparison.OrdinalIgnoreCase) ? ImageJobState.Queued : ImageJobState.Running;
        return PollOutcome.Of(new ImageJobStatus(job, state, word ?? (done.Count > 0 ? "success" : "pending")));
    }

    /// <summary>
    /// The HTTP status of a <c>getResponse</c> answer that only reports a failed generation is not documented (the
    /// documented example carries the failure in <c>errors[]</c> beside other items): a non-2xx answer whose error names
    /// the task and marks the generation failed (<c>status: "error"</c>, or the original task type) is the job's outcome.
    /// </summary>
    public override bool IsJobAnswer(PollContext context, ProviderResponse response)
    {
        RunwareEnvelope? envelope;
        try
        {
            envelope = response.Body.Length == 0 ? null : JsonSerializer.Deserialize(response.Body, RunwareJsonContext.Default.RunwareEnvelope);
        }
        catch (JsonException)
        {
            return false;
        }

        var taskUuid = TaskUuidOf(context.Job);
        return envelope is not null && AllErrors(envelope).Any(e => SameTask(e.TaskUuid, taskUuid)
            && (string.Equals(e.Status, "error", StringComparison.OrdinalIgnoreCase) || string.Equals(e.TaskType, "imageInference", StringComparison.Ordinal)));
    }

    public override IdeogramException ReadError(ProviderResponse response)
    {
        RunwareEnvelope? envelope = null;
        try
        {
            envelope = response.Body.Length == 0 ? null : JsonSerializer.Deserialize(response.Body, RunwareJsonContext.Default.RunwareEnvelope);
        }
        catch (JsonException)
        {
            // Not Runware's JSON (a proxy's HTML page, plain text): the common reader handles it below.
        }

        return envelope is not null && AllErrors(envelope).FirstOrDefault() is { } fault
            ? ToException(response, fault)
            : ProviderErrors.FromResponse(response, ProviderErrors.ReadCommonBody(response));
    }

    private static bool UsesAsyncDelivery(SubmitContext context) => context.PreferJob || context.Options.Runware.AsyncDelivery;

    private static SdkRequestMessage Post(Uri address, byte[] tasks, RunwareOptions options)
    {
        var message = new SdkRequestMessage(HttpMethod.Post, address) { Content = Json(tasks) };
        if (options.AuthenticateInBody)
        {
            message.AuthenticationState = tasks;
        }

        return message;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        // Added as written (the same header on the wire): nothing needs it parsed into a MediaTypeHeaderValue.
        content.Headers.TryAddWithoutValidation("Content-Type", JsonMediaType);
        return content;
    }

    /// <summary>An input image on the wire: a URL (or data URI) as given, bytes as a data URI.</summary>
    private static string Image(LoadedImage image) => image.IsUrl ? image.Url!.OriginalString : image.ToDataUri();

    private static List<string>? Images(IReadOnlyList<LoadedImage> images) => images.Count == 0 ? null : [.. images.Select(Image)];

    private static string TaskUuidOf(ImageJob job) =>
        job.Properties.TryGetValue(TaskUuidProperty, out var id) && !string.IsNullOrEmpty(id) ? id : job.Id;

    private RunwareEnvelope Parse(ProviderResponse response, SubmitContext context)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, RunwareJsonContext.Default.RunwareEnvelope)
                ?? throw ProviderErrors.Unreadable(response, "an empty body", job: ClientAssignedJob(context));
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, "a body that is not Runware's {data, errors} JSON", e, ClientAssignedJob(context));
        }
    }

    private static RunwareEnvelope Parse(ProviderResponse response, ImageJob job)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, RunwareJsonContext.Default.RunwareEnvelope)
                ?? throw ProviderErrors.Unreadable(response, "an empty body", job: job);
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, "a body that is not Runware's {data, errors} JSON", e, job);
        }
    }

    /// <summary>The items of one task that carry an image.</summary>
    private static List<RunwareItem> ImagesOf(List<RunwareItem> data, string taskUuid, int count)
    {
        var images = new List<RunwareItem>(count);
        foreach (var item in data)
        {
            if (item is not null && SameTask(item.TaskUuid, taskUuid) && item.HasImage)
            {
                images.Add(item);
            }
        }

        return images;
    }

    /// <summary>The items of one task; answers are grouped by <c>taskUUID</c>, never by position.</summary>
    private static List<RunwareItem> ItemsOf(RunwareEnvelope envelope, string taskUuid) =>
        [.. (envelope.Data ?? []).Where(i => i is not null && SameTask(i.TaskUuid, taskUuid))];

    private static bool SameTask(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool IsErrorItem(RunwareItem item) =>
        string.Equals(item.Status, "error", StringComparison.OrdinalIgnoreCase)
        || item.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String };

    /// <summary>The first error that concerns a task: one naming it, or naming no task (the whole request failed).</summary>
    private static RunwareFault? FirstError(RunwareEnvelope envelope, string taskUuid)
    {
        if (envelope.Errors is null && envelope.Error is null)
        {
            return null;
        }

        foreach (var e in AllErrors(envelope))
        {
            if (e.TaskUuid is null || SameTask(e.TaskUuid, taskUuid))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Every error of an answer, in its current (<c>errors[]</c>) or legacy (<c>error</c>) form.</summary>
    private static List<RunwareFault> AllErrors(RunwareEnvelope envelope)
    {
        var faults = new List<RunwareFault>();
        foreach (var e in envelope.Errors ?? [])
        {
            if (e is not null)
            {
                faults.Add(new RunwareFault(e.Code, e.Message, ParameterText(e.Parameter), e.TaskUuid, e.Status) { TaskType = e.TaskType });
            }
        }

        if (envelope.Error is { } legacy)
        {
            switch (legacy.ValueKind)
            {
                case JsonValueKind.Object:
                    faults.Add(FaultOf(legacy));
                    break;
                case JsonValueKind.Array:
                    faults.AddRange(legacy.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(FaultOf));
                    break;
                case JsonValueKind.True:
                case JsonValueKind.String:
                    // {"error":true,"errorId":19,"errorMessage":"Invalid api key"}
                    var id = envelope.ErrorId is { ValueKind: JsonValueKind.Number or JsonValueKind.String } e ? e.ToString() : null;
                    faults.Add(new RunwareFault(id, envelope.ErrorMessage ?? (legacy.ValueKind == JsonValueKind.String ? legacy.GetString() : null), null, null, null) { IsLegacy = true });
                    break;
            }
        }

        return faults;
    }

    private static RunwareFault FaultOf(JsonElement e)
    {
        var parameter = e.TryGetProperty("parameter", out var p) ? ParameterText(p) : null;
        return new RunwareFault(ProviderErrors.Text(e, "code"), ProviderErrors.Text(e, "message"), parameter, ProviderErrors.Text(e, "taskUUID"), ProviderErrors.Text(e, "status"))
        {
            TaskType = ProviderErrors.Text(e, "taskType"),
        };
    }

    private static RunwareFault ErrorOfItem(RunwareItem item) => item.Error switch
    {
        { ValueKind: JsonValueKind.Object } e => FaultOf(e) with { TaskUuid = item.TaskUuid, Status = "error" },
        { ValueKind: JsonValueKind.String } e => new RunwareFault(null, e.GetString(), null, item.TaskUuid, "error"),
        _ => new RunwareFault(null, "the task ended with status 'error'", null, item.TaskUuid, "error"),
    };

    /// <summary><c>parameter</c> is a field name, or an array of them for a cross-field rule (joined with commas).</summary>
    private static string? ParameterText(JsonElement? parameter) => parameter switch
    {
        { ValueKind: JsonValueKind.String } p => p.GetString(),
        { ValueKind: JsonValueKind.Array } p => string.Join(",", p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString())),
        _ => null,
    };

    private ImageJobStatus Failed(ImageJob job, ProviderResponse response, RunwareFault fault)
    {
        var text = $"{Provider} task '{TaskUuidOf(job)}' failed" + (fault.Code is null ? string.Empty : $" [{fault.Code}]")
            + (string.IsNullOrWhiteSpace(fault.Message) ? "." : $": {fault.Message}");
        IdeogramException error = RunwareErrorCodes.Classify(fault.Code, response.StatusCode) == RunwareErrorKind.ContentPolicy
            ? ProviderErrors.Create(response, text, fault.Code, fault.Message, (m, d) => new IdeogramContentPolicyException(m, d))
            : ProviderErrors.Create(response, text, fault.Code, fault.Message, (m, d) => new IdeogramJobFailedException(m, d));
        error.Job = job;
        return new ImageJobStatus(job, ImageJobState.Failed, fault.Status ?? "error") { Error = error };
    }

    /// <summary>The typed exception for one Runware error, by its <c>code</c> first and the HTTP status second.</summary>
    private static IdeogramException ToException(ProviderResponse response, RunwareFault fault)
    {
        var message = ProviderErrors.Message(response, fault.Code, fault.Message, fault.Parameter is null ? null : $" (parameter '{fault.Parameter}').");
        var kind = fault.IsLegacy && fault.Message?.Contains("api key", StringComparison.OrdinalIgnoreCase) == true
            ? RunwareErrorKind.Authentication
            : RunwareErrorCodes.Classify(fault.Code, response.StatusCode);
        return ProviderErrors.Create<IdeogramException>(response, message, fault.Code, fault.Message, kind switch
        {
            RunwareErrorKind.Authentication => (m, d) => new IdeogramAuthenticationException(m, d),
            RunwareErrorKind.InsufficientCredits => (m, d) => new IdeogramInsufficientCreditsException(m, d),
            RunwareErrorKind.RateLimit => (m, d) => new IdeogramRateLimitException(m, d),
            RunwareErrorKind.ContentPolicy => (m, d) => new IdeogramContentPolicyException(m, d),
            RunwareErrorKind.BadRequest => (m, d) => new IdeogramBadRequestException(m, d, response.Redact(fault.Parameter)),
            _ => (m, d) => new IdeogramException(m, d),
        });
    }

    /// <summary>
    /// The result of the task's items, carrying <paramref name="job"/> when given. An item whose inline data cannot be
    /// read fails with the job (<paramref name="job"/>, else the one <paramref name="submit"/> assigned): the task ran.
    /// </summary>
    private ImageResult ToResult(ImageOperation operation, List<RunwareItem> items, RunwareOptions options, ProviderResponse response, ImageJob? job, SubmitContext? submit)
    {
        decimal? total = null;
        var images = new GeneratedImage[items.Count];
        for (var i = 0; i < images.Length; i++)
        {
            var item = items[i];
            if (item.Cost is { } c)
            {
                total = (total ?? 0) + c;
            }

            images[i] = ToImage(item, options, response) ?? throw Unreadable(response, job ?? (submit is null ? null : ClientAssignedJob(submit)), item.ImageDataUri is null ? "imageBase64Data" : "imageDataURI");
        }

        return new ImageResult(Provider, operation, images)
        {
            Cost = total,
            RequestIdFrom = response,
            Job = job,
        };
    }

    /// <summary>One result item as an image; <see langword="null"/> when its inline data is not base64.</summary>
    private static GeneratedImage? ToImage(RunwareItem item, RunwareOptions options, ProviderResponse response)
    {
        Uri? url = null;
        ReadOnlyMemory<byte>? data = null;
        var contentType = RunwareParameters.ContentType(options.OutputFormat);
        if (item.ImageDataUri is { } dataUri)
        {
            if (DecodeDataUri(dataUri) is not var (bytes, type))
            {
                return null;
            }

            data = bytes;
            contentType = type ?? contentType;
        }
        else if (item.ImageBase64Data is { } base64)
        {
            if (Decode(StripDataPrefix(base64)) is not { } bytes)
            {
                return null;
            }

            data = bytes;
            contentType = ImageFormat.Sniff(bytes) ?? contentType;
        }
        else if (item.ImageUrl is { } link && Uri.TryCreate(link, UriKind.Absolute, out var u))
        {
            url = u;
            contentType = ImageLinks.ContentTypeOfPath(u) ?? contentType;
        }

        return new GeneratedImage
        {
            Url = url,
            Data = data,
            ContentType = contentType,
            Seed = item.Seed,
            ProviderImageId = item.ImageUuid,
            Cost = item.Cost,
            IsSafe = item.NsfwContent != true,
        };
    }

    /// <summary>An image whose inline data cannot be decoded: the task ran (and is paid for), so the job goes with the error.</summary>
    private static IdeogramException Unreadable(ProviderResponse response, ImageJob? job, string field) =>
        ProviderErrors.Unreadable(response, $"an '{field}' that is not base64 image data", job: job);

    private static (byte[] Bytes, string? ContentType)? DecodeDataUri(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            return Decode(uri) is { } bare ? (bare, null) : null;
        }

        var header = uri.AsSpan(5, comma - 5);
        var semi = header.IndexOf(';');
        var type = (semi >= 0 ? header[..semi] : header).ToString();
        return Decode(uri[(comma + 1)..]) is { } bytes ? (bytes, type.Length == 0 ? null : type) : null;
    }

    /// <summary>Base64 bytes, or <see langword="null"/> when the text is not base64 (or is empty).</summary>
    private static byte[]? Decode(string base64)
    {
        try
        {
            return base64.Length == 0 ? null : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string StripDataPrefix(string base64) =>
        base64.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && base64.IndexOf(',', StringComparison.Ordinal) is var i and >= 0 ? base64[(i + 1)..] : base64;
}

/// <summary>One Runware error, from <c>errors[]</c>, an item's embedded <c>error</c>, or a legacy <c>error</c> body.</summary>
internal sealed record RunwareFault(string? Code, string? Message, string? Parameter, string? TaskUuid, string? Status)
{
    /// <summary>The task type the error names, when it names one.</summary>
    public string? TaskType { get; init; }

    /// <summary>The legacy <c>{"error":true,"errorId":…,"errorMessage":…}</c> form, whose id is a number.</summary>
    public bool IsLegacy { get; init; }
}

/// <summary>What a Runware error means for the caller.</summary>
internal enum RunwareErrorKind
{
    Other,
    Authentication,
    InsufficientCredits,
    RateLimit,
    ContentPolicy,
    BadRequest,
}

/// <summary>
/// Runware's error codes, grouped the way its official SDK classifies them (the docs say the codes are still being
/// standardized, so families are matched by prefix and by word).
/// </summary>
internal static class RunwareErrorCodes
{
    private static readonly HashSet<string> Authentication = new(StringComparer.OrdinalIgnoreCase)
    {
        "invalidApiKey", "unauthorized", "forbidden", "permissionDenied", "authenticationFailed", "invalidCredentials",
        "missingAuthentication", "tokenExpired", "accountSuspended", "missingApiKey",
    };

    private static readonly HashSet<string> Safety = new(StringComparer.OrdinalIgnoreCase)
    {
        "contentPolicyViolation", "providerContentPolicyViolation", "sensitiveContentDetected", "unsafeContentDetected",
        "nsfwContentDetected", "promptBlocked", "imageBlocked", "moderationFailed",
    };

    private static readonly HashSet<string> Validation = new(StringComparer.OrdinalIgnoreCase)
    {
        "unknownParameter", "incompatibleParameters", "mismatchProviderSettingsProvider", "unknownProviderSettingsProvider",
        "validationFailed", "unknownModel", "unsupportedTaskType", "taskNotFound", "taskFailedOrNotFound",
    };

    private static readonly string[] ValidationPrefixes = ["invalid", "missing", "conflict", "duplicate", "unsupported", "value", "array", "max"];

    public static RunwareErrorKind Classify(string? code, HttpStatusCode status)
    {
        if (code is not null)
        {
            if (Authentication.Contains(code))
            {
                return RunwareErrorKind.Authentication;
            }

            if (code.Contains("Credit", StringComparison.OrdinalIgnoreCase) || code.Contains("Quota", StringComparison.OrdinalIgnoreCase)
                || code.Contains("Balance", StringComparison.OrdinalIgnoreCase) || string.Equals(code, "paymentRequired", StringComparison.OrdinalIgnoreCase))
            {
                return RunwareErrorKind.InsufficientCredits;
            }

            if (code.Contains("RateLimit", StringComparison.OrdinalIgnoreCase))
            {
                return RunwareErrorKind.RateLimit;
            }

            if (Safety.Contains(code))
            {
                return RunwareErrorKind.ContentPolicy;
            }

            if (Validation.Contains(code) || ValidationPrefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal)))
            {
                return RunwareErrorKind.BadRequest;
            }
        }

        return (int)status switch
        {
            401 or 403 => RunwareErrorKind.Authentication,
            402 => RunwareErrorKind.InsufficientCredits,
            429 => RunwareErrorKind.RateLimit,
            400 or 404 or 405 or 409 or 413 or 415 or 422 => RunwareErrorKind.BadRequest,
            _ => RunwareErrorKind.Other,
        };
    }
}
