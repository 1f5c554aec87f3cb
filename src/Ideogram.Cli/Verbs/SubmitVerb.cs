using System.CommandLine;

namespace Ideogram.Cli.Verbs;

/// <summary>
/// <c>ideogram submit generate --prompt TEXT</c> (or just <c>ideogram submit --prompt TEXT</c>): submits any operation as
/// a job and prints its token, for <c>status</c>, <c>wait</c> and <c>download</c> later (from another shell, another
/// machine, after a restart).
/// </summary>
internal sealed class SubmitVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli) => OperationVerb.CreateGroup(
        cli,
        "submit",
        "Submit a job and print its token without waiting; collect it later with 'ideogram wait TOKEN'.",
        OperationUse.Submit);
}
