using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>
/// Segmind: flat JSON bodies with the <c>x-api-key</c> header. A call that wants its result uses the blocking
/// <c>POST /v1/{model}</c>; a call that wants a job (<c>SubmitAsync</c>, or <see cref="SegmindOptions.UseQueue"/>) uses
/// the queue: <c>POST /v2/{model}</c> → <c>request_id</c>, <c>GET /v2/requests/{id}/status</c> until COMPLETED, then
/// <c>GET /v2/requests/{id}</c> for the output.
/// </summary>
internal sealed class SegmindAdapter : ProviderAdapter
{
    /// <summary>The follow-up read that fetches a finished job's output.</summary>
    public const string ResultStage = "result";

    private const string SeedProperty = "seed";
    private const string CreditsProperty = "remainingCredits";

    /// <summary>The blocking (<c>v1/{model}</c>) and queued (<c>v2/{model}</c>) route of each operation Segmind serves.</summary>
    private static readonly Dictionary<ImageOperation, (string Sync, string Queued)> Paths = SegmindParameters.Profile.Operations.Keys
        .ToDictionary(op => op, op => ("v1/" + SegmindParameters.SlugOf(op), "v2/" + SegmindParameters.SlugOf(op)));

    private readonly RouteCache _routes = new();

    public override IdeogramProvider Provider => IdeogramProvider.Segmind;

    public override ProviderProfile Profile => SegmindParameters.Profile;

    public override Uri DefaultBaseAddress { get; } = new("https://api.segmind.com/");

    public override void Authenticate(HttpRequestMessage request, ApiKey apiKey) =>
        request.Headers.TryAddWithoutValidation("x-api-key", apiKey.Reveal());

    public override HttpRequestMessage CreateSubmit(SubmitContext context)
    {
        var body = ExtraWireFields.Serialize(BodyOf(context.Request), SegmindJsonContext.Default.SegmindRequestBody, context.Request, Provider, static n => n.AsObject());
        var content = new ByteArrayContent(body);
        // Added as written (the same header on the wire): nothing needs it parsed into a MediaTypeHeaderValue.
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var paths = Paths[context.Request.Operation];
        var address = _routes.For(context.BaseAddress, UsesQueue(context) ? paths.Queued : paths.Sync);
        return new SdkRequestMessage(HttpMethod.Post, address) { Content = content };
    }

    /// <summary>Whether a submission goes through the queue (v2) rather than the blocking call (v1); the same answer for building and reading it.</summary>
    private static bool UsesQueue(SubmitContext context) => context.PreferJob || context.Options.Segmind.UseQueue;

    /// <summary>The JSON body of one call: the fields of the operation's Segmind model, with Segmind's spellings.</summary>
    internal static SegmindRequestBody BodyOf(PreparedRequest r)
    {
        var op = SegmindParameters.Profile.Operations[r.Operation];
        string? Wire(ImageParameter p, string? value) => value is null ? null : op.Wire(p, value);

        if (r.Operation == ImageOperation.Describe)
        {
            return new SegmindRequestBody { ImageFile = r.Image is null ? null : SegmindParameters.ImageValue(r.Image) };
        }

        return new SegmindRequestBody
        {
            Prompt = r.Prompt,
            NegativePrompt = r.NegativePrompt,
            Image = r.Image is null ? null : SegmindParameters.ImageValue(r.Image),
            ImageWeight = r.ImageWeight,
            Resolution = Wire(ImageParameter.Resolution, r.Resolution?.Value),
            AspectRatio = Wire(ImageParameter.AspectRatio, r.AspectRatio?.Value),
            RenderingSpeed = Wire(ImageParameter.RenderingSpeed, r.RenderingSpeed?.Value),
            MagicPrompt = Wire(ImageParameter.MagicPrompt, r.MagicPrompt?.Value),
            Seed = r.Seed,
            StyleType = Wire(ImageParameter.StyleType, r.StyleType?.Value),

            // Segmind's own samples send these lists empty when unused (on the models that take them); so does the client.
            StyleCodes = op[ImageParameter.StyleCodes] is null ? null : WireList(r.StyleCodes, static c => c.ToUpperInvariant()),
            StyleReferenceImages = op[ImageParameter.StyleReferenceImages] is null ? null : WireList(r.StyleReferenceImages, SegmindParameters.ImageValue),
            ColorPalette = PaletteOf(r.ColorPalette),
        };
    }

