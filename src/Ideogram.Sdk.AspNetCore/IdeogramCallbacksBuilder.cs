using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Ideogram.Sdk.AspNetCore;

/// <summary>Adds handlers for the statuses <c>MapIdeogramCallbacks</c> receives; returned by <c>AddIdeogramCallbacks</c>.</summary>
public sealed class IdeogramCallbacksBuilder
{
    internal IdeogramCallbacksBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services the handlers are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a handler type, created in the scope of each delivery (it may take scoped services such as a database context).</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <returns>This builder.</returns>
    public IdeogramCallbacksBuilder AddHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IImageJobCallbackHandler
    {
        Services.AddScoped<IImageJobCallbackHandler, THandler>();
        return this;
    }

    /// <summary>Adds a handler delegate.</summary>
    /// <param name="handler">Called with each delivered status and the request's cancellation token.</param>
    /// <returns>This builder.</returns>
    public IdeogramCallbacksBuilder AddHandler(Func<ImageJobStatus, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Services.AddSingleton<IImageJobCallbackHandler>(new DelegateHandler(handler));
        return this;
    }

    private sealed class DelegateHandler(Func<ImageJobStatus, CancellationToken, Task> handler) : IImageJobCallbackHandler
    {
        public Task HandleAsync(ImageJobStatus status, CancellationToken cancellationToken) => handler(status, cancellationToken);
    }
}
