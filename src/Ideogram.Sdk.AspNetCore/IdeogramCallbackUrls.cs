using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.AspNetCore;

/// <summary>
/// Builds the callback URL to submit a job with, so its provider delivers the outcome to <c>MapIdeogramCallbacks</c>:
/// pass it as <see cref="SubmitOptions.CallbackUrl"/>. For Runware it carries the current secret token, the only way a
/// Runware delivery can be authenticated. Registered by <c>AddIdeogramCallbacks</c>.
/// </summary>
/// <example>
/// <code>
/// var job = await client.SubmitAsync(request, new SubmitOptions { CallbackUrl = urls.For(client.Provider) }, ct);
/// </code>
/// </example>
public sealed class IdeogramCallbackUrls
{
    private readonly IOptionsMonitor<IdeogramCallbackOptions> _options;

    /// <summary>Creates the builder.</summary>
    /// <param name="options">The callback settings (<see cref="IdeogramCallbackOptions.PublicUrl"/>, the Runware tokens).</param>
    public IdeogramCallbackUrls(IOptionsMonitor<IdeogramCallbackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The callback URL for jobs of <paramref name="provider"/>.</summary>
    /// <param name="provider">Runflow or Runware: the providers whose callbacks these endpoints receive.</param>
    /// <returns><c>{PublicUrl}/runflow</c>, or <c>{PublicUrl}/runware?token={the first Runware token}</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The provider delivers no callbacks these endpoints receive.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="IdeogramCallbackOptions.PublicUrl"/>, or (Runware) no token, is configured.</exception>
    public Uri For(IdeogramProvider provider)
    {
        var options = _options.CurrentValue;
        var route = CallbackRoutes.Of(provider)
            ?? throw new ArgumentOutOfRangeException(nameof(provider), provider, $"{provider} sends no callbacks these endpoints receive; they receive Runflow callbacks and Runware webhooks.");
        var root = options.PublicUrl
            ?? throw new InvalidOperationException("IdeogramCallbackOptions.PublicUrl is not set: it is the public address of the pattern given to MapIdeogramCallbacks, for example https://app.example.com/hooks/ideogram.");
        var url = root.AbsoluteUri.TrimEnd('/') + "/" + route;
        if (provider == IdeogramProvider.Runware)
        {
            var token = options.Runware.Tokens.FirstOrDefault(t => !string.IsNullOrEmpty(t))
                ?? throw new InvalidOperationException("IdeogramCallbackOptions.Runware.Tokens is empty: Runware deliveries are authenticated by a secret token in the callback URL (IdeogramCallbackUrls.NewToken makes one).");
            url += "?" + CallbackRoutes.TokenParameter + "=" + token;
        }

        return new Uri(url);
    }

    /// <summary>A new random token for <see cref="RunwareCallbackOptions.Tokens"/>: 32 bytes from a cryptographic generator, base64url (43 characters).</summary>
    /// <returns>The token.</returns>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
