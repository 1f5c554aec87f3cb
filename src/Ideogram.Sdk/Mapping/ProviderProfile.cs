using System.Collections.Frozen;

namespace Ideogram.Sdk.Mapping;

/// <summary>
/// A provider's mapping table: which operations it offers, and for each operation which neutral parameters it
/// takes, which values, in what range, and how each value is spelled on its wire. Validation, best-effort
/// substitution and <see cref="ProviderCapabilities"/> are all derived from it. One per provider, in
/// <c>Providers/&lt;Name&gt;/&lt;Name&gt;Parameters.cs</c>.
/// </summary>
internal sealed class ProviderProfile
{
    public required IdeogramProvider Provider { get; init; }

    public required IReadOnlyDictionary<ImageOperation, OperationProfile> Operations { get; init; }

    /// <summary>Whether image inputs may be passed as URLs (otherwise the SDK fetches them and sends bytes).</summary>
    public bool AcceptsImageUrls { get; init; }

    /// <summary>Whether image inputs may be sent as bytes (otherwise only URLs are accepted).</summary>
    public bool AcceptsImageBytes { get; init; } = true;

    /// <summary>
    /// Whether file inputs are sent from disk as multipart file parts, read again on each attempt, rather than read into
    /// memory first (providers that take uploads; JSON providers need the bytes to encode them).
    /// </summary>
    public bool StreamsFileUploads { get; init; }

    /// <summary>The most images one provider call can return; a larger <c>NumImages</c> is split into several calls.</summary>
    public int MaxImagesPerCall { get; init; } = 8;

    /// <summary>How many of those split calls may run at once.</summary>
    public int MaxConcurrentCalls { get; init; } = 4;

    /// <summary>Whether submissions are queued jobs that must be polled (or completed by a callback).</summary>
    public bool IsAsynchronous { get; init; }

    /// <summary>
    /// Whether a submission can name a URL the provider calls when the job ends (<see cref="SubmitOptions.CallbackUrl"/>).
    /// The adapter of every provider that says so sends it; on the others a callback URL is refused before sending
    /// (strict) or left out with a warning (best effort).
    /// </summary>
    public bool AcceptsCallbackUrl { get; init; }

    /// <summary>Whether a submission carries a client-chosen id that the provider de-duplicates, so re-sending it cannot pay twice.</summary>
    public bool DeduplicatesSubmissions { get; init; }

    public static IReadOnlyDictionary<ImageOperation, OperationProfile> Build(params OperationProfile[] operations) =>
        operations.ToDictionary(o => o.Operation);
}

/// <summary>One operation of a provider's mapping table.</summary>
internal sealed class OperationProfile
{
    private readonly Dictionary<ImageParameter, ParameterRule> _rules;

    /// <summary>The same rules indexed by the parameter's number (validation reads every parameter on every call).</summary>
    private readonly ParameterRule?[] _byParameter;

    public OperationProfile(ImageOperation operation, params ParameterRule[] rules)
    {
        Operation = operation;
        _rules = rules.ToDictionary(r => r.Parameter);
        _byParameter = new ParameterRule?[Enum.GetValues<ImageParameter>().Max(p => (int)p) + 1];
        foreach (var rule in rules)
        {
            _byParameter[(int)rule.Parameter] = rule;
        }

        RequiredRules = [.. rules.Where(r => r.Required)];
    }

    public ImageOperation Operation { get; }

    public IReadOnlyDictionary<ImageParameter, ParameterRule> Rules => _rules;

    /// <summary>The rules of the parameters a request must set (checked on every call, so kept apart).</summary>
    public ParameterRule[] RequiredRules { get; }

    public ParameterRule? this[ImageParameter parameter] => (uint)parameter < (uint)_byParameter.Length ? _byParameter[(int)parameter] : null;

    /// <summary>The wire spelling of an enumerated value (a rule without a value table passes the canonical neutral value through).</summary>
    public string Wire(ImageParameter parameter, string neutralValue)
    {
        var rule = this[parameter] ?? throw new KeyNotFoundException($"{Operation} has no rule for {parameter}.");
        if (rule.Values is null)
        {
            return neutralValue;
        }

        return rule.Lookup!.TryGetValue(neutralValue, out var wire)
            ? wire
            : throw new InvalidOperationException($"{parameter} value '{neutralValue}' has no wire spelling; validation should have refused it.");
    }
}

