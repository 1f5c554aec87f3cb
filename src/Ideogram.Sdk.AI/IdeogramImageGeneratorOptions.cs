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
    /// When set, every request the generator sends carries this rule, so the client's own checks follow it too.
    /// When <see langword="null"/> (the default), the generator's own mapping is strict and the client applies the
    /// rule it was built with to everything else: <see cref="IIdeogramClient"/> does not expose that rule, so pass
    /// the same value here as in <see cref="IdeogramClientOptions.UnsupportedParameters"/> to make the two agree.
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
