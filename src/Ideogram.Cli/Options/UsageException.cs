namespace Ideogram.Cli.Options;

/// <summary>The command line asks for something malformed or impossible to read (exit code <see cref="ExitCodes.Usage"/>).</summary>
internal sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception with a message naming the option and what is wrong.</summary>
    /// <param name="message">The message.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
