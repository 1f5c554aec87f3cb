using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// A provider's answer, read into memory (bounded) so adapters can parse it synchronously.
/// <para>
/// The credential the request was sent with is removed here, once, before any adapter sees the answer: from the body
/// (as written, JSON-escaped or URL-encoded; an image body is left untouched) and from every header value read through
/// <see cref="Header"/>. So no text an adapter takes from an answer, and no exception built from it, can carry the key.
/// </para>
/// </summary>
internal sealed class ProviderResponse
{
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-runflow-request-id", "x-amzn-requestid", "x-correlation-id", "cf-ray"];

    /// <summary>Stands for "the headers were not searched yet" in <see cref="_requestId"/>.</summary>
    private static readonly object NotRead = new();

    private readonly HttpResponseHeaders? _headers;
    private readonly HttpContentHeaders? _contentHeaders;
    private readonly SecretScrubber _scrubber;

    /// <summary>The request id once searched for (<see langword="null"/> when there is none), else <see cref="NotRead"/>.</summary>
    private object? _requestId = NotRead;

    /// <summary>Reads an answer, removing <paramref name="credential"/> from it.</summary>
    /// <param name="provider">The provider that answered.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="headers">The response headers.</param>
    /// <param name="contentHeaders">The content headers.</param>
    /// <param name="body">The body as received.</param>
    /// <param name="time">The clock (for a <c>Retry-After</c> date).</param>
    /// <param name="credential">The key the request was sent with, or <see langword="null"/> when none was.</param>
    public ProviderResponse(IdeogramProvider provider, HttpStatusCode statusCode, HttpResponseHeaders? headers, HttpContentHeaders? contentHeaders, byte[] body, TimeProvider time, ApiKey? credential)
        : this(provider, statusCode, headers, contentHeaders, SecretScrubber.For(credential), body, headers is null ? null : RetryAfterParser.Read(headers, time))
    {
    }

    private ProviderResponse(IdeogramProvider provider, HttpStatusCode statusCode, HttpResponseHeaders? headers, HttpContentHeaders? contentHeaders, SecretScrubber scrubber, byte[] body, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(body);
        Provider = provider;
        StatusCode = statusCode;
        _headers = headers;
        _contentHeaders = contentHeaders;
        _scrubber = scrubber;
        Body = IsImage(contentHeaders, body) ? body : scrubber.Scrub(body);
        RetryAfter = retryAfter;
    }

    public IdeogramProvider Provider { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The body, without the request's credential (unless it is an image).</summary>
    public byte[] Body { get; }

    public TimeSpan? RetryAfter { get; }

    public string? ContentType => _contentHeaders?.ContentType?.MediaType;

    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;

    /// <summary>The provider's id for this answer, from the first of the usual request-id headers it sent (read once).</summary>
    public string? RequestId
    {
        get
        {
            var id = Volatile.Read(ref _requestId);
            if (ReferenceEquals(id, NotRead))
            {
                id = FindRequestId();
                Volatile.Write(ref _requestId, id);
            }

            return (string?)id;
        }
    }

    /// <summary>A response header's first value (response or content headers), without the request's credential.</summary>
    /// <remarks>Read as received (<see cref="HttpHeaders.NonValidated"/>): nothing is parsed or copied to look a header up.</remarks>
    public string? Header(string name) => _scrubber.Redact(First(_headers, name) ?? First(_contentHeaders, name));

    /// <summary>
    /// One pass over the headers (most answers carry a handful, often none of these), keeping the first-ranked name
    /// found: the same answer as asking for each name in turn, response headers before content headers.
    /// </summary>
    private string? FindRequestId()
    {
        var (best, value) = (RequestIdHeaders.Length, (string?)null);
        Scan(_headers, ref best, ref value);
        Scan(_contentHeaders, ref best, ref value);
        return _scrubber.Redact(value);

        static void Scan(HttpHeaders? headers, ref int best, ref string? value)
        {
            if (headers is null)
            {
                return;
            }

            foreach (var header in headers.NonValidated)
            {
                for (var rank = 0; rank < best; rank++)
                {
                    if (string.Equals(header.Key, RequestIdHeaders[rank], StringComparison.OrdinalIgnoreCase))
                    {
                        foreach (var first in header.Value)
                        {
                            (best, value) = (rank, first);
                            break;
                        }

                        break;
                    }
                }
            }
        }
    }

    private static string? First(HttpHeaders? headers, string name)
    {
        if (headers is null || !headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value;
        }

        return null;
    }

    /// <summary>Every header (response and content), without the request's credential.</summary>
    public Dictionary<string, IReadOnlyList<string>> AllHeaders()
    {
        var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)_headers ?? [])
        {
            all[header.Key] = [.. header.Value.Select(v => _scrubber.Redact(v)!)];
        }

        foreach (var header in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)_contentHeaders ?? [])
        {
            all[header.Key] = [.. header.Value.Select(v => _scrubber.Redact(v)!)];
        }

        return all;
    }

    /// <summary>The answer as the public <see cref="ProviderRawResponse"/>.</summary>
    public ProviderRawResponse ToRaw() => new(this);

    /// <summary>
    /// Text without the request's credential in any of its forms. The body is already scrubbed of it; this also
    /// covers a key too short to scrub from whole answers (see <see cref="SecretScrubber.MinScrubbedBodyLength"/>).
    /// </summary>
    public string? Redact(string? text) => _scrubber.Redact(text);

    /// <summary>The same answer read as another status (an envelope that reports an HTTP error inside a 200).</summary>
    public ProviderResponse WithStatus(HttpStatusCode statusCode) =>
        new(Provider, statusCode, _headers, _contentHeaders, _scrubber, Body, RetryAfter);

    /// <summary>The start of the body as text, for error messages and diagnostics.</summary>
    public string BodyPreview(int max = 2048)
    {
        // Read past the cut by a little, so a (short) key that straddles it is removed whole, not half.
        var window = max + 256;
        var text = _scrubber.Redact(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, window)))!;
        return text.Length > max || Body.Length > window ? text[..Math.Min(text.Length, max)] + "…" : text;
    }

    /// <summary>
    /// Whether the answer is an image (never scrubbed: replacing bytes would damage it): its parsed media type says
    /// <c>image/…</c>, or its first bytes are an image's. The header is parsed only when its text starts that way, so a
    /// JSON answer costs no <see cref="MediaTypeHeaderValue"/>.
    /// </summary>
    private static bool IsImage(HttpContentHeaders? contentHeaders, byte[] body) =>
        (First(contentHeaders, "Content-Type") is { } type
            && type.AsSpan().TrimStart().StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && contentHeaders!.ContentType?.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true)
        || ImageFormat.Sniff(body) is not null;
}
