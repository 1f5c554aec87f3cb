using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.AspNetCore;

/// <summary>Checks <see cref="IdeogramCallbackOptions"/> when the app starts and on every reload. Messages never quote a secret.</summary>
internal sealed class CallbackOptionsValidator : IValidateOptions<IdeogramCallbackOptions>
{
    public ValidateOptionsResult Validate(string? name, IdeogramCallbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PublicUrl is { } url
            && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add("IdeogramCallbackOptions.PublicUrl must be an absolute http(s) URL without a query or fragment, such as https://app.example.com/hooks/ideogram.");
        }

        if (options.Runflow?.SigningSecrets is null)
        {
            failures.Add("IdeogramCallbackOptions.Runflow.SigningSecrets must not be null.");
        }
        else if (options.Runflow.SigningSecrets.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("IdeogramCallbackOptions.Runflow.SigningSecrets holds an empty secret.");
        }

        if (options.Runware?.Tokens is null)
        {
            failures.Add("IdeogramCallbackOptions.Runware.Tokens must not be null.");
        }
        else
        {
            for (var i = 0; i < options.Runware.Tokens.Count; i++)
            {
                var token = options.Runware.Tokens[i];
                if (token is null || token.Length < IdeogramCallbackOptions.MinTokenLength || !token.All(IsUnreserved))
                {
                    failures.Add($"IdeogramCallbackOptions.Runware.Tokens[{i}] must be at least {IdeogramCallbackOptions.MinTokenLength} characters of A-Z a-z 0-9 - _ . ~ (IdeogramCallbackUrls.NewToken() makes one).");
                }
            }
        }

        if (options.DeduplicationWindow < TimeSpan.Zero)
        {
            failures.Add("IdeogramCallbackOptions.DeduplicationWindow must not be negative.");
        }

        if (options.MaxRememberedDeliveries < 1)
        {
            failures.Add("IdeogramCallbackOptions.MaxRememberedDeliveries must be at least 1.");
        }

        if (options.MaxBodyBytes < 1)
        {
            failures.Add("IdeogramCallbackOptions.MaxBodyBytes must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A character a URL carries as is (RFC 3986 "unreserved"), so the token reads back exactly.</summary>
    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';
}
