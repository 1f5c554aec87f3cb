using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Diagnostics;

/// <summary>
/// The telemetry of one public call while it runs: its span (nested under the caller's), its duration, what it
/// produced, and how it failed. Made only when something listens (<see cref="ClientTelemetry.Start"/>), it is also the
/// ambient "inside an SDK call" marker (<see cref="Current"/>) the send path adds its retries to.
/// </summary>
internal sealed class OperationScope : IDisposable
{
    private static readonly AsyncLocal<OperationScope?> Ambient = new();

    /// <summary>Set while the SDK reads a job for one of its own waits, so those reads are request spans of the wait, not calls of their own.</summary>
    private static readonly AsyncLocal<object?> InternalRead = new();

    private static readonly object Marker = new();

    private readonly ClientTelemetry _telemetry;
    private readonly SdkCall _call;
    private readonly ImageOperation? _operation;
    private readonly long _started;
    private int _retries;
    private string? _jobId;
    private string? _errorType;

    public OperationScope(ClientTelemetry telemetry, SdkCall call, ImageOperation? operation, ImageRequest? request, ImageJob? job)
    {
        _telemetry = telemetry;
        _call = call;
        _operation = operation;
        _started = telemetry.Time.GetTimestamp();
        _jobId = job?.Id;
        Activity = Telemetry.Source.StartActivity(Telemetry.SpanName(call), ActivityKind.Client);
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(Telemetry.ProviderName, telemetry.ProviderName);
            activity.SetTag(Telemetry.OperationName, Telemetry.CallName(call));
            activity.SetTag(Telemetry.RequestModel, Telemetry.Model);
            if (operation is { } op)
            {
                activity.SetTag(Telemetry.ImageOperation, Telemetry.Name(op));
                activity.SetTag(Telemetry.OutputType, op == ImageOperation.Describe ? "text" : "image");
            }

            if (job is not null)
            {
                activity.SetTag(Telemetry.JobId, job.Id);
            }

            if (request is not null)
            {
                Describe(activity, request, telemetry.Sensitive);
            }
        }

        var logger = telemetry.Logger;
        if (telemetry.Sensitive && Prompt(request) is { } prompt && logger.IsEnabled(LogLevel.Debug))
        {
            var name = Telemetry.CallName(call);
            Log.RequestContent(logger, telemetry.ProviderName, name, prompt);
        }

