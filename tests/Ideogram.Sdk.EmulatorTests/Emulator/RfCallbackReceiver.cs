using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>A loopback <see cref="HttpListener"/> that records callback POSTs and answers with scripted statuses.</summary>
internal sealed class RfCallbackReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<RfReceivedCallback> _received = Channel.CreateUnbounded<RfReceivedCallback>();
    private readonly Queue<int> _statuses;
    private readonly Task _loop;

    public RfCallbackReceiver(params int[] statuses)
    {
        _statuses = new Queue<int>(statuses);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/runflow/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/hooks/runflow/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The next callback received, or a failed test after <paramref name="timeout"/>.</summary>
    public async Task<RfReceivedCallback> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public bool TryTake(out RfReceivedCallback? callback) => _received.Reader.TryRead(out callback);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            int status;
            lock (_statuses)
                status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            context.Response.StatusCode = status;
            context.Response.Close();
            _received.Writer.TryWrite(new RfReceivedCallback(context.Request.HttpMethod, context.Request.ContentType, headers, body.ToArray(), status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>One POST the receiver got.</summary>
internal sealed record RfReceivedCallback(string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus);
