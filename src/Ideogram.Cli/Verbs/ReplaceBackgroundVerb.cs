using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram replace-background --image PATH --prompt TEXT</c>: keep the subject, paint a new background.</summary>
internal sealed class ReplaceBackgroundVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "replace-background";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.ReplaceBackground;

    /// <inheritdoc />
    public override string Description => "Keep the subject of an image and paint a new background from a prompt.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The image whose background is replaced (a file or a URL).", required: true);
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "The new background.", required: true);
        var style = new StyleFields(fields);
        return (parse, host) =>
        {
            var request = new ReplaceBackgroundRequest(ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host), parse.GetRequiredValue(prompt));
            style.Apply(request, parse, host);
            return request;
        };
    }
}
