using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram upscale --image PATH</c>: a larger, sharper copy of an image.</summary>
internal sealed class UpscaleVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "upscale";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Upscale;

    /// <inheritdoc />
    public override string Description => "Make a larger, sharper copy of an image.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The image to upscale (a file or a URL).", required: true);
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "What the image shows, to guide the upscale.");
        var resemblance = fields.Number<int>("--resemblance", ImageParameter.Resemblance, "How closely the result keeps to the image.");
        var detail = fields.Number<int>("--detail", ImageParameter.Detail, "How much detail is added.");
        var magicPrompt = fields.Text("--magic-prompt", ImageParameter.MagicPrompt, "Let the model rewrite the prompt.");
        var magicPromptVersion = fields.Text("--magic-prompt-version", ImageParameter.MagicPromptVersion, "The MagicPrompt version.");
        var common = new CommonFields(fields);
        return (parse, host) =>
        {
            var request = new UpscaleRequest(ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host))
            {
                Prompt = parse.GetValue(prompt),
                Resemblance = parse.GetValue(resemblance),
                Detail = parse.GetValue(detail),
                MagicPrompt = parse.GetValue(magicPrompt) is { } magic ? new MagicPrompt(magic) : null,
                MagicPromptVersion = parse.GetValue(magicPromptVersion) is { } version ? new MagicPromptVersion(version) : null,
            };
            common.Apply(request, parse);
            return request;
        };
    }
}
