using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Network;

/// <summary>A <c>data:</c> URI input is the image's bytes: the same 10 MB limit as <c>FromBytes</c>, refused before any request.</summary>
public sealed class DataUriLimitTests
{
    private static string DataUri(int bytes) => "data:image/png;base64," + Convert.ToBase64String(CoreKit.Png(bytes));

    /// <summary>Ideogram needs uploads (the SDK would decode and send the bytes); the others take URLs (the URI itself would be sent).</summary>
    public static TheoryData<IdeogramProvider> Providers => [.. Enum.GetValues<IdeogramProvider>()];

    [Theory]
    [InlineData(IdeogramProvider.Ideogram)]
    [InlineData(IdeogramProvider.Segmind)]
    [InlineData(IdeogramProvider.Runware)]
    public async Task A_12_MB_data_uri_is_refused_like_12_MB_of_bytes_before_any_request(IdeogramProvider provider)
    {
        var (client, handler) = FunctionHandler.NewClient(provider, CoreKit.Key, (r, _) => throw new InvalidOperationException($"{r.Method} {r.Uri} was sent."));
        using var _ = client;
        var request = new RemixRequest(ImageInput.FromUrl(DataUri(12 * 1024 * 1024)), "a fox");
        var asBytes = new RemixRequest(ImageInput.FromBytes(CoreKit.Png(12 * 1024 * 1024)), "a fox");

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.RemixAsync(request));
        var same = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.RemixAsync(asBytes));

        Assert.Equal(same.Message, e.Message);
        Assert.Equal(ImageParameter.Image, e.Parameter);
        Assert.Contains("12582912 bytes, over the limit", e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_12_MB_data_uri_reference_image_is_refused_on_every_provider_before_any_request(IdeogramProvider provider)
    {
        var (client, handler) = FunctionHandler.NewClient(provider, CoreKit.Key, (r, _) => throw new InvalidOperationException($"{r.Method} {r.Uri} was sent."));
        using var _ = client;
        var request = new GenerateRequest("a fox") { StyleReferenceImages = [ImageInput.FromUrl(DataUri(12 * 1024 * 1024))] };

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(request));

        Assert.Equal((ImageParameter.StyleReferenceImages, provider), (e.Parameter, e.Provider));
        Assert.Contains("12582912 bytes, over the limit", e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Data_uri_references_count_towards_the_set_total_like_bytes(IdeogramProvider provider)
    {
        var (client, handler) = FunctionHandler.NewClient(provider, CoreKit.Key, (r, _) => throw new InvalidOperationException($"{r.Method} {r.Uri} was sent."));
        using var _ = client;
        var request = new GenerateRequest("a fox") { StyleReferenceImages = [ImageInput.FromUrl(DataUri(6 * 1024 * 1024)), ImageInput.FromUrl(DataUri(6 * 1024 * 1024))] };

        var e = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.GenerateAsync(request));

        Assert.Equal(ImageParameter.StyleReferenceImages, e.Parameter);
        Assert.Contains("total 12582912 bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_data_uri_within_the_limit_is_sent_as_the_providers_bytes()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Segmind, CoreKit.Key, (_, _) => FunctionHandler.Json("""{"image":"iVBORw0KGgo="}"""));
        using var _ = client;
        var png = CoreKit.Png(100);

        await client.RemixAsync(new RemixRequest(ImageInput.FromUrl("data:image/png;base64," + Convert.ToBase64String(png)), "a fox"));

        Assert.Equal(Convert.ToBase64String(png), (string?)Assert.Single(handler.Requests).Json["image"]);
    }

    [Theory]
    [InlineData("data:image/png,%89PNG")]
    [InlineData("data:image/png;base64,not*base64")]
    [InlineData("data:image/png;base64")]
    public void A_data_uri_that_is_not_base64_is_refused_when_the_input_is_made(string uri)
    {
        var e = Assert.Throws<ArgumentException>(() => ImageInput.FromUrl(uri));

        Assert.Equal("url", e.ParamName);
    }

    [Fact]
    public void A_data_uri_input_describes_itself_by_size_not_content()
    {
        var input = ImageInput.FromUrl(DataUri(300));

        Assert.Equal("ImageInput(Url, data: 300 bytes)", input.ToString());
    }
}
