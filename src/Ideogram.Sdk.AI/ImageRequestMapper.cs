using System.Globalization;
using Microsoft.Extensions.AI;

namespace Ideogram.Sdk.AI;

/// <summary>A Microsoft.Extensions.AI request translated for the client, with what the translation had to change.</summary>
/// <param name="Request">The SDK request.</param>
/// <param name="Format">Links or bytes.</param>
/// <param name="Warnings">What best effort changed or left out.</param>
internal sealed record MappedRequest(StyledImageRequest Request, ImageGenerationResponseFormat Format, IReadOnlyList<Warning> Warnings);

/// <summary>
/// Translates an <see cref="ImageGenerationRequest"/> and its <see cref="ImageGenerationOptions"/> into a
/// <see cref="GenerateRequest"/>, <see cref="RemixRequest"/> or <see cref="EditRequest"/>, refusing what the provider
/// cannot honour before anything is sent (or, in best effort, using the nearest thing and saying so).
/// </summary>
internal sealed class ImageRequestMapper
{
    private static readonly string[] KnownKeys =
    [
        IdeogramImageProperties.StyleType, IdeogramImageProperties.StylePreset, IdeogramImageProperties.StyleCodes,
        IdeogramImageProperties.NegativePrompt, IdeogramImageProperties.Seed, IdeogramImageProperties.MagicPrompt,
        IdeogramImageProperties.ColorPalette, IdeogramImageProperties.RenderingSpeed, IdeogramImageProperties.AspectRatio,
        IdeogramImageProperties.Mask, IdeogramImageProperties.ImageWeight, IdeogramImageProperties.TransparentBackground,
        IdeogramImageProperties.CustomModelUri, IdeogramImageProperties.UnsupportedParameters,
    ];

    private static readonly Dictionary<string, string> KeysBySpelling = KnownKeys.ToDictionary(PropertyReader.Squash, k => k);

    private readonly IdeogramProvider _provider;
    private readonly ProviderCapabilities _capabilities;
    private readonly Dictionary<string, (string Key, object Value)> _values = [];
    private readonly List<string> _unknownKeys = [];
    private readonly List<Warning> _warnings = [];
    private readonly UnsupportedParameterBehavior _clientRule;
    private ImageOperation _operation;
    private PropertyReader _reader;
    private bool _bestEffort;

    private ImageRequestMapper(IIdeogramClient client, ImageOperation tentative)
    {
        _provider = client.Provider;
        _capabilities = client.Capabilities;
        _clientRule = RuleOf(client);
        _operation = tentative;
        _reader = new PropertyReader(_provider, tentative);
    }

    public static MappedRequest Map(IIdeogramClient client, IdeogramImageGeneratorOptions defaults, IImageGenerator generator, ImageGenerationRequest request, ImageGenerationOptions? options)
    {
        var originals = request.OriginalImages?.ToList() ?? [];
        var mapper = new ImageRequestMapper(client, originals.Count > 0 ? ImageOperation.Remix : ImageOperation.Generate);
        return mapper.Translate(defaults, generator, request, originals, options);
    }

    /// <summary>
    /// The rule the client applies to a request that does not carry one: its configured rule for an
    /// <see cref="IdeogramClient"/> or an <see cref="IdeogramRouter"/>; strict for any other client, whose rule cannot be known.
    /// </summary>
    private static UnsupportedParameterBehavior RuleOf(IIdeogramClient client) => client switch
    {
        IdeogramClient direct => direct.UnsupportedParameters,
        IdeogramRouter router => router.UnsupportedParameters,
        _ => UnsupportedParameterBehavior.Strict,
    };

