using System.Globalization;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Routing;

/// <summary>
/// The copies of a request a router makes: one whose stream inputs are read once (so every member sends the same
/// bytes), one per member attempt (its unsupported-parameter behaviour, and fewer images for the rest of a split
/// request), and a capability probe that a mapping table can check without reading any image.
/// </summary>
internal static class RoutedRequests
{
    /// <summary>A 1 × 1 PNG: what a capability probe carries in place of an image given as bytes, a stream or a file.</summary>
    private static readonly byte[] ProbeImage = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    /// <summary>The request with each stream input read into memory once (a stream cannot be read again for the next member).</summary>
    public static async ValueTask<ImageRequest> ReadStreamsAsync(ImageRequest request, IdeogramProvider provider, CancellationToken cancellationToken)
    {
        var streams = Inputs(request).Where(i => i.Input.Kind == ImageInputKind.Stream).ToList();
        if (streams.Count == 0)
        {
            return request;
        }

        var read = new Dictionary<ImageInput, ImageInput>(ReferenceEqualityComparer.Instance);
        foreach (var (parameter, input) in streams)
        {
            LoadedImage loaded;
            try
            {
                loaded = await input.LoadAsync(RequestValidator.MaxImageBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (ImageTooLargeException e)
            {
                throw new IdeogramValidationException(provider, request.Operation, parameter,
                    string.Create(CultureInfo.InvariantCulture, $"is {e.Size} bytes, over the limit"), string.Create(CultureInfo.InvariantCulture, $"at most {e.Limit} bytes per image"));
            }

            read[input] = ImageInput.FromBytes(loaded.Bytes, input.FileName, input.ContentType);
        }

        return Copy(request, (_, input) => read.GetValueOrDefault(input, input));
    }

    /// <summary>The request for one member attempt: the behaviour the router chose for it and, for the rest of a split request, the images still wanted.</summary>
    public static ImageRequest ForAttempt(ImageRequest request, UnsupportedParameterBehavior behavior, int images)
    {
        var copy = request.Clone();
        copy.UnsupportedParameters = behavior;
        if (images != (request.NumImages ?? 1))
        {
            copy.NumImages = images;
        }

        return copy;
    }

    /// <summary>
    /// Checks a request against a mapping table without reading any image (each image given as bytes, a stream or a file
    /// is replaced by a tiny PNG; the members check the real images, the same way for every provider).
    /// </summary>
    /// <returns>The request as the table would prepare it (best-effort substitutions applied).</returns>
    /// <exception cref="IdeogramValidationException">The table cannot honour it.</exception>
    public static PreparedRequest Check(ImageRequest request, ProviderProfile profile, UnsupportedParameterBehavior behavior)
    {
        var probe = Copy(request, (_, input) => input.Kind == ImageInputKind.Url ? input : ImageInput.FromBytes(ProbeImage, input.FileName));
        probe.UnsupportedParameters = behavior;
        var pending = RequestValidator.PrepareAsync(probe, profile, behavior, CancellationToken.None);

        // Bytes and URLs are read without I/O, so the check has already ended: reading its outcome does not block.
        if (!pending.IsCompleted)
        {
            throw new InvalidOperationException("A capability probe needed I/O.");
        }

        return pending.GetAwaiter().GetResult();
    }

    /// <summary>A copy of the request whose image inputs are replaced by <paramref name="map"/> (lists are new lists).</summary>
    private static ImageRequest Copy(ImageRequest request, Func<ImageParameter, ImageInput, ImageInput> map)
    {
        var copy = request.Clone();
        ImageInput? One(ImageInput? input, ImageParameter parameter) => input is null ? null : map(parameter, input);
        IList<ImageInput> All(IList<ImageInput>? inputs, ImageParameter parameter) => [.. (inputs ?? []).Select(i => i is null ? i! : map(parameter, i))];
        switch (copy)
        {
            case EditRequest e:
                e.Image = One(e.Image, ImageParameter.Image);
                e.Mask = One(e.Mask, ImageParameter.Mask);
                break;
            case RemixRequest r:
                r.Image = One(r.Image, ImageParameter.Image);
                break;
            case ReframeRequest f:
                f.Image = One(f.Image, ImageParameter.Image);
                break;
            case ReplaceBackgroundRequest b:
                b.Image = One(b.Image, ImageParameter.Image);
                break;
            case DescribeRequest d:
                d.Image = One(d.Image, ImageParameter.Image);
                break;
            case UpscaleRequest u:
                u.Image = One(u.Image, ImageParameter.Image);
                break;
        }

        if (copy is StyledImageRequest s)
        {
            s.StyleCodes = [.. s.StyleCodes ?? []];
            s.StyleReferenceImages = All(s.StyleReferenceImages, ImageParameter.StyleReferenceImages);
            s.CharacterReferenceImages = All(s.CharacterReferenceImages, ImageParameter.CharacterReferenceImages);
            s.CharacterReferenceImageMasks = All(s.CharacterReferenceImageMasks, ImageParameter.CharacterReferenceImageMasks);
        }

        return copy;
    }

    /// <summary>Every image input of a request, with its parameter.</summary>
    private static List<(ImageParameter Parameter, ImageInput Input)> Inputs(ImageRequest request)
    {
        var found = new List<(ImageParameter, ImageInput)>();
        _ = Copy(request, (parameter, input) =>
        {
            found.Add((parameter, input));
            return input;
        });
        return found;
    }
}
