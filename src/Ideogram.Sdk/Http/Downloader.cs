using System.Buffers;
using System.Net;
using Ideogram.Sdk.Mapping;
using Polly.Timeout;

namespace Ideogram.Sdk;

/// <summary>Image downloads (streamed, size-capped, never authenticated) and bounded reads of provider answers.</summary>
internal static class Downloader
{
    public static async Task<long> DownloadAsync(HttpClient http, GeneratedImage image, Stream destination, IdeogramClientOptions options, IdeogramProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        if (!image.IsSafe)
        {
            throw new IdeogramContentPolicyException($"{provider} withheld this image after its safety check; there is nothing to download.");
        }

        if (image.Data is { } data)
        {
            await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return data.Length;
        }

        var url = image.Url ?? throw new InvalidOperationException("The image has neither a URL nor data.");
        if (url.Scheme == "data")
        {
            var bytes = DecodeDataUri(url.OriginalString);
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes.Length;
        }

        if (image.ExpiresAt is { } expires && expires <= options.TimeProvider.GetUtcNow())
        {
            throw new IdeogramDownloadException($"The {provider} image link expired at {expires:u}; links must be downloaded before they expire.") { IsExpired = true };
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(ResilienceHandler.KindKey, RequestKind.Read);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new IdeogramDownloadException($"Could not download the {provider} image from {url.Host}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var expired = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone;
                var details = new ProviderErrorDetails(provider, response.StatusCode);
                throw new IdeogramDownloadException(
                    expired
                        ? $"The {provider} image link no longer works (HTTP {(int)response.StatusCode}); it has probably expired."
                        : $"Downloading the {provider} image failed with HTTP {(int)response.StatusCode}.",
                    details,
                    expired);
            }

            if (response.Content.Headers.ContentLength is { } length && length > options.MaxDownloadBytes)
            {
                throw new IdeogramDownloadException($"The image is {length} bytes, over the download limit of {options.MaxDownloadBytes} bytes (IdeogramClientOptions.MaxDownloadBytes).");
            }

            var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                return await CopyBoundedAsync(source, destination, options.MaxDownloadBytes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task<long> DownloadToFileAsync(HttpClient http, GeneratedImage image, string path, IdeogramClientOptions options, IdeogramProvider provider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = full + ".part-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            long written;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                written = await DownloadAsync(http, image, file, options, provider, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
            return written;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public static async Task<byte[]> ReadBoundedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw new IdeogramException($"The provider's answer is {length} bytes, over the limit of {maxBytes} bytes (IdeogramClientOptions.MaxResponseBytes).");
        }

        var source = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await CopyBoundedAsync(source, buffer, maxBytes, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    /// <summary>For a provider that takes uploads only: fetches URL inputs (bounded) so they can be sent as files.</summary>
    public static async Task InlineUrlImagesAsync(HttpClient http, PreparedRequest prepared, IdeogramProvider provider, CancellationToken cancellationToken)
    {
        async Task<LoadedImage> Inline(LoadedImage image, ImageParameter parameter)
        {
            if (!image.IsUrl)
            {
                return image;
            }

            byte[] bytes;
            if (image.Url!.Scheme == "data")
            {
                bytes = DecodeDataUri(image.Url.OriginalString);
            }
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, image.Url);
                request.Options.Set(ResilienceHandler.KindKey, RequestKind.Read);
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new IdeogramValidationException(provider, prepared.Operation, parameter,
                            $"could not be fetched from its URL (HTTP {(int)response.StatusCode}); {provider} needs the image's bytes", "a reachable image URL, or bytes");
                    }

                    bytes = await ReadBoundedAsync(response.Content, RequestValidator.MaxImageBytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IdeogramException)
                {
                    throw new IdeogramValidationException(provider, prepared.Operation, parameter,
                        $"could not be fetched from its URL ({e.Message}); {provider} needs the image's bytes", "a reachable image URL of at most 10 MB, or bytes");
                }
            }

            var type = ImageFormat.Sniff(bytes) ?? throw new IdeogramValidationException(provider, prepared.Operation, parameter, "is not a JPEG, PNG or WebP image", "JPEG, PNG or WebP");
            var name = Path.GetFileName(image.Url.AbsolutePath);
            return new LoadedImage(bytes, null, string.IsNullOrEmpty(name) || image.Url.Scheme == "data" ? "image" + ImageFormat.Extension(type) : name, type);
        }

        async Task<IReadOnlyList<LoadedImage>> InlineAll(IReadOnlyList<LoadedImage> images, ImageParameter parameter)
        {
            var list = new List<LoadedImage>(images.Count);
            foreach (var i in images)
            {
                list.Add(await Inline(i, parameter).ConfigureAwait(false));
            }

            return list;
        }

        if (prepared.Image is { } image)
        {
            prepared.Image = await Inline(image, ImageParameter.Image).ConfigureAwait(false);
        }

        if (prepared.Mask is { } mask)
        {
            prepared.Mask = await Inline(mask, ImageParameter.Mask).ConfigureAwait(false);
        }

        prepared.StyleReferenceImages = await InlineAll(prepared.StyleReferenceImages, ImageParameter.StyleReferenceImages).ConfigureAwait(false);
        prepared.CharacterReferenceImages = await InlineAll(prepared.CharacterReferenceImages, ImageParameter.CharacterReferenceImages).ConfigureAwait(false);
        prepared.CharacterReferenceImageMasks = await InlineAll(prepared.CharacterReferenceImageMasks, ImageParameter.CharacterReferenceImageMasks).ConfigureAwait(false);
    }

    public static byte[] DecodeDataUri(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0 || !uri.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("Only base64 data URIs are supported.");
        }

        return Convert.FromBase64String(uri[(comma + 1)..]);
    }

    private static async Task<long> CopyBoundedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new IdeogramDownloadException($"The content is over the limit of {maxBytes} bytes.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
