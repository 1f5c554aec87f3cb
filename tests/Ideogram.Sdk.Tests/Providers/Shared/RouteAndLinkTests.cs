using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Tests.Providers.Shared;

/// <summary>The per-adapter route cache and the link reading the JSON adapters share: the same answers as the long way.</summary>
public class RouteAndLinkTests
{
    public static TheoryData<string> Links => new()
    {
        "https://api.segmind.com/generations/0e2b7a4c.png",
        "https://im.runware.ai/image/os/a13d12/ws/2/ii/23665695.JPG",
        "https://cdn.example/a/b.jpeg?sig=1.png",
        "https://cdn.example/a/b.webp#frag.png",
        "https://cdn.example/a.png/",
        "https://cdn.example/a.png/..",
        "https://cdn.example/dir.png/image",
        "https://cdn.example/image.",
        "https://cdn.example",
        "https://cdn.example.png",
        "https://cdn.example?x=a.png",
        "https://user@cdn.example:8443/x/y.PnG",
        "http://cdn.example/x\\y.webp",
        "  https://cdn.example/padded.jpg  ",
        "https://cdn.example/a.gif",
        "file:///tmp/local.png",
        "urn:isbn.png",
    };

    [Theory]
    [MemberData(nameof(Links))]
    public void The_type_of_a_link_is_read_from_the_extension_of_its_path(string link)
    {
        var url = new Uri(link, UriKind.Absolute);

        var expected = Path.GetExtension(url.AbsolutePath).ToUpperInvariant() switch
        {
            ".PNG" => "image/png",
            ".JPG" or ".JPEG" => "image/jpeg",
            ".WEBP" => "image/webp",
            _ => null,
        };

        Assert.Equal(expected, ImageLinks.ContentTypeOfPath(url));
    }

    [Fact]
    public void A_route_is_made_once_per_base_address_and_path()
    {
        var cache = new RouteCache();
        var first = new Uri("https://api.segmind.com/");

        var route = cache.For(first, "v1/ideogram-3");
        var other = cache.For(first, "v2/ideogram-3");

        Assert.Equal(new Uri(first, "v1/ideogram-3"), route);
        Assert.Equal(new Uri(first, "v2/ideogram-3"), other);
        Assert.Same(route, cache.For(first, "v1/ideogram-3"));
        Assert.Same(route, cache.For(new Uri("https://api.segmind.com/"), "v1/ideogram-3"));
    }

    [Fact]
    public void Another_base_address_gets_its_own_routes()
    {
        var cache = new RouteCache();
        var proxied = new Uri("https://proxy.example/segmind/");

        cache.For(new Uri("https://api.segmind.com/"), "v1/ideogram-3");
        var route = cache.For(proxied, "v1/ideogram-3");

        Assert.Equal("https://proxy.example/segmind/v1/ideogram-3", route.AbsoluteUri);
        Assert.Equal("https://api.segmind.com/v1/ideogram-3", cache.For(new Uri("https://api.segmind.com/"), "v1/ideogram-3").AbsoluteUri);
    }
}
