using Ideogram.Sdk;

namespace Ideogram.Cli.Options;

/// <summary>Turns an image given on the command line (a file path or a URL) into an <see cref="ImageInput"/>.</summary>
internal static class ImageInputs
{
    /// <summary>
    /// An http(s) or <c>data:</c> URL becomes <see cref="ImageInput.FromUrl(string)"/>; anything else is a file path,
    /// resolved against the working directory, that must exist.
    /// </summary>
    /// <param name="value">The value as typed.</param>
    /// <param name="option">The option it came from, for the error message.</param>
    /// <param name="host">The host (working directory).</param>
    /// <returns>The input.</returns>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static ImageInput Read(string value, string option, CliHost host)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps || url.Scheme == "data"))
        {
            return ImageInput.FromUrl(value);
        }

        var path = host.ResolvePath(value);
        return File.Exists(path)
            ? ImageInput.FromFile(path)
            : throw new UsageException($"{option}: no such file '{path}'.");
    }

    /// <summary>Reads every value of a repeatable image option (none given: an empty list).</summary>
    /// <param name="values">The values as typed.</param>
    /// <param name="option">The option they came from.</param>
    /// <param name="host">The host (working directory).</param>
    /// <returns>The inputs.</returns>
    public static List<ImageInput> ReadAll(string[]? values, string option, CliHost host) =>
        [.. (values ?? []).Select(v => Read(v, option, host))];
}
