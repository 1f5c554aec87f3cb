using System.Globalization;
using System.Net;
using System.Text.Json;
using Ideogram.Sdk.Mapping;
using Ideogram.Sdk.Engine;

namespace Ideogram.Sdk.Providers.Ideogram;

/// <summary>Ideogram's own API: synchronous <c>multipart/form-data</c> requests with the <c>Api-Key</c> header.</summary>
internal sealed class IdeogramAdapter : ProviderAdapter
{
    public override IdeogramProvider Provider => IdeogramProvider.Ideogram;

    public override ProviderProfile Profile => IdeogramParameters.Profile;

    private readonly RouteCache _routes = new();

    public override Uri DefaultBaseAddress { get; } = new("https://api.ideogram.ai/");

    public override void Authenticate(HttpRequestMessage request, ApiKey apiKey) =>
        request.Headers.TryAddWithoutValidation("Api-Key", apiKey.Reveal());

    public override HttpRequestMessage CreateSubmit(SubmitContext context) =>
        Build(context, IdeogramParameters.PathOf(context.Request.Operation));

    public override HttpRequestMessage? CreateSubmitOnNotFound(SubmitContext context, ProviderResponse notFound) =>
        context.Request.Operation == ImageOperation.Edit ? Build(context, IdeogramParameters.LegacyEditPath) : null;

    private SdkRequestMessage Build(SubmitContext context, string path)
    {
        var r = context.Request;
        var op = Profile.Operations[r.Operation];
        var form = new Multipart(Multipart.NewContent());
        string? Wire(ImageParameter p, string? value) => value is null ? null : op.Wire(p, value);

        switch (r.Operation)
        {
            case ImageOperation.Describe:
                form.File("image_file", r.Image)
                    .Text("describe_model_version", Wire(ImageParameter.DescribeModelVersion, r.DescribeModelVersion?.Value));
                break;
            case ImageOperation.Upscale:
                var upscale = new IdeogramUpscaleImageRequest
                {
                    Prompt = r.Prompt,
                    Resemblance = r.Resemblance,
                    Detail = r.Detail,
                    MagicPromptOption = Wire(ImageParameter.MagicPrompt, r.MagicPrompt?.Value),
                    MagicPromptVersion = Wire(ImageParameter.MagicPromptVersion, r.MagicPromptVersion?.Value),
                    NumImages = r.NumImages,
                    Seed = r.Seed,
                };
                form.File("image_file", r.Image)
                    .Json("image_request", ExtraWireFields.Serialize(upscale, IdeogramJsonContext.Default.IdeogramUpscaleImageRequest, r, Provider, n => n.AsObject()));
                break;
            default:
                form.File("image", r.Image)
                    .File("mask", r.Mask)
                    .Text("prompt", r.Prompt)
                    .Text("negative_prompt", r.NegativePrompt)
                    .Number("seed", r.Seed)
                    .Text("resolution", Wire(ImageParameter.Resolution, r.Resolution?.Value))
                    .Text("aspect_ratio", Wire(ImageParameter.AspectRatio, r.AspectRatio?.Value))
                    .Text("rendering_speed", Wire(ImageParameter.RenderingSpeed, r.RenderingSpeed?.Value))
                    .Text("magic_prompt", Wire(ImageParameter.MagicPrompt, r.MagicPrompt?.Value))
                    .Number("num_images", r.NumImages)
                    .Number("image_weight", r.ImageWeight)
                    .Text("style_type", Wire(ImageParameter.StyleType, r.StyleType?.Value))
                    .Text("style_preset", Wire(ImageParameter.StylePreset, r.StylePreset?.Value))
                    .Text("upscale_factor", Wire(ImageParameter.UpscaleFactor, r.UpscaleFactor?.Value))
                    .Text("custom_model_uri", r.CustomModelUri)
                    .Json("color_palette", Palette(r.ColorPalette));
                foreach (var code in r.StyleCodes)
                {
                    form.Text("style_codes", code.ToUpperInvariant());
                }

                form.Files("style_reference_images", r.StyleReferenceImages)
                    .Files("character_reference_images", r.CharacterReferenceImages)
                    .Files("character_reference_images_mask", r.CharacterReferenceImageMasks);
                break;
        }

        if (r.Operation != ImageOperation.Upscale)
        {
            ExtraWireFields.AddTo(form, r, Provider);
        }

        return new SdkRequestMessage(HttpMethod.Post, _routes.For(context.BaseAddress, path)) { Content = form.Content };
    }

