namespace Ideogram.Sdk.Providers.Runware;

/// <summary>Settings that only apply when the provider is Runware.</summary>
public sealed class RunwareOptions
{
    private int? _outputQuality;
    private TimeSpan? _resultLifetime;

    /// <summary>
    /// Send the key as Runware's <c>{"taskType":"authentication","apiKey":…}</c> first task of every request instead
    /// of the <c>Authorization: Bearer</c> header (both are documented for REST; pick one). Default <see langword="false"/>.
    /// </summary>
    public bool AuthenticateInBody { get; set; }

    /// <summary>
    /// Let the operations (<c>GenerateAsync</c>, <c>EditAsync</c>...) use Runware's asynchronous delivery: the task is
    /// acknowledged at once and its results are collected with <c>getResponse</c> polls, as <c>SubmitAsync</c> does.
    /// Default <see langword="false"/>: the operations use synchronous delivery (one HTTP call that returns the images),
    /// which is faster for quick renders but can run into the attempt timeout on slow ones.
    /// </summary>
    public bool AsyncDelivery { get; set; }

    /// <summary>How the images come back: <see cref="RunwareOutputType.Url"/> (default), base64 or data URI (then <see cref="GeneratedImage.Data"/> holds the bytes).</summary>
    public RunwareOutputType OutputType { get; set; } = RunwareOutputType.Url;

    /// <summary>The image file format (<c>outputFormat</c>); <see langword="null"/> leaves Runware's default (JPG).</summary>
    public RunwareOutputFormat? OutputFormat { get; set; }

    /// <summary>The compression quality, 20 to 99 (<c>outputQuality</c>); <see langword="null"/> leaves Runware's default (95).</summary>
    public int? OutputQuality
    {
        get => _outputQuality;
        set => _outputQuality = value is null or (>= 20 and <= 99)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Runware's outputQuality is 20..99.");
    }

    /// <summary>Ask Runware to report the cost of each task (<c>includeCost</c>), shown as <see cref="ImageResult.Cost"/>. Default <see langword="true"/>.</summary>
    public bool IncludeCost { get; set; } = true;

    /// <summary>
    /// Ask Runware for its content safety check (<c>safety.checkContent</c>); flagged images come back with
    /// <see cref="GeneratedImage.IsSafe"/> false. Default <see langword="false"/>.
    /// </summary>
    public bool CheckContent { get; set; }

    /// <summary>How long Runware keeps URL results (<c>ttl</c>, 60 s up to <see cref="int.MaxValue"/> s, whole seconds); <see langword="null"/> leaves Runware's default.</summary>
    public TimeSpan? ResultLifetime
    {
        get => _resultLifetime;
        set => _resultLifetime = value is null || (value.Value >= TimeSpan.FromSeconds(60) && value.Value <= TimeSpan.FromSeconds(int.MaxValue))
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Runware's ttl is an integer number of seconds, at least 60.");
    }

    internal RunwareOptions Clone() => (RunwareOptions)MemberwiseClone();
}

/// <summary>How Runware returns images (<c>outputType</c>).</summary>
public enum RunwareOutputType
{
    /// <summary><c>URL</c>: a link to the image on Runware's CDN.</summary>
    Url,

    /// <summary><c>base64Data</c>: the image bytes, base64-encoded, in the response.</summary>
    Base64Data,

    /// <summary><c>dataURI</c>: the image as a <c>data:</c> URI in the response.</summary>
    DataUri,
}

/// <summary>The image file format Runware produces (<c>outputFormat</c>).</summary>
public enum RunwareOutputFormat
{
    /// <summary><c>JPG</c> (Runware's default).</summary>
    Jpg,

    /// <summary><c>PNG</c>.</summary>
    Png,

    /// <summary><c>WEBP</c>.</summary>
    Webp,
}
