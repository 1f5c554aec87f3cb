using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Cli.Running;

/// <summary>The one JSON document a command prints with <c>--json</c>.</summary>
internal sealed class CliDocument
{
    /// <summary>The command that ran (<c>generate</c>, <c>wait</c>...).</summary>
    public required string Command { get; init; }

    /// <summary>The provider (<c>runware</c>...).</summary>
    public string? Provider { get; set; }

    /// <summary>The operation (<c>Generate</c>, <c>Edit</c>...).</summary>
    public string? Operation { get; set; }

    /// <summary>Whether the calls went to the tool's own local emulator (nothing was charged).</summary>
    public bool Emulator { get; set; }

    /// <summary>The job's token, for <c>ideogram wait</c>/<c>status</c>/<c>download</c>, when a job was accepted.</summary>
    public string? JobToken { get; set; }

    /// <summary>The provider's id for the job.</summary>
    public string? JobId { get; set; }

    /// <summary>The job's state (<c>Queued</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Canceled</c>).</summary>
    public string? State { get; set; }

    /// <summary>The provider's own word for the state.</summary>
    public string? ProviderStatus { get; set; }

    /// <summary>The images of the result, saved or not.</summary>
    public List<CliImage> Images { get; } = [];

    /// <summary>Describe's descriptions.</summary>
    public List<string> Descriptions { get; } = [];

    /// <summary>What the SDK or provider changed or noticed (best-effort substitutions, flagged images...).</summary>
    public List<CliWarning> Warnings { get; } = [];

    /// <summary>The total cost the provider reported (USD or credits, as the provider counts).</summary>
    public decimal? Cost { get; set; }

    /// <summary>The credits left, when the provider reports them.</summary>
    public decimal? RemainingCredits { get; set; }

    /// <summary>The provider's request id.</summary>
    public string? RequestId { get; set; }

    /// <summary>What the request would cost, one entry per provider priced (<c>ideogram price</c> only).</summary>
    public List<CliPrice>? Prices { get; set; }

    /// <summary>The exit code.</summary>
    public int ExitCode { get; set; }

    /// <summary>Why the command failed, when it did.</summary>
    public CliError? Error { get; set; }
}

/// <summary>One image of a result.</summary>
internal sealed class CliImage
{
    /// <summary>Its position in the result, from 1.</summary>
    public int Index { get; init; }

    /// <summary>Where it was saved; <see langword="null"/> when it was not.</summary>
    public string? Path { get; set; }

    /// <summary>The bytes written.</summary>
    public long? Bytes { get; set; }

    /// <summary>The provider's link (expires); <see langword="null"/> for inline images.</summary>
    public string? Url { get; init; }

    /// <summary>The seed it was made with.</summary>
    public long? Seed { get; init; }

    /// <summary>Its size, <c>WIDTHxHEIGHT</c>.</summary>
    public string? Resolution { get; init; }

    /// <summary>The prompt the model used (after MagicPrompt).</summary>
    public string? Prompt { get; init; }

    /// <summary>Whether it passed the provider's safety check.</summary>
    public bool IsSafe { get; init; }

    /// <summary>Its cost, when the provider reports it per image.</summary>
    public decimal? Cost { get; init; }
}

/// <summary>A warning of a result.</summary>
/// <param name="Code">The warning code (<c>substituted</c>, <c>dropped</c>...).</param>
/// <param name="Parameter">The parameter it concerns.</param>
/// <param name="Message">The text.</param>
internal sealed record CliWarning(string Code, string? Parameter, string Message);

/// <summary>A failure.</summary>
internal sealed class CliError
{
    /// <summary>
    /// <c>usage</c>, <c>validation</c>, <c>provider</c>, <c>job-failed</c>, <c>timeout</c>, <c>canceled</c> or
    /// <c>failure</c>, matching the exit code.
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>The message.</summary>
    public required string Message { get; init; }

    /// <summary>The exception type.</summary>
    public string? Type { get; init; }

