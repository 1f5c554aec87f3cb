namespace Ideogram.Sdk.Providers.Segmind;

/// <summary>Settings that only apply when the provider is Segmind.</summary>
public sealed class SegmindOptions
{
    /// <summary>
    /// When <see langword="true"/>, the operations that return a result (<c>GenerateAsync</c> and the others) also go
    /// through Segmind's queue (<c>POST /v2/{model}</c>, then polling) instead of the blocking <c>POST /v1/{model}</c>,
    /// which Segmind keeps "for fast models". <c>SubmitAsync</c> always uses the queue. Default <see langword="false"/>.
    /// </summary>
    public bool UseQueue { get; set; }

    internal SegmindOptions Clone() => (SegmindOptions)MemberwiseClone();
}
