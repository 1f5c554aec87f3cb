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
/// the client allows them. Provider calls (to the configured base address) are not subject to it.
/// </summary>
internal static class NetworkAddressRule
{
    /// <summary>Cloud metadata services outside the link-local range (AWS's IPv6 endpoint, Alibaba Cloud's).</summary>
    private static readonly IPAddress[] MetadataAddresses = [IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200")];

    /// <summary>Host names of cloud metadata services (they resolve to link-local addresses; refused without asking DNS).</summary>
    private static readonly string[] MetadataNames = ["metadata.google.internal", "metadata"];

    /// <summary>Whether a request is one the SDK makes on its own (<see cref="Engine.SdkRequestMessage.IsFetch"/>).</summary>
    public static bool IsFetch(HttpRequestMessage? request) => request is Engine.SdkRequestMessage { IsFetch: true };

    /// <summary>The verdict for one address (IPv4 addresses carried inside IPv6 ones are judged as the IPv4 address).</summary>
    public static AddressVerdict Judge(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (EmbeddedIPv4(address) is { } inner)
        {
            address = inner;
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
                198 when b[1] is 18 or 19 => AddressVerdict.Private,                // 198.18.0.0/15 benchmarking
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
    /// Checks a URL before anything is sent: its scheme (http or https) and, when its host is a literal address,
    /// <c>localhost</c> or a metadata service's name, that host. Returns <see langword="null"/> when allowed, else the
    /// reason (without the URL's query, which may hold a signature). Other host names are checked again at connect time
    /// on connections the SDK opens.
    /// </summary>
    public static string? Check(Uri url, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http or https URL";
        }

        return Refusal(VerdictOfHost(url), url.Host, allowPrivate);
    }

    /// <summary>The reason a verdict refuses a host, or <see langword="null"/> when it allows it.</summary>
    public static string? Refusal(AddressVerdict verdict, string host, bool allowPrivate) => verdict switch
    {
        AddressVerdict.Forbidden => $"points at {host}, a link-local or cloud metadata address, which the SDK never fetches",
        AddressVerdict.Private when !allowPrivate => $"points at {host}, a loopback or private network address (set IdeogramClientOptions.AllowPrivateNetworkInputs to allow it)",
        _ => null,
    };

    /// <summary>The verdict for a URL's host when it can be told without DNS (a literal address, <c>localhost</c>, a metadata name); <see cref="AddressVerdict.Allowed"/> otherwise.</summary>
    public static AddressVerdict VerdictOfHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);

        // Uri canonicalises every IPv4 spelling (2130706433, 0x7f.1, 127.1) to dotted decimal; Host drops an IPv6 zone id.
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(url.Host.TrimStart('[').TrimEnd(']'), out var address))
        {
            return Judge(address);
        }

        var host = url.IdnHost.TrimEnd('.');
        if (Array.Exists(MetadataNames, n => host.Equals(n, StringComparison.OrdinalIgnoreCase)))
        {
            return AddressVerdict.Forbidden;
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? AddressVerdict.Private
            : AddressVerdict.Allowed;
    }

    /// <summary>A URL's origin for messages: scheme, host and port, never its user info, path or query.</summary>
    public static string Origin(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return FormattableString.Invariant($"{url.Scheme}://{url.Host}:{url.Port}");
    }

    /// <summary>Whether two absolute URLs have the same origin (scheme, host and port).</summary>
    public static bool SameOrigin(Uri a, Uri b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            // The answer to the address that was sent (the usual case): nothing to compare.
            return true;
        }

        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;
    }

    /// <summary>The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && !b[4..12].ContainsAnyExcept((byte)0);
        var compatible = !b[..12].ContainsAnyExcept((byte)0) && (b[12] | b[13]) != 0;
        return nat64 || compatible ? new IPAddress(b[12..]) : null;
    }
}
