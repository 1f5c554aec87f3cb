using System.CommandLine;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>The <c>--provider</c> (<c>-p</c>) option, which takes the provider names of <see cref="ValueParsers.ProviderNames"/>.</summary>
internal static class ProviderOption
{
    /// <summary>A <c>--provider</c> that defaults to Ideogram's own API (the commands that call a provider).</summary>
    /// <param name="description">What it selects.</param>
    /// <returns>The option.</returns>
    public static Option<IdeogramProvider> Create(string description) => new("--provider", "-p")
    {
        HelpName = HelpName,
        Description = description,
        CustomParser = ValueParsers.Provider,
        DefaultValueFactory = _ => IdeogramProvider.Ideogram,
    };

    /// <summary>A <c>--provider</c> that may be left out (the commands that otherwise show every provider).</summary>
    /// <param name="description">What it selects, and what happens without it.</param>
    /// <returns>The option.</returns>
    public static Option<IdeogramProvider?> CreateOptional(string description) => new("--provider", "-p")
    {
        HelpName = HelpName,
        Description = description,
        CustomParser = r => ValueParsers.Provider(r),
    };

    private static string HelpName => string.Join("|", ValueParsers.ProviderNames);
}
