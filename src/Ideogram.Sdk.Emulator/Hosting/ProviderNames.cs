namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>The short provider names used on the command line output and in the control API.</summary>
internal static class ProviderNames
{
    public static string Of(EmulatedProvider provider) => provider switch
    {
        EmulatedProvider.Ideogram => "ideogram",
        EmulatedProvider.Runflow => "runflow",
        EmulatedProvider.Segmind => "segmind",
        EmulatedProvider.Runware => "runware",
        EmulatedProvider.ApiInOne => "apiinone",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public static bool TryParse(string? name, out EmulatedProvider provider)
    {
        foreach (var candidate in Enum.GetValues<EmulatedProvider>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                provider = candidate;
                return true;
            }
        }

        provider = default;
        return false;
    }
}
