using Ideogram.Sdk.Benchmarks.Baseline;

namespace Ideogram.Sdk.Benchmarks;

/// <summary>The calls every benchmark makes, once through the SDK and once by hand, over the same transport.</summary>
internal static class Scenarios
{
    public const string Prompt = "A poster that says 'HELLO'";

    public const string ApiKey = "bench-key";

    /// <summary>Ideogram generate: two images, every text field a poster call sets.</summary>
    public static GenerateRequest IdeogramGenerate() => new(Prompt)
    {
        AspectRatio = AspectRatio.Ratio16x9,
        RenderingSpeed = RenderingSpeed.Turbo,
        StyleType = StyleType.Design,
        StylePreset = StylePreset.ArtDeco,
        NumImages = 2,
        Seed = 42,
    };

    /// <summary>The generate call of the JSON providers (one image; Segmind's seed range starts at 100).</summary>
    public static GenerateRequest JsonGenerate() => new(Prompt)
    {
        AspectRatio = AspectRatio.Ratio16x9,
        RenderingSpeed = RenderingSpeed.Turbo,
        StyleType = StyleType.Design,
        Seed = 4242,
    };

    public static RemixRequest Remix(ImageInput image) => new(image, "A remix") { ImageWeight = 40 };

    /// <summary>
    /// A buffer of <paramref name="size"/> bytes that starts with PNG's signature and ends with its <c>IEND</c> chunk, the
    /// caller's image (a served download must look whole: the SDK refuses a PNG cut short).
    /// </summary>
    public static byte[] Image(int size)
    {
        var bytes = new byte[size];
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        ReadOnlySpan<byte> end = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        png.CopyTo(bytes);
        end.CopyTo(bytes.AsSpan(size - end.Length));
        return bytes;
    }

    /// <summary>An SDK client over <paramref name="transport"/> (the SDK's retry handler goes in front of it).</summary>
    public static IdeogramClient Sdk(IdeogramProvider provider, HttpMessageHandler transport, Uri baseAddress, PollingOptions? polling = null) =>
        new(new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = ApiKey,
            BaseAddress = baseAddress,
            AllowPrivateNetworkInputs = true,
            Polling = polling ?? new PollingOptions { InitialDelay = TimeSpan.Zero },
        }, transport);

    /// <summary>A hand-written client's <see cref="HttpClient"/> over <paramref name="transport"/>, authenticated the provider's way.</summary>
    public static HttpClient Hand(IdeogramProvider provider, HttpMessageHandler transport, Uri baseAddress) => provider switch
    {
        IdeogramProvider.Ideogram => HandClient.Create(transport, baseAddress, "Api-Key", ApiKey),
        IdeogramProvider.Segmind => HandClient.Create(transport, baseAddress, "x-api-key", ApiKey),
        IdeogramProvider.Runflow => HandClient.Create(transport, baseAddress, "Authorization", ApiKey, acceptJson: true),
        _ => HandClient.Create(transport, baseAddress, "Authorization", ApiKey),
    };
}
