namespace Ideogram.Sdk.AspNetCore;

/// <summary>Where each provider's deliveries arrive, under the pattern given to <c>MapIdeogramCallbacks</c>.</summary>
internal static class CallbackRoutes
{
    public const string Runflow = "runflow";

    public const string Runware = "runware";

    /// <summary>The query parameter carrying the secret token of a Runware delivery.</summary>
    public const string TokenParameter = "token";

    /// <summary>The route of a provider's deliveries, or <see langword="null"/> for a provider these endpoints do not receive.</summary>
    public static string? Of(IdeogramProvider provider) => provider switch
    {
        IdeogramProvider.Runflow => Runflow,
        IdeogramProvider.Runware => Runware,
        _ => null,
    };
}
