using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Ideogram.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="IIdeogramClient"/> with dependency injection, its HTTP connections managed by <c>IHttpClientFactory</c>.
/// The options are validated when the host starts (a missing key or an out-of-range value stops the app there, not at the
/// first call), and the client logs through the container's <c>ILoggerFactory</c> and records metrics on the container's
/// <c>IMeterFactory</c> unless its options name others.
/// </summary>
public static class IdeogramServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="IIdeogramClient"/> (a singleton), configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (provider, key, ...).</param>
    /// <returns>The HTTP client builder, to add handlers of your own (they run inside the SDK's retry handler: once per attempt).</returns>
    public static IHttpClientBuilder AddIdeogram(this IServiceCollection services, Action<IdeogramClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, Options.Options.DefaultName, o => o.Configure(configure), keyed: false);
    }

    /// <summary>Registers the default <see cref="IIdeogramClient"/>, bound to a configuration section (for example <c>"Ideogram"</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section: <c>Provider</c>, <c>ApiKey</c>, <c>BaseAddress</c>, <c>MaxRetries</c>, ...</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddIdeogram(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, Options.Options.DefaultName, o => o.Bind(configuration), keyed: false);
    }

    /// <summary>
    /// Registers a named client, resolved as a keyed service: <c>[FromKeyedServices("fast")] IIdeogramClient</c>.
    /// Several can be registered (for example one per provider).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddIdeogram(this IServiceCollection services, string name, Action<IdeogramClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, o => o.Configure(configure), keyed: true);
    }

    /// <summary>Registers a named client bound to a configuration section, resolved as a keyed service.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name (the service key).</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddIdeogram(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, name, o => o.Bind(configuration), keyed: true);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<IdeogramClientOptions>> configure, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IdeogramClientOptions>(name);
        configure(options);
        var httpName = IdeogramHandlerFilter.Prefix + name;
        if (!IdeogramRegistration.Add(services, typeof(IdeogramClientOptions), name))
        {
            // Registered before: the configuration above is layered onto it; the client, its handlers and its
            // validation exist once (a second retry handler would multiply every retry).
            return services.AddHttpClient(httpName);
        }

        options.ValidateOnStart();
        options.PostConfigure<IServiceProvider>(IdeogramRegistration.UseContainerTelemetry);

        // Callbacks received in this app (Ideogram.Sdk.AspNetCore) are published to the registered IdeogramJobEvents:
        // clients that name no other instance listen there. Register your own instance first to isolate an app.
        services.TryAddSingleton(IdeogramJobEvents.Shared);
        options.PostConfigure<IdeogramJobEvents>((o, events) => o.JobEvents ??= events);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdeogramClientOptions>, IdeogramClientOptionsValidation>());
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, IdeogramHandlerFilter>());
        var builder = services
            .AddHttpClient(httpName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => Transport.Create(OptionsOf(sp, name).AllowPrivateNetworkInputs))
            .AddHttpMessageHandler(sp => new ResilienceHandler(OptionsOf(sp, name)));

        IdeogramClient Create(IServiceProvider sp) =>
            IdeogramClient.OverSdkPipeline(OptionsOf(sp, name), sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpName));

        if (keyed)
        {
            services.TryAddKeyedSingleton<IIdeogramClient>(name, (sp, _) => Create(sp));
        }
        else
        {
            services.TryAddSingleton<IIdeogramClient>(Create);
        }

        return builder;
    }

    private static IdeogramClientOptions OptionsOf(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<IdeogramClientOptions>>().Get(name);
}

/// <summary>
/// Finishes the handler chain of every <c>AddIdeogram</c> client after all configuration (including a primary handler
/// of the caller's own): automatic redirects off on the primary handler, and the SDK's redirect handler innermost, so
/// a redirect is followed by SDK code, once per attempt, and never carries the key to another origin.
/// </summary>
internal sealed class IdeogramHandlerFilter : IHttpMessageHandlerBuilderFilter
{
    /// <summary>The start of the names of the <c>IHttpClientFactory</c> clients <c>AddIdeogram</c> registers.</summary>
    public const string Prefix = "Ideogram.Sdk:";

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return builder =>
        {
            next(builder);
            if (builder.Name is not { } httpName || !httpName.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return;
            }

            var options = builder.Services.GetRequiredService<IOptionsMonitor<IdeogramClientOptions>>().Get(httpName[Prefix.Length..]);
            try
            {
                Transport.TurnOffAutoRedirect(builder.PrimaryHandler, nameof(builder.PrimaryHandler));
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"The primary handler configured for AddIdeogram ('{httpName[Prefix.Length..]}'): {e.Message}", e);
            }

            builder.AdditionalHandlers.Add(new RedirectHandler(options.Provider, options.AllowPrivateNetworkInputs));
        };
    }
}