    private MappedRequest Translate(IdeogramImageGeneratorOptions defaults, IImageGenerator generator, ImageGenerationRequest request, List<AIContent> originals, ImageGenerationOptions? options)
    {
        Collect(options?.AdditionalProperties);
        var made = options?.RawRepresentationFactory?.Invoke(generator);
        var factory = made as StyledImageRequest;

        var rule = Read(IdeogramImageProperties.UnsupportedParameters, (k, v) => _reader.BehaviorOf(k, v))
            ?? factory?.UnsupportedParameters
            ?? defaults.UnsupportedParameters;
        _bestEffort = (rule ?? _clientRule) == UnsupportedParameterBehavior.BestEffort;

        var transparent = Read(IdeogramImageProperties.TransparentBackground, (k, v) => _reader.Boolean(k, null, v))
            ?? (factory as GenerateRequest)?.TransparentBackground ?? false;
        var mask = ReadObject(IdeogramImageProperties.Mask, (k, v) => _reader.ImageOf(k, ImageParameter.Mask, v)) ?? (factory as EditRequest)?.Mask;
        SetOperation(originals.Count == 0
            ? (transparent ? ImageOperation.GenerateTransparent : ImageOperation.Generate)
            : (mask is not null || factory is EditRequest ? ImageOperation.Edit : ImageOperation.Remix));

        CheckShape(request, originals, mask, transparent);
        var target = Create(made, factory, request.Prompt!, originals, mask, transparent);

        ApplyOptions(target, defaults, options);
        ApplyProperties(target);
        ApplySize(target, options);
        var format = ResponseFormat(options);
        foreach (var key in _unknownKeys)
        {
            Unsupported(null, $"has AdditionalProperties[\"{key}\"], which this generator does not know", "the keys " + string.Join(", ", KnownKeys),
                $"AdditionalProperties[\"{key}\"] is not a key the Ideogram generator knows and was left out.");
        }

        if (rule is { } explicitRule)
        {
            target.UnsupportedParameters = explicitRule;
        }

        return new MappedRequest(target, format, _warnings);
    }

    private void SetOperation(ImageOperation operation)
    {
        _operation = operation;
        _reader = new PropertyReader(_provider, operation);
    }

    /// <summary>Files the additional properties under their canonical keys; a key given twice in two spellings is refused.</summary>
    private void Collect(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return;
        }

