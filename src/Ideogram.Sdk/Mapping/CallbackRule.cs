using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Mapping;

/// <summary>
/// <see cref="SubmitOptions.CallbackUrl"/> follows the same rule as any request parameter: it must be an absolute
/// http(s) URL, and a provider whose mapping table takes no callback (<see cref="ProviderProfile.AcceptsCallbackUrl"/>)
/// refuses it before anything is sent, or, in best effort, leaves it out with a <see cref="Warning"/>.
/// </summary>
internal static class CallbackRule
{
    /// <summary>The name the errors and warnings give the setting.</summary>
    public const string Name = nameof(SubmitOptions.CallbackUrl);

    /// <summary>Refuses a callback URL that is not an absolute http(s) URL, or that the provider cannot take in strict mode.</summary>
    /// <param name="request">The request being submitted (its own <see cref="ImageRequest.UnsupportedParameters"/> wins).</param>
    /// <param name="options">The submission's options.</param>
    /// <param name="profile">The provider's mapping table.</param>
    /// <param name="behavior">The client's rule for unsupported parameters.</param>
    public static void Check(ImageRequest? request, SubmitOptions? options, ProviderProfile profile, UnsupportedParameterBehavior behavior)
    {
        // A missing request is refused by the request validation that follows.
        if (request is null || options?.CallbackUrl is not { } url)
        {
            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            // The URL itself is not repeated: its query may hold the token that authenticates the callback.
            throw new IdeogramValidationException(Name, profile.Provider, request.Operation,
                (url.IsAbsoluteUri ? $"has the scheme '{url.Scheme}'" : "is relative") + "; a callback URL must be an absolute http or https URL",
                "an absolute http(s) URL the provider can reach");
        }

        if (!profile.AcceptsCallbackUrl && (request.UnsupportedParameters ?? behavior) == UnsupportedParameterBehavior.Strict)
        {
            throw new UnsupportedParameterException(Name, profile.Provider, request.Operation,
                "is not supported: this provider calls no URL when a job ends (poll the job instead)", null, SupportedBy());
        }
    }

    /// <summary>The warning for a callback URL left out (best effort), or <see langword="null"/> when there is none to give.</summary>
    public static Warning? WarningFor(SubmitOptions? options, ProviderProfile profile) =>
        options?.CallbackUrl is null || profile.AcceptsCallbackUrl
            ? null
            : new Warning(Warning.Dropped, null,
                $"{Name} is not supported by {profile.Provider} (it calls no URL when a job ends) and was left out; poll the job instead. Providers that take it: {string.Join(", ", SupportedBy())}.");

    /// <summary>The providers whose mapping table takes a callback URL.</summary>
    public static IReadOnlyList<IdeogramProvider> SupportedBy() =>
        [.. ProviderRegistry.Profiles.Where(p => p.AcceptsCallbackUrl).Select(p => p.Provider)];
}
