namespace Ideogram.Sdk;

/// <summary>
/// A request the SDK refused before sending anything (so nothing was paid): a value out of range, a missing or
/// conflicting field, or a parameter the chosen provider cannot honour.
/// </summary>
/// <remarks><see cref="ArgumentException.ParamName"/> names the request property, for example <c>Seed</c>.</remarks>
public class IdeogramValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider the request was meant for.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The offending parameter, if one.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <param name="allowed">What is allowed, if it can be said briefly.</param>
    public IdeogramValidationException(IdeogramProvider provider, ImageOperation operation, ImageParameter? parameter, string problem, string? allowed = null)
        : base(Compose(provider, operation, parameter, problem, allowed), parameter?.ToString() ?? "request")
    {
        Provider = provider;
        Operation = operation;
        Parameter = parameter;
        Allowed = allowed;
    }

    /// <summary>Creates the exception for a setting outside the request (named by <paramref name="setting"/>, for example <c>CallbackUrl</c>).</summary>
    internal IdeogramValidationException(string setting, IdeogramProvider provider, ImageOperation operation, string problem, string? allowed)
        : base(Compose(provider, operation, setting, problem, allowed), setting)
    {
        Provider = provider;
        Operation = operation;
        Allowed = allowed;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public IdeogramValidationException()
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public IdeogramValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The provider the request was meant for.</summary>
    public IdeogramProvider Provider { get; }

    /// <summary>The operation that was asked for.</summary>
    public ImageOperation Operation { get; }

    /// <summary>The offending parameter, or <see langword="null"/> when the request as a whole is refused.</summary>
    public ImageParameter? Parameter { get; }

    /// <summary>What the provider allows for that parameter, when it can be said briefly.</summary>
    public string? Allowed { get; }

    private static string Compose(IdeogramProvider provider, ImageOperation operation, ImageParameter? parameter, string problem, string? allowed) =>
        Compose(provider, operation, parameter is null ? "The request" : parameter.ToString()!, problem, allowed);

    private static string Compose(IdeogramProvider provider, ImageOperation operation, string subject, string problem, string? allowed)
    {
        var text = $"{subject} {problem} ({provider}, {operation}).";
        return allowed is null ? text : $"{text} Allowed: {allowed}.";
    }
}

/// <summary>
/// A parameter (or value, or operation) the chosen provider cannot honour. Raised before any HTTP request unless
/// <see cref="UnsupportedParameterBehavior.BestEffort"/> is chosen; the message names the providers that can.
/// </summary>
public sealed class UnsupportedParameterException : IdeogramValidationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="parameter">The parameter, or <see langword="null"/> when the operation itself is not offered.</param>
    /// <param name="problem">What is not supported.</param>
    /// <param name="allowed">What is supported instead.</param>
    /// <param name="supportedBy">The providers that do support it.</param>
    public UnsupportedParameterException(IdeogramProvider provider, ImageOperation operation, ImageParameter? parameter, string problem, string? allowed, IReadOnlyList<IdeogramProvider> supportedBy)
        : base(provider, operation, parameter, WithAlternatives(problem, supportedBy), allowed)
    {
        SupportedBy = supportedBy;
    }

    /// <summary>Creates the exception for a setting outside the request (named by <paramref name="setting"/>, for example <c>CallbackUrl</c>).</summary>
    internal UnsupportedParameterException(string setting, IdeogramProvider provider, ImageOperation operation, string problem, string? allowed, IReadOnlyList<IdeogramProvider> supportedBy)
        : base(setting, provider, operation, WithAlternatives(problem, supportedBy), allowed)
    {
        SupportedBy = supportedBy;
    }

    /// <summary>Creates the exception.</summary>
    public UnsupportedParameterException()
    {
        SupportedBy = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public UnsupportedParameterException(string message)
        : base(message)
    {
        SupportedBy = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedParameterException(string message, Exception innerException)
        : base(message, innerException)
    {
        SupportedBy = [];
    }

    /// <summary>The providers that support what was asked for.</summary>
    public IReadOnlyList<IdeogramProvider> SupportedBy { get; }

    private static string WithAlternatives(string problem, IReadOnlyList<IdeogramProvider> supportedBy) =>
        supportedBy.Count == 0
            ? $"{problem}; no provider supports it"
            : $"{problem}; supported by {string.Join(", ", supportedBy)}";
}

/// <summary>An input image larger than the limit, found while reading it; turned into a validation error naming the parameter.</summary>
internal sealed class ImageTooLargeException(long size, long limit)
    : Exception($"The image is {size} bytes; the limit is {limit} bytes.")
{
    public long Size { get; } = size;

    public long Limit { get; } = limit;
}
