using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Ideogram.Sdk;

/// <summary>
/// A paid job accepted by a provider. Asynchronous providers return it pending; synchronous providers return it
/// already completed, so the same code works everywhere. <see cref="ToToken"/> turns it into a short string that
/// another process can <see cref="Parse"/> and poll to completion.
/// </summary>
/// <remarks>
/// The token holds the provider, operation and ids (and a completed job's result) only: never an API key, and never
/// a base address (a token cannot redirect a client's key to another host). A token is untrusted input:
/// <see cref="Parse"/> refuses ids and properties that are not plain ids, result URLs the SDK would never fetch,
/// and oversized or deeply nested tokens. Tokens stay small: inline image bytes are kept up to 32 KB per token; a job
/// whose inline images are larger is written so that polling reads it again from the provider where the provider
/// keeps it, and otherwise without the bytes (the rehydrated result then has a <c>data-not-in-token</c> warning).
/// </remarks>
public sealed class ImageJob
{
    private const int TokenVersion = 1;

    private IReadOnlyList<Warning> _warnings = [];

    /// <summary>Creates a job.</summary>
    /// <param name="provider">The provider that accepted it.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="id">The provider's job id (run id, request id, task UUID...).</param>
    /// <param name="createdAt">When it was accepted.</param>
    /// <param name="properties">Provider-specific facts needed to poll it (copied; later changes to the dictionary have no effect).</param>
    public ImageJob(IdeogramProvider provider, ImageOperation operation, string id, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Provider = provider;
        Operation = operation;
        Id = id;
        CreatedAt = createdAt;
        Properties = properties is null || properties.Count == 0
            ? EmptyProperties
            : new Dictionary<string, string>(properties, StringComparer.Ordinal).AsReadOnly();
    }

    private static IReadOnlyDictionary<string, string> EmptyProperties { get; } = new Dictionary<string, string>().AsReadOnly();

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

    /// <summary>
    /// What the client changed or left out when it submitted the job (best-effort substitutions, a
    /// <see cref="SubmitOptions.CallbackUrl"/> the provider cannot take). For a completed job these are also in
    /// <see cref="ImageResult.Warnings"/>; for a split job, those of its parts. Not kept in the token.
    /// </summary>
    public IReadOnlyList<Warning> Warnings
    {
        get => _warnings.Count > 0 ? _warnings
            : Parts.Count > 0 ? [.. Parts.SelectMany(p => p.Warnings).Distinct()]
            : Result?.Warnings ?? [];
        internal set => _warnings = value ?? [];
    }

