using Ideogram.Cli.Options;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Cli.Running;

/// <summary>
/// The client of one run, and the emulator it talks to when the tool started its own (no key and no
/// <c>--base-url</c>). Disposing stops both.
/// </summary>
internal sealed class ClientConnection : IAsyncDisposable
{
    /// <summary>The key sent to the tool's own emulator, which accepts any non-empty key.</summary>
    private const string EmulatorKey = "emulator-key";

    private readonly IdeogramEmulator? _emulator;

    private ClientConnection(ObservedClient client, IdeogramEmulator? emulator)
    {
        Client = client;
        _emulator = emulator;
    }

    /// <summary>The client.</summary>
    public ObservedClient Client { get; }

    /// <summary>
    /// Finds the key (<c>--api-key-file</c>, <c>--api-key</c>, then the provider's environment variable) and builds the
    /// client. With no key and no <c>--base-url</c> it starts the bundled emulator in this process and says so.
    /// </summary>
    /// <param name="host">The host.</param>
    /// <param name="settings">The connection options.</param>
    /// <param name="output">Where the emulator notice goes.</param>
    /// <param name="cancellationToken">Cancels the emulator start.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="UsageException">The key options conflict, the key file cannot be read, or there is no key for <c>--base-url</c>.</exception>
    public static async Task<ClientConnection> OpenAsync(CliHost host, ConnectionSettings settings, CommandOutput output, CancellationToken cancellationToken)
    {
        var variable = IdeogramClient.GetApiKeyVariable(settings.Provider);
        var key = ReadKey(host, settings, variable);
        var baseUrl = settings.BaseUrl;
        IdeogramEmulator? emulator = null;
        if (key is null)
        {
            if (baseUrl is not null)
            {
                throw new UsageException($"No API key for {settings.Provider}: set {variable}, or pass --api-key-file PATH (or --api-key KEY).");
            }

            emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = host.EmulatorJobStepDelay }, cancellationToken).ConfigureAwait(false);
            baseUrl = emulator.BaseAddress(Enum.Parse<EmulatedProvider>(settings.Provider.ToString()));
            key = EmulatorKey;
            output.UsingEmulator($"No {variable} set: using the local emulator at {baseUrl} (images are placeholders, nothing is charged).");
        }

        try
        {
            var polling = new PollingOptions();
            if (settings.Timeout is { } timeout)
            {
                polling.Timeout = timeout;
            }

            if (settings.PollInterval is { } interval)
            {
                polling.InitialDelay = interval;
                polling.MaxDelay = interval > polling.MaxDelay ? interval : polling.MaxDelay;
            }
            else if (emulator is not null)
            {
                polling.InitialDelay = TimeSpan.FromMilliseconds(500);
            }

            var client = new ObservedClient(new IdeogramClientOptions
            {
                Provider = settings.Provider,
                ApiKey = key,
                BaseAddress = baseUrl,
                Polling = polling,
                TimeProvider = host.Time,

                // The emulator serves its images (and fetches URL inputs) on loopback; a user who points --base-url at
                // a loopback server is running one too.
                AllowPrivateNetworkInputs = emulator is not null || settings.AllowPrivateNetwork || baseUrl is { IsLoopback: true },
            });
            return new ClientConnection(client, emulator);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string? ReadKey(CliHost host, ConnectionSettings settings, string variable)
    {
        if (settings.ApiKeyFile is not null && settings.ApiKey is not null)
        {
            throw new UsageException("Give --api-key-file or --api-key, not both.");
        }

        if (settings.ApiKeyFile is { } file)
        {
            var path = host.ResolvePath(file);
            string text;
            try
            {
                text = File.ReadAllText(path).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--api-key-file: cannot read '{path}': {e.Message}", e);
            }

            return text.Length > 0 ? text : throw new UsageException($"--api-key-file: '{path}' is empty.");
        }

        if (settings.ApiKey is { } given)
        {
            return !string.IsNullOrWhiteSpace(given) ? given.Trim() : throw new UsageException("--api-key is empty.");
        }

        return host.GetEnvironmentVariable(variable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment)
            ? fromEnvironment.Trim()
            : null;
    }
}
