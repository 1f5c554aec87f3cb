namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// A scripted fault: the next <see cref="Count"/> requests that match <see cref="Provider"/>, <see cref="Method"/>,
/// <see cref="Path"/> and <see cref="Phase"/> get <see cref="Kind"/> instead of (or, for <see cref="FaultKind.Delay"/>,
/// before) the normal answer.
/// </summary>
public sealed class FaultRule
{
    /// <summary>The default size of an <see cref="FaultKind.OversizedBody"/> answer: 8 MiB.</summary>
    public const long DefaultOversizedBodyBytes = 8L * 1024 * 1024;

    private int _remaining;

    /// <summary>The provider host to match; <see langword="null"/> matches every provider.</summary>
    public EmulatedProvider? Provider { get; init; }

    /// <summary>The HTTP method to match (case-insensitive); <see langword="null"/> matches any method.</summary>
    public string? Method { get; init; }

    /// <summary>
    /// The request path to match, case-insensitive, where <c>*</c> matches any run of characters
    /// (for example <c>/v1/ideogram-v3/*</c>). Default <c>*</c>: every path except the control API.
    /// </summary>
    public string Path { get; init; } = "*";

    /// <summary>
    /// The phase to match, as the provider host classifies the request (<see cref="RequestPhase"/>);
    /// <see langword="null"/> matches every phase. This is how Runware's submission and its <c>getResponse</c>
    /// follow-up, both <c>POST /v1</c>, are told apart.
    /// </summary>
    public RequestPhase? Phase { get; init; }

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>
    /// When <see langword="true"/>, the provider handles the request first (a submission creates its job and is
    /// charged) and the fault then applies to its answer; when <see langword="false"/> (the default), the fault answers
    /// instead of the provider and nothing runs.
    /// </summary>
    public bool AfterHandling { get; init; }

    /// <summary>How many matching requests the fault applies to (at least 1). Then the route answers normally again.</summary>
    public int Count { get; init; } = 1;

    /// <summary>
    /// Status for <see cref="FaultKind.Status"/>, and an override for <see cref="FaultKind.HtmlError"/>,
    /// <see cref="FaultKind.MalformedJson"/>, <see cref="FaultKind.TruncatedBody"/>, <see cref="FaultKind.EmptyBody"/>,
    /// <see cref="FaultKind.OversizedBody"/> and <see cref="FaultKind.StalledBody"/>.
    /// </summary>
    public int? StatusCode { get; init; }

    /// <summary>The <c>Retry-After</c> value in seconds for <see cref="FaultKind.RateLimit"/> (default 1); also sent with 503 and <see cref="FaultKind.Status"/> when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>How long <see cref="FaultKind.Delay"/> and <see cref="FaultKind.StalledBody"/> wait, measured on the emulator's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The size of an <see cref="FaultKind.OversizedBody"/> answer in bytes; <see langword="null"/> means <see cref="DefaultOversizedBodyBytes"/>.</summary>
    public long? BodyBytes { get; init; }

    /// <summary>For <see cref="FaultKind.OversizedBody"/>: send the body chunked, without a <c>Content-Length</c>.</summary>
    public bool WithoutContentLength { get; init; }

    /// <summary>Identifier assigned when the rule is added.</summary>
    public string Id { get; internal set; } = "";

    /// <summary>How many more matching requests the fault will still apply to.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    internal void Arm() => _remaining = Count;

    internal bool TryConsume()
    {
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    internal bool Matches(EmulatedProvider provider, string method, string path, RequestPhase phase) =>
        (Provider is null || Provider == provider)
        && (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Phase is null || Phase == phase)
        && GlobMatches(Path, path);

    private static bool GlobMatches(string pattern, string text)
    {
        // Iterative wildcard match with backtracking on the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
