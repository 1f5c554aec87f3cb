using System.Buffers;
using System.Net;
using Ideogram.Sdk.Engine;
using Ideogram.Sdk.Mapping;
using Polly.Timeout;

namespace Ideogram.Sdk;

/// <summary>
/// What the SDK fetches on its own: result image downloads and URL inputs for providers that take uploads only
/// (streamed, size-capped, never authenticated, under the address rule, with an idle and a total deadline), and bounded
/// reads of provider answers.
/// </summary>
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
            throw Download($"The {provider} image link expired at {expires:u}; links must be downloaded before they expire.", expired: true);
        }

        try
        {
            return await FetchAsync(http, url, destination, options.MaxDownloadBytes, options, cancellationToken, new ImageBoundary()).ConfigureAwait(false);
        }
        catch (FetchFailedException e)
        {
            throw e.Failure switch
            {
                FetchFailure.Refused => Download($"The {provider} image link {e.Message}; nothing was downloaded.", inner: e.InnerException),
                FetchFailure.Status when e.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone =>
                    new IdeogramDownloadException($"The {provider} image link no longer works (HTTP {(int)e.Status}); it has probably expired.", new ProviderErrorDetails(provider, e.Status), expired: true)
                    {
                        Submission = SubmissionState.NotSent,
                    },
                FetchFailure.Status => new IdeogramDownloadException($"Downloading the {provider} image failed with HTTP {(int)e.Status!.Value}.", new ProviderErrorDetails(provider, e.Status), expired: false)
                {
                    Submission = SubmissionState.NotSent,
                },
                FetchFailure.TooLarge => Download($"The image {e.Message}, over the download limit of {options.MaxDownloadBytes} bytes (IdeogramClientOptions.MaxDownloadBytes)."),
                FetchFailure.NotAnImage => Download($"The {provider} image download from {url.Host} {e.Message}; the link may still work, so try again."),
                _ => Download($"Could not download the {provider} image from {url.Host}: {e.Message}.", inner: e.InnerException),
            };
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

    /// <summary>
    /// Reads a provider's answer into one array of its exact size, at most <paramref name="maxBytes"/>: straight into the
    /// array when the answer declares its length, else through a pooled buffer that grows as needed.
    /// </summary>
    public static async ValueTask<byte[]> ReadBoundedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared is { } length && length > maxBytes)
        {
            throw new IdeogramException($"The provider's answer is {length} bytes, over the limit of {maxBytes} bytes (IdeogramClientOptions.MaxResponseBytes).");
        }

        var source = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            if (declared is { } size)
            {
                if (size == 0)
                {
                    return [];
                }

                var body = new byte[size];
                var read = await source.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return read == body.Length
                    ? body
                    : throw new IOException(FormattableString.Invariant($"The answer ended after {read} of its {size} bytes."));
            }

            return await ReadUnknownLengthAsync(source, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<byte[]> ReadUnknownLengthAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var grown = Math.Min(Math.Min((long)buffer.Length * 2, maxBytes + 1), Array.MaxLength);
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(grown, buffer.Length + 1L));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, total).ToArray();
                }

                total += read;
                if (total > maxBytes)
                {
                    // The same failure as an announced length over the limit: a provider's answer, not a download.
                    throw new IdeogramException($"The provider's answer is more than {maxBytes} bytes, over the limit (IdeogramClientOptions.MaxResponseBytes).");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// For a provider that takes uploads only: fetches URL inputs so they can be sent as files, before anything paid is
    /// sent. A URL the address rule refuses, an HTTP error, an oversized or non-image answer is a validation error naming
    /// the parameter; a stalled or broken connection is an <see cref="IdeogramDownloadException"/> (nothing was sent to the provider).
    /// </summary>
    public static Task InlineUrlImagesAsync(HttpClient http, PreparedRequest prepared, IdeogramClientOptions options, IdeogramProvider provider, CancellationToken cancellationToken) =>
        prepared.HasImages && prepared.AllImages().Any(i => i.Image.IsUrl)
            ? InlineAsync(http, prepared, options, provider, cancellationToken)
            : Task.CompletedTask;

    private static async Task InlineAsync(HttpClient http, PreparedRequest prepared, IdeogramClientOptions options, IdeogramProvider provider, CancellationToken cancellationToken)
    {
        async Task<LoadedImage> Inline(LoadedImage image, ImageParameter parameter)
        {
            if (!image.IsUrl)
            {
                return image;
            }

            var url = image.Url!;
            byte[] bytes;
            try
            {
                using var buffer = new MemoryStream();
                await FetchAsync(http, url, buffer, RequestValidator.MaxImageBytes, options, cancellationToken).ConfigureAwait(false);
                bytes = buffer.ToArray();
            }
            catch (FetchFailedException e) when (e.Failure is FetchFailure.Refused)
            {
                throw new IdeogramValidationException(provider, prepared.Operation, parameter,
                    $"{e.Message}; {provider} needs the image's bytes, which the SDK fetches only from addresses the client allows", "a public http(s) image URL, or bytes");
            }
            catch (FetchFailedException e) when (e.Failure is FetchFailure.Status)
            {
                throw new IdeogramValidationException(provider, prepared.Operation, parameter,
                    FormattableString.Invariant($"could not be fetched from its URL (HTTP {(int)e.Status!.Value}); {provider} needs the image's bytes"), "a reachable image URL, or bytes");
            }
            catch (FetchFailedException e) when (e.Failure is FetchFailure.TooLarge)
            {
                throw new IdeogramValidationException(provider, prepared.Operation, parameter,
                    $"{e.Message} at its URL, over the limit", FormattableString.Invariant($"at most {RequestValidator.MaxImageBytes} bytes per image"));
            }
            catch (FetchFailedException e)
            {
                throw new IdeogramDownloadException(
                    $"{parameter} could not be fetched from {url.Host} ({e.Message}); nothing was sent to {provider}, which needs the image's bytes.", e.InnerException)
                {
                    Submission = SubmissionState.NotSent,
                };
            }

            var type = ImageFormat.Sniff(bytes) ?? throw new IdeogramValidationException(provider, prepared.Operation, parameter, "is not a JPEG, PNG or WebP image", "JPEG, PNG or WebP");
            var name = Path.GetFileName(url.AbsolutePath);
            return new LoadedImage(bytes, null, string.IsNullOrEmpty(name) ? "image" + ImageFormat.Extension(type) : name, type);
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

    /// <summary>
    /// One fetch the SDK makes on its own: a GET without credentials, under the address rule (checked by
    /// <see cref="RedirectHandler"/> before the request and every redirect hop, and at connect time on the SDK's own
    /// connections), copied to <paramref name="destination"/> up to <paramref name="maxBytes"/>. Reading the body has two
    /// deadlines on the client's clock: <see cref="IdeogramClientOptions.AttemptTimeout"/> without a byte arriving, and
    /// <see cref="IdeogramClientOptions.TotalTimeout"/> for the whole fetch. Fails only with <see cref="FetchFailedException"/>
    /// or the caller's own cancellation. With an <paramref name="image"/> boundary, a body that is not a whole image (no
    /// bytes, text, or a known format cut short) fails as <see cref="FetchFailure.NotAnImage"/> once it is copied.
    /// </summary>
    private static async Task<long> FetchAsync(HttpClient http, Uri url, Stream destination, long maxBytes, IdeogramClientOptions options, CancellationToken cancellationToken, ImageBoundary? image = null)
    {
        var time = options.TimeProvider;
        using var total = new CancellationTokenSource(options.TotalTimeout, time);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token, idle.Token);
        using var request = new SdkRequestMessage(HttpMethod.Get, url) { IsFetch = true };
        SendRecord.Of(request).Kind = RequestKind.Read;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new FetchFailedException(FetchFailure.Status, $"HTTP {(int)response.StatusCode}") { Status = response.StatusCode };
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                throw new FetchFailedException(FetchFailure.TooLarge, FormattableString.Invariant($"is {length} bytes"));
            }

            var source = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var copied = await CopyBoundedAsync(source, destination, maxBytes, (idle, options.AttemptTimeout), deadline.Token, image).ConfigureAwait(false)
                    ?? throw new FetchFailedException(FetchFailure.TooLarge, FormattableString.Invariant($"is more than {maxBytes} bytes"));
                if (image?.Problem(response.Content.Headers.ContentType?.MediaType) is { } problem)
                {
                    throw new FetchFailedException(FetchFailure.NotAnImage, problem);
                }

                return copied;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or FetchFailedException { Failure: FetchFailure.Network } or HttpRequestException
            && !cancellationToken.IsCancellationRequested && (total.IsCancellationRequested || idle.IsCancellationRequested))
        {
            // A deadline passed (however the transport reported the aborted read).
            throw new FetchFailedException(FetchFailure.TimedOut, total.IsCancellationRequested ? TotalPassed(options) : NothingArrived(options), e);
        }
        catch (TimeoutRejectedException e)
        {
            // The answer's headers did not come within the attempt timeout (or the retries ran past the total one).
            throw new FetchFailedException(FetchFailure.TimedOut, e.Timeout == options.TotalTimeout && e.Timeout != options.AttemptTimeout ? TotalPassed(options) : NothingArrived(options), e);
        }
        catch (FetchRefusedException e)
        {
            throw new FetchFailedException(FetchFailure.Refused, e.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw new FetchFailedException(FetchFailure.Network, e.Message, e);
        }
    }

    private static string NothingArrived(IdeogramClientOptions options) => $"no data arrived for {options.AttemptTimeout} (IdeogramClientOptions.AttemptTimeout)";

    private static string TotalPassed(IdeogramClientOptions options) => $"it did not finish within the total timeout of {options.TotalTimeout} (IdeogramClientOptions.TotalTimeout)";

    /// <summary>Copies at most <paramref name="maxBytes"/>; returns the count, or <see langword="null"/> when the source has more. With an idle deadline, each read must bring data within it.</summary>
    private static async Task<long?> CopyBoundedAsync(Stream source, Stream destination, long maxBytes, (CancellationTokenSource Timer, TimeSpan Limit)? idle, CancellationToken cancellationToken, ImageBoundary? image = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    idle?.Timer.CancelAfter(idle.Value.Limit);
                    read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e) when (idle is not null)
                {
                    // The connection broke mid-body (a failure of the fetch, unlike one of the destination's writes below).
                    throw new FetchFailedException(FetchFailure.Network, e.Message, e);
                }

                if (read == 0)
                {
                    return total;
                }

                total += read;
                if (total > maxBytes)
                {
                    return null;
                }

                image?.Observe(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IdeogramDownloadException Download(string message, bool expired = false, Exception? inner = null) =>
        new(message, inner) { IsExpired = expired, Submission = SubmissionState.NotSent };
}

/// <summary>How a fetch the SDK makes on its own failed.</summary>
internal enum FetchFailure
{
    /// <summary>The address rule, or a redirect the SDK does not follow.</summary>
    Refused,

    /// <summary>The server answered with an error status.</summary>
    Status,

    /// <summary>The content is over the limit.</summary>
    TooLarge,

    /// <summary>No data arrived within the idle deadline, or the fetch passed its total deadline.</summary>
    TimedOut,

    /// <summary>The connection failed or broke.</summary>
    Network,

    /// <summary>The answer was not a whole image: no bytes, text, or a known image format cut short.</summary>
    NotAnImage,
}

/// <summary>A fetch failed; the caller turns it into the right public exception. Never leaves the SDK.</summary>
internal sealed class FetchFailedException : Exception
{
    public FetchFailedException()
    {
    }

    public FetchFailedException(string message)
        : base(message)
    {
    }

    public FetchFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public FetchFailedException(FetchFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public FetchFailure Failure { get; }

    public HttpStatusCode? Status { get; init; }
}
