using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.Samples.Worker;

/// <summary>
/// The tokens of submitted jobs that are not collected yet, in a file, so a job paid for is never forgotten by a
/// restart. (An app would keep them in its database, next to what the job is for.)
/// </summary>
internal sealed class TokenStore(IOptions<WorkerOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path = Path.GetFullPath(options.Value.StorePath);

    public void Dispose() => _gate.Dispose();

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return File.Exists(_path) ? [.. (await File.ReadAllLinesAsync(_path, cancellationToken)).Where(l => l.Length > 0)] : [];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records a token durably (flushed to disk) before the caller waits for the job.</summary>
    public async Task AddAsync(string token, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
            await using var writer = new StreamWriter(file);
            await writer.WriteLineAsync(token.AsMemory(), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a collected job's token (the file is replaced whole, so a crash leaves the old or the new list).</summary>
    public async Task RemoveAsync(string token, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var rest = File.Exists(_path) ? (await File.ReadAllLinesAsync(_path, cancellationToken)).Where(l => l.Length > 0 && l != token).ToList() : [];
            var next = _path + ".next";
            await File.WriteAllLinesAsync(next, rest, cancellationToken);
            File.Move(next, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
