namespace Ideogram.Sdk.Providers.Runware;

/// <summary>Settings that only apply when the provider is Runware.</summary>
public sealed class RunwareOptions
{
    internal RunwareOptions Clone() => (RunwareOptions)MemberwiseClone();
}
