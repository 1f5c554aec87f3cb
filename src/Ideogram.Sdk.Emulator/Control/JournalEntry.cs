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
        DateTimeOffset timestamp)
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

    /// <summary>The status code answered, or <see langword="null"/> while in flight or when the connection was dropped.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The scripted fault applied to this request, if any.</summary>
    public FaultKind? Fault { get; internal set; }
}
