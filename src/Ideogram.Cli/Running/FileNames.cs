using Ideogram.Sdk;

namespace Ideogram.Cli.Running;

/// <summary>How saved images are named.</summary>
internal static class FileNames
{
    /// <summary>The most name variants tried before giving up on a crowded directory.</summary>
    private const int MaxAttempts = 1000;

    /// <summary>The operation as it appears in file names and on the command line (<c>replace-background</c>).</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The kebab-case name.</returns>
    public static string Of(ImageOperation operation) => operation switch
    {
        ImageOperation.GenerateTransparent => "generate-transparent",
        ImageOperation.ReplaceBackground => "replace-background",
        _ => operation.ToString().ToLowerInvariant(),
    };

    /// <summary>The extension the image bytes call for, whatever the link or the provider's content type claims.</summary>
    /// <param name="bytes">The image.</param>
    /// <returns><c>.png</c>, <c>.jpg</c>, <c>.webp</c>, or <c>.bin</c> for anything else.</returns>
    public static string ExtensionOf(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ".webp",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => ".png",
        _ => ".bin",
    };

    /// <summary>
    /// Writes <paramref name="bytes"/> to <c>stem + extension</c> in <paramref name="directory"/>, or, when that file
    /// exists, to <c>stem-2 + extension</c> and so on: an earlier image is never overwritten.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <param name="stem">The file name without extension.</param>
    /// <param name="extension">The extension, with its dot.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The full path written.</returns>
    public static async Task<string> WriteNewAsync(string directory, string stem, string extension, byte[] bytes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var path = Path.Combine(directory, attempt == 1 ? stem + extension : $"{stem}-{attempt}{extension}");
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }

            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            return Path.GetFullPath(path);
        }

        throw new IOException($"Could not find a free file name for '{stem}{extension}' in '{directory}'.");
    }
}
