using System.Net;
using System.Runtime.ExceptionServices;

namespace Ideogram.Sdk;

/// <summary>
/// Follows redirects in SDK code, so no transport follows them blindly. A provider call (submission, poll, follow-up,
/// cancel) follows a redirect only within its own origin (scheme, host and port): a redirect anywhere else could carry
/// the credential (a key header, a Bearer token, Runware's authentication task in the body) to a host the caller never
/// chose, so the call fails with an <see cref="IdeogramException"/> naming the status and the target origin instead.
/// A request the SDK makes on its own (<see cref="Engine.SdkRequestMessage.IsFetch"/>) carries no credential and may follow
/// a redirect anywhere the address rule allows, checked before every hop. Sits inside the retry handler: a chain of
/// redirects is one attempt.
/// </summary>
internal sealed class RedirectHandler(IdeogramProvider provider, bool allowPrivateNetwork) : DelegatingHandler
{
    /// <summary>The most redirects one request follows.</summary>
    public const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetch = NetworkAddressRule.IsFetch(request);
        var first = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        CheckFetch(fetch, first);

        // The request is re-sent as it was on the next attempt (the retry handler reuses it), so each hop's changes are undone at the end.
        var (method, content) = (request.Method, request.Content);
        try
        {
            for (var hop = 0; ; hop++)
            {
                var sent = request.RequestUri!;
                HttpResponseMessage response;
                try
                {
                    response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (e.InnerException is FetchRefusedException refused)
                {
                    // Refused at connect time (the name resolved to a forbidden address): not a network failure worth retrying.
                    ExceptionDispatchInfo.Throw(refused);
                    throw;
                }

                if (response.RequestMessage?.RequestUri is { } answered && !NetworkAddressRule.SameOrigin(answered, sent))
                {
                    // The transport followed a redirect by itself (a caller's HttpClient with automatic redirects on), or rewrote the address.
                    response.Dispose();
                    throw fetch
                        ? new FetchRefusedException($"was answered from {NetworkAddressRule.Origin(answered)} after the transport followed a redirect by itself, which the SDK could not check")
                        : new IdeogramException(
                            $"The request to {provider} was answered from another origin ({NetworkAddressRule.Origin(answered)}): the transport followed a redirect " +
                            "(or rewrote the address) by itself, so the request and its credential may have been sent there. Give the client a handler with " +
                            "automatic redirects off (AllowAutoRedirect = false); the SDK follows redirects within the provider's origin itself.",
                            new ProviderErrorDetails(provider, null));   // the provider's own answer (the redirect) was never seen: its fate is unknown
                }

                if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                {
                    return response;
                }

                var status = response.StatusCode;
                var target = location.IsAbsoluteUri ? location : new Uri(sent, location);
                response.Dispose();
                if (hop == MaxRedirects)
                {
                    throw fetch
                        ? new FetchRefusedException(FormattableString.Invariant($"was redirected more than {MaxRedirects} times"))
                        : new IdeogramException(FormattableString.Invariant($"{provider} redirected the request more than {MaxRedirects} times."), new ProviderErrorDetails(provider, status));
                }

                if (fetch)
                {
                    CheckFetch(fetch, target);
                    if (sent.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
                    {
                        throw new FetchRefusedException($"was redirected from https to plain http ({NetworkAddressRule.Origin(target)}), which the SDK does not follow");
                    }
                }
                else if (!NetworkAddressRule.SameOrigin(target, first))
                {
                    throw CrossOrigin(status, target);
                }

                request.RequestUri = target;
                if (ForcesGet(status, request.Method))
                {
                    request.Method = HttpMethod.Get;
                    request.Content = null;
                }
            }
        }
        finally
        {
            request.RequestUri = first;
            request.Method = method;
            request.Content = content;
        }
    }

    /// <summary>Whether a status is a redirect the SDK follows (the statuses .NET's own handler follows).</summary>
    internal static bool IsRedirect(HttpStatusCode status) => (int)status is 300 or 301 or 302 or 303 or 307 or 308;

    /// <summary>301/302/300 turn a POST into a GET, 303 turns anything but GET and HEAD into one; 307/308 keep the method and body.</summary>
    private static bool ForcesGet(HttpStatusCode status, HttpMethod method) => (int)status switch
    {
        300 or 301 or 302 => method == HttpMethod.Post,
        303 => method != HttpMethod.Get && method != HttpMethod.Head,
        _ => false,
    };

    private void CheckFetch(bool fetch, Uri url)
    {
        if (fetch && NetworkAddressRule.Check(url, allowPrivateNetwork) is { } reason)
        {
            throw new FetchRefusedException(reason);
        }
    }

    /// <summary>The refusal of a redirect to another origin; it carries the redirect's status, from which the engine judges how far a paid submission got.</summary>
    private IdeogramException CrossOrigin(HttpStatusCode status, Uri target) =>
        new(
            FormattableString.Invariant($"{provider} answered HTTP {(int)status} with a redirect to another origin ({NetworkAddressRule.Origin(target)}). ") +
            "The SDK does not follow it, so the credential is not sent there; check the client's BaseAddress.",
            new ProviderErrorDetails(provider, status));
}

/// <summary>The SDK refused to fetch a URL on its own (the address rule, or a redirect it does not follow). Never leaves the SDK.</summary>
internal sealed class FetchRefusedException : Exception
{
    public FetchRefusedException()
    {
    }

    public FetchRefusedException(string reason)
        : base(reason)
    {
    }

    public FetchRefusedException(string reason, Exception? innerException)
        : base(reason, innerException)
    {
    }
}