        foreach (var (key, value) in properties)
        {
            if (value is null)
            {
                continue; // a null value is no value, whatever the key
            }

            if (!KeysBySpelling.TryGetValue(PropertyReader.Squash(key), out var canonical))
            {
                _unknownKeys.Add(key);
            }
            else if (_values.TryGetValue(canonical, out var earlier))
            {
                throw Invalid(null, $"has both AdditionalProperties[\"{earlier.Key}\"] and AdditionalProperties[\"{key}\"], which are one key", $"one of them ({canonical})");
            }
            else
            {
                _values[canonical] = (key, value);
            }
        }
    }

    private T? Read<T>(string canonical, Func<string, object, T> read)
        where T : struct =>
        _values.TryGetValue(canonical, out var entry) ? read(entry.Key, entry.Value) : null;

    private T? ReadObject<T>(string canonical, Func<string, object, T> read)
        where T : class =>
        _values.TryGetValue(canonical, out var entry) ? read(entry.Key, entry.Value) : null;

    private void CheckShape(ImageGenerationRequest request, List<AIContent> originals, ImageInput? mask, bool transparent)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw Invalid(ImageParameter.Prompt, "is empty", "a non-empty text in ImageGenerationRequest.Prompt");
        }

        if (originals.Count > 1)
        {
            throw Invalid(ImageParameter.Image, FormattableString.Invariant($"has {originals.Count} original images"), "one original image: Ideogram 3.0 remixes or edits one image at a time");
        }

        if (originals.Count == 0 && mask is not null)
        {
            throw Invalid(ImageParameter.Mask, "was given without an original image", "the image to edit in ImageGenerationRequest.OriginalImages, with its mask");
        }

        if (originals.Count > 0 && transparent)
        {
            throw Invalid(null, "asks for a transparent background with an original image", "a transparent background for text to image only");
        }

        if (_operation == ImageOperation.Edit && mask is null)
        {
            throw Invalid(ImageParameter.Mask, "is required for an edit", $"a mask in AdditionalProperties[\"{IdeogramImageProperties.Mask}\"]");
        }

        if (!_capabilities.Supports(_operation))
        {
            throw new UnsupportedParameterException(_provider, _operation, null, "is not offered by this provider", string.Join(", ", _capabilities.Operations),
                [.. Enum.GetValues<IdeogramProvider>().Where(p => IdeogramClient.GetCapabilities(p).Supports(_operation))]);
        }
    }

    /// <summary>The request to fill: the one <c>RawRepresentationFactory</c> made when it fits this call, else a new one.</summary>
    private StyledImageRequest Create(object? made, StyledImageRequest? factory, string prompt, List<AIContent> originals, ImageInput? mask, bool transparent)
    {
        var expected = _operation switch
        {
            ImageOperation.Remix => typeof(RemixRequest),
            ImageOperation.Edit => typeof(EditRequest),
            _ => typeof(GenerateRequest),
        };
        if (made is not null && made.GetType() != expected)
        {
            if (made is ImageRequest other)
            {
                throw Invalid(null, $"has a RawRepresentationFactory that made a {other.GetType().Name}, but this call is {_operation}", $"a {expected.Name}, or null");
            }

            Unsupported(null, $"has a RawRepresentationFactory that made a {made.GetType().Name}, which this generator does not take", $"a {expected.Name}, or null",
                $"RawRepresentationFactory made a {made.GetType().Name}, which the Ideogram generator does not take; it was left out.");
            factory = null;
        }

        var image = originals.Count == 1 ? ToInput(originals[0]) : null;
        StyledImageRequest target = _operation switch
        {
            ImageOperation.Remix => factory as RemixRequest ?? new RemixRequest(image!, prompt),
            ImageOperation.Edit => factory as EditRequest ?? new EditRequest(image!, mask!, prompt),
            _ => factory as GenerateRequest ?? new GenerateRequest(prompt),
        };
        target.Prompt = prompt;
        switch (target)
        {
            case RemixRequest remix:
                remix.Image = image;
                break;
            case EditRequest edit:
                edit.Image = image;
                edit.Mask = mask;
                break;
            case GenerateRequest generate:
                generate.TransparentBackground = transparent;
                break;
        }

        return target;
    }

    private ImageInput ToInput(AIContent content) => content switch
    {
        DataContent data when data.HasTopLevelMediaType("image") => ImageInputs.From(data),
        DataContent data => throw Invalid(ImageParameter.Image, $"is a DataContent of type '{data.MediaType}', not an image", "a JPEG, PNG or WebP image"),
        UriContent uri when uri.HasTopLevelMediaType("image") => ImageInput.FromUrl(uri.Uri),
        UriContent uri => throw Invalid(ImageParameter.Image, $"is a UriContent of type '{uri.MediaType}', not an image", "a link to a JPEG, PNG or WebP image"),
        _ => throw Invalid(ImageParameter.Image, $"is a {content?.GetType().Name ?? "null"}, not an image", "a DataContent or a UriContent"),
    };

    private void ApplyOptions(StyledImageRequest target, IdeogramImageGeneratorOptions defaults, ImageGenerationOptions? options)
    {
        target.NumImages = Merge(target.NumImages, options?.Count, ImageParameter.NumImages, "ImageGenerationOptions.Count");

        RenderingSpeed? fromModel = null;
        if ((options?.ModelId ?? defaults.DefaultModelId) is { } modelId)
        {
            if (IdeogramImageModels.TryParse(modelId, out var speed))
            {
                fromModel = speed;
            }
            else
            {
                Unsupported(ImageParameter.RenderingSpeed, $"comes from ModelId '{modelId}', which is not an Ideogram 3.0 model", IdeogramImageModels.Described,
                    $"ModelId '{modelId}' is not an Ideogram 3.0 model and was left out; the provider's default rendering speed was used.");
            }
        }

        var fromKey = Read(IdeogramImageProperties.RenderingSpeed, (k, v) => _reader.Open<RenderingSpeed>(k, ImageParameter.RenderingSpeed, v, PropertyReader.Upper));
        if (fromModel is { } m && fromKey is { } k && !m.Equals(k))
        {
            throw Invalid(ImageParameter.RenderingSpeed, $"is {m} by ModelId but {k} by AdditionalProperties[\"{IdeogramImageProperties.RenderingSpeed}\"]", "one rendering speed");
        }

        target.RenderingSpeed = Merge(target.RenderingSpeed, fromKey ?? fromModel, ImageParameter.RenderingSpeed, fromKey is null ? "ModelId" : IdeogramImageProperties.RenderingSpeed);
    }

    private void ApplyProperties(StyledImageRequest target)
    {
        target.Seed = Merge(target.Seed, Read(IdeogramImageProperties.Seed, (k, v) => _reader.Integer(k, ImageParameter.Seed, v)), ImageParameter.Seed, IdeogramImageProperties.Seed);
        target.NegativePrompt = Merge(target.NegativePrompt, ReadObject(IdeogramImageProperties.NegativePrompt, (k, v) => _reader.Text(k, ImageParameter.NegativePrompt, v)), ImageParameter.NegativePrompt, IdeogramImageProperties.NegativePrompt);
        target.CustomModelUri = Merge(target.CustomModelUri, ReadObject(IdeogramImageProperties.CustomModelUri, (k, v) => _reader.Text(k, ImageParameter.CustomModelUri, v)), ImageParameter.CustomModelUri, IdeogramImageProperties.CustomModelUri);
        target.StyleType = Merge(target.StyleType, Read(IdeogramImageProperties.StyleType, (k, v) => _reader.Open<StyleType>(k, ImageParameter.StyleType, v, PropertyReader.Upper)), ImageParameter.StyleType, IdeogramImageProperties.StyleType);
        target.StylePreset = Merge(target.StylePreset, Read(IdeogramImageProperties.StylePreset, (k, v) => _reader.Open<StylePreset>(k, ImageParameter.StylePreset, v, PropertyReader.Upper)), ImageParameter.StylePreset, IdeogramImageProperties.StylePreset);
        target.MagicPrompt = Merge(target.MagicPrompt, Read(IdeogramImageProperties.MagicPrompt, _reader.MagicPromptOf), ImageParameter.MagicPrompt, IdeogramImageProperties.MagicPrompt);
        target.AspectRatio = Merge(target.AspectRatio, Read(IdeogramImageProperties.AspectRatio, (k, v) => _reader.Open<AspectRatio>(k, ImageParameter.AspectRatio, v, s => s.Replace(':', 'x'))), ImageParameter.AspectRatio, IdeogramImageProperties.AspectRatio);

        if (ReadObject(IdeogramImageProperties.StyleCodes, (k, v) => _reader.Strings(k, ImageParameter.StyleCodes, v)) is { } codes)
        {
            var existing = target.StyleCodes ?? [];
            if (existing.Count > 0 && !existing.SequenceEqual(codes, StringComparer.OrdinalIgnoreCase))
            {
                throw Conflict(ImageParameter.StyleCodes, IdeogramImageProperties.StyleCodes);
            }

            target.StyleCodes = [.. codes];
        }

        if (ReadObject(IdeogramImageProperties.ColorPalette, _reader.PaletteOf) is { } palette)
        {
            target.ColorPalette = target.ColorPalette is null ? palette : throw Conflict(ImageParameter.ColorPalette, IdeogramImageProperties.ColorPalette);
        }

        if (Read(IdeogramImageProperties.ImageWeight, (k, v) => _reader.Integer(k, ImageParameter.ImageWeight, v)) is { } weight)
        {
            if (target is RemixRequest remix)
            {
                var value = weight is >= int.MinValue and <= int.MaxValue ? (int)weight : throw Invalid(ImageParameter.ImageWeight, "is out of range", "1..100");
                remix.ImageWeight = Merge(remix.ImageWeight, value, ImageParameter.ImageWeight, IdeogramImageProperties.ImageWeight);
            }
            else
            {
                Unsupported(ImageParameter.ImageWeight, $"applies to a remix only, and this call is {_operation}", "image_weight with one original image and no mask",
                    $"ImageWeight applies to a remix only and was left out of this {_operation}.");
            }
        }
    }

    /// <summary>
    /// <c>ImageSize</c>: the exact resolution when the provider takes it; otherwise refused (strict) or the nearest
    /// aspect ratio it takes (best effort, with a warning), or the nearest resolution when it takes no aspect ratio.
    /// </summary>
    private void ApplySize(StyledImageRequest target, ImageGenerationOptions? options)
    {
        if (options?.ImageSize is not { } size)
        {
            return;
        }

        var asked = string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}");
        if (size.Width <= 0 || size.Height <= 0)
        {
            throw Invalid(ImageParameter.Resolution, $"comes from ImageSize {asked}, which is not a size", "a positive width and height");
        }

        if (target.Resolution is not null || target.AspectRatio is not null)
        {
            throw Invalid(target.AspectRatio is not null ? ImageParameter.AspectRatio : ImageParameter.Resolution, "cannot be combined with ImageSize", "either ImageSize or an aspect ratio");
        }

        var exact = Resolution.Known.FirstOrDefault(r => r.Equals(new Resolution(asked)));
        if (ImageSizes.Takes(_capabilities, _operation, exact))
        {
            target.Resolution = exact;
            return;
        }

        if (!_bestEffort)
        {
            var nearest = ImageSizes.NearestResolution(ImageSizes.Resolutions(_capabilities, _operation), size) is { } near ? $" (the nearest it takes is {near})" : string.Empty;
            throw new UnsupportedParameterException(_provider, _operation, ImageParameter.Resolution,
                $"comes from ImageSize {asked}, which is not a resolution this provider takes{nearest}", ImageSizes.DescribeAllowed(_capabilities, _operation),
                exact.IsKnown ? ImageSizes.ProvidersTaking(_operation, exact) : []);
        }

        if (ImageSizes.NearestAspectRatio(ImageSizes.AspectRatios(_capabilities, _operation), size) is { } ratio)
        {
            target.AspectRatio = ratio;
            _warnings.Add(new Warning(Warning.Substituted, ImageParameter.Resolution,
                $"ImageSize {asked} is not a resolution {_provider} takes for {_operation}; the nearest aspect ratio {ratio} was used instead."));
        }
        else if (ImageSizes.NearestResolution(ImageSizes.Resolutions(_capabilities, _operation), size) is { } resolution)
        {
            target.Resolution = resolution;
            _warnings.Add(new Warning(Warning.Substituted, ImageParameter.Resolution,
                $"ImageSize {asked} is not a resolution {_provider} takes for {_operation}; the nearest one, {resolution}, was used instead."));
        }
        else
        {
            _warnings.Add(new Warning(Warning.Dropped, ImageParameter.Resolution,
                $"ImageSize {asked} was left out: {_provider} takes no size for {_operation}."));
        }
    }

    private ImageGenerationResponseFormat ResponseFormat(ImageGenerationOptions? options)
    {
        if (options?.MediaType is { } mediaType && !string.Equals(mediaType, "image/*", StringComparison.OrdinalIgnoreCase))
        {
            if (!mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(null, $"asks for MediaType '{mediaType}', which is not an image type", "an image type, or none");
            }

            Unsupported(null, $"asks for MediaType '{mediaType}', but the format of the images cannot be chosen per request",
                "no MediaType: each image carries the media type the provider made (Runware's is set by RunwareOptions.OutputFormat)",
                $"MediaType '{mediaType}' cannot be chosen per request and was left out; each image carries the media type the provider made.");
        }

        if (options?.StreamingCount is > 0)
        {
            Unsupported(null, FormattableString.Invariant($"asks for {options.StreamingCount} intermediate images (StreamingCount), which Ideogram 3.0 does not make"), "no StreamingCount",
                "StreamingCount was left out: Ideogram 3.0 makes no intermediate images.");
        }

        switch (options?.ResponseFormat)
        {
            case null or ImageGenerationResponseFormat.Uri:
                return ImageGenerationResponseFormat.Uri;
            case ImageGenerationResponseFormat.Data:
                return ImageGenerationResponseFormat.Data;
            default:
                Unsupported(null, $"asks for ResponseFormat {options.ResponseFormat}, which this generator does not offer", "Uri (links) or Data (downloaded bytes)",
                    $"ResponseFormat {options.ResponseFormat} is not offered; links were returned instead.");
                return ImageGenerationResponseFormat.Uri;
        }
    }

    /// <summary>Something the provider cannot honour: refused when strict; left out with a warning in best effort.</summary>
    private void Unsupported(ImageParameter? parameter, string problem, string allowed, string dropped)
    {
        if (!_bestEffort)
        {
            throw new UnsupportedParameterException(_provider, _operation, parameter, problem, allowed, []);
        }

        _warnings.Add(new Warning(Warning.Dropped, parameter, dropped));
    }

    /// <summary>A value the request made by <c>RawRepresentationFactory</c> already has; the options may repeat it but not contradict it.</summary>
    private T? Merge<T>(T? current, T? given, ImageParameter parameter, string source)
        where T : struct, IEquatable<T> =>
        given is null || (current is { } c && c.Equals(given.Value)) ? current ?? given
        : current is null ? given
        : throw Conflict(parameter, source);

    private string? Merge(string? current, string? given, ImageParameter parameter, string source) =>
        given is null || string.Equals(current, given, StringComparison.Ordinal) ? current ?? given
        : current is null ? given
        : throw Conflict(parameter, source);

    private IdeogramValidationException Conflict(ImageParameter parameter, string source) =>
        Invalid(parameter, $"is set by the request RawRepresentationFactory made and, differently, by {source}", "one value");

    private IdeogramValidationException Invalid(ImageParameter? parameter, string problem, string allowed) =>
        new(_provider, _operation, parameter, problem, allowed);
}
