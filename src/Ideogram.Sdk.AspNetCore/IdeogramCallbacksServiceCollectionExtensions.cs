using Ideogram.Sdk;
using Ideogram.Sdk.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>MapIdeogramCallbacks</c> needs: its settings, the delivery log, <see cref="IdeogramCallbackUrls"/>.</summary>
public static class IdeogramCallbacksServiceCollectionExtensions
{
    /// <summary>Registers the callback endpoints' services, configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the secrets, tokens and limits.</param>
    /// <returns>A builder to add handlers with.</returns>
    public static IdeogramCallbacksBuilder AddIdeogramCallbacks(this IServiceCollection services, Action<IdeogramCallbackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, o => o.Configure(configure));
    }

    /// <summary>Registers the callback endpoints' services, bound to a configuration section (for example <c>"Ideogram:Callbacks"</c>), reloaded with it.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section: <c>PublicUrl</c>, <c>Runflow:SigningSecrets</c>, <c>Runware:Tokens</c>, <c>DeduplicationWindow</c>, ...</param>
    /// <returns>A builder to add handlers with.</returns>
    public static IdeogramCallbacksBuilder AddIdeogramCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, o => o.Bind(configuration));
    }

    private static IdeogramCallbacksBuilder AddCore(IServiceCollection services, Action<OptionsBuilder<IdeogramCallbackOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IdeogramCallbackOptions>();
        configure(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdeogramCallbackOptions>, CallbackOptionsValidator>());

        // The same instance AddIdeogram's clients listen to, so a delivery ends their waits.
        services.TryAddSingleton(IdeogramJobEvents.Shared);
        services.TryAddSingleton<IdeogramCallbackUrls>();
        services.TryAddSingleton(sp => new DeliveryLog(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(sp => new CallbackEndpoints(
            sp.GetRequiredService<IOptionsMonitor<IdeogramCallbackOptions>>(),
            sp.GetRequiredService<DeliveryLog>(),
            sp.GetRequiredService<IdeogramJobEvents>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Ideogram.Sdk.AspNetCore.IdeogramCallbacks")));
        return new IdeogramCallbacksBuilder(services);
    }
}
