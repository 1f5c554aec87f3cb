using System.CommandLine;

namespace Ideogram.Cli.Verbs;

/// <summary>The <c>TOKEN</c> argument of the job verbs.</summary>
internal static class JobTokenArgument
{
    /// <summary>Creates the argument.</summary>
    /// <returns>The argument.</returns>
    public static Argument<string> Create() => new("TOKEN")
    {
        Description = "A job token, as printed by 'ideogram submit' (or by a command that timed out). It names the provider; the key is read for that provider.",
    };
}