    /// <summary>Turns the job into a compact URL-safe string (see <see cref="Parse"/>).</summary>
    /// <returns>The token.</returns>
    /// <exception cref="InvalidOperationException">
    /// The job (built by hand) has an id or a property that is not a plain id: 1 to 256 ASCII letters, digits and
    /// <c>- _ . ~ : @ + = , ;</c>, without <c>..</c>. Such a token could not be read back.
    /// </exception>
    public string ToToken()
    {
        long inlineBudget = JobTokenRules.MaxInlineBytes;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ToDto(this, ref inlineBudget), SdkJsonContext.Default.JobTokenDto);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made by <see cref="ToToken"/>.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">The token is null, empty or white space.</exception>
    /// <exception cref="FormatException">
    /// The token is not one this SDK made, or holds something a job never does: an id or property that is not a plain
    /// id, an image URL that is not http(s) or points at a link-local or cloud metadata address, more than 128 K
    /// characters, more than 32 KB of inline image data, nested or too many parts.
    /// </exception>
    public static ImageJob Parse(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        try
        {
            JobTokenRules.Require(token.Length <= JobTokenRules.MaxTokenLength, FormattableString.Invariant($"is longer than {JobTokenRules.MaxTokenLength} characters"));
            var dto = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(token), SdkJsonContext.Default.JobTokenDto)
                ?? throw new FormatException("The job token is empty.");
            if (dto.V != TokenVersion)
            {
                throw new FormatException($"The job token has version {dto.V}; this SDK reads version {TokenVersion}.");
            }

            long inlineBudget = JobTokenRules.MaxInlineBytes;
            return FromDto(dto, isPart: false, ref inlineBudget);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new FormatException("The string is not a valid Ideogram.Sdk job token.", e);
        }
    }

    /// <summary>Reads a token made by <see cref="ToToken"/>, without throwing.</summary>
    /// <param name="token">The token.</param>
    /// <param name="job">The job, when the token is valid.</param>
    /// <returns>Whether the token was valid.</returns>
    public static bool TryParse(string? token, [NotNullWhen(true)] out ImageJob? job)
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

    private static JobTokenDto ToDto(ImageJob job, ref long inlineBudget)
    {
        // A completed job whose inline images do not fit, and which the provider keeps (its result names a pending
        // job of the provider's), is written as that pending job: polling reads the images again.
        if (job.Result is { } done && job.Parts.Count == 0 && InlineBytes(done) > inlineBudget
            && done.Job is { IsCompleted: false, Parts.Count: 0 } again && again.Provider == job.Provider)
        {
            return ToDto(again, ref inlineBudget);
        }

        if (job.Result is null || job.Parts.Count > 0)
        {
            // The id is sent back to the provider when the job is polled: it must be a plain id.
            if (!JobTokenRules.IsPlainId(job.Id))
            {
                throw new InvalidOperationException($"This {job.Provider} job cannot be written as a token: its id is not a plain id (1 to {JobTokenRules.MaxIdLength} letters, digits and - _ . ~ : @ + = , ; without '..').");
            }
        }

        foreach (var (name, value) in job.Properties)
        {
            if (!JobTokenRules.IsPlainId(name) || !JobTokenRules.IsPlainId(value))
            {
                throw new InvalidOperationException($"This {job.Provider} job cannot be written as a token: its property '{(JobTokenRules.IsLabel(name) ? name : "?")}' is not a plain id.");
            }
        }

        var parts = new List<JobTokenDto>(job.Parts.Count);
        foreach (var part in job.Parts)
        {
            parts.Add(ToDto(part, ref inlineBudget));
        }

        return new JobTokenDto
        {
            V = TokenVersion,
            P = job.Provider,
            O = job.Operation,

            // A completed job's id is a label (a request id, never sent again): one a token cannot carry is replaced.
            Id = JobTokenRules.IsPlainId(job.Id) ? job.Id : "sync-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(job.Id)))[..32],
            C = job.CreatedAt.ToUnixTimeMilliseconds(),
            Props = job.Properties.Count == 0 ? null : new Dictionary<string, string>(job.Properties),
            Parts = parts.Count == 0 ? null : parts,

            // A split job's result is its parts' results: it is rebuilt from them when the token is read.
            R = job.Result is null || job.Parts.Count > 0 ? null : ResultDto.From(job.Result, ref inlineBudget),
        };
    }

    private static long InlineBytes(ImageResult result) => result.Images.Sum(i => (long)(i.Data?.Length ?? 0));

    private static ImageJob FromDto(JobTokenDto dto, bool isPart, ref long inlineBudget)
    {
        JobTokenRules.Require(Enum.IsDefined(dto.P) && Enum.IsDefined(dto.O), "names an unknown provider or operation");
        JobTokenRules.Require(dto.Parts is null || (!isPart && dto.Parts.Count <= JobTokenRules.MaxParts), "has nested or too many parts");
        JobTokenRules.Require((dto.Props?.Count ?? 0) <= JobTokenRules.MaxProperties, "has too many properties");
        var id = JobTokenRules.PlainId(dto.Id, "job id");
        foreach (var (name, value) in dto.Props ?? [])
        {
            JobTokenRules.PlainId(name, "property name");
            JobTokenRules.PlainId(value, "property value");
        }

        var parts = new List<ImageJob>(dto.Parts?.Count ?? 0);
        foreach (var part in dto.Parts ?? [])
        {
            parts.Add(FromDto(part ?? throw new FormatException("The job token has an empty part."), isPart: true, ref inlineBudget));
        }

        var result = dto.R?.ToResult(dto.P, dto.O);
        if (result is not null)
        {
            inlineBudget -= InlineBytes(result);
            JobTokenRules.Require(inlineBudget >= 0, FormattableString.Invariant($"holds more than {JobTokenRules.MaxInlineBytes} bytes of inline image data"));
        }

        JobTokenRules.Require(parts.All(p => p.Provider == dto.P), "has parts of another provider");
        return new ImageJob(dto.P, dto.O, id, DateTimeOffset.FromUnixTimeMilliseconds(dto.C), dto.Props)
        {
            Parts = parts,
            Result = result ?? (parts.Count > 0 && parts.All(p => p.IsCompleted) ? Merge(dto.P, dto.O, parts) : null),
        };
    }

    /// <summary>A split job's result from its completed parts' results.</summary>
    private static ImageResult Merge(IdeogramProvider provider, ImageOperation operation, List<ImageJob> parts)
    {
        var results = parts.Select(p => p.Result!).ToList();
        return new ImageResult(provider, operation, [.. results.SelectMany(r => r.Images)])
        {
            Descriptions = [.. results.SelectMany(r => r.Descriptions)],
            Created = results.Select(r => r.Created).FirstOrDefault(c => c is not null),
            Cost = results.Any(r => r.Cost is not null) ? results.Sum(r => r.Cost ?? 0) : null,
            Warnings = [.. results.SelectMany(r => r.Warnings).Distinct()],
        };
    }
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
