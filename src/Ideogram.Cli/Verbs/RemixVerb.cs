using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram remix --image PATH --prompt TEXT</c>: a new image from an image and a prompt.</summary>
internal sealed class RemixVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "remix";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Remix;

    /// <inheritdoc />
    public override string Description => "Make a new image from an image and a prompt.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The image to start from (a file or a URL).", required: true);
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "What the new image shows.", required: true);
        var weight = fields.Number<int>("--image-weight", ImageParameter.ImageWeight, "How closely the result follows the image.");
        var style = new StyleFields(fields);
        return (parse, host) =>
        {
            var request = new RemixRequest(ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host), parse.GetRequiredValue(prompt))
            {
                ImageWeight = parse.GetValue(weight),
            };
            style.Apply(request, parse, host);
            return request;
        };
    }
}
