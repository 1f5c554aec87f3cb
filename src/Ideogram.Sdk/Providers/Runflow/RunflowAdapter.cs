using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>
/// Runflow's run API: a JSON <c>POST</c> creates a run (HTTP 201, <c>status_code: "queued"</c>), <c>GET /v1/runs/{id}</c>
/// reads it until it is terminal, and an optional <c>callback_url</c> receives the terminal state (see
/// <see cref="RunflowWebhook"/>). Bearer authentication. There is no public cancel.
/// </summary>
internal sealed class RunflowAdapter : ProviderAdapter
{
    /// <summary>
    /// The longest <c>client_ref</c> Runflow takes (from a production-verified integration note, not the reference
    /// pages), checked before sending.
    /// </summary>
    public const int MaxClientReferenceLength = 255;

    private const string OrganizationHeader = "X-Organization-Id";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly RouteCache _routes = new();

    public override IdeogramProvider Provider => IdeogramProvider.Runflow;

    public override ProviderProfile Profile => RunflowParameters.Profile;

    public override Uri DefaultBaseAddress { get; } = new("https://api.runflow.io/");

    public override void Authenticate(HttpRequestMessage request, ApiKey apiKey) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Reveal());

    public override HttpRequestMessage CreateSubmit(SubmitContext context)
    {
        var r = context.Request;
        var op = Profile.Operations[r.Operation];
        string? Wire(ImageParameter p, string? value) => value is null ? null : op.Wire(p, value);

        var expand = Wire(ImageParameter.MagicPrompt, r.MagicPrompt?.Value);
        var body = new RunflowCreateRun
        {
            Input = new RunflowIdeogramInput
            {
                Prompt = r.Prompt,
                NegativePrompt = r.NegativePrompt,
                Seed = r.Seed,
                NumImages = r.NumImages,
                ImageSize = Wire(ImageParameter.Resolution, r.Resolution?.Value) ?? Wire(ImageParameter.AspectRatio, r.AspectRatio?.Value),
                RenderingSpeed = Wire(ImageParameter.RenderingSpeed, r.RenderingSpeed?.Value),
                ExpandPrompt = expand is null or RunflowParameters.ExpandPromptOmitted ? null : bool.Parse(expand),
                Style = Wire(ImageParameter.StyleType, r.StyleType?.Value),
                StylePreset = Wire(ImageParameter.StylePreset, r.StylePreset?.Value),
                StyleCodes = r.StyleCodes.Count == 0 ? null : [.. r.StyleCodes.Select(c => c.ToUpperInvariant())],
                ColorPalette = Palette(r.ColorPalette, op),
                ImageUrls = r.StyleReferenceImages.Count == 0 ? null : [.. r.StyleReferenceImages.Select(i => i.IsUrl ? i.Url!.AbsoluteUri : i.ToDataUri())],
            },
            CallbackUrl = CallbackUrl(context),
            Metadata = context.SubmitOptions?.Metadata is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata, StringComparer.Ordinal) : null,
            ClientRef = ClientReference(context),
        };

        var message = new SdkRequestMessage(HttpMethod.Post, _routes.For(context.BaseAddress, RunflowParameters.RunsPath))
        {
            Content = new ByteArrayContent(ExtraWireFields.Serialize(body, RunflowJsonContext.Default.RunflowCreateRun, r, Provider, static n => n["input"]!.AsObject())),
        };
        message.Content.Headers.ContentType = Json;
        AddCommonHeaders(message, context.Options);
        return message;
    }

    protected override SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response)
    {
        var run = Parse(response);
        var id = run.Id ?? run.RunId;
        if (string.IsNullOrWhiteSpace(id))
        {
            // The run was accepted (and may be charged) but its id cannot be read: the raw body keeps what was said.
            throw ProviderErrors.Unreadable(response, "a created run without an 'id'");
        }

        // Always a pending job, even when the create answer is already terminal: the first poll reads the outcome,
        // so SubmitAsync returns as soon as Runflow has accepted the run.
        var created = Time(run.CreatedAt) ?? context.Time.GetUtcNow();
        return SubmitOutcome.Pending(new ImageJob(Provider, context.Request.Operation, id, created));
    }

    public override HttpRequestMessage CreatePoll(PollContext context)
    {
        // The runs route is made once; a run's address is that route (no query, ending in '/') and its escaped id.
        var runs = _routes.For(context.BaseAddress, RunflowParameters.RunPathPrefix);
        var message = new SdkRequestMessage(HttpMethod.Get, new Uri(runs.AbsoluteUri + Uri.EscapeDataString(context.Job.Id)));
        AddCommonHeaders(message, context.Options);
        return message;
    }

    public override PollOutcome ReadPoll(PollContext context, ProviderResponse response) =>
        PollOutcome.Of(ReadRun(context.Job, Parse(response), RunflowAnswer.Of(response)));

    public override IdeogramException ReadError(ProviderResponse response)
    {
        var (code, message) = ProviderErrors.ReadCommonBody(response);
        var (parameter, fields) = FieldErrors(response);
        if (fields is not null)
        {
            // FastAPI's detail[] is both the message the common reader finds and the list of fields: say it readably once.
            message = string.IsNullOrWhiteSpace(message) || message.TrimStart()[0] is '[' or '{' ? fields : $"{message} ({fields})";
        }

        return ProviderErrors.FromResponse(response, (code, message), parameter: parameter);
    }

    /// <summary>
    /// Turns a run (a polled run object or a callback payload) into the neutral status. Shared by polling and
    /// <see cref="RunflowWebhook.Parse"/>, so both read runs the same way.
    /// </summary>
    internal static ImageJobStatus ReadRun(ImageJob job, RunflowRun run, RunflowAnswer answer)
    {
        var word = run.StatusCode ?? run.Status ?? StatusOfEvent(run.Event);
        if (string.IsNullOrWhiteSpace(word))
        {
            throw Unreadable(answer, "a run without a status", job);
        }

        var status = word.Trim().ToLowerInvariant();
        switch (status)
        {
            case "queued":
                return new ImageJobStatus(job, ImageJobState.Queued, word);
            case "dispatching":
            case "running":
                return new ImageJobStatus(job, ImageJobState.Running, word);
            case "succeeded":
            case "partial_succeeded":
                return Succeeded(job, run, answer, word, partial: status == "partial_succeeded");
            case "failed":
                return new ImageJobStatus(job, ImageJobState.Failed, word) { Error = Failure(job, run, answer, "failed") };

            // The status literal is "canceled"; older pages and callbacks spell it "cancelled".
            case "canceled":
            case "cancelled":
                return new ImageJobStatus(job, ImageJobState.Canceled, word) { Error = Failure(job, run, answer, "was cancelled") };

            // A status this client does not know yet is treated as still in progress; the wait's deadline bounds it.
            default:
                return new ImageJobStatus(job, ImageJobState.Running, word);
        }
    }

    /// <summary>Reads a run object or callback body, or says what could not be read.</summary>
    internal static RunflowRun? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, RunflowJsonContext.Default.RunflowRun);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static DateTimeOffset? Time(string? value) => WireTime.Parse(value);

    /// <summary>
    /// When a presigned output link stops working: S3 presigned URLs carry <c>X-Amz-Date</c> (<c>yyyyMMddTHHmmssZ</c>)
    /// and <c>X-Amz-Expires</c> (seconds). A lifetime that reaches past the year 9999 leaves the expiry unknown rather
    /// than failing a paid answer.
    /// </summary>
    internal static DateTimeOffset? ExpiryOf(Uri url)
    {
        DateTimeOffset? signed = null;
        long? seconds = null;

        // Scanned in the link as given (no query string built, nothing split); a value is unescaped only when it has to be.
        var text = url.OriginalString.AsSpan();
        var hash = text.IndexOf('#');
        if (hash >= 0)
        {
            text = text[..hash];
        }

        var question = text.IndexOf('?');
        var query = question < 0 ? [] : text[(question + 1)..];

        Span<char> unescaped = stackalloc char[64];
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var name = pair[..eq];
            var date = name.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase);
            if (!date && !name.Equals("X-Amz-Expires", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            scoped var value = pair[(eq + 1)..];
            if (value.Contains('%'))
            {
                value = Uri.TryUnescapeDataString(value, unescaped, out var written) ? unescaped[..written] : Uri.UnescapeDataString(value);
            }

            if (date && DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                signed = d;
            }
            else if (!date && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                seconds = s;
            }
        }

        return signed is { } at && seconds is { } secs && secs <= (DateTimeOffset.MaxValue - at).Ticks / TimeSpan.TicksPerSecond ? at.AddSeconds(secs) : null;
    }

    private static RunflowRun Parse(ProviderResponse response)
    {
        if (response.Body.Length == 0)
        {
            throw ProviderErrors.Unreadable(response, "an empty body instead of a run");
        }

        return TryParse(response.Body) ?? throw ProviderErrors.Unreadable(response, "a body that is not a run object");
    }

    private static string? StatusOfEvent(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "run.completed" => "succeeded",
        "run.partial_succeeded" => "partial_succeeded",
        "run.failed" => "failed",
        "run.cancelled" or "run.canceled" => "cancelled",
        _ => null,
    };

    private static ImageJobStatus Succeeded(ImageJob job, RunflowRun run, RunflowAnswer answer, string word, bool partial)
    {
        var output = Output(run, answer, job);
        var images = Images(output);
        if (images.Count == 0)
        {
            if (partial)
            {
                // A partial success with nothing usable is, for this client, a failure.
                return new ImageJobStatus(job, ImageJobState.Failed, word) { Error = Failure(job, run, answer, "ended as partial_succeeded without any image") };
            }

            throw Unreadable(answer, "a succeeded run without an image URL in its output", job);
        }

        List<Warning>? warnings = null;
        if (partial)
        {
            (warnings ??= []).Add(new Warning("partial-result", ImageParameter.NumImages, $"Runflow ended run '{job.Id}' as partial_succeeded: some requested images may be missing."));
        }

        if (output?.NsfwDetected == true)
        {
            (warnings ??= []).Add(new Warning("nsfw-detected", null, $"Runflow flagged the output of run '{job.Id}' as NSFW."));
        }

        var result = new ImageResult(IdeogramProvider.Runflow, job.Operation, images)
        {
            Created = Time(run.CreatedAt) ?? job.CreatedAt,
            Cost = run.Cost,
            RequestId = run.RequestId ?? answer.RequestId,
            Warnings = warnings ?? [],
            Job = job,
        };
        return new ImageJobStatus(job, ImageJobState.Succeeded, word) { Result = result };
    }

    private static RunflowOutput? Output(RunflowRun run, RunflowAnswer answer, ImageJob job)
    {
        if (run.Output is not { IsObject: true } output)
        {
            return null;
        }

        return output.Problem is { } e ? throw Unreadable(answer, "a run output that is not the documented JSON", job, e) : output.Read;
    }

    /// <summary>
    /// The images, by the documented fallback chain: <c>outputs[].url</c>, else <c>image_urls[]</c>, else
    /// <c>image.url</c>, else <c>url</c>, else <c>output_url</c>.
    /// </summary>
    private static List<GeneratedImage> Images(RunflowOutput? output)
    {
        var images = new List<GeneratedImage>();
        if (output is null)
        {
            return images;
        }

        var seed = output.Seed;
        foreach (var item in output.Outputs ?? [])
        {
            if (item is not null && (item.Type is null || item.Type.Equals("image", StringComparison.OrdinalIgnoreCase)))
            {
                Add(images, item.Url, item.ContentType, item.Width, item.Height, seed);
            }
        }

        if (images.Count == 0)
        {
            foreach (var url in output.ImageUrls ?? [])
            {
                Add(images, url, null, null, null, seed);
            }
        }

        if (images.Count == 0 && output.Image is { } image)
        {
            Add(images, image.Url, image.ContentType, image.Width, image.Height, seed);
        }

        if (images.Count == 0)
        {
            Add(images, output.Url, null, null, null, seed);
        }

        if (images.Count == 0)
        {
            Add(images, output.OutputUrl, null, null, null, seed);
        }

        return images;
    }

    private static void Add(List<GeneratedImage> images, string? url, string? contentType, int? width, int? height, long? seed)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        var resolution = width is > 0 && height is > 0 ? new Resolution(string.Create(CultureInfo.InvariantCulture, $"{width}x{height}")) : (Resolution?)null;

        // sync_mode answers carry the image itself as a data URI.
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            if (DecodeDataUri(url) is { } inline)
            {
                images.Add(new GeneratedImage { Data = inline.Bytes, ContentType = contentType ?? inline.ContentType, Resolution = resolution, Seed = seed });
            }

            return;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            images.Add(new GeneratedImage { Url = uri, ContentType = contentType, Resolution = resolution, Seed = seed, ExpiresAt = ExpiryOf(uri) });
        }
    }

    private static (byte[] Bytes, string? ContentType)? DecodeDataUri(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return null;
        }

        var header = uri[5..comma];
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = header[..^";base64".Length];
        try
        {
            return (Convert.FromBase64String(uri[(comma + 1)..]), type.Length == 0 ? null : type);
        }
        catch (FormatException)
        {
            return null;
        }
    }


    /// <summary>
    /// A failed or cancelled run's exception. The code and message are read from <c>failure_code</c>/<c>failure_message</c>
    /// (the API reference), else <c>error.code</c>/<c>error.message</c> (the official SDK), else an error envelope in
    /// <c>output</c> (the callbacks page).
    /// </summary>
    private static IdeogramJobFailedException Failure(ImageJob job, RunflowRun run, RunflowAnswer answer, string what)
    {
        var (errorCode, errorMessage) = Envelope(run.Error);
        var code = run.FailureCode ?? errorCode;
        var message = run.FailureMessage ?? errorMessage;
        if ((code is null || message is null) && run.Output is { IsObject: true } output)
        {
            var (outputCode, outputMessage) = output.Read is { } read ? Envelope(read) : Envelope(output.Raw);
            code ??= outputCode;
            message ??= outputMessage;
        }

        var stage = run.FailureStageCode ?? run.FailureStage;
        var text = new StringBuilder($"Runflow run '{job.Id}' {what}");
        if (stage is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" at stage '{stage}'");
        }

        if (code is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{code}]");
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            text.Append(": ").Append(message.Length > 300 ? message[..300] + "…" : message);
        }

        text.Append('.');
        var error = answer.Error(text.ToString(), code, message, run.RequestId, (m, d) => new IdeogramJobFailedException(m, d));
        error.Job = job;
        return error;
    }

    /// <summary><c>{code, message}</c>, <c>{error: {code, message}}</c>, <c>{error: "..."}</c>, <c>{failure_code, failure_message}</c> or a bare string.</summary>
    private static (string? Code, string? Message) Envelope(JsonElement? element)
    {
        switch (element)
        {
            case { ValueKind: JsonValueKind.String } s:
                return (null, s.GetString());
            case { ValueKind: JsonValueKind.Object } o:
                var code = Text(o, "failure_code") ?? Text(o, "code");
                var message = Text(o, "failure_message") ?? Text(o, "message") ?? Text(o, "detail");
                if (o.TryGetProperty("error", out var inner) && inner.ValueKind is JsonValueKind.Object or JsonValueKind.String)
                {
                    var (innerCode, innerMessage) = Envelope(inner);
                    code ??= innerCode;
                    message ??= innerMessage;
                }

                return (code, message);
            default:
                return (null, null);
        }
    }

    /// <summary><see cref="Envelope(JsonElement?)"/> of an output object read as <see cref="RunflowOutput"/>: the same fields, already read.</summary>
    private static (string? Code, string? Message) Envelope(RunflowOutput output)
    {
        var code = output.FailureCode ?? output.Code;
        var message = output.FailureMessage ?? output.Message ?? output.Detail;
        if (output.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } inner)
        {
            var (innerCode, innerMessage) = Envelope(inner);
            code ??= innerCode;
            message ??= innerMessage;
        }

        return (code, message);
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Field-level details of a 422: <c>errors[]</c> (documented, element shape not), or FastAPI's <c>detail[]</c>.</summary>
    private static (string? Parameter, string? Text) FieldErrors(ProviderResponse response)
    {
        if (response.Body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            JsonElement list = default;
            if (!(root.TryGetProperty("errors", out list) && list.ValueKind == JsonValueKind.Array)
                && !(root.TryGetProperty("detail", out list) && list.ValueKind == JsonValueKind.Array))
            {
                return (null, null);
            }

            string? first = null;
            var parts = new List<string>();
            foreach (var item in list.EnumerateArray())
            {
                string? field = null, text = null;
                if (item.ValueKind == JsonValueKind.String)
                {
                    text = item.GetString();
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    field = Text(item, "field") ?? Text(item, "parameter") ?? Text(item, "path") ?? Location(item);
                    text = Text(item, "message") ?? Text(item, "msg");
                }

                first ??= field;
                if (parts.Count < 3 && (field ?? text) is not null)
                {
                    parts.Add(field is null ? text! : text is null ? field : $"{field}: {text}");
                }
            }

            return (first, parts.Count == 0 ? null : string.Join("; ", parts));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>FastAPI's <c>loc</c>: <c>["body", "input", "seed"]</c> → <c>input.seed</c>.</summary>
    private static string? Location(JsonElement item)
    {
        if (!item.TryGetProperty("loc", out var loc) || loc.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var names = loc.EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText())
            .Where(p => p is not null && p != "body");
        var path = string.Join('.', names);
        return path.Length == 0 ? null : path;
    }

    private static IdeogramException Unreadable(RunflowAnswer answer, string what, ImageJob? job = null, Exception? inner = null)
    {
        var status = answer.StatusCode is { } s ? FormattableString.Invariant($"answered HTTP {(int)s} with") : "sent";
        var error = answer.Error($"Runflow {status} {what}; see RawBody.", null, what, null, (m, d) => new IdeogramException(m, d, inner));
        error.Job = job;
        return error;
    }

    private static string? CallbackUrl(SubmitContext context)
    {
        var url = context.SubmitOptions?.CallbackUrl ?? context.Options.Runflow.DefaultCallbackUrl;
        if (url is null)
        {
            return null;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new IdeogramValidationException(nameof(RunflowOptions.DefaultCallbackUrl), IdeogramProvider.Runflow, context.Request.Operation,
                "is not an absolute http(s) URL; a callback URL must be one", "an absolute http(s) URL in SubmitOptions.CallbackUrl or RunflowOptions.DefaultCallbackUrl");
        }

        return url.AbsoluteUri;
    }

    private static string? ClientReference(SubmitContext context)
    {
        var reference = context.SubmitOptions?.ClientReference;
        if (reference is not null && (reference.Length == 0 || reference.Length > MaxClientReferenceLength))
        {
            throw new IdeogramValidationException(nameof(SubmitOptions.ClientReference), IdeogramProvider.Runflow, context.Request.Operation,
                FormattableString.Invariant($"has {reference.Length} characters"),
                FormattableString.Invariant($"1 to {MaxClientReferenceLength} characters in SubmitOptions.ClientReference"));
        }

        return reference;
    }

    private static RunflowColorPalette? Palette(ColorPalette? palette, OperationProfile op) => palette switch
    {
        null => null,
        { Preset: { } preset } => new RunflowColorPalette { Name = op.Wire(ImageParameter.ColorPalette, preset.Value) },
        _ => new RunflowColorPalette { Members = [.. palette.Members.Select(m => new RunflowColorPaletteMember { ColorHex = LongHex(m.ColorHex), ColorWeight = m.Weight })] },
    };

    /// <summary><c>#RGB</c> → <c>#RRGGBB</c>: the page asks for hexadecimal colours without naming the short form.</summary>
    private static string LongHex(string hex) =>
        hex.Length == 4 ? string.Concat("#", new string(hex[1], 2), new string(hex[2], 2), new string(hex[3], 2)) : hex;

    private static void AddCommonHeaders(HttpRequestMessage message, IdeogramClientOptions options)
    {
        // Added as written (the same header on the wire): nothing needs it parsed.
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (!string.IsNullOrWhiteSpace(options.Runflow.OrganizationId))
        {
            message.Headers.TryAddWithoutValidation(OrganizationHeader, options.Runflow.OrganizationId);
        }
    }
}

/// <summary>
/// Where a run was read from: a polled answer (already scrubbed of the request's key) or a callback body. Exceptions
/// about the run are built through it, so they go through <see cref="ProviderErrors"/> either way.
/// </summary>
internal sealed class RunflowAnswer
{
    private readonly ProviderResponse? _response;
    private readonly byte[] _callbackPreview;

    private RunflowAnswer(ProviderResponse? response, byte[] callbackPreview)
    {
        _response = response;
        _callbackPreview = callbackPreview;
    }

    /// <summary>The HTTP status, for a polled run.</summary>
    public HttpStatusCode? StatusCode => _response?.StatusCode;

    /// <summary>The request id of the answer, when known.</summary>
    public string? RequestId => _response?.RequestId;

    /// <summary>A polled run.</summary>
    public static RunflowAnswer Of(ProviderResponse response) => new(response, []);

    /// <summary>A callback body (its start is kept for diagnostics).</summary>
    public static RunflowAnswer Callback(ReadOnlySpan<byte> body) => new(null, body[..Math.Min(body.Length, 1024)].ToArray());

    /// <summary>An exception about this run, built by <see cref="ProviderErrors"/>.</summary>
    public T Error<T>(string message, string? code, string? providerMessage, string? requestId, Func<string, ProviderErrorDetails, T> create)
        where T : Exception =>
        _response is not null
            ? ProviderErrors.Create(_response, message, code, providerMessage, create, requestId)
            : ProviderErrors.FromCallback(IdeogramProvider.Runflow, message, code, providerMessage, requestId, _callbackPreview, create);
}
