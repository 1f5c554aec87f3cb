using System.Text.Json;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;
using Spectre.Console.Testing;

namespace Ideogram.Cli.Tests.Infrastructure;

/// <summary>Runs the tool in this process with test consoles, a given environment and a scratch working directory.</summary>
internal sealed class Tool : IDisposable
{
    /// <summary>The key the tests put into the providers' environment variables.</summary>
    public const string TestKey = "cli-test-key-5f2e";

    private Tool(string directory) => WorkingDirectory = directory;

    /// <summary>The scratch working directory (deleted on dispose).</summary>
    public string WorkingDirectory { get; }

    /// <summary>The environment the tool sees; by default every provider's key variable holds <see cref="TestKey"/>.</summary>
    public Dictionary<string, string> Environment { get; } = Enum.GetValues<IdeogramProvider>()
        .ToDictionary(p => IdeogramClient.GetApiKeyVariable(p), _ => TestKey);

    /// <summary>Whether the consoles claim to be an interactive terminal.</summary>
    public bool Interactive { get; set; }

    /// <summary>The delay per job state when the tool starts its own emulator.</summary>
    public TimeSpan EmulatorJobStepDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Creates a runner with a fresh scratch directory.</summary>
    /// <returns>The runner.</returns>
    public static Tool Create() => new(Directory.CreateTempSubdirectory("ideogram-cli-").FullName);

    /// <summary>The arguments that point a command at <paramref name="emulator"/>'s host for <paramref name="provider"/>.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="provider">The provider.</param>
    /// <returns><c>--provider NAME --base-url URL</c>.</returns>
    public static string[] At(IdeogramEmulator emulator, IdeogramProvider provider) =>
        ["--provider", provider.ToString().ToLowerInvariant(), "--base-url", BaseUrl(emulator, provider)];

    /// <summary>The emulator's address for <paramref name="provider"/>.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The URL.</returns>
    public static string BaseUrl(IdeogramEmulator emulator, IdeogramProvider provider) =>
        emulator.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString())).ToString();

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>What it printed and its exit code.</returns>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <summary>Runs one command line until it ends or <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">The Ctrl+C token.</param>
    /// <param name="started">Receives the consoles as soon as they exist, for a test that watches a long-running command.</param>
    /// <returns>What it printed and its exit code.</returns>
    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken, Action<TestConsole, TestConsole>? started = null)
    {
        using var output = new TestConsole();
        using var error = new TestConsole();
        if (Interactive)
        {
            output.Interactive();
            error.Interactive().EmitAnsiSequences();
        }
        else
        {
            // As the real program sets up redirected output.
            output.Width(CliHost.RedirectedWidth);
            error.Width(CliHost.RedirectedWidth);
        }

        started?.Invoke(output, error);
        var host = new CliHost
        {
            Out = output,
            Error = error,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            WorkingDirectory = WorkingDirectory,
            EmulatorJobStepDelay = EmulatorJobStepDelay,
        };
        var code = await IdeogramCli.RunAsync(args, host, cancellationToken);
        return new CliResult(code, output.Output, error.Output);
    }

    /// <summary>A path inside the working directory.</summary>
    /// <param name="name">The relative name.</param>
    /// <returns>The full path.</returns>
    public string PathOf(string name) => Path.Combine(WorkingDirectory, name);

    /// <summary>Writes <see cref="TestImages.Png"/> into the working directory.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>The name (relative to the working directory, as a user would type it).</returns>
    public string WriteImage(string name = "input.png")
    {
        File.WriteAllBytes(PathOf(name), TestImages.Png);
        return name;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch directory left behind in the temp folder is harmless.
        }
    }
}

/// <summary>What one run printed, and its exit code.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output's non-empty lines.</summary>
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Standard output parsed as the one <c>--json</c> document.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
