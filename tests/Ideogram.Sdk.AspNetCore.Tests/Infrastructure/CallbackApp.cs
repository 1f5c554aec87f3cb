using System.Net;
using Ideogram.Sdk.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ideogram.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A minimal-API app with <c>MapIdeogramCallbacks("/hooks/ideogram")</c>, a recording handler, its own
/// <see cref="IdeogramJobEvents"/>, a fake clock and a fake log: in memory (TestServer), or on a real Kestrel socket on
/// 127.0.0.1 for the emulator to deliver to.
/// </summary>
internal sealed class CallbackApp : IAsyncDisposable
{
    public const string Pattern = "/hooks/ideogram";

    private readonly WebApplication _app;

    private CallbackApp(WebApplication app, Uri address, HttpClient client)
    {
        _app = app;
        Address = address;
        Client = client;
    }

    /// <summary>The root of the app: in memory, or <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Address { get; }

    /// <summary>A client that reaches the app.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RecordingHandler Handled => Services.GetRequiredService<RecordingHandler>();

    public IdeogramJobEvents Events => Services.GetRequiredService<IdeogramJobEvents>();

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public BodyReads BodyReads => Services.GetRequiredService<BodyReads>();

    /// <summary>Points <see cref="IdeogramCallbackOptions.PublicUrl"/> at this app's own endpoints (known once a real socket is bound).</summary>
    public void UseOwnAddressAsPublicUrl() =>
        Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IdeogramCallbackOptions>>().CurrentValue.PublicUrl = new Uri(Address, Pattern.TrimStart('/'));

    public static async Task<CallbackApp> StartAsync(Action<IdeogramCallbackOptions> configure, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        builder.Services.AddSingleton(new IdeogramJobEvents());
        builder.Services.AddSingleton<RecordingHandler>();
        services?.Invoke(builder.Services);
        builder.Services.AddIdeogramCallbacks(configure).AddHandler<RecordingHandlerScope>();
        if (kestrel)
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Services.AddSingleton<BodyReads>();
        var app = builder.Build();

        // Counts the bytes the endpoints read from request bodies, to show what is refused unread.
        app.Use((http, next) =>
        {
            http.Request.Body = new CountingStream(http.Request.Body, app.Services.GetRequiredService<BodyReads>());
            return next(http);
        });
        app.MapIdeogramCallbacks(Pattern);
        await app.StartAsync();
        if (kestrel)
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            return new CallbackApp(app, address, new HttpClient { BaseAddress = address });
        }

        var client = app.GetTestClient();
        return new CallbackApp(app, client.BaseAddress!, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Every status the handlers were given, in order; optionally failing the next calls.</summary>
internal sealed class RecordingHandler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ImageJobStatus> _statuses = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public void Dispose() => _arrived.Dispose();

    /// <summary>How many of the next calls throw (as a handler whose database is down would).</summary>
    public int FailNext { get; set; }

    public IReadOnlyList<ImageJobStatus> Statuses
    {
        get
        {
            lock (_gate)
            {
                return [.. _statuses];
            }
        }
    }

    public void Record(ImageJobStatus status)
    {
        lock (_gate)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("The handler's store is down.");
            }

            _statuses.Add(status);
        }

        _arrived.Release();
    }

    /// <summary>Waits until <paramref name="count"/> statuses were recorded in all (bounded: real loopback deliveries take real time).</summary>
    public async Task<IReadOnlyList<ImageJobStatus>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (Statuses.Count < count)
        {
            await _arrived.WaitAsync(cancel.Token);
        }

        return Statuses;
    }
}

/// <summary>The handler as users write one: resolved per delivery, handing the status to the app's store.</summary>
internal sealed class RecordingHandlerScope(RecordingHandler store) : IImageJobCallbackHandler
{
    public Task HandleAsync(ImageJobStatus status, CancellationToken cancellationToken)
    {
        store.Record(status);
        return Task.CompletedTask;
    }
}

/// <summary>How many body bytes the app has read.</summary>
internal sealed class BodyReads
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(int count) => Interlocked.Add(ref _bytes, count);
}

/// <summary>A request body that counts what is read from it.</summary>
internal sealed class CountingStream(Stream inner, BodyReads reads) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        reads.Add(read);
        return read;
    }
}
