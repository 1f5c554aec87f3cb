namespace Ideogram.Sdk;

/// <summary>The services that host the Ideogram 3.0 model and that this SDK can call.</summary>
public enum IdeogramProvider
{
    /// <summary>Ideogram's own API (<c>api.ideogram.ai</c>): synchronous multipart requests.</summary>
    Ideogram = 0,

    /// <summary>Runflow: asynchronous runs, polled or completed by a signed callback.</summary>
    Runflow = 1,

    /// <summary>Segmind: JSON requests, synchronous (v1) or queued (v2).</summary>
    Segmind = 2,

    /// <summary>Runware: a JSON array of tasks on one endpoint, synchronous or asynchronous delivery.</summary>
    Runware = 3,

    /// <summary>API in One: asynchronous tasks.</summary>
    ApiInOne = 4,
}

/// <summary>The Ideogram 3.0 operations the neutral client offers.</summary>
public enum ImageOperation
{
    /// <summary>Text to image (<c>/v1/ideogram-v3/generate</c>).</summary>
    Generate = 0,

    /// <summary>Text to image with a transparent background (<c>/v1/ideogram-v3/generate-transparent</c>).</summary>
    GenerateTransparent = 1,

    /// <summary>Masked edit (inpainting) of an image.</summary>
    Edit = 2,

    /// <summary>A new image from an input image and a prompt.</summary>
    Remix = 3,

    /// <summary>Extends a (square) image to a new resolution.</summary>
    Reframe = 4,

    /// <summary>Keeps the subject of an image and replaces its background.</summary>
    ReplaceBackground = 5,

    /// <summary>Describes an image in words.</summary>
    Describe = 6,

    /// <summary>Upscales an image.</summary>
    Upscale = 7,
}

/// <summary>What the client does with a parameter the chosen provider cannot honour.</summary>
public enum UnsupportedParameterBehavior
{
    /// <summary>Fail before any HTTP request with an <see cref="UnsupportedParameterException"/> (the default).</summary>
    Strict = 0,

    /// <summary>Map the parameter to the nearest supported value (or omit it) and add a <see cref="Warning"/> to the result.</summary>
    BestEffort = 1,
}