    /// <summary>The HTTP status the provider answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The provider's error code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The provider's error message.</summary>
    public string? ProviderMessage { get; init; }

    /// <summary>The provider's request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>The parameter a validation refusal concerns.</summary>
    public string? Parameter { get; init; }

    /// <summary>Whether the provider may have run (and charged for) the request.</summary>
    public bool MayHaveCharged { get; init; }
}

/// <summary>What a request would cost at one provider, as the SDK's price table estimates it before anything is sent.</summary>
internal sealed class CliPrice
{
    /// <summary>The provider (<c>runware</c>...).</summary>
    public required string Provider { get; init; }

    /// <summary>What the price is counted per: <c>image</c> or <c>request</c>.</summary>
    public string? Unit { get; init; }

    /// <summary>The least one unit costs, in US dollars.</summary>
    public decimal? UnitMinUsd { get; init; }

    /// <summary>The most one unit costs, in US dollars.</summary>
    public decimal? UnitMaxUsd { get; init; }

    /// <summary>How many units the request counts (the images asked for, or 1 request).</summary>
    public int? Quantity { get; init; }

    /// <summary>The least the whole request costs, in US dollars.</summary>
    public decimal? MinUsd { get; init; }

    /// <summary>The most the whole request costs, in US dollars (what a budget reserves).</summary>
    public decimal? MaxUsd { get; init; }

    /// <summary>Whether the provider documents the figure for exactly this case.</summary>
    public bool? Confirmed { get; init; }

    /// <summary>Where the figure comes from.</summary>
    public string? Source { get; init; }

    /// <summary>The date of the figure.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>What is assumed, for an unconfirmed figure.</summary>
    public string? Note { get; init; }

    /// <summary>The SDK's own account of the estimate: figure, count, source and date.</summary>
    public string? Basis { get; init; }

    /// <summary>Why the provider cannot serve the request (<c>validation</c>: its mapping table refuses it; <c>no-price</c>: no price is known).</summary>
    public CliError? CannotServe { get; init; }
}

/// <summary>What one provider offers, as <c>ideogram capabilities --json</c> prints it.</summary>
internal sealed class CliCapabilities
{
    /// <summary>The provider.</summary>
    public required string Provider { get; init; }

    /// <summary>The environment variable its key is read from.</summary>
    public required string ApiKeyVariable { get; init; }

    /// <summary>The most images one call makes.</summary>
    public int MaxImagesPerCall { get; init; }

    /// <summary>Whether image inputs may be URLs.</summary>
    public bool AcceptsImageUrls { get; init; }

    /// <summary>Whether image inputs may be files.</summary>
    public bool AcceptsImageBytes { get; init; }

    /// <summary>Whether calls are queued jobs.</summary>
    public bool IsAsynchronous { get; init; }

    /// <summary>The operations it offers, with their parameters.</summary>
    public List<CliOperation> Operations { get; } = [];
}

/// <summary>One operation of a provider.</summary>
internal sealed class CliOperation
{
    /// <summary>The operation.</summary>
    public required string Name { get; init; }

    /// <summary>The parameters it takes.</summary>
    public List<CliParameter> Parameters { get; } = [];
}

/// <summary>One parameter of an operation.</summary>
internal sealed class CliParameter
{
    /// <summary>The neutral parameter name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the operation needs it.</summary>
    public bool Required { get; init; }

    /// <summary>The values it takes, when enumerated.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>The smallest value, when ranged.</summary>
    public long? Min { get; init; }

    /// <summary>The largest value, when ranged.</summary>
    public long? Max { get; init; }

    /// <summary>The most items, when a limited list.</summary>
    public int? MaxCount { get; init; }
}

/// <summary>Source-generated JSON for the tool's documents.</summary>
[JsonSerializable(typeof(CliDocument))]
[JsonSerializable(typeof(List<CliCapabilities>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the tool prints with: camelCase, indented, no nulls, and URLs that keep their <c>&amp;</c> rather
    /// than <c>\u0026</c> (the output goes to a terminal or a file, never into HTML).
    /// </summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