    protected override SubmitOutcome ReadSubmitAnswer(SubmitContext context, ProviderResponse response)
    {
        var operation = context.Request.Operation;
        try
        {
            if (operation == ImageOperation.Describe)
            {
                var described = JsonSerializer.Deserialize(response.Body, IdeogramJsonContext.Default.IdeogramDescribeResponse)
                    ?? throw ProviderErrors.Unreadable(response, "an empty describe response");
                return SubmitOutcome.Completed(new ImageResult(Provider, operation, [])
                {
                    Descriptions = [.. (described.Descriptions ?? []).Select(d => d.Text).OfType<string>()],
                    RequestIdFrom = response,
                });
            }

            var body = JsonSerializer.Deserialize(response.Body, IdeogramJsonContext.Default.IdeogramImageResponse);
            if (body?.Data is null)
            {
                throw ProviderErrors.Unreadable(response, "a response without 'data'");
            }

            var images = new GeneratedImage[body.Data.Count];
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = ToImage(body.Data[i]);
            }

            return SubmitOutcome.Completed(new ImageResult(Provider, operation, images)
            {
                Created = ParseCreated(body.Created),
                RequestIdFrom = response,
            });
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, "a body that is not the documented JSON", e);
        }
    }

    public override IdeogramException ReadError(ProviderResponse response)
    {
        var error = ProviderErrors.ReadCommonBody(response);

        // 422 is documented only as the safety check: "Prompt failed the safety check" / ImageSafetyError.
        var safety = response.StatusCode == HttpStatusCode.UnprocessableEntity;
        return ProviderErrors.FromResponse(response, error, isContentPolicy: safety);
    }

    private static GeneratedImage ToImage(IdeogramImageObject o)
    {
        var safe = o.IsImageSafe ?? true;
        Uri? url = safe && !string.IsNullOrEmpty(o.Url) && Uri.TryCreate(o.Url, UriKind.Absolute, out var u) ? u : null;
        return new GeneratedImage
        {
            Url = url,
            ContentType = "image/png",
            Prompt = o.Prompt,
            Resolution = string.IsNullOrWhiteSpace(o.Resolution) ? null : new Resolution(o.Resolution),
            UpscaledResolution = o.UpscaledResolution,
            Seed = o.Seed,
            StyleType = string.IsNullOrWhiteSpace(o.StyleType) ? null : new StyleType(o.StyleType),
            IsSafe = safe && url is not null,
            ExpiresAt = url is null ? null : ExpiryOf(url),
        };
    }

    /// <summary>
    /// Ideogram's links carry their expiry as <c>exp=&lt;unix seconds&gt;</c> in the query. A value that is no date
    /// (past year 9999) leaves the expiry unknown rather than failing a paid answer.
    /// </summary>
    internal static DateTimeOffset? ExpiryOf(Uri url)
    {
        // Scanned in the URL as given (no query string built, nothing split): the first "exp=" parameter of the query.
        // A '?' inside the fragment starts no query.
        var text = url.OriginalString.AsSpan();
        var hash = text.IndexOf('#');
        if (hash >= 0)
        {
            text = text[..hash];
        }

        var question = text.IndexOf('?');
        if (question < 0)
        {
            return null;
        }

        var query = text[(question + 1)..];

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair[..eq].SequenceEqual("exp")
                && long.TryParse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            }
        }

        return null;
    }

    /// <summary>The last second <see cref="DateTimeOffset"/> can hold, as Unix time.</summary>
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// The answer's <c>created</c> time: <c>2024-10-30T22:46:49.796902+00:00</c>, or in the rendered docs with a space for
    /// the <c>T</c> (see <see cref="WireTime"/>).
    /// </summary>
    internal static DateTimeOffset? ParseCreated(string? created) => WireTime.Parse(created);

    private static byte[]? Palette(ColorPalette? palette)
    {
        if (palette is null)
        {
            return null;
        }

        var wire = palette.Preset is { } preset
            ? new IdeogramColorPalette { Name = OpenEnum.Canonical(ColorPalettePreset.Known, preset).Value }
            : new IdeogramColorPalette { Members = [.. palette.Members.Select(m => new IdeogramColorPaletteMember { ColorHex = m.ColorHex, ColorWeight = m.Weight })] };
        return JsonSerializer.SerializeToUtf8Bytes(wire, IdeogramJsonContext.Default.IdeogramColorPalette);
    }
}
