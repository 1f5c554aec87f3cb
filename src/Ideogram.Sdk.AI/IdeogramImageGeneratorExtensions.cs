using System.Diagnostics.CodeAnalysis;
using Ideogram.Sdk;
using Ideogram.Sdk.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Makes an <see cref="IIdeogramClient"/> usable wherever Microsoft.Extensions.AI expects an <see cref="IImageGenerator"/>.</summary>
public static class IdeogramImageGeneratorExtensions
{
    /// <summary>
    /// An <see cref="IImageGenerator"/> that generates with this client: a prompt alone is text to image, one
    /// original image is a remix, and one original image with <see cref="IdeogramImageProperties.Mask"/> is a masked
    /// edit. The response's <c>RawRepresentation</c> is the <see cref="ImageResult"/>; <c>GetService</c> returns the
    /// client (as <see cref="IIdeogramClient"/>), its <see cref="ProviderCapabilities"/> and an
    /// <see cref="ImageGeneratorMetadata"/>.
    /// </summary>
    /// <param name="client">The client; the generator does not dispose it.</param>
    /// <param name="options">How to treat what the provider cannot honour exactly, and the default model id (copied).</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="IdeogramImageGeneratorOptions.DefaultModelId"/> is not one of <see cref="IdeogramImageModels"/>.</exception>
    [Experimental("MEAI001")]
    public static IImageGenerator AsIImageGenerator(this IIdeogramClient client, IdeogramImageGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var copy = options?.Clone() ?? new IdeogramImageGeneratorOptions();
        if (copy.DefaultModelId is { } model && !IdeogramImageModels.TryParse(model, out _))
        {
            throw new ArgumentException($"DefaultModelId '{model}' is not an Ideogram 3.0 model id. Allowed: {IdeogramImageModels.Described}.", nameof(options));
        }

        return new IdeogramImageGenerator(client, copy);
    }
}
