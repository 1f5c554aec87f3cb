using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI;

/// <summary>
/// An <see cref="IImageGenerator"/> over an <see cref="IIdeogramClient"/>: a prompt alone is text to image; one
/// original image is a remix, or a masked edit when a mask is given. Refusals, provider failures and cancellations
/// are the client's own typed exceptions.
/// </summary>
internal sealed class IdeogramImageGenerator : IImageGenerator
{
    private readonly IIdeogramClient _client;
    private readonly IdeogramImageGeneratorOptions _options;
    private readonly ImageGeneratorMetadata _metadata;

    public IdeogramImageGenerator(IIdeogramClient client, IdeogramImageGeneratorOptions options)
    {
        _client = client;
        _options = options;
        _metadata = new ImageGeneratorMetadata(ProviderName(client.Provider), (client as IdeogramClient)?.BaseAddress, options.DefaultModelId ?? IdeogramImageModels.Ideogram3);
    }

    /// <summary>The provider's name in telemetry (<c>gen_ai.provider.name</c>): its <see cref="IdeogramProvider"/> name in lower case.</summary>
    internal static string ProviderName(IdeogramProvider provider) => provider.ToString().ToLowerInvariant();

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mapped = ImageRequestMapper.Map(_client, _options, this, request, options);
        var result = mapped.Request switch
        {
            EditRequest edit => await _client.EditAsync(edit, cancellationToken).ConfigureAwait(false),
            RemixRequest remix => await _client.RemixAsync(remix, cancellationToken).ConfigureAwait(false),
            GenerateRequest generate => await _client.GenerateAsync(generate, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"No call for a {mapped.Request.GetType().Name}."),
        };
        return await ImageResponses.BuildAsync(_client, result, mapped, cancellationToken).ConfigureAwait(false);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? _metadata
            : serviceType == typeof(ProviderCapabilities) ? _client.Capabilities
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(_client) ? _client
            : null;
    }

    /// <summary>Nothing to release: the client belongs to the caller and outlives the generator.</summary>
    public void Dispose()
    {
    }
}
