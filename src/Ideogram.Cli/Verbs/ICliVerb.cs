using System.CommandLine;

namespace Ideogram.Cli.Verbs;

/// <summary>One verb of the <c>ideogram</c> command. Adding a verb is one class like this, listed in <see cref="IdeogramCli.Verbs"/>.</summary>
internal interface ICliVerb
{
    /// <summary>Creates the verb's command (with its options and action) for one run of the tool.</summary>
    /// <param name="cli">The tool: its host and help registry.</param>
    /// <returns>The command.</returns>
    Command Create(IdeogramCli cli);
}
