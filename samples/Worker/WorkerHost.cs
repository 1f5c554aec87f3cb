using Ideogram.Sdk.Emulator;
using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.Samples.Worker;

/// <summary>The worker's host: the DI-registered client, the token store and the background service.</summary>
internal static class WorkerHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddIdeogram(builder.Configuration.GetSection("Ideogram"));
        builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection("Worker"));
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<LocalEmulator>(); // stopped with the host
        builder.Services.AddHostedService<PosterWorker>();
        return builder.Build();
    }

    /// <summary>With neither a key nor an address configured, points the client at the bundled emulator (before the options are first read).</summary>
    public static async Task UseEmulatorWhenNoKeyAsync(IHost host)
    {
        var config = host.Services.GetRequiredService<IConfiguration>();
        if (string.IsNullOrWhiteSpace(config["Ideogram:ApiKey"]) && string.IsNullOrWhiteSpace(config["Ideogram:BaseAddress"]))
        {
            await host.Services.GetRequiredService<LocalEmulator>().StartAsync(config);
        }
    }
}

/// <summary>The worker's settings (section <c>Worker</c>).</summary>
internal sealed class WorkerOptions
{
    /// <summary>The file holding the tokens of the jobs not collected yet, one per line.</summary>
    public string StorePath { get; set; } = "out/jobs.txt";

    /// <summary>Where collected images are saved.</summary>
    public string OutDir { get; set; } = "out";

    /// <summary>The prompts this run submits.</summary>
    public IList<string> Prompts { get; set; } = [];

    /// <summary>Whether the process ends once every job is collected.</summary>
    public bool ExitWhenDone { get; set; } = true;
}

/// <summary>The bundled emulator, for a run with no key: placeholder images, nothing charged.</summary>
internal sealed class LocalEmulator : IAsyncDisposable
{
    private IdeogramEmulator? _emulator;

    public async Task StartAsync(IConfiguration config)
    {
        var provider = Enum.Parse<IdeogramProvider>(config["Ideogram:Provider"] ?? nameof(IdeogramProvider.Runware), ignoreCase: true);
        _emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(1) });
        var address = _emulator.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString()));
        config["Ideogram:ApiKey"] = "emulator-key";
        config["Ideogram:BaseAddress"] = address.AbsoluteUri;
        config["Ideogram:AllowPrivateNetworkInputs"] = "true";
        Console.Error.WriteLine($"No key and no address set: using the local emulator at {address} (images are placeholders, nothing is charged; its jobs end with this process).");
    }

    public ValueTask DisposeAsync() => _emulator?.DisposeAsync() ?? ValueTask.CompletedTask;
}
