using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;

namespace Ideogram.Cli.Verbs;

/// <summary><c>ideogram describe --image PATH</c>: prints descriptions of an image, one per line.</summary>
internal sealed class DescribeVerb : OperationVerb
{
    /// <inheritdoc />
    public override string Name => "describe";

    /// <inheritdoc />
    public override ImageOperation Operation => ImageOperation.Describe;

    /// <inheritdoc />
    public override string Description => "Describe an image in words (printed one description per line).";

    /// <inheritdoc />
    protected override Func<ParseResult, CliHost, ImageRequest> AddFields(FieldOptions fields)
    {
        var image = fields.Text("--image", ImageParameter.Image, "The image to describe (a file or a URL).", required: true);
        var version = fields.Text("--model-version", ImageParameter.DescribeModelVersion, "The describe model.");
        var common = new CommonFields(fields);
        return (parse, host) =>
        {
            var request = new DescribeRequest(ImageInputs.Read(parse.GetRequiredValue(image), image.Name, host))
            {
                ModelVersion = parse.GetValue(version) is { } v ? new DescribeModelVersion(v) : null,
            };
            common.Apply(request, parse);
            return request;
        };
    }
}
