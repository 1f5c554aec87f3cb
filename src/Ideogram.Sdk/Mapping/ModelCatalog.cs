namespace Ideogram.Sdk.Mapping;

/// <summary>Ideogram 3.0's own catalogs (from its OpenAPI spec): the values a neutral request may hold, whichever provider serves it.</summary>
internal static class ModelCatalog
{
    /// <summary>Whether a neutral value is in the model's catalog for that parameter (parameters without a catalog take any value).</summary>
    public static bool Has(ImageParameter parameter, string value) => parameter switch
    {
        ImageParameter.Resolution => OpenEnum.IsKnown(Resolution.Known, new Resolution(value)),
        ImageParameter.AspectRatio => OpenEnum.IsKnown(AspectRatio.Known, new AspectRatio(value)),
        ImageParameter.RenderingSpeed => OpenEnum.IsKnown(RenderingSpeed.Known, new RenderingSpeed(value)),
        ImageParameter.MagicPrompt => OpenEnum.IsKnown(MagicPrompt.Known, new MagicPrompt(value)),
        ImageParameter.StyleType => OpenEnum.IsKnown(StyleType.Known, new StyleType(value)),
        ImageParameter.StylePreset => OpenEnum.IsKnown(StylePreset.Known, new StylePreset(value)),
        ImageParameter.ColorPalette => OpenEnum.IsKnown(ColorPalettePreset.Known, new ColorPalettePreset(value)),
        ImageParameter.UpscaleFactor => OpenEnum.IsKnown(UpscaleFactor.Known, new UpscaleFactor(value)),
        ImageParameter.MagicPromptVersion => OpenEnum.IsKnown(MagicPromptVersion.Known, new MagicPromptVersion(value)),
        _ => true,
    };
}
