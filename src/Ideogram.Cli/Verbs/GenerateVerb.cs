using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram generate --prompt TEXT</c>: text to image (with <c>--transparent</c>, on a transparent background).</summary>
internal sealed class GenerateVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "generate";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Generate;

    /// <inheritdoc />
    public override string Description => "Make images from a prompt.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "What to draw.", required: true);
        var style = new StyleFields(fields);
        var transparent = fields.Switch("--transparent", ImageOperation.GenerateTransparent, "Make the background transparent.");
        var upscale = fields.Text("--upscale-factor", ImageParameter.UpscaleFactor, "Upscale a transparent image.", operation: ImageOperation.GenerateTransparent);
        return (parse, host) =>
        {
            var request = new GenerateRequest(parse.GetRequiredValue(prompt))
            {
                TransparentBackground = parse.GetValue(transparent),
                UpscaleFactor = parse.GetValue(upscale) is { } factor ? new UpscaleFactor(factor) : null,
            };
            style.Apply(request, parse, host);
            return request;
        };
    }
}
