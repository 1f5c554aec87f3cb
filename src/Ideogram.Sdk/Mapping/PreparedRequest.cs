using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Mapping;

/// <summary>
/// A neutral request after validation and mapping: a private copy (later changes to the user's request don't
/// affect a call in flight), images read into memory, best-effort substitutions applied, warnings collected.
/// Adapters translate this to the wire.
/// </summary>
internal sealed class PreparedRequest
{
    public required ImageOperation Operation { get; init; }

    public string? Prompt { get; set; }

    public string? NegativePrompt { get; set; }

    public long? Seed { get; set; }

    public int? NumImages { get; set; }

    public Resolution? Resolution { get; set; }

    public AspectRatio? AspectRatio { get; set; }

    public RenderingSpeed? RenderingSpeed { get; set; }

    public MagicPrompt? MagicPrompt { get; set; }

    public StyleType? StyleType { get; set; }

    public StylePreset? StylePreset { get; set; }

    public IReadOnlyList<string> StyleCodes { get; set; } = [];

    public ColorPalette? ColorPalette { get; set; }

    public IReadOnlyList<LoadedImage> StyleReferenceImages { get; set; } = [];

    public IReadOnlyList<LoadedImage> CharacterReferenceImages { get; set; } = [];

    public IReadOnlyList<LoadedImage> CharacterReferenceImageMasks { get; set; } = [];

    public string? CustomModelUri { get; set; }

    public LoadedImage? Image { get; set; }

    public LoadedImage? Mask { get; set; }

    public int? ImageWeight { get; set; }

    public UpscaleFactor? UpscaleFactor { get; set; }

    public DescribeModelVersion? DescribeModelVersion { get; set; }

    public int? Resemblance { get; set; }

    public int? Detail { get; set; }

    public MagicPromptVersion? MagicPromptVersion { get; set; }

    /// <summary>The request's extra wire fields (copies, in the caller's order); sent verbatim by the adapter.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> ExtraWireFields { get; set; } = [];

    public List<Warning> Warnings { get; } = [];

    /// <summary>A copy for one of several provider calls that together make the requested images.</summary>
    public PreparedRequest CopyWith(int numImages, long? seed)
    {
        var copy = (PreparedRequest)MemberwiseClone();
        copy.NumImages = numImages;
        copy.Seed = seed;
        return copy;
    }

    /// <summary>The number of images asked for (1 when not set).</summary>
    public int ImageCount => NumImages ?? 1;

    /// <summary>Whether <paramref name="parameter"/> has a value.</summary>
    public bool IsSet(ImageParameter parameter) => (uint)parameter < 32 && (SetParameters() & Flag(parameter, true)) != 0;

    /// <summary>The parameters that have a value, one bit per <see cref="ImageParameter"/> (bit <c>n</c> for the value <c>n</c>).</summary>
    public uint SetParameters() =>
        Flag(ImageParameter.Prompt, Prompt is not null)
        | Flag(ImageParameter.NegativePrompt, NegativePrompt is not null)
        | Flag(ImageParameter.Seed, Seed is not null)
        | Flag(ImageParameter.NumImages, NumImages is not null)
        | Flag(ImageParameter.Resolution, Resolution is not null)
        | Flag(ImageParameter.AspectRatio, AspectRatio is not null)
        | Flag(ImageParameter.RenderingSpeed, RenderingSpeed is not null)
        | Flag(ImageParameter.MagicPrompt, MagicPrompt is not null)
        | Flag(ImageParameter.StyleType, StyleType is not null)
        | Flag(ImageParameter.StylePreset, StylePreset is not null)
        | Flag(ImageParameter.StyleCodes, StyleCodes.Count > 0)
        | Flag(ImageParameter.ColorPalette, ColorPalette is not null)
        | Flag(ImageParameter.StyleReferenceImages, StyleReferenceImages.Count > 0)
        | Flag(ImageParameter.CharacterReferenceImages, CharacterReferenceImages.Count > 0)
        | Flag(ImageParameter.CharacterReferenceImageMasks, CharacterReferenceImageMasks.Count > 0)
        | Flag(ImageParameter.CustomModelUri, CustomModelUri is not null)
        | Flag(ImageParameter.Image, Image is not null)
        | Flag(ImageParameter.Mask, Mask is not null)
        | Flag(ImageParameter.ImageWeight, ImageWeight is not null)
        | Flag(ImageParameter.UpscaleFactor, UpscaleFactor is not null)
        | Flag(ImageParameter.DescribeModelVersion, DescribeModelVersion is not null)
        | Flag(ImageParameter.Resemblance, Resemblance is not null)
        | Flag(ImageParameter.Detail, Detail is not null)
        | Flag(ImageParameter.MagicPromptVersion, MagicPromptVersion is not null);

