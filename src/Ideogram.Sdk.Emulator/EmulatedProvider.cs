namespace Ideogram.Sdk.Emulator;

/// <summary>The provider wire protocols the emulator speaks. Each one is served on its own port.</summary>
public enum EmulatedProvider
{
    /// <summary>Ideogram's own API (<c>api.ideogram.ai</c>).</summary>
    Ideogram,

    /// <summary>Runflow (<c>api.runflow.io</c>).</summary>
    Runflow,

    /// <summary>Segmind (<c>api.segmind.com</c>).</summary>
    Segmind,

    /// <summary>Runware (<c>api.runware.ai</c>).</summary>
    Runware,

    /// <summary>API in One (<c>apiin.one</c>).</summary>
    ApiInOne,
}
