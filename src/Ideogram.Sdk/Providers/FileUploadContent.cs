using System.Net;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// A file sent straight from disk: opened anew each time the content is written, so a retried request sends the same
/// bytes without the file ever being read into memory. A file whose size changed since it was checked is not sent.
/// </summary>
internal sealed class FileUploadContent(string path, long size) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            if (file.Length != size)
            {
                throw new IOException($"The image file '{Path.GetFileName(path)}' changed size after it was checked ({size} bytes, now {file.Length}); it was not sent.");
            }

            await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }
}
