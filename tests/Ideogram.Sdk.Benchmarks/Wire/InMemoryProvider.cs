using System.Net;
using System.Net.Http.Headers;

namespace Ideogram.Sdk.Benchmarks.Wire;

/// <summary>
/// An in-memory transport that answers like the providers: it reads the whole request body (serializing the
/// multipart or JSON content, as a socket would) and answers the provider's documented JSON for the route. It
/// allocates the same few objects for every caller, so differences between contenders are the clients' own.
/// </summary>
internal sealed class InMemoryProvider : HttpMessageHandler
{
    [ThreadStatic]
    private static MemoryStream? t_body;

    /// <summary>Called with each request after its body was read (for wire checks); null in the benchmarks.</summary>
    public Action<HttpRequestMessage, ReadOnlyMemory<byte>>? Observe { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = t_body ??= new MemoryStream(64 * 1024);
        body.SetLength(0);
        if (request.Content is { } content)
        {
            await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }

        var read = new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
        Observe?.Invoke(request, read);
        var path = request.RequestUri!.AbsolutePath;
        var (status, answer) = (request.Method.Method, path) switch
        {
            ("POST", "/v1/ideogram-v3/generate" or "/v1/ideogram-v3/remix") => (HttpStatusCode.OK, ProviderAnswers.IdeogramGenerate),
            ("POST", "/v1/ideogram-3") => (HttpStatusCode.OK, ProviderAnswers.SegmindGenerate),
            ("POST", "/v1/models/ideogram/v3/runs") => (HttpStatusCode.Created, ProviderAnswers.RunflowCreated),
            ("GET", _) when path.StartsWith("/v1/runs/", StringComparison.Ordinal) => (HttpStatusCode.OK, ProviderAnswers.RunflowSucceeded),
            ("POST", "/v1") => (HttpStatusCode.OK, RunwareAnswer(read.Span)),
            _ => (HttpStatusCode.NotFound, """{"error":"not found"}"""u8.ToArray()),
        };

        var answerContent = new ByteArrayContent(answer);
        answerContent.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = answerContent, RequestMessage = request };
    }

    private static byte[] RunwareAnswer(ReadOnlySpan<byte> request)
    {
        var answer = new byte[ProviderAnswers.RunwareTemplate.Length];
        ProviderAnswers.Runware(request, answer);
        return answer;
    }
}
