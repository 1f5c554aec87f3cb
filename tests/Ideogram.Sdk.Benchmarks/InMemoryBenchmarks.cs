using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Ideogram.Sdk.Benchmarks.Baseline;
using Ideogram.Sdk.Benchmarks.Wire;

namespace Ideogram.Sdk.Benchmarks;

/// <summary>
/// One call through the whole SDK (validation, translation, retry pipeline, bounded read, parsing) against an
/// in-memory transport that answers the provider's documented JSON, next to the hand-written call doing the same wire
/// work over the same transport (the baseline of each category).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InMemoryBenchmarks
{
    private static readonly Uri Base = new("https://provider.bench/");

    private readonly InMemoryProvider _transport = new();
    private readonly Dictionary<IdeogramProvider, IdeogramClient> _sdk = [];
    private readonly Dictionary<IdeogramProvider, HttpClient> _http = [];
    private byte[] _small = [];
    private byte[] _large = [];
    private HandIdeogram _handIdeogram = null!;
    private HandSegmind _handSegmind = null!;
    private HandRunware _handRunware = null!;
    private HandRunflow _handRunflow = null!;

    [GlobalSetup]
    public void Setup()
    {
        foreach (var provider in new[] { IdeogramProvider.Ideogram, IdeogramProvider.Segmind, IdeogramProvider.Runware, IdeogramProvider.Runflow })
        {
            _sdk[provider] = Scenarios.Sdk(provider, _transport, Base);
            _http[provider] = Scenarios.Hand(provider, _transport, Base);
        }

        _handIdeogram = new HandIdeogram(_http[IdeogramProvider.Ideogram]);
        _handSegmind = new HandSegmind(_http[IdeogramProvider.Segmind]);
        _handRunware = new HandRunware(_http[IdeogramProvider.Runware]);
        _handRunflow = new HandRunflow(_http[IdeogramProvider.Runflow]);
        _small = Scenarios.Image(64 * 1024);
        _large = Scenarios.Image(10 * 1024 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var client in _sdk.Values)
        {
            client.Dispose();
        }

        foreach (var http in _http.Values)
        {
            http.Dispose();
        }

        _transport.Dispose();
    }

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Ideogram generate")]
    public Task IdeogramGenerateHand() => _handIdeogram.GenerateAsync(Scenarios.Prompt);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Ideogram generate")]
    public Task IdeogramGenerateSdk() => _sdk[IdeogramProvider.Ideogram].GenerateAsync(Scenarios.IdeogramGenerate());

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Ideogram remix 64 KB")]
    public Task Remix64KbHand() => _handIdeogram.RemixAsync(_small);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Ideogram remix 64 KB")]
    public Task Remix64KbSdk() => _sdk[IdeogramProvider.Ideogram].RemixAsync(Scenarios.Remix(ImageInput.FromBytes(_small, "in.png")));

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Ideogram remix 10 MB")]
    public Task Remix10MbHand() => _handIdeogram.RemixAsync(_large);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Ideogram remix 10 MB")]
    public Task Remix10MbSdk() => _sdk[IdeogramProvider.Ideogram].RemixAsync(Scenarios.Remix(ImageInput.FromBytes(_large, "in.png")));

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Runware JSON")]
    public Task RunwareHand() => _handRunware.GenerateAsync(Scenarios.Prompt);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Runware JSON")]
    public Task RunwareSdk() => _sdk[IdeogramProvider.Runware].GenerateAsync(Scenarios.JsonGenerate());

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Segmind JSON")]
    public Task SegmindHand() => _handSegmind.GenerateAsync(Scenarios.Prompt);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Segmind JSON")]
    public Task SegmindSdk() => _sdk[IdeogramProvider.Segmind].GenerateAsync(Scenarios.JsonGenerate());

    [Benchmark(Baseline = true, Description = "hand-written")]
    [BenchmarkCategory("Runflow submit + poll")]
    public Task RunflowHand() => _handRunflow.GenerateAsync(Scenarios.Prompt);

    [Benchmark(Description = "SDK")]
    [BenchmarkCategory("Runflow submit + poll")]
    public Task RunflowSdk() => _sdk[IdeogramProvider.Runflow].GenerateAsync(Scenarios.JsonGenerate());
}
