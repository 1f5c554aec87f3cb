using System.CommandLine;

namespace Ideogram.Cli.Options;

/// <summary>Where images go and how results are printed: <c>--out</c> and <c>--json</c>.</summary>
internal sealed class OutputOptions
{
    private readonly Option<string>? _out;
    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document on stdout (saved images, job token, warnings, cost, error) instead of lines.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="savesImages">Whether the command saves images (and so takes <c>--out</c>).</param>
    public OutputOptions(Command command, bool savesImages = true)
    {
        if (savesImages)
        {
            _out = new Option<string>("--out", "-o")
            {
                HelpName = "DIR",
                Description = "The directory images are saved to (created when missing).",
                DefaultValueFactory = _ => ".",
            };
            command.Options.Add(_out);
        }

        command.Options.Add(_json);
    }

    /// <summary>Whether <c>--json</c> was given.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns><see langword="true"/> for JSON output.</returns>
    public bool Json(ParseResult parse) => parse.GetValue(_json);

    /// <summary>The output directory, resolved against the working directory.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="host">The host.</param>
    /// <returns>The full path.</returns>
    public string Directory(ParseResult parse, CliHost host) => host.ResolvePath(_out is null ? "." : parse.GetValue(_out) ?? ".");
}
