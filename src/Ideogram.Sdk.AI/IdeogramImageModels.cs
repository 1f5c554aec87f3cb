namespace Ideogram.Sdk.AI;

/// <summary>
/// The model ids an Ideogram <see cref="Microsoft.Extensions.AI.IImageGenerator"/> accepts in
/// <c>ImageGenerationOptions.ModelId</c>. The model is always Ideogram 3.0; the id picks its rendering speed (and price).
/// </summary>
/// <remarks>
/// Ids are case-insensitive. Besides the spellings below, <c>ideogram-v3</c> and <c>ideogram-3</c> may stand for
/// <c>ideogram-3.0</c> (so <c>ideogram-v3-turbo</c> works), and a bare speed (<c>turbo</c>, <c>quality</c>, ...) is
/// accepted too. Which speeds a provider offers is in its capabilities (<see cref="ImageParameter.RenderingSpeed"/>).
/// </remarks>
public static class IdeogramImageModels
{
    /// <summary>Ideogram 3.0 at the provider's default rendering speed (no speed is sent).</summary>
    public const string Ideogram3 = "ideogram-3.0";

    /// <summary>Ideogram 3.0 at <see cref="RenderingSpeed.Flash"/>.</summary>
    public const string Ideogram3Flash = "ideogram-3.0-flash";

    /// <summary>Ideogram 3.0 at <see cref="RenderingSpeed.Turbo"/>.</summary>
    public const string Ideogram3Turbo = "ideogram-3.0-turbo";

    /// <summary>Ideogram 3.0 at <see cref="RenderingSpeed.Balanced"/>.</summary>
    public const string Ideogram3Balanced = "ideogram-3.0-balanced";

    /// <summary>Ideogram 3.0 at <see cref="RenderingSpeed.Default"/>.</summary>
    public const string Ideogram3Default = "ideogram-3.0-default";

    /// <summary>Ideogram 3.0 at <see cref="RenderingSpeed.Quality"/>.</summary>
    public const string Ideogram3Quality = "ideogram-3.0-quality";

    private static readonly string[] Prefixes = ["ideogram-3.0", "ideogram-v3", "ideogram-3"];

    /// <summary>The model ids with their canonical spelling, for messages.</summary>
    internal static string Described { get; } = string.Join(", ", Ideogram3, Ideogram3Flash, Ideogram3Turbo, Ideogram3Balanced, Ideogram3Default, Ideogram3Quality);

    /// <summary>Reads a model id: <see langword="true"/> with the speed it names (<see langword="null"/> for the provider's default), or <see langword="false"/> when it is not an Ideogram 3.0 id.</summary>
    internal static bool TryParse(string modelId, out RenderingSpeed? speed)
    {
        speed = null;
        var id = modelId.Trim();
        foreach (var prefix in Prefixes)
        {
            if (!id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (id.Length == prefix.Length)
            {
                return true;
            }

            if (id[prefix.Length] == '-')
            {
                return TryParseSpeed(id[(prefix.Length + 1)..], out speed);
            }
        }

        return TryParseSpeed(id, out speed);
    }

    private static bool TryParseSpeed(string text, out RenderingSpeed? speed)
    {
        foreach (var known in RenderingSpeed.Known)
        {
            if (string.Equals(known.Value, text, StringComparison.OrdinalIgnoreCase))
            {
                speed = known;
                return true;
            }
        }

        speed = null;
        return false;
    }
}
