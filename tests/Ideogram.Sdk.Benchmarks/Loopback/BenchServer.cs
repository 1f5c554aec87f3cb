using System.Buffers;
using System.Globalization;
using System.Net;
using Ideogram.Sdk.Benchmarks.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>
/// The loopback server: Kestrel on 127.0.0.1 that reads each request's whole body and answers Ideogram's documented
/// generate JSON (<c>POST /v1/ideogram-v3/generate</c>, <c>/remix</c>), and serves image bytes of any size
/// (<c>GET /images/{bytes}</c>) for downloads. Deliberately minimal, so the client's cost dominates.
/// </summary>
internal static class BenchServer
{
    private static readonly byte[] Chunk = Scenarios.Image(64 * 1024);

    public static async Task<int> RunAsync(string[] args)
    {
        _ = args;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"server {address.TrimEnd('/')}/");
        Console.WriteLine("ready");
        await ChildProcess.ParentGoneAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/v1/ideogram-v3", StringComparison.Ordinal))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (await request.Body.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            response.ContentType = "application/json";
            response.ContentLength = ProviderAnswers.IdeogramGenerate.Length;
            await response.Body.WriteAsync(ProviderAnswers.IdeogramGenerate).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/images", StringComparison.Ordinal, out var rest)
            && long.TryParse(rest.Value?.TrimStart('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            response.ContentType = "image/png";
            response.ContentLength = size;
            for (long sent = 0; sent < size; sent += Chunk.Length)
            {
                await response.Body.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(Chunk.Length, size - sent))).ConfigureAwait(false);
            }

            return;
        }

        response.StatusCode = StatusCodes.Status404NotFound;
    }
}
