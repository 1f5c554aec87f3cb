using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ideogram.Sdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers an <see cref="IdeogramRouter"/> (several providers behind one <see cref="IIdeogramClient"/>) with
/// dependency injection; its members' HTTP connections come from <c>IHttpClientFactory</c>. The options (and every
/// member's, keys included) are validated when the host starts; the router and its members log through the container's
/// <c>ILoggerFactory</c> and record metrics on its <c>IMeterFactory</c>.
/// </summary>
public static class IdeogramRouterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default router as <see cref="IdeogramRouter"/> and <see cref="IIdeogramClient"/> (singletons), bound to
    /// a configuration section (for example <c>"Ideogram:Router"</c>): <c>Strategy</c>, <c>Members</c> (a list of sections
    /// like <c>AddIdeogram</c>'s; keys from each provider's environment variable when not set), <c>Budget</c>
    /// (<c>{ "Usd": 20, "Period": "1.00:00:00" }</c>), <c>AllowFailoverAfterAmbiguousFailure</c>, <c>Health</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The HTTP client builder every member's connections come from (handlers added to it run inside each member's retry handler).</returns>
    public static IHttpClientBuilder AddIdeogramRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, Options.Options.DefaultName, o => o.Configure(options => Bind(configuration, options)), keyed: false);
    }

    /// <summary>Registers the default router as <see cref="IdeogramRouter"/> and <see cref="IIdeogramClient"/> (singletons), configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (members, strategy, budget...).</param>
    /// <returns>The HTTP client builder every member's connections come from.</returns>
    public static IHttpClientBuilder AddIdeogramRouter(this IServiceCollection services, Action<IdeogramRouterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, Options.Options.DefaultName, o => o.Configure(configure), keyed: false);
    }

    /// <summary>Registers a named router bound to a configuration section, resolved as a keyed service (<c>[FromKeyedServices("name")]</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name (the service key).</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The HTTP client builder every member's connections come from.</returns>
    public static IHttpClientBuilder AddIdeogramRouter(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, name, o => o.Configure(options => Bind(configuration, options)), keyed: true);
    }

    /// <summary>Registers a named router configured in code, resolved as a keyed service (<c>[FromKeyedServices("name")]</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder every member's connections come from.</returns>
    public static IHttpClientBuilder AddIdeogramRouter(this IServiceCollection services, string name, Action<IdeogramRouterOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, o => o.Configure(configure), keyed: true);
    }

    /// <summary>
    /// Binds the router's section. The members, budget and health settings are bound by the configuration binder like
    /// <c>AddIdeogram</c>'s sections; <see cref="IdeogramRouterOptions.Prices"/> and the clock are set in code only.
    /// </summary>
    private static void Bind(IConfiguration section, IdeogramRouterOptions options)
    {
        if (section["Strategy"] is not null)
        {
            options.Strategy = section.GetValue<RoutingStrategy>("Strategy");
        }

        if (section["AllowFailoverAfterAmbiguousFailure"] is not null)
        {
            options.AllowFailoverAfterAmbiguousFailure = section.GetValue<bool>("AllowFailoverAfterAmbiguousFailure");
        }

        if (section["UnsupportedParameters"] is not null)
        {
            options.UnsupportedParameters = section.GetValue<UnsupportedParameterBehavior>("UnsupportedParameters");
        }

        var members = section.GetSection("Members").GetChildren().ToList();
        if (members.Count > 0)
        {
            options.Members = [.. members.Select(m =>
            {
                var member = new IdeogramClientOptions();
                m.Bind(member);
                return member;
            })];
        }

        var budget = section.GetSection("Budget");
        if (budget.Exists())
        {
            options.Budget ??= new CostBudget();
            budget.Bind(options.Budget);
        }

        section.GetSection("Health").Bind(options.Health);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<IdeogramRouterOptions>> configure, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IdeogramRouterOptions>(name);
        configure(options);
        var httpName = "Ideogram.Sdk.Router:" + name;
        if (!IdeogramRegistration.Add(services, typeof(IdeogramRouterOptions), name))
        {
            // Registered before: the configuration above is layered onto it; the router and its validation exist once.
            return services.AddHttpClient(httpName);
        }

        options.ValidateOnStart();
        options.PostConfigure<IServiceProvider>(IdeogramRegistration.UseContainerTelemetry);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdeogramRouterOptions>, IdeogramRouterOptionsValidation>());
        services.AddMetrics();
        var builder = services
            .AddHttpClient(httpName)
            .ConfigurePrimaryHttpMessageHandler(sp => Transport.Create(OptionsOf(sp, name).Members.All(m => m.AllowPrivateNetworkInputs)));

        // Each member puts its own retry and redirect handlers (its retries, timeouts and address rule) in front of the
        // factory's handler chain, and turns automatic redirects off on its primary handler. The members share that
        // chain, so its connect-time address check allows private networks only when every member does.
        IdeogramRouter Create(IServiceProvider sp)
        {
            var options = OptionsOf(sp, name);
            var handlers = sp.GetRequiredService<IHttpMessageHandlerFactory>();
            return new IdeogramRouter(options, member => new IdeogramClient(member, handlers.CreateHandler(httpName)));
        }

        if (keyed)
        {
            services.TryAddKeyedSingleton(name, (sp, _) => Create(sp));
            services.TryAddKeyedSingleton<IIdeogramClient>(name, (sp, key) => sp.GetRequiredKeyedService<IdeogramRouter>(key));
        }
        else
        {
            services.TryAddSingleton(Create);
            services.TryAddSingleton<IIdeogramClient>(sp => sp.GetRequiredService<IdeogramRouter>());
        }

        return builder;
    }

    private static IdeogramRouterOptions OptionsOf(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<IdeogramRouterOptions>>().Get(name);
}
