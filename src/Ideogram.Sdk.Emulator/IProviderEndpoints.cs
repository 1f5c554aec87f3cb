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
}
