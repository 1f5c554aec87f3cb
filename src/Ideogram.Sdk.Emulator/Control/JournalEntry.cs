namespace Ideogram.Sdk.Emulator.Control;

/// <summary>One request the emulator received (control API requests are not journaled).</summary>
public sealed class JournalEntry
{
    internal JournalEntry(
        long sequence,
        EmulatedProvider provider,
        string method,
        string path,
        string query,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        string? bodyText,
        DateTimeOffset timestamp,
        RequestPhase phase,
        int imagesRequested)
    {
        Sequence = sequence;
        Provider = provider;
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        BodyText = bodyText;
        Timestamp = timestamp;
        Phase = phase;
        ImagesRequested = imagesRequested;
    }

    /// <summary>Order of arrival, starting at 1, across all providers.</summary>
    public long Sequence { get; }

    /// <summary>The provider host that received the request.</summary>
    public EmulatedProvider Provider { get; }

    /// <summary>HTTP method.</summary>
    public string Method { get; }

    /// <summary>Request path, without the query string.</summary>
    public string Path { get; }

    /// <summary>The query string including the leading <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>Request headers (several values joined with <c>", "</c>); <c>Api-Key</c>, <c>Authorization</c> and <c>x-api-key</c> values read <c>***</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body as received.</summary>
    public byte[] Body { get; }

    /// <summary>The body as UTF-8 text when its content type is textual (JSON, text, form, multipart), with JSON <c>"apiKey"</c> values masked; otherwise <see langword="null"/>.</summary>
    public string? BodyText { get; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>What the request was for, as its provider host classified it (count paid submissions with <see cref="RequestPhase.Submission"/>).</summary>
    public RequestPhase Phase { get; }

    /// <summary>For a submission, the images it asked for (whether or not it was valid); otherwise 0.</summary>
    public int ImagesRequested { get; }

    /// <summary>The status code sent on the wire, or <see langword="null"/> while in flight or when the connection was dropped.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>
    /// Whether the provider handled the request (ran its route: a valid submission created its job). <see langword="false"/>
    /// when a fault answered in its place.
    /// </summary>
    public bool Handled { get; internal set; }

    /// <summary>
    /// The status the provider's route answered, which a fault applied <see cref="FaultRule.AfterHandling"/> may have
    /// replaced or lost on the wire (for example 200: the job was accepted, though the client saw a 504);
    /// <see langword="null"/> when the request was not handled.
    /// </summary>
    public int? ProviderStatusCode { get; internal set; }

    /// <summary>The scripted fault applied to this request, if any.</summary>
    public FaultKind? Fault { get; internal set; }
}
