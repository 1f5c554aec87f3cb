using System.CommandLine;
using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>The options of every request: <c>--seed</c>, <c>--num-images</c> and <c>--best-effort</c>.</summary>
internal sealed class CommonFields
{
    private readonly Option<long?> _seed;
    private readonly Option<int?> _numImages;
    private readonly Option<bool> _bestEffort;

    /// <summary>Adds the options to <paramref name="fields"/>.</summary>
    /// <param name="fields">The command's field options.</param>
    public CommonFields(FieldOptions fields)
    {
        _seed = fields.Number<long>("--seed", ImageParameter.Seed, "A seed, to make the result reproducible.");
        _numImages = fields.Number<int>("--num-images", ImageParameter.NumImages, "How many images to make.");
        _bestEffort = new Option<bool>("--best-effort")
        {
            Description = "Map a value the provider cannot take to the nearest one it can (with a warning) instead of refusing the request.",
        };
        fields.Command.Options.Add(_bestEffort);
    }

    /// <summary>Copies the parsed values onto <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="parse">The parse result.</param>
    public void Apply(ImageRequest request, ParseResult parse)
    {
        request.Seed = parse.GetValue(_seed);
        request.NumImages = parse.GetValue(_numImages);
        request.UnsupportedParameters = parse.GetValue(_bestEffort) ? UnsupportedParameterBehavior.BestEffort : null;
    }
}
