using System.Globalization;
using System.Net;
using System.Text;
using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk;

/// <summary>
/// A provider's answer as it came over the wire: status, headers and body. An escape hatch for a field the SDK does not
/// read yet; reach it from <see cref="ImageResult.RawResponse"/> or <see cref="IdeogramException.RawResponse"/>.
/// </summary>
/// <remarks>The request's API key is removed from the headers and body (a provider may echo it back).</remarks>
public sealed class ProviderRawResponse
{
    private readonly ProviderResponse? _response;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    /// <summary>Creates a raw answer (for tests of code that reads one; see also <see cref="IdeogramModelFactory"/>).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="headers">The headers (names compared case-insensitively).</param>
    /// <param name="body">The body.</param>
    public ProviderRawResponse(HttpStatusCode statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        _headers = headers is null ? new Dictionary<string, IReadOnlyList<string>>() : new Dictionary<string, IReadOnlyList<string>>(headers, StringComparer.OrdinalIgnoreCase);
        Body = body;
    }

    internal ProviderRawResponse(ProviderResponse response)
    {
        _response = response;
        StatusCode = response.StatusCode;
        Body = response.Body;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response and content headers (names compared case-insensitively).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers => _headers ??= _response!.AllHeaders();

    /// <summary>The body, as received (an image when the provider answers with the image itself).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body's media type, when the provider said.</summary>
    public string? ContentType => Headers.TryGetValue("Content-Type", out var values) && values.Count > 0 ? values[0].Split(';')[0].Trim() : null;

    /// <summary>The body as UTF-8 text.</summary>
    /// <returns>The text.</returns>
    public string ReadBodyAsString() => Encoding.UTF8.GetString(Body.Span);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ProviderRawResponse({(int)StatusCode}, {Body.Length} bytes)");
}
