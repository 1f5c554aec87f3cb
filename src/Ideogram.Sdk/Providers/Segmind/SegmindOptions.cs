namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>Settings that only apply when the provider is Segmind.</summary>
public sealed class SegmindOptions
{
    internal SegmindOptions Clone() => (SegmindOptions)MemberwiseClone();
}
