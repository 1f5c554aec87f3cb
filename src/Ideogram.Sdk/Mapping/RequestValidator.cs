using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Ideogram.Sdk.Providers;

namespace Ideogram.Sdk.Mapping;

/// <summary>
/// Turns a neutral request into a <see cref="PreparedRequest"/> for one provider, or refuses it before any money is
/// spent. Two layers: the rules of the Ideogram 3.0 model itself (the same on every provider), then the provider's
/// mapping table (what it takes, which values, which ranges), where best effort may substitute.
/// </summary>
internal static partial class RequestValidator
{
    /// <summary>The largest single input image, and the largest total of one reference-image set (Ideogram's documented 10 MB).</summary>
    public const long MaxImageBytes = 10L * 1024 * 1024;

    private static readonly HashSet<string> ImageTypes = ["image/png", "image/jpeg", "image/webp"];

    private static readonly (ImageParameter Parameter, long Min, long Max)[] ModelRanges =
    [
        (ImageParameter.Seed, 0, int.MaxValue),
        (ImageParameter.ImageWeight, 1, 100),
        (ImageParameter.Resemblance, 1, 100),
        (ImageParameter.Detail, 1, 100),
    ];

    /// <remarks>
    /// A request without input images is prepared without an asynchronous step. Either way a refusal comes back as a
    /// faulted task, never as an exception thrown by the call itself.
    /// </remarks>
    public static ValueTask<PreparedRequest> PrepareAsync(
        ImageRequest request,
        ProviderProfile profile,
        UnsupportedParameterBehavior behavior,
        CancellationToken cancellationToken)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(request);
            if (!profile.Operations.TryGetValue(request.Operation, out var table))
            {
                throw NotOffered(profile, request.Operation);
            }

            var prepared = Snapshot(request, profile.Provider);
            var rules = request.UnsupportedParameters ?? behavior;
            if (HasImageInputs(request))
            {
                return LoadThenCheckAsync(request, prepared, profile, table, rules, cancellationToken);
            }

