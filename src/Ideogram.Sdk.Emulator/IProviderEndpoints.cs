using Ideogram.Sdk.Emulator.Control;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator;

/// <summary>
/// One provider's routes. The host finds every implementation in this assembly (each needs a public parameterless
/// constructor) and maps it on that provider's own listener, after the shared journal and fault middleware.
/// </summary>
internal interface IProviderEndpoints
{
    /// <summary>The provider whose host these routes belong to.</summary>
    EmulatedProvider Provider { get; }

    /// <summary>Maps the provider's routes.</summary>
    void Map(IEndpointRouteBuilder routes, EmulatorContext context);

    /// <summary>
    /// Says what a request is for (its <see cref="RequestPhase"/>) and, for a submission, how many images it asks for,
    /// before the request is handled: from its method, path and the buffered <paramref name="body"/>. Never throws on
    /// a malformed body (a submission that cannot be read asks for its default count). Image downloads are classified
    /// by the host before this is called.
    /// </summary>
    ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken);
}