    private static uint Flag(ImageParameter parameter, bool set) => set ? 1u << (int)parameter : 0u;

    /// <summary>Removes a parameter (best effort for a parameter the provider does not take).</summary>
    public void Clear(ImageParameter parameter)
    {
        switch (parameter)
        {
            case ImageParameter.Prompt: Prompt = null; break;
            case ImageParameter.NegativePrompt: NegativePrompt = null; break;
            case ImageParameter.Seed: Seed = null; break;
            case ImageParameter.NumImages: NumImages = null; break;
            case ImageParameter.Resolution: Resolution = null; break;
            case ImageParameter.AspectRatio: AspectRatio = null; break;
            case ImageParameter.RenderingSpeed: RenderingSpeed = null; break;
            case ImageParameter.MagicPrompt: MagicPrompt = null; break;
            case ImageParameter.StyleType: StyleType = null; break;
            case ImageParameter.StylePreset: StylePreset = null; break;
            case ImageParameter.StyleCodes: StyleCodes = []; break;
            case ImageParameter.ColorPalette: ColorPalette = null; break;
            case ImageParameter.StyleReferenceImages: StyleReferenceImages = []; break;
            case ImageParameter.CharacterReferenceImages: CharacterReferenceImages = []; break;
            case ImageParameter.CharacterReferenceImageMasks: CharacterReferenceImageMasks = []; break;
            case ImageParameter.CustomModelUri: CustomModelUri = null; break;
            case ImageParameter.Image: Image = null; break;
            case ImageParameter.Mask: Mask = null; break;
            case ImageParameter.ImageWeight: ImageWeight = null; break;
            case ImageParameter.UpscaleFactor: UpscaleFactor = null; break;
            case ImageParameter.DescribeModelVersion: DescribeModelVersion = null; break;
            case ImageParameter.Resemblance: Resemblance = null; break;
            case ImageParameter.Detail: Detail = null; break;
            case ImageParameter.MagicPromptVersion: MagicPromptVersion = null; break;
        }
    }

    /// <summary>The value of an enumerated parameter, as its neutral spelling; <see langword="null"/> when unset or not enumerated.</summary>
    public string? GetValue(ImageParameter parameter) => parameter switch
    {
        ImageParameter.Resolution => Resolution?.Value,
        ImageParameter.AspectRatio => AspectRatio?.Value,
        ImageParameter.RenderingSpeed => RenderingSpeed?.Value,
        ImageParameter.MagicPrompt => MagicPrompt?.Value,
        ImageParameter.StyleType => StyleType?.Value,
        ImageParameter.StylePreset => StylePreset?.Value,
        ImageParameter.ColorPalette => ColorPalette?.Preset?.Value,
        ImageParameter.UpscaleFactor => UpscaleFactor?.Value,
        ImageParameter.DescribeModelVersion => DescribeModelVersion?.Value,
        ImageParameter.MagicPromptVersion => MagicPromptVersion?.Value,
        _ => null,
    };

