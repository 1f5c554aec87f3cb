using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ideogram.Sdk.EmulatorTests.Infrastructure;

/// <summary>
/// A loopback <see cref="HttpListener"/> (127.0.0.1, a free port) that records the Runflow callback POSTs sent to
/// <see cref="Url"/> and answers each with the next scripted status (200 once the script is used up).
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedCallback> _received = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly Queue<int> _statuses;
    private readonly Task _loop;

    public CallbackReceiver(params int[] statuses)
    {
        _statuses = new Queue<int>(statuses);
        Url = new Uri($"http://127.0.0.1:{FreePort()}/hooks/runflow/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>Whether a callback has arrived and not been read yet.</summary>
    public bool HasPending => _received.Reader.Count > 0;

    /// <summary>The next callback received (after it was answered), or a cancelled wait after <paramref name="within"/> (default 10 s).</summary>
    public async Task<ReceivedCallback> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
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
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            int status;
            lock (_statuses)
                status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            context.Response.StatusCode = status;
            context.Response.Close();
            _received.Writer.TryWrite(new ReceivedCallback(context.Request.HttpMethod, context.Request.ContentType, headers, body.ToArray(), status));
        }
    }

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
            // A request cut off by the shutdown; nothing to record.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>One POST the receiver got: the raw body bytes, its headers, and the status it was answered with.</summary>
internal sealed record ReceivedCallback(string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus)
{
    /// <summary>The <c>Runflow-Signature</c> header, if sent.</summary>
    public string? Signature => Headers.TryGetValue("Runflow-Signature", out var value) ? value : null;

    /// <summary>The <c>Runflow-Request-Id</c> header, if sent.</summary>
    public string? RequestId => Headers.TryGetValue("Runflow-Request-Id", out var value) ? value : null;
}