/// <summary>What a provider accepts for one parameter of one operation.</summary>
internal sealed class ParameterRule
{
    private ParameterRule(ImageParameter parameter) => Parameter = parameter;

    public ImageParameter Parameter { get; }

    public bool Required { get; private init; }

    /// <summary>Accepted neutral values (case-insensitive) and their wire spellings; <see langword="null"/> = any known value, sent as is.</summary>
    public IReadOnlyDictionary<string, string>? Values
    {
        get => _values;
        private init
        {
            _values = value;
            Lookup = value?.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>The same table for lookups (read on every call; <see cref="Values"/> keeps the order for messages and capabilities).</summary>
    public FrozenDictionary<string, string>? Lookup { get; private init; }

    private readonly IReadOnlyDictionary<string, string>? _values;

    /// <summary>For best effort: the value to use instead of one that is not accepted (neutral spellings).</summary>
    public IReadOnlyDictionary<string, string>? Substitutes { get; private init; }

    public long? Min { get; private init; }

    public long? Max { get; private init; }

    public int? MaxCount { get; private init; }

    /// <summary>A note shown in errors and capabilities (for example "one image per call").</summary>
    public string? Note { get; private init; }

    /// <summary>A text parameter whose length (in characters) the provider limits.</summary>
    public static ParameterRule Text(ImageParameter parameter, int minLength, int maxLength, bool required = false) =>
        new(parameter) { Required = required, MinLength = minLength, MaxLength = maxLength };

    /// <summary>The shortest text the provider takes, when it limits it.</summary>
    public int? MinLength { get; private init; }

    /// <summary>The longest text the provider takes, when it limits it.</summary>
    public int? MaxLength { get; private init; }

    /// <summary>A parameter taken as it is.</summary>
    public static ParameterRule Any(ImageParameter parameter, bool required = false, int? maxCount = null, string? note = null) =>
        new(parameter) { Required = required, MaxCount = maxCount, Note = note };

    /// <summary>A numeric parameter with an inclusive range.</summary>
    public static ParameterRule Range(ImageParameter parameter, long min, long max, bool required = false) =>
        new(parameter) { Min = min, Max = max, Required = required };

    /// <summary>An enumerated parameter whose values are sent under their own names.</summary>
    public static ParameterRule OneOf(ImageParameter parameter, IEnumerable<string> values, bool required = false, IReadOnlyDictionary<string, string>? substitutes = null) =>
        new(parameter)
        {
            Required = required,
            Values = values.ToDictionary(v => v, v => v, StringComparer.OrdinalIgnoreCase),
            Substitutes = substitutes is null ? null : new Dictionary<string, string>(substitutes, StringComparer.OrdinalIgnoreCase),
        };

    /// <summary>An enumerated parameter with a neutral → wire spelling table.</summary>
    public static ParameterRule Mapped(ImageParameter parameter, IReadOnlyDictionary<string, string> neutralToWire, bool required = false, IReadOnlyDictionary<string, string>? substitutes = null) =>
        new(parameter)
        {
            Required = required,
            Values = new Dictionary<string, string>(neutralToWire, StringComparer.OrdinalIgnoreCase),
            Substitutes = substitutes is null ? null : new Dictionary<string, string>(substitutes, StringComparer.OrdinalIgnoreCase),
        };

    /// <summary>
    /// The neutral values a request can use, for messages and capabilities: the table's values that Ideogram 3.0's own
    /// catalog also has (a table may hold extra values only as best-effort targets, such as Runflow's 512x512 preset).
    /// </summary>
    public IReadOnlyList<string> AllowedValues => _allowed ??= Values is null ? [] : [.. Values.Keys.Where(v => ModelCatalog.Has(Parameter, v))];

    private IReadOnlyList<string>? _allowed;

    /// <summary>A short text of what is allowed, for error messages.</summary>
    public string? DescribeAllowed()
    {
        if (Values is not null)
        {
            return string.Join(", ", AllowedValues);
        }

        if (MinLength is { } shortest && MaxLength is { } longest)
        {
            return FormattableString.Invariant($"{shortest} to {longest} characters");
        }

        if (Min is not null && Max is not null)
        {
            return FormattableString.Invariant($"{Min}..{Max}");
        }

        if (MaxCount is not null)
        {
            return Note is null ? FormattableString.Invariant($"at most {MaxCount}") : FormattableString.Invariant($"at most {MaxCount}; {Note}");
        }

        return Note;
    }
}
