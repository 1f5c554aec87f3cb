using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk;

/// <summary>
/// What a provider supports: operations, parameters, values and ranges. Derived from the same mapping table that
/// validates requests, so it always matches behaviour.
/// </summary>
public sealed class ProviderCapabilities
{
    private readonly ProviderProfile _profile;

    internal ProviderCapabilities(ProviderProfile profile) => _profile = profile;

    /// <summary>The provider described.</summary>
    public IdeogramProvider Provider => _profile.Provider;

    /// <summary>The operations it offers.</summary>
    public IReadOnlyList<ImageOperation> Operations => [.. _profile.Operations.Keys.Order()];

    /// <summary>Whether image inputs can be given as URLs and passed through.</summary>
    public bool AcceptsImageUrls => _profile.AcceptsImageUrls;

    /// <summary>Whether image inputs can be given as bytes, streams or files.</summary>
    public bool AcceptsImageBytes => _profile.AcceptsImageBytes;

    /// <summary>The most images one provider call returns; more are made with several calls.</summary>
    public int MaxImagesPerCall => _profile.MaxImagesPerCall;

    /// <summary>Whether the provider queues jobs (submit, then poll or receive a callback).</summary>
    public bool IsAsynchronous => _profile.IsAsynchronous;

    /// <summary>
    /// Whether <see cref="SubmitOptions.CallbackUrl"/> is sent to the provider (Runflow's <c>callback_url</c>, Runware's
    /// <c>webhookURL</c>). Elsewhere a callback URL is refused before sending, or left out with a warning in best effort.
    /// </summary>
    public bool AcceptsCallbackUrl => _profile.AcceptsCallbackUrl;

    /// <summary>Whether the operation is offered.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns><see langword="true"/> when offered.</returns>
    public bool Supports(ImageOperation operation) => _profile.Operations.ContainsKey(operation);

    /// <summary>Whether the parameter is taken by the operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns><see langword="true"/> when taken.</returns>
    public bool Supports(ImageOperation operation, ImageParameter parameter) =>
        _profile.Operations.TryGetValue(operation, out var op) && op.Rules.ContainsKey(parameter);

    /// <summary>Whether the parameter is required by the operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns><see langword="true"/> when required.</returns>
    public bool IsRequired(ImageOperation operation, ImageParameter parameter) =>
        _profile.Operations.TryGetValue(operation, out var op) && op[parameter] is { Required: true };

    /// <summary>The parameters the operation takes.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The parameters; empty when the operation is not offered.</returns>
    public IReadOnlyList<ImageParameter> GetParameters(ImageOperation operation) =>
        _profile.Operations.TryGetValue(operation, out var op) ? [.. op.Rules.Keys.Order()] : [];

    /// <summary>The values an enumerated parameter accepts (neutral spellings); empty when any known value is accepted or the parameter is not enumerated.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The values.</returns>
    public IReadOnlyList<string> GetAllowedValues(ImageOperation operation, ImageParameter parameter) =>
        _profile.Operations.TryGetValue(operation, out var op) && op[parameter] is { } rule ? rule.AllowedValues : [];

    /// <summary>The inclusive range of a numeric parameter, when it has one.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The range, or <see langword="null"/>.</returns>
    public (long Min, long Max)? GetRange(ImageOperation operation, ImageParameter parameter) =>
        _profile.Operations.TryGetValue(operation, out var op) && op[parameter] is { Min: { } min, Max: { } max } ? (min, max) : null;

    /// <summary>The most items a list parameter takes, when limited.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The limit, or <see langword="null"/>.</returns>
    public int? GetMaxCount(ImageOperation operation, ImageParameter parameter) =>
        _profile.Operations.TryGetValue(operation, out var op) ? op[parameter]?.MaxCount : null;

    /// <inheritdoc />
    public override string ToString() => $"ProviderCapabilities({Provider}: {string.Join(", ", Operations)})";
}
