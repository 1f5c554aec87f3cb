namespace Ideogram.Sdk.AspNetCore;

/// <summary>
/// Settings of the endpoints <c>MapIdeogramCallbacks</c> maps, bound from configuration (for example the section
/// <c>"Ideogram:Callbacks"</c>) or set in code. Read for every delivery, so rotated secrets apply on a configuration reload.
/// </summary>
/// <example>
/// <code>
/// "Ideogram": { "Callbacks": {
///   "PublicUrl": "https://app.example.com/hooks/ideogram",
///   "Runflow": { "SigningSecrets": [ "whsec_new...", "whsec_old..." ] },
///   "Runware": { "Tokens": [ "k3Jd...32 random characters" ] } } }
/// </code>
/// </example>
public sealed class IdeogramCallbackOptions
{
    /// <summary>The shortest secret token accepted for Runware deliveries.</summary>
    public const int MinTokenLength = 16;

    /// <summary>
    /// The address at which the providers reach the endpoints: the public URL of the pattern given to
    /// <c>MapIdeogramCallbacks</c>, for example <c>https://app.example.com/hooks/ideogram</c>. <see cref="IdeogramCallbackUrls"/>
    /// builds each provider's callback URL from it. Default <see langword="null"/>: set it to use <see cref="IdeogramCallbackUrls"/>.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Runflow callbacks (<c>POST {pattern}/runflow</c>).</summary>
    public RunflowCallbackOptions Runflow { get; set; } = new();

    /// <summary>Runware webhook deliveries (<c>POST {pattern}/runware?token=…</c>).</summary>
    public RunwareCallbackOptions Runware { get; set; } = new();

    /// <summary>
    /// How long a handled delivery is remembered, so a provider's retry or redelivery of the same job and state (for
    /// Runware, the same result item) is answered 200 without reaching the handlers again. Default 24 hours;
    /// <see cref="TimeSpan.Zero"/> remembers nothing (only deliveries still being handled are held back).
    /// </summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How many handled deliveries are remembered at most (the oldest are forgotten first), so memory stays bounded
    /// whatever the traffic. Default 100,000.
    /// </summary>
    public int MaxRememberedDeliveries { get; set; } = 100_000;

    /// <summary>
    /// The largest body read, in bytes; a larger delivery is answered 413 unread. Default 16 MB, room for a Runware
    /// result delivered inline as base64.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 16L * 1024 * 1024;
}

/// <summary>How Runflow callbacks are authenticated.</summary>
public sealed class RunflowCallbackOptions
{
    /// <summary>
    /// The signing secrets a <c>Runflow-Signature</c> may match (as Runflow showed them, for example <c>whsec_...</c>).
    /// While one replaces another, list both: either verifies. With none, every Runflow callback is refused.
    /// </summary>
    public IList<string> SigningSecrets { get; set; } = [];
}

/// <summary>How Runware webhook deliveries are authenticated (Runware documents no signature).</summary>
public sealed class RunwareCallbackOptions
{
    /// <summary>
    /// The secret tokens a delivery's <c>token</c> query parameter may match (at least
    /// <see cref="IdeogramCallbackOptions.MinTokenLength"/> characters of <c>A-Z a-z 0-9 - _ . ~</c>;
    /// <see cref="IdeogramCallbackUrls.NewToken"/> makes one). The first is the one <see cref="IdeogramCallbackUrls"/>
    /// puts into new callback URLs; keep an old token listed after it until the tasks sent with it have been delivered.
    /// With none, every Runware delivery is refused.
    /// </summary>
    public IList<string> Tokens { get; set; } = [];
}
