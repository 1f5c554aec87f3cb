using System.Buffers.Text;
using System.Text.Json;

namespace Ideogram.Sdk;

/// <summary>
/// A paid job accepted by a provider. Asynchronous providers return it pending; synchronous providers return it
/// already completed, so the same code works everywhere. <see cref="ToToken"/> turns it into a short string that
/// another process can <see cref="Parse"/> and poll to completion.
/// </summary>
/// <remarks>The token holds the provider, operation and ids only: never an API key, and never a base address (a token
/// cannot redirect a client's key to another host).</remarks>
public sealed class ImageJob
{
    private const int TokenVersion = 1;

    /// <summary>Creates a job.</summary>
    /// <param name="provider">The provider that accepted it.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="id">The provider's job id (run id, request id, task UUID...).</param>
    /// <param name="createdAt">When it was accepted.</param>
    /// <param name="properties">Provider-specific facts needed to poll it.</param>
    public ImageJob(IdeogramProvider provider, ImageOperation operation, string id, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Provider = provider;
        Operation = operation;
        Id = id;
        CreatedAt = createdAt;
        Properties = properties ?? new Dictionary<string, string>();
    }

    /// <summary>The provider that accepted the job.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>The operation.</summary>
    public ImageOperation Operation { get; }

    /// <summary>The provider's id for the job.</summary>
    public string Id { get; }

    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Provider-specific facts needed to poll the job.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Whether the job's result is already known (always true for synchronous providers).</summary>
    public bool IsCompleted => Result is not null;

    /// <summary>The result, once known.</summary>
    public ImageResult? Result { get; internal init; }

    /// <summary>When one request became several provider jobs (a provider that makes one image per call), those jobs.</summary>
    public IReadOnlyList<ImageJob> Parts { get; internal init; } = [];

    /// <summary>The same job with its result, once the result is known.</summary>
    internal ImageJob WithResult(ImageResult result) => new(Provider, Operation, Id, CreatedAt, Properties) { Parts = Parts, Result = result };

    /// <summary>Turns the job into a compact URL-safe string (see <see cref="Parse"/>).</summary>
    /// <returns>The token.</returns>
    public string ToToken()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ToDto(this), SdkJsonContext.Default.JobTokenDto);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made by <see cref="ToToken"/>.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The job.</returns>
    /// <exception cref="FormatException">The token is not one this SDK made.</exception>
    public static ImageJob Parse(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        try
        {
            var dto = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(token), SdkJsonContext.Default.JobTokenDto)
                ?? throw new FormatException("The job token is empty.");
            if (dto.V != TokenVersion)
            {
                throw new FormatException($"The job token has version {dto.V}; this SDK reads version {TokenVersion}.");
            }

            return FromDto(dto);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new FormatException("The string is not a valid Ideogram.Sdk job token.", e);
        }
    }

    /// <summary>Reads a token made by <see cref="ToToken"/>, without throwing.</summary>
    /// <param name="token">The token.</param>
    /// <param name="job">The job, when the token is valid.</param>
    /// <returns>Whether the token was valid.</returns>
    public static bool TryParse(string? token, out ImageJob? job)
    {
        job = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            return false;
        }

        try
        {
            job = Parse(token);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ImageJob({Provider}, {Operation}, {Id}{(IsCompleted ? ", completed" : string.Empty)})";

    private static JobTokenDto ToDto(ImageJob job) => new()
    {
        V = TokenVersion,
        P = job.Provider,
        O = job.Operation,
        Id = job.Id,
        C = job.CreatedAt.ToUnixTimeMilliseconds(),
        Props = job.Properties.Count == 0 ? null : new Dictionary<string, string>(job.Properties),
        Parts = job.Parts.Count == 0 ? null : [.. job.Parts.Select(ToDto)],
        R = job.Result is null ? null : ResultDto.From(job.Result),
    };

    private static ImageJob FromDto(JobTokenDto dto) => new(dto.P, dto.O, dto.Id ?? throw new FormatException("The job token has no id."), DateTimeOffset.FromUnixTimeMilliseconds(dto.C), dto.Props)
    {
        Parts = dto.Parts is null ? [] : [.. dto.Parts.Select(FromDto)],
        Result = dto.R?.ToResult(dto.P, dto.O),
    };
}

/// <summary>The state of a job at the time it was polled.</summary>
public sealed class ImageJobStatus
{
    /// <summary>Creates a status.</summary>
    /// <param name="job">The job.</param>
    /// <param name="state">Its state.</param>
    /// <param name="providerStatus">The provider's own status word.</param>
    public ImageJobStatus(ImageJob job, ImageJobState state, string? providerStatus = null)
    {
        Job = job;
        State = state;
        ProviderStatus = providerStatus;
    }

    /// <summary>The job.</summary>
    public ImageJob Job { get; }

    /// <summary>The neutral state.</summary>
    public ImageJobState State { get; }

    /// <summary>The provider's own status word (for example Runflow's <c>dispatching</c>).</summary>
    public string? ProviderStatus { get; }

    /// <summary>The result, when <see cref="State"/> is <see cref="ImageJobState.Succeeded"/>.</summary>
    public ImageResult? Result { get; init; }

    /// <summary>The failure, when <see cref="State"/> is <see cref="ImageJobState.Failed"/> or <see cref="ImageJobState.Canceled"/>.</summary>
    public IdeogramException? Error { get; init; }

    /// <summary>How long the provider asked the client to wait before polling again, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether the job has ended (succeeded, failed or was cancelled).</summary>
    public bool IsTerminal => State is ImageJobState.Succeeded or ImageJobState.Failed or ImageJobState.Canceled;

    /// <inheritdoc />
    public override string ToString() => $"ImageJobStatus({Job.Id}, {State}{(ProviderStatus is null ? string.Empty : $" '{ProviderStatus}'")})";
}

/// <summary>The neutral states of a job.</summary>
public enum ImageJobState
{
    /// <summary>Accepted and waiting to start.</summary>
    Queued,

    /// <summary>Being worked on.</summary>
    Running,

    /// <summary>Finished with a result.</summary>
    Succeeded,

    /// <summary>Finished without a result.</summary>
    Failed,

    /// <summary>Cancelled at the provider.</summary>
    Canceled,
}
