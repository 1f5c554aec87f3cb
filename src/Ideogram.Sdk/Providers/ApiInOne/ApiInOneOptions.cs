namespace Ideogram.Sdk.Providers.ApiInOne;

/// <summary>Settings that only apply when the provider is API in One.</summary>
public sealed class ApiInOneOptions
{
    internal ApiInOneOptions Clone() => (ApiInOneOptions)MemberwiseClone();
}
