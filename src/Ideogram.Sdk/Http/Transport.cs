using System.Net;
using System.Net.Sockets;

namespace Ideogram.Sdk;

/// <summary>Resolves a host name to its addresses (the system's DNS by default; replaceable in tests).</summary>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>
/// The innermost handler: the connection pool the SDK creates (automatic redirects off, the address rule checked on
/// the resolved address of every connection the SDK opens on its own), and the checks applied to a transport the caller
/// gives instead.
/// </summary>
internal static class Transport
{
    /// <summary>A connection pool for one client: redirects are left to <see cref="RedirectHandler"/>, fetches obey the address rule at connect time.</summary>
    public static SocketsHttpHandler Create(bool allowPrivateNetwork, HostResolver? resolve = null)
    {
        resolve ??= Dns.GetHostAddressesAsync;
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivateNetwork, resolve, ct),
        };
    }

    /// <summary>
    /// Turns automatic redirects off on a handler the caller gave (anywhere in its chain of delegating handlers), so only
    /// <see cref="RedirectHandler"/> follows them. A handler that has already sent requests cannot be changed: it is
    /// refused if it follows redirects.
    /// </summary>
    /// <exception cref="ArgumentException">The handler follows redirects and has already been used.</exception>
    public static void TurnOffAutoRedirect(HttpMessageHandler transport, string paramName)
    {
        ArgumentNullException.ThrowIfNull(transport);
        for (HttpMessageHandler? h = transport; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            try
            {
                switch (h)
                {
                    case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                        sockets.AllowAutoRedirect = false;
                        break;
                    case HttpClientHandler { AllowAutoRedirect: true } client:
                        client.AllowAutoRedirect = false;
                        break;
                }
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException(
                    $"The {h.GetType().Name} follows redirects by itself and has already sent requests, so it cannot be changed. Redirects would carry the " +
                    "provider's credential to other hosts: give the client a handler with AllowAutoRedirect = false (the SDK follows redirects itself).",
                    paramName,
                    e);
            }
        }
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetwork, HostResolver resolve, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // A connection to a proxy is the caller's choice of route; the address rule concerns the host being fetched.
        var request = context.InitialRequestMessage;
        if (NetworkAddressRule.IsFetch(request) && request.RequestUri is { } url
            && string.Equals(url.IdnHost.TrimStart('[').TrimEnd(']'), host, StringComparison.OrdinalIgnoreCase))
        {
            var allowed = Array.FindAll(addresses, a => NetworkAddressRule.IsAllowed(a, allowPrivateNetwork));
            if (allowed.Length == 0)
            {
                var worst = addresses.Max(NetworkAddressRule.Judge);
                var described = $"{host} (which resolves to {string.Join(", ", addresses.Take(4))})";
                throw new FetchRefusedException(NetworkAddressRule.Refusal(worst, described, allowPrivateNetwork) ?? $"points at {described}, which the SDK does not fetch");
            }

            addresses = allowed;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Sends through a caller's <see cref="HttpClient"/> (its handlers, proxy and default headers), so the SDK's handlers can
/// sit in front of it without changing it. Each send is a copy of the request (an <see cref="HttpClient"/> sends a message
/// once; the retry handler re-sends), and the caller's <see cref="HttpClient.Timeout"/> passing is reported as an
/// attempt timeout, not as a cancellation.
/// </summary>
internal sealed class HttpClientTransport(HttpClient client) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The copy shares the request's content (which the request owns and disposes), so it is not disposed here.
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        try
        {
            return await client.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested && e.InnerException is TimeoutException)
        {
            throw new Polly.Timeout.TimeoutRejectedException(
                FormattableString.Invariant($"The HttpClient's own Timeout ({client.Timeout}) passed before the answer's headers arrived."), client.Timeout, e);
        }
    }
}
