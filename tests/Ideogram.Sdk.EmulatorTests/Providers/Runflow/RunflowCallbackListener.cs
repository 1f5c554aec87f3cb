using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ideogram.Sdk.EmulatorTests.Providers.Runflow;

/// <summary>One callback POST as it arrived: the raw body bytes and the headers that matter.</summary>
internal sealed record ReceivedCallback(byte[] Body, string? Signature, string? RequestId, string? ContentType);

/// <summary>A loopback HTTP listener (127.0.0.1, a free port) that records Runflow callbacks and answers 200.</summary>
internal sealed class RunflowCallbackListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedCallback> _received = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly Task _loop;

    public RunflowCallbackListener()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/runflow/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The next callback, or a timeout failure after <paramref name="within"/> (default 10 s).</summary>
    public async Task<ReceivedCallback> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether a callback has arrived and not been read yet.</summary>
    public bool HasPending => _received.Reader.Count > 0;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            await _received.Writer.WriteAsync(new ReceivedCallback(
                body.ToArray(),
                context.Request.Headers["Runflow-Signature"],
                context.Request.Headers["Runflow-Request-Id"],
                context.Request.ContentType));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
