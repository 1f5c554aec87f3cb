namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>A request broke one of a provider's documented rules; the provider's endpoint turns it into its error response.</summary>
internal sealed class RequestValidationException : Exception
{
    public RequestValidationException(string message, int statusCode = 400)
        : base(message) => StatusCode = statusCode;

    public RequestValidationException()
    {
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the provider answers with (400 unless stated).</summary>
    public int StatusCode { get; } = 400;
}
