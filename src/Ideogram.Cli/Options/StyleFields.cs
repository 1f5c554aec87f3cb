using System.CommandLine;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>
/// The options every styled request shares (<see cref="StyledImageRequest"/>: generate, edit, remix, reframe,
/// replace background), plus the seed, image count and best-effort switch of every request.
/// </summary>
internal sealed class StyleFields
{
    private readonly Option<string> _negativePrompt;
    private readonly Option<string>? _resolution;
    private readonly Option<string> _aspectRatio;
    private readonly Option<string> _renderingSpeed;
    private readonly Option<string> _magicPrompt;
    private readonly Option<string> _styleType;
    private readonly Option<string> _stylePreset;
    private readonly Option<string[]> _styleCodes;
    private readonly Option<string> _colorPalette;
    private readonly Option<string[]> _styleReferences;
    private readonly Option<string[]> _characterReferences;
    private readonly Option<string[]> _characterReferenceMasks;
    private readonly Option<string> _customModelUri;
    private readonly CommonFields _common;

    /// <summary>Adds the options to <paramref name="fields"/>.</summary>
    /// <param name="fields">The command's field options.</param>
    /// <param name="withResolution">
    /// Whether to add an optional <c>--resolution</c> (reframe adds its own required one instead).
    /// </param>
    public StyleFields(FieldOptions fields, bool withResolution = true)
    {
        _negativePrompt = fields.Text("--negative-prompt", ImageParameter.NegativePrompt, "What to keep out of the image.");
        _common = new CommonFields(fields);
        _resolution = withResolution ? fields.Text("--resolution", ImageParameter.Resolution, "Output size WIDTHxHEIGHT (not with --aspect-ratio).") : null;
        _aspectRatio = fields.Text("--aspect-ratio", ImageParameter.AspectRatio, "Output shape WxH (not with --resolution).");
        _renderingSpeed = fields.Text("--rendering-speed", ImageParameter.RenderingSpeed, "Speed and quality (and price) of the render.");
        _magicPrompt = fields.Text("--magic-prompt", ImageParameter.MagicPrompt, "Let the model rewrite the prompt.");
        _styleType = fields.Text("--style-type", ImageParameter.StyleType, "The style family.");
        _stylePreset = fields.Text("--style-preset", ImageParameter.StylePreset, "A named style preset.");
        _styleCodes = fields.Many("--style-code", ImageParameter.StyleCodes, "A style code of 8 hex characters; repeat for several (not with --style-type or --style-reference-image).");
        _colorPalette = fields.Text("--color-palette", ImageParameter.ColorPalette, "A palette preset, or colours with optional weights such as '#FF0000:0.6,#0000FF:0.4'.");
        _styleReferences = fields.Many("--style-reference-image", ImageParameter.StyleReferenceImages, "An image whose style to follow (a file or a URL); repeat for several.");
        _characterReferences = fields.Many("--character-reference-image", ImageParameter.CharacterReferenceImages, "An image of a character to keep (a file or a URL).");
        _characterReferenceMasks = fields.Many("--character-reference-image-mask", ImageParameter.CharacterReferenceImageMasks, "A mask for the character reference image (a file or a URL).");
        _customModelUri = fields.Text("--custom-model-uri", ImageParameter.CustomModelUri, "A custom model to render with.");
    }

    /// <summary>Copies the parsed values onto <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="parse">The parse result.</param>
    /// <param name="host">The host (working directory for image files).</param>
    public void Apply(StyledImageRequest request, ParseResult parse, CliHost host)
    {
        _common.Apply(request, parse);
        request.NegativePrompt = parse.GetValue(_negativePrompt);
        if (_resolution is not null && parse.GetValue(_resolution) is { } resolution)
        {
            request.Resolution = new Resolution(resolution);
        }

        request.AspectRatio = parse.GetValue(_aspectRatio) is { } ratio ? new AspectRatio(ratio) : null;
        request.RenderingSpeed = parse.GetValue(_renderingSpeed) is { } speed ? new RenderingSpeed(speed) : null;
        request.MagicPrompt = parse.GetValue(_magicPrompt) is { } magic ? new MagicPrompt(magic) : null;
        request.StyleType = parse.GetValue(_styleType) is { } type ? new StyleType(type) : null;
        request.StylePreset = parse.GetValue(_stylePreset) is { } preset ? new StylePreset(preset) : null;
        request.StyleCodes = [.. parse.GetValue(_styleCodes) ?? []];
        request.ColorPalette = parse.GetValue(_colorPalette) is { } palette ? ValueParsers.ColorPalette(palette) : null;
        request.StyleReferenceImages = ImageInputs.ReadAll(parse.GetValue(_styleReferences), _styleReferences.Name, host);
        request.CharacterReferenceImages = ImageInputs.ReadAll(parse.GetValue(_characterReferences), _characterReferences.Name, host);
        request.CharacterReferenceImageMasks = ImageInputs.ReadAll(parse.GetValue(_characterReferenceMasks), _characterReferenceMasks.Name, host);
        request.CustomModelUri = parse.GetValue(_customModelUri);
    }
}
