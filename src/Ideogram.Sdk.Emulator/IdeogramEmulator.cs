using System.Net;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Emulator;

/// <summary>
/// A running emulator: one Kestrel listener on 127.0.0.1 per provider, each speaking that provider's wire protocol.
/// </summary>
/// <example>
/// <code>
/// await using var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.Zero });
/// var ideogram = emu.BaseAddress(EmulatedProvider.Ideogram); // http://127.0.0.1:{port}/
/// </code>
/// </example>
public sealed class IdeogramEmulator : IAsyncDisposable
{
    private readonly EmulatorContext _context;
    private readonly List<WebApplication> _apps;
    private int _disposed;

    private IdeogramEmulator(EmulatorContext context, List<WebApplication> apps)
    {
        _context = context;
        _apps = apps;
    }

    /// <summary>Fault scripting and the request journal.</summary>
    public EmulatorControl Control => _context.Control;

    /// <summary>Starts every provider host and returns once all of them accept connections.</summary>
    /// <param name="options">Settings; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<IdeogramEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync(options ?? new EmulatorOptions(), logWarningsToStandardError: false, cancellationToken);

    /// <summary>The root URL of <paramref name="provider"/>'s host, for example <c>http://127.0.0.1:5100/</c>.</summary>
    public Uri BaseAddress(EmulatedProvider provider) => _context.BaseAddress(provider);

    /// <summary>Stops every host and releases the ports.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAllAsync(_apps);
        _context.Dispose();
    }

    internal static async Task<IdeogramEmulator> StartCoreAsync(EmulatorOptions options, bool logWarningsToStandardError, CancellationToken cancellationToken)
    {
        Validate(options);
        var context = new EmulatorContext(options);
        var endpoints = DiscoverEndpoints();
        var apps = new List<WebApplication>();
        try
        {
            foreach (var provider in Enum.GetValues<EmulatedProvider>())
            {
                var port = options.PortBase == 0 ? 0 : options.PortBase + (int)provider;
                var app = Build(provider, port, context, endpoints.GetValueOrDefault(provider), logWarningsToStandardError);
                apps.Add(app);
                await app.StartAsync(cancellationToken);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                context.SetBaseAddress(provider, new Uri(address.TrimEnd('/') + "/"));
            }
        }
        catch
        {
            await StopAllAsync(apps);
            context.Dispose();
            throw;
        }

        return new IdeogramEmulator(context, apps);
    }

    private static void Validate(EmulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DownscaleFactor, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.JobStepDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ImageUrlLifetime, TimeSpan.Zero, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        if (options.PortBase is < 0 or > IPEndPoint.MaxPort - 4)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PortBase, "PortBase must be 0 or a port with four free ports after it.");
        }

        if (options.ApiKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("ApiKey must be null (any key) or a non-empty key.", nameof(options));
        }
    }

    /// <summary>
    /// Finds each provider's routes: every non-abstract <see cref="IProviderEndpoints"/> in this assembly, created with
    /// its public parameterless constructor. A provider without one still gets a host (control API and images only).
    /// </summary>
    private static Dictionary<EmulatedProvider, IProviderEndpoints> DiscoverEndpoints() =>
        typeof(IdeogramEmulator).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IProviderEndpoints).IsAssignableFrom(t))
            .Select(t => (IProviderEndpoints)Activator.CreateInstance(t)!)
            .ToDictionary(e => e.Provider);

    private static WebApplication Build(
        EmulatedProvider provider,
        int port,
        EmulatorContext context,
        IProviderEndpoints? endpoints,
        bool logWarningsToStandardError)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(IdeogramEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logWarningsToStandardError)
        {
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        // The embedding process owns Ctrl+C and SIGTERM, not each provider host.
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        var app = builder.Build();
        app.UseEmulatorPipeline(provider, context, endpoints);
        ControlEndpoints.Map(app, provider, context.Control);
        context.Images.MapImageRoute(app, provider);
        endpoints?.Map(app, context);
        return app;
    }

    private static async Task StopAllAsync(List<WebApplication> apps)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var app in apps)
        {
            try
            {
                await app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping took too long; disposing below closes the listener anyway.
            }
            catch (InvalidOperationException)
            {
                // The host never started (a bind failure); there is nothing to stop.
            }

            await app.DisposeAsync();
        }
    }

    /// <summary>A host lifetime that neither waits for nor listens to console signals.</summary>
    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
