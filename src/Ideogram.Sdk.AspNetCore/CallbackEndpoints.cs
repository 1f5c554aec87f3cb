using System.Security.Cryptography;
using System.Text;
using Ideogram.Sdk.Providers.Runflow;
using Ideogram.Sdk.Providers.Runware;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ideogram.Sdk.AspNetCore;

/// <summary>
/// The request handling behind <c>MapIdeogramCallbacks</c>: authenticate (before anything is parsed), read within the
/// size limit, parse into an <see cref="ImageJobStatus"/>, drop what was handled already, publish to
/// <see cref="IdeogramJobEvents"/>, then call the handlers.
/// </summary>
internal sealed class CallbackEndpoints(IOptionsMonitor<IdeogramCallbackOptions> options, DeliveryLog deliveries, IdeogramJobEvents events, ILogger logger)
{
    private const int ReadChunk = 16 * 1024;

    /// <summary>
    /// <c>POST {pattern}</c>: a delivery with a <c>Runflow-Signature</c> header is a Runflow callback, any other a Runware
    /// delivery (which then needs its token); each is checked exactly as on its own route.
    /// </summary>
    public Task EitherAsync(HttpContext http) =>
        http.Request.Headers.ContainsKey(RunflowWebhook.SignatureHeader) ? RunflowAsync(http) : RunwareAsync(http);

    /// <summary><c>POST {pattern}/runflow</c>: the <c>Runflow-Signature</c> must match one configured signing secret.</summary>
    public async Task RunflowAsync(HttpContext http)
    {
        var settings = options.CurrentValue;
        var secrets = settings.Runflow.SigningSecrets.Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (secrets.Count == 0)
        {
            Refuse(http, IdeogramProvider.Runflow, "no Runflow signing secret is configured (IdeogramCallbackOptions.Runflow.SigningSecrets)");
            return;
        }

        var body = await ReadBodyAsync(http, IdeogramProvider.Runflow, settings.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var signatures = http.Request.Headers[RunflowWebhook.SignatureHeader];
        if (!RunflowWebhook.Verify(body, signatures.Count == 1 ? signatures[0] : null, secrets))
        {
            Refuse(http, IdeogramProvider.Runflow, signatures.Count == 0 ? "no Runflow-Signature header" : "the Runflow-Signature matches no configured signing secret");
            return;
        }

        if (Parse(http, IdeogramProvider.Runflow, body, static b => RunflowWebhook.Parse(b)) is not { } status)
        {
            return;
        }

        // Runflow sends one callback per run, when it ends: the status is the job's outcome.
        await DeliverAsync(http, status, status, item: null).ConfigureAwait(false);
    }

    /// <summary><c>POST {pattern}/runware?token=…</c>: the token must match one configured token (checked before the body is read).</summary>
    public async Task RunwareAsync(HttpContext http)
    {
        var settings = options.CurrentValue;
        var tokens = settings.Runware.Tokens.Where(t => !string.IsNullOrEmpty(t)).ToList();
        if (tokens.Count == 0)
        {
            Refuse(http, IdeogramProvider.Runware, "no Runware token is configured (IdeogramCallbackOptions.Runware.Tokens)");
            return;
        }

        var given = http.Request.Query[CallbackRoutes.TokenParameter];
        if (given.Count != 1 || !TokenMatches(given[0], tokens))
        {
            Refuse(http, IdeogramProvider.Runware, given.Count == 0 ? "the URL carries no token" : "the URL's token matches no configured token");
            return;
        }

        var body = await ReadBodyAsync(http, IdeogramProvider.Runware, settings.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (Parse(http, IdeogramProvider.Runware, body, static b => RunwareWebhook.Parse(b)) is not { } status)
        {
            return;
        }

        // Runware posts each result item of a task on its own, so one item is not the task's outcome: waits are told
        // to read the task at once (which collects every result), rather than handed this one image. A failure is final.
        var published = status.State == ImageJobState.Succeeded
            ? new ImageJobStatus(status.Job, ImageJobState.Running, status.ProviderStatus)
            : status;
        var item = (status.Result is { Images.Count: > 0 } result ? result.Images[0].ProviderImageId : null) ?? Convert.ToHexStringLower(SHA256.HashData(body));
        await DeliverAsync(http, status, published, item).ConfigureAwait(false);
    }

    private async Task DeliverAsync(HttpContext http, ImageJobStatus status, ImageJobStatus published, string? item)
    {
        var settings = options.CurrentValue;
        var job = status.Job;
        var key = string.Join('\n', job.Provider.ToString(), job.Id, status.State.ToString(), item ?? string.Empty);
        switch (deliveries.TryStart(key, settings.DeduplicationWindow, settings.MaxRememberedDeliveries))
        {
            case DeliveryStart.Duplicate:
                // The handlers saw it already; a wait that started listening since then has not.
                CallbackLog.Duplicate(logger, job.Provider, job.Id, status.State, events.Publish(published));
                http.Response.StatusCode = StatusCodes.Status200OK;
                return;
            case DeliveryStart.InProgress:
                CallbackLog.InProgress(logger, job.Provider, job.Id, status.State);
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "1";
                return;
        }

        var handled = false;
        try
        {
            var waits = events.Publish(published);
            foreach (var handler in http.RequestServices.GetServices<IImageJobCallbackHandler>())
            {
                await handler.HandleAsync(status, http.RequestAborted).ConfigureAwait(false);
            }

            handled = true;
            CallbackLog.Delivered(logger, job.Provider, job.Id, status.State, waits);
        }
        finally
        {
            // A handler that threw leaves the delivery unhandled: the exception answers 500 and the provider's retry is
            // handled again.
            if (handled)
            {
                deliveries.Handled(key, settings.DeduplicationWindow, settings.MaxRememberedDeliveries);
            }
            else
            {
                deliveries.Abandon(key);
            }
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Whether the token matches one of <paramref name="tokens"/>, in time independent of where they differ and of which one matched.</summary>
    private static bool TokenMatches(string? given, List<string> tokens)
    {
        // Digests have one length whatever the tokens' lengths, so the comparison leaks neither.
        Span<byte> givenDigest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> tokenDigest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(given ?? string.Empty), givenDigest);
        var match = false;
        foreach (var token in tokens)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token), tokenDigest);
            match |= CryptographicOperations.FixedTimeEquals(givenDigest, tokenDigest);
        }

        return match && !string.IsNullOrEmpty(given);
    }

    /// <summary>The body, or <see langword="null"/> when it is larger than the limit (answered 413).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext http, IdeogramProvider provider, long limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            return TooLarge(http, provider, limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunk];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return TooLarge(http, provider, limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit, set above to the same size, noticed first.
            return TooLarge(http, provider, limit);
        }

        return buffer.ToArray();
    }

    private byte[]? TooLarge(HttpContext http, IdeogramProvider provider, long limit)
    {
        CallbackLog.TooLarge(logger, provider, http.Connection.RemoteIpAddress, limit);
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return null;
    }

    private void Refuse(HttpContext http, IdeogramProvider provider, string reason)
    {
        CallbackLog.Refused(logger, provider, http.Connection.RemoteIpAddress, reason);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    /// <summary>The authenticated body read into a status, or <see langword="null"/> when it is not a delivery (answered 400).</summary>
    private ImageJobStatus? Parse(HttpContext http, IdeogramProvider provider, byte[] body, Func<byte[], ImageJobStatus> parse)
    {
        try
        {
            return parse(body);
        }
        catch (Exception e) when (e is FormatException or IdeogramException)
        {
            CallbackLog.Unreadable(logger, provider, body.Length, e.Message);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
    }
}
