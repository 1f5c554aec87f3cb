using System.Net;
using System.Net.Sockets;

namespace Ideogram.Sdk;

/// <summary>What the address rule says about a destination the SDK fetches by itself (a URL input, a result image).</summary>
internal enum AddressVerdict
{
    /// <summary>A public address: allowed.</summary>
    Allowed,

    /// <summary>Loopback or a private range: allowed only with <see cref="IdeogramClientOptions.AllowPrivateNetworkInputs"/>.</summary>
    Private,

    /// <summary>Link-local or a cloud metadata service: never allowed.</summary>
    Forbidden,
}

/// <summary>
/// The one rule for addresses the SDK connects to on its own (URL inputs it fetches for upload-only providers, and
/// result image downloads), so a request, a provider answer or a forged job token cannot point the SDK into the
/// caller's network. Link-local and metadata addresses are always refused; loopback and private ranges only when
/// the client allows them.
/// </summary>
internal static class NetworkAddressRule
{
    /// <summary>Cloud metadata services outside the link-local range (AWS's IPv6 endpoint, Alibaba Cloud's).</summary>
    private static readonly IPAddress[] MetadataAddresses = [IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200")];

    /// <summary>The verdict for one address (IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry).</summary>
    public static AddressVerdict Judge(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (Array.Exists(MetadataAddresses, m => m.Equals(address)))
        {
            return AddressVerdict.Forbidden;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                169 when b[1] == 254 => AddressVerdict.Forbidden,                   // 169.254.0.0/16 link-local (metadata)
                127 or 10 or 0 => AddressVerdict.Private,                           // loopback, 10/8, "this network"
                172 when b[1] is >= 16 and <= 31 => AddressVerdict.Private,         // 172.16.0.0/12
                192 when b[1] == 168 => AddressVerdict.Private,                     // 192.168.0.0/16
                100 when b[1] is >= 64 and <= 127 => AddressVerdict.Private,        // 100.64.0.0/10 carrier-grade NAT
                >= 224 => AddressVerdict.Private,                                   // multicast, reserved, broadcast
                _ => AddressVerdict.Allowed,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal)
            {
                return AddressVerdict.Forbidden;                                    // fe80::/10
            }

            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)
                || (b[0] & 0xFE) == 0xFC                                            // fc00::/7 unique local
                || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
            {
                return AddressVerdict.Private;
            }

            return AddressVerdict.Allowed;
        }

        return AddressVerdict.Forbidden;
    }

    /// <summary>Whether an address may be connected to under the client's setting.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivate) => Judge(address) switch
    {
        AddressVerdict.Allowed => true,
        AddressVerdict.Private => allowPrivate,
        _ => false,
    };

    /// <summary>
    /// Checks a URL before anything is sent: its scheme (http or https) and, when its host is a literal address or
    /// <c>localhost</c>, that address. Returns <see langword="null"/> when allowed, else the reason (without the URL's
    /// query, which may hold a signature). Host names are checked again at connect time on handlers the SDK creates.
    /// </summary>
    public static string? Check(Uri url, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http or https URL";
        }

        var verdict = VerdictOfHost(url);
        return verdict switch
        {
            AddressVerdict.Forbidden => $"points at {url.Host}, a link-local or cloud metadata address, which the SDK never fetches",
            AddressVerdict.Private when !allowPrivate => $"points at {url.Host}, a loopback or private network address (set IdeogramClientOptions.AllowPrivateNetworkInputs to allow it)",
            _ => null,
        };
    }

    /// <summary>The verdict for a URL's host when it can be told without DNS (a literal address or <c>localhost</c>); <see cref="AddressVerdict.Allowed"/> otherwise.</summary>
    public static AddressVerdict VerdictOfHost(Uri url)
    {
        var host = url.IdnHost.TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(host, out var address))
        {
            return Judge(address);
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? AddressVerdict.Private
            : AddressVerdict.Allowed;
    }
}
