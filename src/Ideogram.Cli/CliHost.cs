using Spectre.Console;

namespace Ideogram.Cli;

/// <summary>
/// What the tool reads from and writes to its process: the two consoles, the environment, the working directory and
/// the clock. <see cref="FromProcess"/> gives the real ones; tests pass their own.
/// </summary>
internal sealed class CliHost
{
    /// <summary>The width tables are laid out for when the output is a file or a pipe.</summary>
    public const int RedirectedWidth = 240;

    /// <summary>Standard output: saved paths, job tokens, descriptions, tables and the <c>--json</c> document.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Standard error: progress, warnings and error messages.</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>Reads an environment variable (the providers' API key variables).</summary>
    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    /// <summary>The directory relative paths (<c>--out</c>, image files, key files) are resolved against.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The clock for file names, progress displays and the SDK's retries, polling and timeouts.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long each state of an emulated job lasts when the tool starts its own emulator.</summary>
    public TimeSpan EmulatorJobStepDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether progress is drawn live (a spinner and download bars) rather than written as plain lines.</summary>
    public bool IsInteractive => Error.Profile.Capabilities.Interactive;

    /// <summary>The real consoles, environment and working directory of this process.</summary>
    /// <returns>The host.</returns>
    public static CliHost FromProcess() => new()
    {
        Out = CreateConsole(Console.Out, Console.IsOutputRedirected),
        Error = CreateConsole(Console.Error, Console.IsErrorRedirected),
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        WorkingDirectory = Directory.GetCurrentDirectory(),
    };

    /// <summary>Resolves a path given on the command line against <see cref="WorkingDirectory"/>.</summary>
    /// <param name="path">The path as typed.</param>
    /// <returns>The full path.</returns>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            // A file or a pipe has no width: lay tables out for their content rather than wrap them at 80 columns.
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
