namespace Ideogram.Cli;

/// <summary>
/// The tool's exit codes. Each failure class has its own, so a script can tell "fix the command" from "the provider
/// said no" from "the job is still going: wait for it later".
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done: every image was saved (or the read succeeded).</summary>
    public const int Success = 0;

    /// <summary>Anything else: a file could not be written, a download failed, the network was unreachable.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown verb or option, a missing or malformed value, no API key for <c>--base-url</c>.</summary>
    public const int Usage = 2;

    /// <summary>The SDK refused the request before sending it (a value the provider does not take, an operation it does not offer): nothing was charged.</summary>
    public const int Validation = 3;

    /// <summary>The provider refused or failed the call: authentication, credits, rate limit, content policy, a bad request, a server error.</summary>
    public const int ProviderRefused = 4;

    /// <summary>The provider accepted the job and it ended in failure (or was cancelled at the provider).</summary>
    public const int JobFailed = 5;

    /// <summary>The job did not finish in time (or is still running): its token was printed; run <c>ideogram wait TOKEN</c> later.</summary>
    public const int Timeout = 6;

    /// <summary>Interrupted (Ctrl+C). When a job had been accepted its token was printed.</summary>
    public const int Canceled = 130;
}
