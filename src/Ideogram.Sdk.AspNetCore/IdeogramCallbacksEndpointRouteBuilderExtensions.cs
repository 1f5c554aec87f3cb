using System.Diagnostics.CodeAnalysis;
using Ideogram.Sdk.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoints that receive providers' job callbacks.</summary>
public static class IdeogramCallbacksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}/runflow</c> (Runflow callbacks, <c>Runflow-Signature</c> verified against the configured
    /// signing secrets) and <c>POST {pattern}/runware</c> (Runware webhook deliveries, authenticated by the secret token
    /// in their URL); <c>POST {pattern}</c> itself takes either, told apart by the <c>Runflow-Signature</c> header (for a
    /// callback URL configured without the provider's segment). Each authenticated delivery is read into an <see cref="Ideogram.Sdk.ImageJobStatus"/>, published to
    /// <see cref="Ideogram.Sdk.IdeogramJobEvents"/> (so a wait for that job in this process ends at once) and handed once
    /// to the registered <see cref="IImageJobCallbackHandler"/>s. Answers: 200 handled (or handled already), 401 not
    /// authenticated, 400 unreadable, 413 too large, 503 the same delivery is being handled, 500 a handler threw.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route prefix, for example <c>/hooks/ideogram</c>; its public URL is <see cref="IdeogramCallbackOptions.PublicUrl"/>.</param>
    /// <returns>A builder for conventions that apply to every endpoint (host filters, rate limiting, ...).</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddIdeogramCallbacks(...)</c> was not called.</exception>
    public static IEndpointConventionBuilder MapIdeogramCallbacks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var handler = endpoints.ServiceProvider.GetService<CallbackEndpoints>()
            ?? throw new InvalidOperationException("MapIdeogramCallbacks needs its services: call services.AddIdeogramCallbacks(...) when building the app.");

        var group = endpoints.MapGroup(pattern);
        group.MapPost(CallbackRoutes.Runflow, new RequestDelegate(handler.RunflowAsync)).WithDisplayName("Ideogram callbacks: Runflow");
        group.MapPost(CallbackRoutes.Runware, new RequestDelegate(handler.RunwareAsync)).WithDisplayName("Ideogram callbacks: Runware");
        group.MapPost(string.Empty, new RequestDelegate(handler.EitherAsync)).WithDisplayName("Ideogram callbacks");
        return group;
    }
}
