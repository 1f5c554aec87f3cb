using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk.Providers.ApiInOne;

/// <summary>
/// API in One: <c>POST /api/v1/images/generations</c> with <c>Authorization: Bearer</c> creates a task
/// (<c>{code, message, data: {task_id, status}}</c>); <c>GET /api/v1/tasks/{task_id}</c> reads it until it ends.
/// Image inputs are URLs only.
/// </summary>
internal sealed class ApiInOneAdapter : ProviderAdapter
{
    public override IdeogramProvider Provider => IdeogramProvider.ApiInOne;

    public override ProviderProfile Profile => ApiInOneParameters.Profile;

    private readonly RouteCache _routes = new();

    public override Uri DefaultBaseAddress { get; } = new("https://apiin.one/");

    public override void Authenticate(HttpRequestMessage request, ApiKey apiKey) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Reveal());

    public override HttpRequestMessage CreateSubmit(SubmitContext context)
    {
        var body = ExtraWireFields.Serialize(BodyOf(context.Request), ApiInOneJsonContext.Default.ApiInOneCreateBody, context.Request, Provider, n => n.AsObject());
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new SdkRequestMessage(HttpMethod.Post, _routes.For(context.BaseAddress, ApiInOneParameters.CreatePath)) { Content = content };
    }

    /// <summary>The JSON body of one task.</summary>
    internal static ApiInOneCreateBody BodyOf(PreparedRequest r)
    {
        var op = ApiInOneParameters.Profile.Operations[r.Operation];
        return new ApiInOneCreateBody
        {
            Model = ApiInOneParameters.ModelOf(r.RenderingSpeed),
            Prompt = r.Prompt,
            AspectRatio = r.AspectRatio is { } ratio ? op.Wire(ImageParameter.AspectRatio, ratio.Value) : null,
            Style = r.StyleType is { } style ? op.Wire(ImageParameter.StyleType, style.Value) : null,
            Image = r.Image is null ? null : UrlOf(r, ImageParameter.Image, r.Image),
            MaskImage = r.Mask is null ? null : UrlOf(r, ImageParameter.Mask, r.Mask),
            ReferenceImages = r.StyleReferenceImages.Count == 0 ? null : [.. r.StyleReferenceImages.Select(i => UrlOf(r, ImageParameter.StyleReferenceImages, i))],
        };
    }

    protected override SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response)
    {
        var r = context.Request;
        var task = ApiInOneTask.Read(response);
        if (task.IsEnvelopeError)
        {
            throw EnvelopeError(response, task);
        }

        // The docs show a task; a route that answers at once with the image is tolerated.
        if (task.State == ImageJobState.Succeeded && task.Urls.Count > 0)
        {
            return SubmitOutcome.Completed(ResultOf(r.Operation, task, null, context.Time.GetUtcNow()));
        }

        if (string.IsNullOrWhiteSpace(task.TaskId))
        {
            throw ProviderErrors.Unreadable(response, "a create answer without 'data.task_id'");
        }

        var job = new ImageJob(Provider, r.Operation, task.TaskId, context.Time.GetUtcNow());
        if (task.State is ImageJobState.Failed or ImageJobState.Canceled)
        {
            var failed = JobFailed(response, job, task);
            failed.Job = job;
            throw failed;
        }

        return SubmitOutcome.Pending(job);
    }

    public override HttpRequestMessage CreatePoll(PollContext context) =>
        new SdkRequestMessage(HttpMethod.Get, new Uri(context.BaseAddress, ApiInOneParameters.TaskPath(context.Job.Id)));

    public override PollOutcome ReadPoll(PollContext context, ProviderResponse response)
    {
        var job = context.Job;
        var task = ApiInOneTask.Read(response);
        if (task.IsEnvelopeError)
        {
            throw EnvelopeError(response, task);
        }

        switch (task.State)
        {
            case null:
                throw ProviderErrors.Unreadable(response, "a task body without a status or result the client can read");
            case ImageJobState.Succeeded when task.Urls.Count == 0:
                throw ProviderErrors.Unreadable(response, $"task '{job.Id}' reported as '{task.Status}' without image URLs the client can find");
            case ImageJobState.Succeeded:
                return PollOutcome.Of(new ImageJobStatus(job, ImageJobState.Succeeded, task.Status) { Result = ResultOf(job.Operation, task, job, job.CreatedAt) });
            case ImageJobState.Failed or ImageJobState.Canceled:
                return PollOutcome.Of(new ImageJobStatus(job, task.State.Value, task.Status) { Error = JobFailed(response, job, task) });
            default:
                return PollOutcome.Of(new ImageJobStatus(job, task.State.Value, task.Status));
        }
    }

    /// <summary>
    /// The documented error body is <c>{"error": {"code": 400, "message": "...", "type": "invalid_request"}}</c>; the
    /// <c>type</c> becomes <see cref="IdeogramException.ErrorCode"/>. The success envelope <c>{code, message}</c> is read
    /// too, in case errors use it.
    /// </summary>
    public override IdeogramException ReadError(ProviderResponse response)
    {
        var (code, message) = ProviderErrors.ReadCommonBody(response);
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = ProviderErrors.Text(error, "type") ?? ProviderErrors.Text(error, "code") ?? code;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the common reader already took the raw text.
        }

        var credits = code?.Contains("credit", StringComparison.OrdinalIgnoreCase) == true
            || code?.Contains("insufficient", StringComparison.OrdinalIgnoreCase) == true
            || message?.Contains("insufficient credit", StringComparison.OrdinalIgnoreCase) == true;
        return ProviderErrors.FromResponse(response, (code, message), isInsufficientCredits: credits);
    }

    /// <summary>An HTTP 200 whose envelope carries an error code: read as that status.</summary>
    private IdeogramException EnvelopeError(ProviderResponse response, ApiInOneTask.Snapshot task) =>
        ReadError(response.WithStatus((HttpStatusCode)task.EnvelopeCode!.Value));

    private ImageResult ResultOf(ImageOperation operation, ApiInOneTask.Snapshot task, ImageJob? job, DateTimeOffset created) =>
        new(Provider, operation, [.. task.Urls.Select(u => new GeneratedImage { Url = u, ContentType = ImageLinks.ContentTypeOfPath(u) })])
        {
            RequestId = task.TaskId ?? job?.Id,
            Created = created,
            Job = job,
        };

    private static IdeogramJobFailedException JobFailed(ProviderResponse response, ImageJob job, ApiInOneTask.Snapshot task)
    {
        return ProviderErrors.Create(response, $"API in One task '{job.Id}' ended as '{task.Status}'{(string.IsNullOrWhiteSpace(task.Error) ? "." : $": {task.Error}")}",
            task.Status, task.Error, (m, d) => new IdeogramJobFailedException(m, d));
    }

    /// <summary>API in One takes http(s) URLs only; bytes are refused by validation (<see cref="ProviderProfile.AcceptsImageBytes"/>), data URIs here, before any call.</summary>
    private static string UrlOf(PreparedRequest r, ImageParameter parameter, LoadedImage image)
    {
        if (image.Url is { } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url.AbsoluteUri;
        }

        throw new UnsupportedParameterException(IdeogramProvider.ApiInOne, r.Operation, parameter,
            "was not given as an http(s) URL, but API in One takes image URLs only; upload the image and pass ImageInput.FromUrl(...)",
            "an http(s) URL",
            [.. ProviderRegistry.Profiles.Where(p => p.AcceptsImageBytes && p.Operations.ContainsKey(r.Operation)).Select(p => p.Provider)]);
    }
}