    /// <summary>Replaces the value of an enumerated parameter (best effort).</summary>
    public void SetValue(ImageParameter parameter, string value)
    {
        switch (parameter)
        {
            case ImageParameter.Resolution: Resolution = new(value); break;
            case ImageParameter.AspectRatio: AspectRatio = new(value); break;
            case ImageParameter.RenderingSpeed: RenderingSpeed = new(value); break;
            case ImageParameter.MagicPrompt: MagicPrompt = new(value); break;
            case ImageParameter.StyleType: StyleType = new(value); break;
            case ImageParameter.StylePreset: StylePreset = new(value); break;
            case ImageParameter.ColorPalette: ColorPalette = ColorPalette.FromPreset(new(value)); break;
            case ImageParameter.UpscaleFactor: UpscaleFactor = new(value); break;
            case ImageParameter.DescribeModelVersion: DescribeModelVersion = new(value); break;
            case ImageParameter.MagicPromptVersion: MagicPromptVersion = new(value); break;
            default: throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "Not an enumerated parameter.");
        }
    }

    /// <summary>The value of a text parameter; <see langword="null"/> when unset or not text.</summary>
    public string? GetText(ImageParameter parameter) => parameter switch
    {
        ImageParameter.Prompt => Prompt,
        ImageParameter.NegativePrompt => NegativePrompt,
        _ => null,
    };

    /// <summary>The value of a numeric parameter; <see langword="null"/> when unset or not numeric.</summary>
    public long? GetNumber(ImageParameter parameter) => parameter switch
    {
        ImageParameter.Seed => Seed,
        ImageParameter.NumImages => NumImages,
        ImageParameter.ImageWeight => ImageWeight,
        ImageParameter.Resemblance => Resemblance,
        ImageParameter.Detail => Detail,
        _ => null,
    };

    /// <summary>Replaces the value of a numeric parameter (best effort).</summary>
    public void SetNumber(ImageParameter parameter, long value)
    {
        switch (parameter)
        {
            case ImageParameter.Seed: Seed = value; break;
            case ImageParameter.NumImages: NumImages = checked((int)value); break;
            case ImageParameter.ImageWeight: ImageWeight = checked((int)value); break;
            case ImageParameter.Resemblance: Resemblance = checked((int)value); break;
            case ImageParameter.Detail: Detail = checked((int)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "Not a numeric parameter.");
        }
    }

    /// <summary>The number of items of a list parameter.</summary>
    public int GetCount(ImageParameter parameter) => parameter switch
    {
        ImageParameter.StyleCodes => StyleCodes.Count,
        ImageParameter.StyleReferenceImages => StyleReferenceImages.Count,
        ImageParameter.CharacterReferenceImages => CharacterReferenceImages.Count,
        ImageParameter.CharacterReferenceImageMasks => CharacterReferenceImageMasks.Count,
        ImageParameter.ColorPalette => ColorPalette?.Members.Count ?? 0,
        _ => IsSet(parameter) ? 1 : 0,
    };

    /// <summary>Whether the request has any input image (checked before walking them, which allocates).</summary>
    public bool HasImages => Image is not null || Mask is not null || StyleReferenceImages.Count > 0 || CharacterReferenceImages.Count > 0 || CharacterReferenceImageMasks.Count > 0;

    /// <summary>Every input image of the request, with the parameter it belongs to.</summary>
    public IEnumerable<(ImageParameter Parameter, LoadedImage Image)> AllImages()
    {
        if (Image is not null)
        {
            yield return (ImageParameter.Image, Image);
        }

        if (Mask is not null)
        {
            yield return (ImageParameter.Mask, Mask);
        }

        foreach (var i in StyleReferenceImages)
        {
            yield return (ImageParameter.StyleReferenceImages, i);
        }

        foreach (var i in CharacterReferenceImages)
        {
            yield return (ImageParameter.CharacterReferenceImages, i);
        }

        foreach (var i in CharacterReferenceImageMasks)
        {
            yield return (ImageParameter.CharacterReferenceImageMasks, i);
        }
    }
}
