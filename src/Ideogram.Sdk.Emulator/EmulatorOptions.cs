namespace Ideogram.Sdk.Emulator;

/// <summary>Settings for one emulator instance. Read once when the emulator starts.</summary>
public sealed class EmulatorOptions
{
    /// <summary>
    /// The only API key the providers accept, or <see langword="null"/> to accept any non-empty key.
    /// A missing key is always refused, the way each provider refuses it.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>When <see langword="false"/> (the default), request fields a provider does not document are rejected.</summary>
    public bool AllowUnknownFields { get; set; }

    /// <summary>
    /// Time each state of an asynchronous job lasts (for example QUEUED, then PROCESSING). A job's state is computed from
    /// <see cref="TimeProvider"/> timestamps when it is read. <see cref="TimeSpan.Zero"/> completes jobs at once.
    /// </summary>
    public TimeSpan JobStepDelay { get; set; }

    /// <summary>How long a generated image URL stays valid. After that it answers like an expired link.</summary>
    public TimeSpan ImageUrlLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Generated PNGs are (width / factor) x (height / factor) pixels, at least 1 x 1, so tests stay fast.
    /// Must be at least 1.
    /// </summary>
    public int DownscaleFactor { get; set; } = 16;

    /// <summary>When <see langword="true"/>, Segmind's synchronous v1 endpoints answer raw image bytes instead of JSON.</summary>
    public bool SegmindRawImageResponse { get; set; }

    /// <summary>
    /// 0 binds every provider to a free port; otherwise the providers listen on <c>PortBase + 0 .. 4</c> in
    /// <see cref="EmulatedProvider"/> order.
    /// </summary>
    public int PortBase { get; set; }

    /// <summary>The clock for timestamps, job lifecycles and URL expiry. Replace it with a fake clock in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Handler for outbound callback POSTs (Runflow callbacks, Runware webhooks); <see langword="null"/> uses a default <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? CallbackHandler { get; set; }
}
