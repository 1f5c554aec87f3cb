using System.Net;

namespace Ideogram.Sdk.Engine;

/// <summary>
/// One provider call as it passes the resilience handler. The engine says what the request is (<see cref="Kind"/>) and,
/// for an answer it reads into memory, the size limit (<see cref="BodyLimit"/>); the handler writes what each attempt did
/// and the answer's bytes (<see cref="Body"/>). The attempts decide the <see cref="SubmissionState"/> of a paid submission
/// across all its retries (an earlier attempt that may have run keeps the call "may have run" even if a later one was
/// refused).
/// </summary>
internal sealed class SendRecord
{
    public static readonly HttpRequestOptionsKey<SendRecord> Key = new("Ideogram.Sdk.SendRecord");

    /// <summary>What the request does, which decides when re-sending it is safe (a read unless said otherwise).</summary>
    public RequestKind Kind { get; set; }

    /// <summary>
    /// When positive, the resilience handler reads the final answer's body into <see cref="Body"/> (at most this many
    /// bytes, on a fresh attempt deadline from the answer's headers), so the answer is read under the timer the attempt
    /// already holds.
    /// </summary>
    public long BodyLimit { get; set; }

    /// <summary>The final answer's body, once the resilience handler has read it (<see cref="BodyLimit"/>); otherwise <see langword="null"/>.</summary>
    public byte[]? Body { get; set; }

    private int _attempts;
    private SubmissionState _prior = SubmissionState.NotSent;
    private SubmissionState _last = SubmissionState.NotSent;

    /// <summary>How many attempts reached the transport.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The furthest any attempt got.</summary>
    public SubmissionState State => Max(_prior, _last);

    /// <summary>The furthest any attempt before the last one got.</summary>
    public SubmissionState Prior => _prior;

    /// <summary>Records one attempt's outcome.</summary>
    public void Observe(SubmissionState state)
    {
        _prior = Max(_prior, _last);
        _last = state;
        Interlocked.Increment(ref _attempts);
    }

    /// <summary>The record of a message, creating and attaching one when it has none.</summary>
    public static SendRecord Of(HttpRequestMessage message)
    {
        if (message is SdkRequestMessage own)
        {
            return own.Record;
        }

        if (!message.Options.TryGetValue(Key, out var record))
        {
            record = new SendRecord();
            message.Options.Set(Key, record);
        }

        return record;
    }

    /// <summary>What an answer says about a paid submission that received it.</summary>
    public static SubmissionState Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and <= 299 => SubmissionState.Accepted,

        // "Send it there instead": the origin did not process it.
        307 or 308 => SubmissionState.Refused,

        // 301/302/303 after a POST may point at the outcome of a request that ran.
        >= 300 and <= 399 => SubmissionState.MayHaveRun,

        // The server says it did not process the request (408, 429, 503, 501) or refused it as invalid (other 4xx).
        >= 400 and <= 499 or 501 or 503 => SubmissionState.Refused,

        // 500, 502, 504 and other server errors: it may have run before the error.
        _ => SubmissionState.MayHaveRun,
    };

    /// <summary>What a failure to get an answer says about a paid submission.</summary>
    public static SubmissionState Classify(Exception exception) => exception switch
    {
        // The connection was never made, so nothing was sent.
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }
            => SubmissionState.NotSent,

        // An answer the SDK refused to follow (a redirect to another origin) carries its status.
        IdeogramException { StatusCode: { } status } => Classify(status),

        // A timeout, a reset, a cancellation in flight: the provider may have read the request.
        _ => SubmissionState.MayHaveRun,
    };

    public static SubmissionState Max(SubmissionState a, SubmissionState b) => a > b ? a : b;
}

/// <summary>
/// A request message the SDK builds: it carries its <see cref="SendRecord"/> itself, so sending it needs no options
/// dictionary. A message built elsewhere gets its record through <see cref="HttpRequestMessage.Options"/>.
/// </summary>
internal sealed class SdkRequestMessage(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri)
{
    /// <summary>The record of this message's sending.</summary>
    public SendRecord Record { get; } = new();

    /// <summary>
    /// Whether this is a request the SDK makes on its own (a download, a URL input it fetches): it carries no credential,
    /// and the address rule applies to its address, to every redirect hop and (on connections the SDK opens) to the
    /// address its host name resolves to.
    /// </summary>
    public bool IsFetch { get; init; }

    /// <summary>What the adapter needs to add the credential when it is not a header (Runware: the task array the authentication task is spliced into).</summary>
    public object? AuthenticationState { get; set; }
}
