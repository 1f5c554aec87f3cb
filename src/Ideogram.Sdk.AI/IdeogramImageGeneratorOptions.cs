namespace Ideogram.Sdk.AI;

/// <summary>How an <see cref="Microsoft.Extensions.AI.IImageGenerator"/> over an <see cref="IIdeogramClient"/> maps requests it cannot honour exactly.</summary>
/// <remarks>Copied when the generator is made; later changes have no effect on it.</remarks>
public sealed class IdeogramImageGeneratorOptions
{
    /// <summary>
    /// What to do with an option the provider cannot honour exactly (an <c>ImageSize</c> that is not one of its
    /// resolutions, a <c>MediaType</c>, an unknown additional property): refuse it before anything is sent
    /// (<see cref="UnsupportedParameterBehavior.Strict"/>) or use the nearest thing and report a
    /// <see cref="Warning"/> (<see cref="UnsupportedParameterBehavior.BestEffort"/>).
    /// </summary>
    /// <remarks>
    /// When set, it wins over the client's rule: every request the generator sends carries it, so the client's own
    /// checks follow it too. When <see langword="null"/> (the default), the generator follows the client it wraps: the
    /// rule an <see cref="IdeogramClient"/> or an <see cref="IdeogramRouter"/> was built with
    /// (<see cref="IdeogramClient.UnsupportedParameters"/>, <see cref="IdeogramRouter.UnsupportedParameters"/>) for its
    /// own mapping, and the client applies that rule to everything else. Any other <see cref="IIdeogramClient"/> does
    /// not expose its rule, so the generator's own mapping is then strict, the safe side.
    /// One call can override it with the additional property <see cref="IdeogramImageProperties.UnsupportedParameters"/>.
    /// </remarks>
    public UnsupportedParameterBehavior? UnsupportedParameters { get; set; }

    /// <summary>
    /// The model id used when a call sets no <c>ModelId</c>, and reported as the default model in the generator's
    /// metadata: one of <see cref="IdeogramImageModels"/> (<see cref="IdeogramImageModels.Ideogram3"/> when
    /// <see langword="null"/>, which leaves the rendering speed to the provider).
    /// </summary>
    public string? DefaultModelId { get; set; }

    internal IdeogramImageGeneratorOptions Clone() => new() { UnsupportedParameters = UnsupportedParameters, DefaultModelId = DefaultModelId };
}
