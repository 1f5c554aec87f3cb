using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Providers.ApiInOne;
using Ideogram.Sdk.Providers.Ideogram;
using Ideogram.Sdk.Providers.Runflow;
using Ideogram.Sdk.Providers.Runware;
using Ideogram.Sdk.Providers.Segmind;

namespace Ideogram.Sdk.Providers;

/// <summary>The providers this SDK speaks: one line each (its adapter, its key's environment variable).</summary>
internal static class ProviderRegistry
{
    private static readonly Dictionary<IdeogramProvider, ProviderAdapter> Adapters = new()
    {
        [IdeogramProvider.Ideogram] = new IdeogramAdapter(),
        [IdeogramProvider.Runflow] = new RunflowAdapter(),
        [IdeogramProvider.Segmind] = new SegmindAdapter(),
        [IdeogramProvider.Runware] = new RunwareAdapter(),
        [IdeogramProvider.ApiInOne] = new ApiInOneAdapter(),
    };

    /// <summary>The environment variable each provider's key is conventionally read from (by the quickstart and <c>AddIdeogram</c> when no key is configured).</summary>
    public static string ApiKeyVariable(IdeogramProvider provider) => provider switch
    {
        IdeogramProvider.Ideogram => "IDEOGRAM_API_KEY",
        IdeogramProvider.Runflow => "RUNFLOW_API_KEY",
        IdeogramProvider.Segmind => "SEGMIND_API_KEY",
        IdeogramProvider.Runware => "RUNWARE_API_KEY",
        IdeogramProvider.ApiInOne => "APIINONE_API_KEY",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public static IEnumerable<ProviderProfile> Profiles => Adapters.Values.Select(a => a.Profile);

    public static bool IsAvailable(IdeogramProvider provider) => Adapters.ContainsKey(provider);

    public static ProviderAdapter Get(IdeogramProvider provider) =>
        Adapters.TryGetValue(provider, out var adapter)
            ? adapter
            : throw new NotSupportedException($"The {provider} provider is not available in this version of Ideogram.Sdk.");
}