        Ambient.Value = this;
    }

    /// <summary>The SDK call running on this async flow, if it is observed.</summary>
    public static OperationScope? Current => Ambient.Value;

    /// <summary>Whether the current flow is a read the SDK makes for one of its own waits.</summary>
    public static bool IsInternalRead => InternalRead.Value is not null;

    /// <summary>The call's span, when a listener samples it.</summary>
    public Activity? Activity { get; }

    /// <summary>The image operation the call is about (generate, edit...), when known: not for a download.</summary>
    public ImageOperation? Operation => _operation;

    /// <summary>Marks the rest of the calling async method as the SDK reading a job for its own wait (undone when that method returns).</summary>
    public static void EnterInternalRead() => InternalRead.Value = Marker;

    /// <summary>Makes this call current again on a flow that lost it (an async iterator resumed by its consumer).</summary>
    public void Resume()
    {
        if (Activity is not null && Activity.Current != Activity)
        {
            Activity.Current = Activity;
        }

        if (Ambient.Value != this)
        {
            Ambient.Value = this;
        }
    }

    /// <summary>Records retries made by the provider requests of this call.</summary>
    public void AddRetries(int retries) => Interlocked.Add(ref _retries, retries);

    /// <summary>Records the job this call's submission created (the first, for a split request).</summary>
    public void Accepted(string jobId) => Interlocked.CompareExchange(ref _jobId, jobId, null);

    /// <summary>A result came back: its images, cost and warnings.</summary>
    /// <param name="result">The result.</param>
    /// <param name="produced">Whether the images are new (not a result the caller already had, such as a completed job's).</param>
    public void Completed(ImageResult result, bool produced = true)
    {
        if (result.Job is { } job)
        {
            Accepted(job.Id);
        }

        var operation = _operation ?? result.Operation;
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(Telemetry.Images, result.Images.Count);
            activity.SetTag(Telemetry.ResponseId, result.RequestId);
            if (result.Cost is { } cost)
            {
                activity.SetTag(Telemetry.Cost, (double)cost);
            }

            if (result.Warnings.Count > 0)
            {
                activity.SetTag(Telemetry.Warnings, result.Warnings.Select(w => w.Code).Distinct(StringComparer.Ordinal).ToArray());
            }

            if (_telemetry.Sensitive)
            {
                activity.SetTag(Telemetry.ImageUrls, result.Images.Where(i => i.Url is { Scheme: not "data" }).Select(i => i.Url!.AbsoluteUri).ToArray());
            }
        }

        if (!produced)
        {
            return;
        }

        var metrics = _telemetry.Metrics;
        if (metrics.Images.Enabled && result.Images.Count > 0)
        {
            metrics.Images.Add(result.Images.Count, new(Telemetry.ProviderName, _telemetry.ProviderName), new(Telemetry.ImageOperation, Telemetry.Name(operation)));
        }

        if (metrics.Cost.Enabled && result.Cost is { } spent)
        {
            metrics.Cost.Add((double)spent, new(Telemetry.ProviderName, _telemetry.ProviderName), new(Telemetry.ImageOperation, Telemetry.Name(operation)));
        }

        _telemetry.LogWarnings(result.Warnings, operation);
    }

    /// <summary>A submission was accepted: the job (and, from a synchronous provider, its result).</summary>
    public void Submitted(ImageJob job)
    {
        Accepted(job.Id);
        Activity?.SetTag(Telemetry.JobId, job.Id);
        if (job.Result is { } result)
        {
            Completed(result);
        }
        else
        {
            _telemetry.LogWarnings(job.Warnings, job.Operation);
        }
    }

    /// <summary>A status was read.</summary>
    public void Polled(ImageJobStatus status)
    {
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(Telemetry.JobState, Telemetry.Name(status.State));
            activity.SetTag(Telemetry.JobProviderStatus, status.ProviderStatus);
        }
    }

    /// <summary>An image was downloaded.</summary>
    public void Downloaded(GeneratedImage image, long bytes)
    {
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(Telemetry.DownloadedBytes, bytes);
            if (_telemetry.Sensitive && image.Url is { Scheme: not "data" } url)
            {
                activity.SetTag(Telemetry.UrlFull, url.AbsoluteUri);
            }
        }
    }

    /// <summary>Records a failure; always <see langword="false"/>, so it can run in an exception filter without catching.</summary>
    public static bool Fail(OperationScope? scope, Exception exception)
    {
        scope?.Failed(exception);
        return false;
    }

    public void Dispose()
    {
        var elapsed = _telemetry.Time.GetElapsedTime(_started);
        var metrics = _telemetry.Metrics;
        if (metrics.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { Telemetry.ProviderName, _telemetry.ProviderName },
                { Telemetry.OperationName, Telemetry.CallName(_call) },
                { Telemetry.RequestModel, Telemetry.Model },
            };
            if (_errorType is not null)
            {
                tags.Add(Telemetry.ErrorType, _errorType);
            }

            metrics.OperationDuration.Record(elapsed.TotalSeconds, tags);
        }

        var logger = _telemetry.Logger;
        if (_errorType is null && logger.IsEnabled(LogLevel.Debug))
        {
            var call = Telemetry.CallName(_call);
            Log.OperationCompleted(logger, _telemetry.ProviderName, call, (long)elapsed.TotalMilliseconds);
        }

        if (Activity is { } activity)
        {
            if (_retries > 0)
            {
                activity.SetTag(Telemetry.RetryCount, _retries);
            }

            if (_jobId is not null)
            {
                activity.SetTag(Telemetry.JobId, _jobId);
            }

            activity.Dispose();
        }
    }

    /// <summary>A job token for a log line: only for a job that carries no image URLs, unless sensitive data may be recorded.</summary>
    internal static string? TokenFor(ImageJob job, bool sensitive)
    {
        if (!sensitive && (job.Result is not null || job.Parts.Any(p => p.Result is not null)))
        {
            return null;
        }

        try
        {
            return job.ToToken();
        }
        catch (InvalidOperationException)
        {
            // A job made by hand whose id no token can carry.
            return null;
        }
    }

    /// <summary>
    /// Whether the failure leaves a paid job that may still produce images: the wait timed out or was cancelled, a status
    /// read failed, or the submission may have run (not a job that ran and failed).
    /// </summary>
    private static bool MayStillFinish(Exception exception) => exception switch
    {
        IdeogramJobTimeoutException or IdeogramCanceledException { MayHaveCharged: true } => true,
        IdeogramException { FailedOnRead: true, MayHaveCharged: true } => true,
        IdeogramException { Submission: SubmissionState.MayHaveRun } => true,
        _ => false,
    };

    private static string? Prompt(ImageRequest? request) => request switch
    {
        StyledImageRequest styled => styled.Prompt,
        UpscaleRequest upscale => upscale.Prompt,
        _ => null,
    };

    private static void Describe(Activity activity, ImageRequest request, bool sensitive)
    {
        activity.SetTag(Telemetry.RequestedImages, request.NumImages ?? 1);
        if (request.Seed is { } seed)
        {
            activity.SetTag(Telemetry.RequestSeed, seed);
        }

        if (request is StyledImageRequest { RenderingSpeed: { } speed })
        {
            activity.SetTag(Telemetry.RenderingSpeed, speed.Value);
        }

        if (!sensitive)
        {
            return;
        }

        activity.SetTag(Telemetry.Prompt, Prompt(request));
        if (request is StyledImageRequest { NegativePrompt: { } negative })
        {
            activity.SetTag(Telemetry.NegativePrompt, negative);
        }

        var urls = InputUrls(request).ToArray();
        if (urls.Length > 0)
        {
            activity.SetTag(Telemetry.InputImageUrls, urls);
        }
    }

    private static IEnumerable<string> InputUrls(ImageRequest request)
    {
        IEnumerable<ImageInput?> inputs = request switch
        {
            EditRequest e => [e.Image, e.Mask, .. e.StyleReferenceImages, .. e.CharacterReferenceImages],
            RemixRequest r => [r.Image, .. r.StyleReferenceImages, .. r.CharacterReferenceImages],
            ReframeRequest f => [f.Image],
            ReplaceBackgroundRequest b => [b.Image, .. b.StyleReferenceImages],
            StyledImageRequest s => [.. s.StyleReferenceImages, .. s.CharacterReferenceImages],
            DescribeRequest d => [d.Image],
            UpscaleRequest u => [u.Image],
            _ => [],
        };
        return inputs.Select(i => i?.Url?.AbsoluteUri).OfType<string>();
    }

    private void Failed(Exception exception)
    {
        _errorType = Telemetry.ErrorTypeOf(exception);
        var (status, requestId, submission, job) = exception switch
        {
            IdeogramException e => ((int?)e.StatusCode, e.RequestId, e.Submission, e.Job),
            IdeogramCanceledException c => (null, null, c.Submission, c.Job),
            _ => ((int?)null, (string?)null, SubmissionState.Unknown, (ImageJob?)null),
        };
        if (job is not null)
        {
            Accepted(job.Id);
        }

        if (Activity is { } activity)
        {
            activity.SetStatus(ActivityStatusCode.Error, _telemetry.Sensitive ? exception.Message : null);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(Telemetry.ErrorType, _errorType);
                if (status is { } code)
                {
                    activity.SetTag(Telemetry.HttpStatus, code);
                }

                if (requestId is not null)
                {
                    activity.SetTag(Telemetry.ProviderRequestId, requestId);
                }

                if (submission != SubmissionState.Unknown)
                {
                    activity.SetTag(Telemetry.SubmissionState, Telemetry.Name(submission));
                }

                if (_telemetry.Sensitive)
                {
                    activity.AddException(exception);
                }
            }
        }

        var logger = _telemetry.Logger;
        var provider = _telemetry.ProviderName;
        var call = Telemetry.CallName(_call);
        var state = Telemetry.Name(submission);
        var jobId = job?.Id ?? _jobId;
        if (exception is OperationCanceledException)
        {
            Log.OperationCanceled(logger, provider, call, state, jobId);
        }
        else
        {
            Log.OperationFailed(logger, provider, call, _errorType, status, requestId, state, jobId);
        }

        if (job is { IsCompleted: false } pending && MayStillFinish(exception) && logger.IsEnabled(LogLevel.Warning)
            && TokenFor(pending, _telemetry.Sensitive) is { } token)
        {
            Log.AcceptedJobNotFinished(logger, provider, call, pending.Id, _errorType, token);
        }
    }
}