            Check(prepared, profile, table, rules);
            return new(prepared);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<PreparedRequest>(e);
        }
    }

    /// <summary>Reads the request's input images into the copy, then checks it (a refused image size comes first).</summary>
    private static async ValueTask<PreparedRequest> LoadThenCheckAsync(
        ImageRequest request, PreparedRequest prepared, ProviderProfile profile, OperationProfile table, UnsupportedParameterBehavior behavior, CancellationToken ct)
    {
        await LoadImagesAsync(request, prepared, profile.Provider, profile.StreamsFileUploads, ct).ConfigureAwait(false);
        Check(prepared, profile, table, behavior);
        return prepared;
    }

    private static void Check(PreparedRequest prepared, ProviderProfile profile, OperationProfile table, UnsupportedParameterBehavior behavior)
    {
        CheckModelRules(prepared, profile.Provider, table);
        ApplyTable(prepared, profile, table, behavior);
        CheckImageKinds(prepared, profile);
    }

    private static UnsupportedParameterException NotOffered(ProviderProfile profile, ImageOperation operation) =>
        new(profile.Provider, operation, null, "is not offered by this provider",
            string.Join(", ", profile.Operations.Keys.Order()),
            [.. ProviderRegistry.Profiles.Where(p => p.Operations.ContainsKey(operation)).Select(p => p.Provider)]);

    /// <summary>Whether the request names any input image (every operation but generate takes one; generate may take references).</summary>
    private static bool HasImageInputs(ImageRequest request) => request switch
    {
        StyledImageRequest s when s.StyleReferenceImagesIfAny is { Count: > 0 } || s.CharacterReferenceImagesIfAny is { Count: > 0 }
            || s.CharacterReferenceImageMasksIfAny is { Count: > 0 } => true,
        GenerateRequest => false,
        _ => true,
    };

    /// <summary>The private copy of everything but the input images (which <see cref="LoadImagesAsync"/> reads).</summary>
    private static PreparedRequest Snapshot(ImageRequest request, IdeogramProvider provider)
    {
        var p = new PreparedRequest { Operation = request.Operation, Seed = request.Seed, NumImages = request.NumImages };
        if (request.ExtraWireFields is { Count: > 0 } extra)
        {
            p.ExtraWireFields = SnapshotExtraFields(extra, request, provider);
            p.Warnings.Add(new Warning(Warning.ExtraWireFields, null,
                $"Sent to {provider} verbatim, unchecked by the SDK: {string.Join(", ", p.ExtraWireFields.Select(f => f.Key))}."));
        }

        if (request is StyledImageRequest s)
        {
            p.Prompt = s.Prompt;
            p.NegativePrompt = s.NegativePrompt;
            p.Resolution = s.Resolution;
            p.AspectRatio = s.AspectRatio;
            p.RenderingSpeed = s.RenderingSpeed;
            p.MagicPrompt = s.MagicPrompt;
            p.StyleType = s.StyleType;
            p.StylePreset = s.StylePreset;
            p.StyleCodes = s.StyleCodesIfAny is { Count: > 0 } codes ? [.. codes] : [];
            p.ColorPalette = s.ColorPalette;
            p.CustomModelUri = s.CustomModelUri;
        }

        switch (request)
        {
            case GenerateRequest g:
                p.UpscaleFactor = g.UpscaleFactor;
                break;
            case RemixRequest r:
                p.ImageWeight = r.ImageWeight;
                break;
            case DescribeRequest d:
                p.DescribeModelVersion = d.ModelVersion;
                break;
            case UpscaleRequest u:
                p.Prompt = u.Prompt;
                p.Resemblance = u.Resemblance;
                p.Detail = u.Detail;
                p.MagicPrompt = u.MagicPrompt;
                p.MagicPromptVersion = u.MagicPromptVersion;
                break;
        }

        return p;
    }

    /// <summary>Reads the request's input images into the copy, in the order of its parameters.</summary>
    private static async ValueTask LoadImagesAsync(ImageRequest request, PreparedRequest p, IdeogramProvider provider, bool keepFiles, CancellationToken ct)
    {
        if (request is StyledImageRequest s)
        {
            p.StyleReferenceImages = await LoadAllAsync(s.StyleReferenceImagesIfAny, ImageParameter.StyleReferenceImages, request, provider, keepFiles, ct).ConfigureAwait(false);
            p.CharacterReferenceImages = await LoadAllAsync(s.CharacterReferenceImagesIfAny, ImageParameter.CharacterReferenceImages, request, provider, keepFiles, ct).ConfigureAwait(false);
            p.CharacterReferenceImageMasks = await LoadAllAsync(s.CharacterReferenceImageMasksIfAny, ImageParameter.CharacterReferenceImageMasks, request, provider, keepFiles, ct).ConfigureAwait(false);
        }

        switch (request)
        {
            case EditRequest e:
                p.Image = await LoadAsync(e.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                p.Mask = await LoadAsync(e.Mask, ImageParameter.Mask, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
            case RemixRequest r:
                p.Image = await LoadAsync(r.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
            case ReframeRequest f:
                p.Image = await LoadAsync(f.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
            case ReplaceBackgroundRequest b:
                p.Image = await LoadAsync(b.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
            case DescribeRequest d:
                p.Image = await LoadAsync(d.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
            case UpscaleRequest u:
                p.Image = await LoadAsync(u.Image, ImageParameter.Image, request, provider, keepFiles, ct).ConfigureAwait(false);
                break;
        }
    }

    private static List<KeyValuePair<string, JsonNode?>> SnapshotExtraFields(IDictionary<string, JsonNode?> fields, ImageRequest request, IdeogramProvider provider)
    {
        var copy = new List<KeyValuePair<string, JsonNode?>>(fields.Count);
        foreach (var (name, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl) || name.Contains('"', StringComparison.Ordinal))
            {
                throw new IdeogramValidationException(nameof(ImageRequest.ExtraWireFields), provider, request.Operation,
                    $"has the field name '{name}', which cannot be sent", "non-empty field names without quotes or control characters");
            }

            copy.Add(new(name, value?.DeepClone()));
        }

        return copy;
    }

    private static async ValueTask<LoadedImage?> LoadAsync(ImageInput? input, ImageParameter parameter, ImageRequest request, IdeogramProvider provider, bool keepFiles, CancellationToken ct)
    {
        if (input is null)
        {
            return null;
        }

        try
        {
            return await input.LoadAsync(MaxImageBytes, keepFiles, ct).ConfigureAwait(false);
        }
        catch (ImageTooLargeException e)
        {
            throw new IdeogramValidationException(provider, request.Operation, parameter,
                FormattableString.Invariant($"is {e.Size} bytes, over the limit"), FormattableString.Invariant($"at most {e.Limit} bytes per image"));
        }
    }

    private static async ValueTask<IReadOnlyList<LoadedImage>> LoadAllAsync(IList<ImageInput>? inputs, ImageParameter parameter, ImageRequest request, IdeogramProvider provider, bool keepFiles, CancellationToken ct)
    {
        if (inputs is null || inputs.Count == 0)
        {
            return [];
        }

        var list = new List<LoadedImage>(inputs.Count);
        foreach (var input in inputs)
        {
            if (input is null)
            {
                throw new IdeogramValidationException(provider, request.Operation, parameter, "contains a null image");
            }

            list.Add((await LoadAsync(input, parameter, request, provider, keepFiles, ct).ConfigureAwait(false))!);
        }

        return list;
    }

    /// <summary>The rules of Ideogram 3.0 itself, checked for every provider; best effort never bends these.</summary>
    private static void CheckModelRules(PreparedRequest p, IdeogramProvider provider, OperationProfile table)
    {
        var op = p.Operation;
        IdeogramValidationException Bad(ImageParameter? parameter, string problem, string? allowed = null) => new(provider, op, parameter, problem, allowed);

        if (p.Prompt is not null && string.IsNullOrWhiteSpace(p.Prompt))
        {
            throw Bad(ImageParameter.Prompt, "is empty", "a non-empty text");
        }

        if (p.NegativePrompt is not null && string.IsNullOrWhiteSpace(p.NegativePrompt))
        {
            throw Bad(ImageParameter.NegativePrompt, "is empty", "a non-empty text, or leave it unset");
        }

        foreach (var (parameter, min, max) in ModelRanges)
        {
            if (p.GetNumber(parameter) is { } n && (n < min || n > max))
            {
                throw Bad(parameter, FormattableString.Invariant($"is {n}, out of range"), FormattableString.Invariant($"{min}..{max}"));
            }
        }

        // How many images one request may ask for is a hard limit, never bent by best effort: Ideogram's 1..8, or the
        // provider's own maximum where its table says it takes more (Runware's numberResults).
        if (p.NumImages is { } count && (count < 1 || count > (table[ImageParameter.NumImages]?.Max ?? 8)))
        {
            var most = table[ImageParameter.NumImages]?.Max ?? 8;
            throw Bad(ImageParameter.NumImages, FormattableString.Invariant($"is {count}, out of range"), FormattableString.Invariant($"1..{most}"));
        }

        if (p.Resolution is not null && p.AspectRatio is not null)
        {
            throw Bad(ImageParameter.AspectRatio, "cannot be combined with Resolution", "either Resolution or AspectRatio");
        }

        CheckKnown(p.Resolution, Resolution.Known, ImageParameter.Resolution, provider, op);
        CheckKnown(p.AspectRatio, AspectRatio.Known, ImageParameter.AspectRatio, provider, op);
        CheckKnown(p.RenderingSpeed, RenderingSpeed.Known, ImageParameter.RenderingSpeed, provider, op);
        CheckKnown(p.MagicPrompt, MagicPrompt.Known, ImageParameter.MagicPrompt, provider, op);
        CheckKnown(p.StyleType, StyleType.Known, ImageParameter.StyleType, provider, op);
        CheckKnown(p.StylePreset, StylePreset.Known, ImageParameter.StylePreset, provider, op);
        CheckKnown(p.ColorPalette?.Preset, ColorPalettePreset.Known, ImageParameter.ColorPalette, provider, op);
        CheckKnown(p.UpscaleFactor, UpscaleFactor.Known, ImageParameter.UpscaleFactor, provider, op);
        CheckKnown(p.MagicPromptVersion, MagicPromptVersion.Known, ImageParameter.MagicPromptVersion, provider, op);

        if (p.ColorPalette is { Preset: null } palette)
        {
            if (palette.Members.Count is < 1 or > 8)
            {
                throw Bad(ImageParameter.ColorPalette, FormattableString.Invariant($"has {palette.Members.Count} colours"), "1 to 8 colours, or a preset");
            }

            foreach (var m in palette.Members)
            {
                if (m is null || m.ColorHex is null || !HexColor().IsMatch(m.ColorHex))
                {
                    throw Bad(ImageParameter.ColorPalette, $"has the colour '{m?.ColorHex}', which is not a hex colour", "#RGB or #RRGGBB");
                }

                if (m.Weight is { } w && (double.IsNaN(w) || w < 0.05 || w > 1.0))
                {
                    throw Bad(ImageParameter.ColorPalette, string.Create(CultureInfo.InvariantCulture, $"has the colour weight {w}, out of range"), "0.05..1.0");
                }
            }
        }

        foreach (var code in p.StyleCodes)
        {
            if (code is null || !StyleCode().IsMatch(code))
            {
                throw Bad(ImageParameter.StyleCodes, $"contains '{code}', which is not a style code", "8 hexadecimal characters, for example AAFF5733");
            }
        }

        if (p.StyleCodes.Count > 0 && p.StyleType is not null)
        {
            throw Bad(ImageParameter.StyleCodes, "cannot be combined with StyleType", "StyleCodes or StyleType, not both");
        }

        if (p.StyleCodes.Count > 0 && p.StyleReferenceImages.Count > 0)
        {
            throw Bad(ImageParameter.StyleCodes, "cannot be combined with StyleReferenceImages", "StyleCodes or StyleReferenceImages, not both");
        }

        if (p.CharacterReferenceImageMasks.Count > 0 && p.CharacterReferenceImageMasks.Count != p.CharacterReferenceImages.Count)
        {
            throw Bad(ImageParameter.CharacterReferenceImageMasks,
                FormattableString.Invariant($"has {p.CharacterReferenceImageMasks.Count} masks for {p.CharacterReferenceImages.Count} character reference images"),
                "one mask per character reference image");
        }

        if (p.CustomModelUri is not null && !CustomModel().IsMatch(p.CustomModelUri))
        {
            throw Bad(ImageParameter.CustomModelUri, $"is '{p.CustomModelUri}', not a custom model URI", "model/<name>/version/<version>");
        }

        CheckTotal(p.StyleReferenceImages, ImageParameter.StyleReferenceImages, provider, op);
        CheckTotal(p.CharacterReferenceImages, ImageParameter.CharacterReferenceImages, provider, op);
        CheckTotal(p.CharacterReferenceImageMasks, ImageParameter.CharacterReferenceImageMasks, provider, op);

        foreach (var (parameter, image) in p.HasImages ? p.AllImages() : [])
        {
            if (!image.IsUrl && !ImageTypes.Contains(image.ContentType))
            {
                throw Bad(parameter, $"is not a JPEG, PNG or WebP image (content type '{image.ContentType}')", "JPEG, PNG or WebP");
            }

            if (!image.IsUrl && image.Length == 0)
            {
                throw Bad(parameter, "is an empty image", "a JPEG, PNG or WebP image");
            }
        }
    }

    private static void CheckKnown<T>(T? value, IReadOnlyList<T> known, ImageParameter parameter, IdeogramProvider provider, ImageOperation op)
        where T : struct, IOpenEnumeration<T>
    {
        if (value is { } v && !OpenEnum.IsKnown(known, v))
        {
            throw new IdeogramValidationException(provider, op, parameter, $"has the unknown value '{v.Value}'", string.Join(", ", known.Select(k => k.Value)));
        }
    }

    private static void CheckTotal(IReadOnlyList<LoadedImage> images, ImageParameter parameter, IdeogramProvider provider, ImageOperation op)
    {
        long total = 0;
        for (var i = 0; i < images.Count; i++)
        {
            total += images[i].Length;
        }

        if (total > MaxImageBytes)
        {
            throw new IdeogramValidationException(provider, op, parameter,
                FormattableString.Invariant($"total {total} bytes, over the limit"), FormattableString.Invariant($"at most {MaxImageBytes} bytes together"));
        }
    }

    /// <summary>The provider's table: parameters it takes, values, ranges, counts; best effort may substitute here.</summary>
    private static void ApplyTable(PreparedRequest p, ProviderProfile profile, OperationProfile table, UnsupportedParameterBehavior behavior)
    {
        var provider = profile.Provider;
        var op = p.Operation;
        var bestEffort = behavior == UnsupportedParameterBehavior.BestEffort;

        // Only the parameters the request sets, in the order of their values (the order their refusals are reported in).
        for (var set = p.SetParameters(); set != 0; set &= set - 1)
        {
            var parameter = (ImageParameter)BitOperations.TrailingZeroCount(set);
            var rule = table[parameter];
            if (rule is null)
            {
                if (!bestEffort || parameter is ImageParameter.Image or ImageParameter.Mask or ImageParameter.Prompt)
                {
                    throw new UnsupportedParameterException(provider, op, parameter, "is not supported", Describe(table), SupportedBy(op, parameter));
                }

                p.Clear(parameter);
                p.Warnings.Add(new Warning(Warning.Dropped, parameter, $"{parameter} is not supported by {provider} for {op} and was left out."));
                continue;
            }

            if (rule.Lookup is not null && p.GetValue(parameter) is { } value && !rule.Lookup.ContainsKey(value))
            {
                var substitute = bestEffort ? Nearest(rule, value) : null;
                if (substitute is null)
                {
                    if (bestEffort && !rule.Required)
                    {
                        p.Clear(parameter);
                        p.Warnings.Add(new Warning(Warning.Dropped, parameter, $"{parameter} '{value}' is not supported by {provider} for {op} and was left out."));
                        continue;
                    }

                    throw new UnsupportedParameterException(provider, op, parameter, $"value '{value}' is not supported", rule.DescribeAllowed(), SupportedBy(op, parameter, value));
                }

                p.SetValue(parameter, substitute);
                p.Warnings.Add(new Warning(Warning.Substituted, parameter, $"{parameter} '{value}' is not supported by {provider}; '{substitute}' was used instead."));
            }

            if (rule.Min is { } min && rule.Max is { } max && p.GetNumber(parameter) is { } n && (n < min || n > max))
            {
                if (!bestEffort)
                {
                    throw new UnsupportedParameterException(provider, op, parameter, FormattableString.Invariant($"value {n} is outside this provider's range"), rule.DescribeAllowed(), SupportedBy(op, parameter));
                }

                var clamped = Math.Clamp(n, min, max);
                p.SetNumber(parameter, clamped);
                p.Warnings.Add(new Warning(Warning.Clamped, parameter, FormattableString.Invariant($"{parameter} {n} is outside {provider}'s range {min}..{max}; {clamped} was used instead.")));
            }

            if (rule.MinLength is { } shortest && rule.MaxLength is { } longest && p.GetText(parameter) is { } text && (text.Length < shortest || text.Length > longest))
            {
                // A text cannot be moved to a "nearest" value: too short or too long is refused even in best effort.
                throw new UnsupportedParameterException(provider, op, parameter, FormattableString.Invariant($"is {text.Length} characters long"), rule.DescribeAllowed(), TakesLength(op, parameter, text.Length));
            }

            if (rule.MaxCount is { } maxCount && p.GetCount(parameter) > maxCount)
            {
                throw new UnsupportedParameterException(provider, op, parameter, FormattableString.Invariant($"has {p.GetCount(parameter)} items"), rule.DescribeAllowed(), SupportedBy(op, parameter));
            }
        }

        foreach (var rule in table.RequiredRules)
        {
            if (!p.IsSet(rule.Parameter))
            {
                throw new IdeogramValidationException(provider, op, rule.Parameter, "is required", rule.DescribeAllowed());
            }
        }
    }

    private static void CheckImageKinds(PreparedRequest p, ProviderProfile profile)
    {
        if (profile.AcceptsImageBytes || !p.HasImages)
        {
            return;
        }

        foreach (var (parameter, image) in p.AllImages())
        {
            if (!image.IsUrl)
            {
                throw BytesRefused(p.Operation, profile.Provider, parameter);
            }
        }
    }

    private static UnsupportedParameterException BytesRefused(ImageOperation op, IdeogramProvider provider, ImageParameter parameter) =>
        new(provider, op, parameter,
            "was given as bytes, but this provider takes image URLs only; pass ImageInput.FromUrl(...)", "an http(s) URL",
            [.. ProviderRegistry.Profiles.Where(x => x.AcceptsImageBytes && x.Operations.ContainsKey(op)).Select(x => x.Provider)]);

    /// <summary>The nearest accepted value: the table's substitute, else for sizes and ratios the closest shape.</summary>
    internal static string? Nearest(ParameterRule rule, string value)
    {
        if (rule.Substitutes is not null && rule.Substitutes.TryGetValue(value, out var s) && rule.Values!.ContainsKey(s))
        {
            return s;
        }

        int w = OpenEnum.Dimension(value, 0), h = OpenEnum.Dimension(value, 1);
        if (w <= 0 || h <= 0)
        {
            return null;
        }

        var target = Math.Log((double)w / h);
        string? best = null;
        double bestDistance = double.MaxValue;
        foreach (var candidate in rule.Values!.Keys)
        {
            int cw = OpenEnum.Dimension(candidate, 0), ch = OpenEnum.Dimension(candidate, 1);
            if (cw <= 0 || ch <= 0)
            {
                continue;
            }

            var distance = Math.Abs(Math.Log((double)cw / ch) - target) + (Math.Abs(((double)cw * ch) - ((double)w * h)) / 1e9);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best;
    }

    private static string Describe(OperationProfile table) => string.Join(", ", table.Rules.Keys.Order());

    private static IReadOnlyList<IdeogramProvider> SupportedBy(ImageOperation op, ImageParameter parameter, string? value = null) =>
        [.. ProviderRegistry.Profiles
            .Where(p => p.Operations.TryGetValue(op, out var t) && t[parameter] is { } r && (value is null || r.Values is null || r.Values.ContainsKey(value)))
            .Select(p => p.Provider)];

    private static IReadOnlyList<IdeogramProvider> TakesLength(ImageOperation op, ImageParameter parameter, int length) =>
        [.. ProviderRegistry.Profiles
            .Where(p => p.Operations.TryGetValue(op, out var t) && t[parameter] is { } r && (r.MinLength is null || length >= r.MinLength) && (r.MaxLength is null || length <= r.MaxLength))
            .Select(p => p.Provider)];

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}){1,2}$")]
    private static partial Regex HexColor();

    [GeneratedRegex("^[0-9a-fA-F]{8}$")]
    private static partial Regex StyleCode();

    [GeneratedRegex("^model/[^/\\s]+/version/[^/\\s]+$")]
    private static partial Regex CustomModel();
}
