using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram edit --image PATH --mask PATH --prompt TEXT</c>: repaint the masked part of an image.</summary>
internal sealed class EditVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "edit";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Edit;

    /// <inheritdoc />
    public override string Description => "Repaint the masked part of an image from a prompt.";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The image to edit (a file or a URL).", required: true);
        var mask = fields.Text("--mask", ImageParameter.Mask, "Black where the image is to be repainted, white elsewhere, the image's size (a file or a URL).");
        var prompt = fields.Text("--prompt", ImageParameter.Prompt, "What to paint into the masked part.", required: true);
        var style = new StyleFields(fields);
        return (parse, host) =>
        {
            // Without --mask the request has none: API in One edits without one, the other providers refuse it.
            var request = new EditRequest(
                ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host),
                parse.GetValue(mask) is { } given ? ImageInputs.Read(given, mask.Name, host) : null!,
                parse.GetRequiredValue(prompt));
            style.Apply(request, parse, host);
            return request;
        };
    }
}
