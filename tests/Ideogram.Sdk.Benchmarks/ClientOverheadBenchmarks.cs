using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace Ideogram.Sdk.Benchmarks;

/// <summary>The client's own cost per call, with the network replaced by an in-memory answer.</summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private const string IdeogramAnswer = """{"created":"2024-10-30T22:46:49.796902+00:00","data":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp=1782875452&sig=1","prompt":"p","resolution":"1312x736","is_image_safe":true,"seed":42,"style_type":"DESIGN"},{"url":"https://ideogram.ai/api/images/ephemeral/b.png?exp=1782875452&sig=1","prompt":"p","resolution":"1312x736","is_image_safe":true,"seed":43,"style_type":"DESIGN"}]}""";

    private readonly byte[] _image = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64 * 1024]];
    private IdeogramClient _client = null!;

    [GlobalSetup]
    public void Setup() =>
        _client = new IdeogramClient(
            new IdeogramClientOptions { ApiKey = "bench", BaseAddress = new Uri("https://ideogram.bench/") },
            new CannedHandler(IdeogramAnswer));

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Description = "Generate: text parts only")]
    public Task<ImageResult> Generate() => _client.GenerateAsync(new GenerateRequest("A poster that says 'HELLO'")
    {
        AspectRatio = AspectRatio.Ratio16x9,
        RenderingSpeed = RenderingSpeed.Turbo,
        StyleType = StyleType.Design,
        StylePreset = StylePreset.ArtDeco,
        NumImages = 2,
        Seed = 42,
    });

    [Benchmark(Description = "Remix: 64 KB image upload")]
    public Task<ImageResult> Remix() => _client.RemixAsync(new RemixRequest(ImageInput.FromBytes(_image, "in.png"), "A remix") { ImageWeight = 40 });

    /// <summary>Answers every request with the same JSON, after reading the body as a server would.</summary>
    private sealed class CannedHandler(string json) : HttpMessageHandler
    {
        private readonly byte[] _body = Encoding.UTF8.GetBytes(json);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var content = new ByteArrayContent(_body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
