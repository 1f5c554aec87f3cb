namespace Ideogram.Sdk.Providers;

/// <summary>
/// The absolute addresses of a provider's fixed routes (its submission paths), made once instead of on every call:
/// combining a base address with a path parses a new <see cref="Uri"/>, a large share of building a small JSON request.
/// An adapter serves every client, so this keeps the routes of the base address it was last asked for; a client with
/// another base address replaces them (and gets exactly what <c>new Uri(baseAddress, path)</c> gives).
/// </summary>
internal sealed class RouteCache
{
    /// <summary>More routes than any provider has; past it a new route replaces the set rather than growing it.</summary>
    private const int MaxRoutes = 16;

    private Routes? _routes;

    /// <summary><c>new Uri(<paramref name="baseAddress"/>, <paramref name="path"/>)</c>, made once per base address and path.</summary>
    public Uri For(Uri baseAddress, string path)
    {
        var routes = Volatile.Read(ref _routes);
        var serves = routes is not null && routes.Serves(baseAddress);
        if (serves)
        {
            foreach (var (known, address) in routes!.Known)
            {
                if (string.Equals(known, path, StringComparison.Ordinal))
                {
                    return address;
                }
            }
        }

        // Two clients adding a route at once may lose one of them: it is made again on its next call.
        var made = new Uri(baseAddress, path);
        Volatile.Write(ref _routes, serves && routes!.Known.Length < MaxRoutes ? routes.With(path, made) : new Routes(baseAddress, [(path, made)]));
        return made;
    }

    /// <summary>One base address and the routes made from it (never changed once published).</summary>
    private sealed class Routes(Uri baseAddress, (string Path, Uri Address)[] known)
    {
        public (string Path, Uri Address)[] Known { get; } = known;

        /// <summary>The same base address: the client's own instance, or one written the same way.</summary>
        public bool Serves(Uri other) =>
            ReferenceEquals(other, baseAddress) || string.Equals(other.OriginalString, baseAddress.OriginalString, StringComparison.Ordinal);

        public Routes With(string path, Uri address) => new(baseAddress, [.. Known, (path, address)]);
    }
}
