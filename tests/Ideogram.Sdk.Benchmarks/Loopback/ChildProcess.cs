using System.Diagnostics;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>
/// This program started again as a server process (<c>serve</c> or <c>emulator</c>), so the server's CPU time and
/// allocations stay out of the client's figures. It prints <c>name address</c> lines, then <c>ready</c>; it stops
/// when its standard input closes (or is killed, by id, when disposed).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, Dictionary<string, Uri> addresses)
    {
        _process = process;
        Addresses = addresses;
    }

    public IReadOnlyDictionary<string, Uri> Addresses { get; }

    public static async Task<ChildProcess> StartAsync(params string[] args)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var addresses = new Dictionary<string, Uri>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line && line != "ready")
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && Uri.TryCreate(parts[1], UriKind.Absolute, out var uri))
            {
                addresses[parts[0]] = uri;
            }
        }

        return addresses.Count > 0 ? new ChildProcess(process, addresses) : throw new InvalidOperationException("The server process did not report an address.");
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>For the child: completes when the parent closes our standard input.</summary>
    public static Task ParentGoneAsync() => Task.Run(async () =>
    {
        var buffer = new char[64];
        while (await Console.In.ReadAsync(buffer).ConfigureAwait(false) > 0)
        {
        }
    });
}
