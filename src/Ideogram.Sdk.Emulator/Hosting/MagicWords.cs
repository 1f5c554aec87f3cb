namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Words that make the emulator answer with a documented failure, so clients can test their error paths. A word
/// triggers when the prompt (or, for <see cref="UnsafeInput"/>, an uploaded file name) contains it,
/// case-insensitively.
/// </summary>
internal static class MagicWords
{
    /// <summary>
    /// The prompt fails the provider's safety check: Ideogram answers 422 <c>{"error": ...}</c>; Segmind v1 answers 400
    /// and a v2 job ends FAILED (422); an API in One task ends <c>failed</c>.
    /// </summary>
    public const string UnsafePrompt = "unsafe-prompt";

    /// <summary>Ideogram generates, but flags every image <c>is_image_safe: false</c> with <c>url: null</c>.</summary>
    public const string UnsafeOutput = "unsafe-output";

    /// <summary>An uploaded input image fails the safety check: Ideogram answers 422 when a file name contains the word.</summary>
    public const string UnsafeInput = "unsafe-input";

    /// <summary>Segmind answers 406 "Not enough credits" (in the prompt, or used as the API key).</summary>
    public const string NoCredits = "no-credits";

    /// <summary>Whether <paramref name="text"/> contains <paramref name="word"/>, ignoring case.</summary>
    public static bool In(string? text, string word) =>
        text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