    protected override SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response)
    {
        var r = context.Request;
        if (!UsesQueue(context))
        {
            var outputs = SegmindResponses.ReadSync(response, r.Operation, r.Seed);
            return SubmitOutcome.Completed(new ImageResult(Provider, r.Operation, outputs.Images)
            {
                Descriptions = outputs.Descriptions,
                Cost = outputs.Cost,
                RemainingCredits = SegmindResponses.RemainingCredits(response),
                RequestIdFrom = response,
                Created = context.Time.GetUtcNow(),
            });
        }

        SegmindQueuedResponse? queued;
        try
        {
            queued = JsonSerializer.Deserialize(response.Body, SegmindJsonContext.Default.SegmindQueuedResponse);
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, "a queue answer that is not JSON", e);
        }

        if (string.IsNullOrWhiteSpace(queued?.RequestId))
        {
            throw ProviderErrors.Unreadable(response, "a queue answer without 'request_id'");
        }

        var properties = new Dictionary<string, string>();
        if (r.Seed is { } seed)
        {
            properties[SeedProperty] = seed.ToString(CultureInfo.InvariantCulture);
        }

        if (SegmindResponses.RemainingCredits(response) is { } credits)
        {
            properties[CreditsProperty] = credits.ToString(CultureInfo.InvariantCulture);
        }

        return SubmitOutcome.Pending(new ImageJob(Provider, r.Operation, queued.RequestId, context.Time.GetUtcNow(), properties));
    }

    public override HttpRequestMessage CreatePoll(PollContext context)
    {
        var id = Uri.EscapeDataString(context.Job.Id);
        var path = context.Stage == ResultStage ? $"v2/requests/{id}" : $"v2/requests/{id}/status";
        return new SdkRequestMessage(HttpMethod.Get, new Uri(context.BaseAddress, path));
    }

    public override PollOutcome ReadPoll(PollContext context, ProviderResponse response)
    {
        var job = context.Job;
        var body = ReadStatus(response) ?? throw ProviderErrors.Unreadable(response, "a job status that is not the documented JSON");
        var status = body.Status;
        if (SegmindResponses.IsFailed(status))
        {
            return PollOutcome.Of(new ImageJobStatus(job, ImageJobState.Failed, status)
            {
                Error = SegmindResponses.JobFailed(response, job.Id, ErrorText(body.Error)),
            });
        }

        if (string.Equals(status, "COMPLETED", StringComparison.OrdinalIgnoreCase))
        {
            if (context.Stage != ResultStage)
            {
                return PollOutcome.FollowUp(ResultStage);
            }

            if (body.Output is not { ValueKind: not JsonValueKind.Null } output)
            {
                throw ProviderErrors.Unreadable(response, "a COMPLETED job without 'output'");
            }

            var seed = job.Properties.TryGetValue(SeedProperty, out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            var outputs = SegmindResponses.ReadOutput(output, job.Operation, seed, SegmindResponses.CostOf(body.Metrics), response);
            var credits = SegmindResponses.RemainingCredits(response)
                ?? (job.Properties.TryGetValue(CreditsProperty, out var c) && decimal.TryParse(c, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null);
            return PollOutcome.Of(new ImageJobStatus(job, ImageJobState.Succeeded, status)
            {
                Result = new ImageResult(Provider, job.Operation, outputs.Images)
                {
                    Descriptions = outputs.Descriptions,
                    Cost = outputs.Cost,
                    RemainingCredits = credits,
                    RequestId = job.Id,
                    Created = job.CreatedAt,
                    Job = job,
                },
            });
        }

        if (string.IsNullOrWhiteSpace(status))
        {
            throw ProviderErrors.Unreadable(response, "a job status without 'status'");
        }

        // QUEUED and PROCESSING are documented; an unknown word is taken as still running.
        var state = string.Equals(status, "QUEUED", StringComparison.OrdinalIgnoreCase) ? ImageJobState.Queued : ImageJobState.Running;
        return PollOutcome.Of(new ImageJobStatus(job, state, status));
    }

    /// <summary>Segmind answers a FAILED job with HTTP 422 and a <c>{"status": "FAILED", "error": ...}</c> body: a job outcome, not a transport error.</summary>
    public override bool IsJobAnswer(PollContext context, ProviderResponse response) =>
        response.StatusCode == HttpStatusCode.UnprocessableEntity && SegmindResponses.IsFailed(ReadStatus(response)?.Status);

    /// <summary>
    /// Errors are <c>{"error": "..."}</c> (sometimes with <c>detail</c>); otherwise <c>detail</c>, <c>message</c> or the raw
    /// text. 406 is Segmind's "Insufficient Credits".
    /// </summary>
    public override IdeogramException ReadError(ProviderResponse response)
    {
        var (code, message) = ProviderErrors.ReadCommonBody(response);
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && ProviderErrors.Text(doc.RootElement, "error") is { } error
                && ProviderErrors.Text(doc.RootElement, "detail") is { } detail)
            {
                message = $"{error}: {detail}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: the common reader already took the raw text.
        }

        // Segmind's queue reports a refused prompt as "content_policy_violation"; the same words in an error mark a safety refusal.
        var contentPolicy = message?.Contains("content_policy", StringComparison.OrdinalIgnoreCase) == true;
        return ProviderErrors.FromResponse(response, (code, message), isContentPolicy: contentPolicy,
            isInsufficientCredits: response.StatusCode == HttpStatusCode.NotAcceptable);
    }

    private static SegmindRequestStatus? ReadStatus(ProviderResponse response)
    {
        try
        {
            return response.Body.Length == 0 ? null : JsonSerializer.Deserialize(response.Body, SegmindJsonContext.Default.SegmindRequestStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Each item's wire text, in an array (the shared empty one when there is none).</summary>
    private static string[] WireList<T>(IReadOnlyList<T> items, Func<T, string> wire)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var texts = new string[items.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = wire(items[i]);
        }

        return texts;
    }

    private static string? ErrorText(JsonElement? error) => error switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Object } e => ProviderErrors.Text(e, "message") ?? e.GetRawText(),
        _ => null,
    };

    private static SegmindColorPalette? PaletteOf(ColorPalette? palette) => palette switch
    {
        null => null,
        { Preset: { } preset } => new SegmindColorPalette { Name = OpenEnum.Canonical(ColorPalettePreset.Known, preset).Value },
        _ => new SegmindColorPalette { Members = [.. palette.Members.Select(m => new SegmindColorPaletteMember { ColorHex = m.ColorHex, ColorWeight = m.Weight })] },
    };
}
