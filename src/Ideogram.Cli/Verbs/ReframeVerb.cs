using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram reframe --image PATH --resolution WxH</c>: extend a square image to a new size.</summary>
internal sealed class ReframeVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "reframe";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Reframe;

    /// <inheritdoc />
    public override string Description => "Extend a square image to a new size.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The square image to extend (a file or a URL).", required: true);
        var resolution = fields.Text("--resolution", ImageParameter.Resolution, "The size to extend it to, WIDTHxHEIGHT.", required: true);
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "What the added parts show.");
        var style = new StyleFields(fields, withResolution: false);
        return (parse, host) =>
        {
            var request = new ReframeRequest(ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host), new Resolution(parse.GetRequiredValue(resolution)))
            {
                Prompt = parse.GetValue(prompt),
            };
            style.Apply(request, parse, host);
            return request;
        };
    }
}
