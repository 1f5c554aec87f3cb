using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 server on a loopback address (127.0.0.1, or another one such as 127.0.0.2 for a second origin) that
/// records every byte it receives and lets a test write any answer, including headers followed by silence. One request
/// per connection (answers say <c>Connection: close</c>).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<LoopbackRequest, Stream, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<LoopbackRequest> _requests = [];
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    private LoopbackServer(IPAddress address, Func<LoopbackRequest, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://{address}:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where it listens, for example <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <summary>How many connections reached it (a refused fetch or redirect must leave this at 0).</summary>
    public int Connections => Volatile.Read(ref _accepted);

    public IReadOnlyList<LoopbackRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Everything received, as text (headers and bodies), to assert that a secret never arrived.</summary>
    public string Received => string.Concat(Requests.Select(r => r.Raw));

    public static LoopbackServer Start(Func<LoopbackRequest, Stream, CancellationToken, Task> respond, string address = "127.0.0.1") =>
        new(IPAddress.Parse(address), respond);

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>Writes a complete answer.</summary>
    public static async Task WriteAsync(Stream stream, int status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        await WriteHeadAsync(stream, status, bytes.Length, contentType, headers);
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>Writes the status line and headers (announcing <paramref name="contentLength"/> bytes) and flushes.</summary>
    public static async Task WriteHeadAsync(Stream stream, int status, long contentLength, string contentType = "application/octet-stream", params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder().Append(FormattableString.Invariant($"HTTP/1.1 {status} X\r\nContent-Length: {contentLength}\r\nContent-Type: {contentType}\r\nConnection: close\r\n"));
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        await stream.FlushAsync();
    }

    /// <summary>A redirect answer.</summary>
    public static Task RedirectAsync(Stream stream, int status, Uri location) => WriteAsync(stream, status, null, "text/plain", ("Location", location.ToString()));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] pending;
        lock (_connections)
        {
            pending = [.. _connections, _accepting];
        }

        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await LoopbackRequest.ReadAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(request);
                }

                await _respond(request, stream, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }
}

/// <summary>One request as it arrived.</summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, string Raw)
{
    public string Path => Target.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static async Task<LoopbackRequest?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]);
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (headers.ContainsKey("Transfer-Encoding"))
        {
            throw new InvalidOperationException("This test server reads bodies with a Content-Length only.");
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, ct);
        return new LoopbackRequest(start[0], start[1], headers, body, head + Encoding.UTF8.GetString(body));
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}
