namespace Ideogram.Sdk.AI;

/// <summary>Codes of the warnings an Ideogram <see cref="Microsoft.Extensions.AI.IImageGenerator"/> adds to a result's <see cref="ImageResult.Warnings"/>, besides the client's own.</summary>
public static class IdeogramImageWarnings
{
    /// <summary>The provider withheld an image after its safety check, so the response has fewer images than it made.</summary>
    public const string ImageWithheld = "image-withheld";

    /// <summary>
    /// An image was generated (and paid for) but downloading it failed, so it is returned as a link
    /// (<c>UriContent</c>) instead of bytes; download it again later with the client while the link lasts.
    /// </summary>
    public const string DownloadFailed = "image-download-failed";
}
