namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>Settings that only apply when the provider is Runflow.</summary>
public sealed class RunflowOptions
{
    internal RunflowOptions Clone() => (RunflowOptions)MemberwiseClone();
}
