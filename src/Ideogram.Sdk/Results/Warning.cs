namespace Ideogram.Sdk;

/// <summary>Something the client changed or dropped to serve a request in best-effort mode, or a notice from the provider.</summary>
/// <param name="Code">A stable code such as <c>parameter-substituted</c>, <c>parameter-dropped</c> or <c>value-clamped</c>.</param>
/// <param name="Parameter">The parameter concerned, if one.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record Warning(string Code, ImageParameter? Parameter, string Message)
{
    /// <summary>A parameter's value was replaced by the nearest one the provider supports.</summary>
    public const string Substituted = "parameter-substituted";

    /// <summary>A parameter the provider cannot take was left out.</summary>
    public const string Dropped = "parameter-dropped";

    /// <summary>A number outside the provider's range was moved to the nearest allowed value.</summary>
    public const string Clamped = "value-clamped";

    /// <summary>Fields from <see cref="ImageRequest.ExtraWireFields"/> were sent verbatim, unchecked by the SDK.</summary>
    public const string ExtraWireFields = "extra-wire-fields";
}
