using System.CommandLine;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>Where a command sends its calls and with which key: <c>--provider</c>, the key options, <c>--base-url</c>, waiting limits.</summary>
internal sealed class ConnectionOptions
{
    private readonly Option<IdeogramProvider>? _provider;
    private readonly Option<string> _apiKeyFile = new("--api-key-file")
    {
        HelpName = "PATH",
        Description = "Read the API key from this file (the safest way to pass it on the command line).",
    };

    private readonly Option<string> _apiKey = new("--api-key")
    {
        HelpName = "KEY",
        Description = "The API key itself. The least safe way: it stays in your shell history and is visible to other processes. Prefer --api-key-file or the provider's environment variable.",
    };

    private readonly Option<Uri?> _baseUrl = new("--base-url")
    {
        HelpName = "URL",
        Description = "Send calls to this address instead of the provider's (a proxy, or an emulator started with 'ideogram emulator'). A loopback address also allows fetching images from it.",
        CustomParser = ValueParsers.HttpUrl,
    };

    private readonly Option<bool> _allowPrivateNetwork = new("--allow-private-network")
    {
        Description = "Allow image URLs (inputs and results) on loopback or private network addresses.",
    };

    private readonly Option<TimeSpan?> _timeout = new("--timeout")
    {
        HelpName = "DURATION",
        Description = "How long to wait for a queued job (500ms, 30s, 10m...; default 10m). The job goes on after that: its token is printed so you can 'ideogram wait' for it later.",
        CustomParser = ValueParsers.Duration,
    };

    private readonly Option<TimeSpan?> _pollInterval = new("--poll-interval")
    {
        HelpName = "DURATION",
        Description = "The first wait between status reads of a queued job (default 1s, growing by half each time up to 10s).",
        CustomParser = ValueParsers.Duration,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="withProvider">Whether the command takes <c>--provider</c> (the job commands read it from the token).</param>
    public ConnectionOptions(Command command, bool withProvider = true)
    {
        if (withProvider)
        {
            _provider = ProviderOption.Create("The service that runs Ideogram 3.0.");
            command.Options.Add(_provider);
        }

        command.Options.Add(_apiKeyFile);
        command.Options.Add(_apiKey);
        command.Options.Add(_baseUrl);
        command.Options.Add(_allowPrivateNetwork);
        command.Options.Add(_timeout);
        command.Options.Add(_pollInterval);
    }

    /// <summary>The <c>--provider</c> option, when the command has one.</summary>
    public Option<IdeogramProvider>? Provider => _provider;

    /// <summary>Reads the parsed values.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="provider">The provider, when it comes from elsewhere (a job token).</param>
    /// <returns>The settings.</returns>
    public ConnectionSettings Read(ParseResult parse, IdeogramProvider? provider = null) => new(
        provider ?? (_provider is null ? IdeogramProvider.Ideogram : parse.GetValue(_provider)),
        parse.GetValue(_apiKeyFile),
        parse.GetValue(_apiKey),
        parse.GetValue(_baseUrl),
        parse.GetValue(_allowPrivateNetwork),
        parse.GetValue(_timeout),
        parse.GetValue(_pollInterval));
}

/// <summary>The connection options of one run.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="ApiKeyFile">The path given to <c>--api-key-file</c>.</param>
/// <param name="ApiKey">The key given to <c>--api-key</c>.</param>
/// <param name="BaseUrl">The address given to <c>--base-url</c>.</param>
/// <param name="AllowPrivateNetwork">Whether <c>--allow-private-network</c> was given.</param>
/// <param name="Timeout">The job wait deadline.</param>
/// <param name="PollInterval">The first delay between status reads.</param>
internal sealed record ConnectionSettings(
    IdeogramProvider Provider,
    string? ApiKeyFile,
    string? ApiKey,
    Uri? BaseUrl,
    bool AllowPrivateNetwork,
    TimeSpan? Timeout,
    TimeSpan? PollInterval)
{
    /// <inheritdoc />
    public override string ToString() => $"ConnectionSettings({Provider}, {BaseUrl?.ToString() ?? "provider address"})";
}
