using System.Globalization;

namespace Ideogram.Sdk.Engine;

/// <summary>Size limits on what a provider's answer hands over inline, the same as on downloads.</summary>
internal static class ResultLimits
{
    /// <summary>Refuses a result whose inline image bytes are over <see cref="IdeogramClientOptions.MaxDownloadBytes"/>, exactly as a download of that image would be.</summary>
    public static void Check(ImageResult result, IdeogramClientOptions options, IdeogramProvider provider)
    {
        var images = result.Images;
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Data is { Length: var length } && length > options.MaxDownloadBytes)
            {
                throw new IdeogramDownloadException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{provider} sent an image of {length} bytes inline, over the download limit of {options.MaxDownloadBytes} bytes (IdeogramClientOptions.MaxDownloadBytes)."));
            }
        }
    }
}
