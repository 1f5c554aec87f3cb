using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// Removes a credential from text a provider sent back. A provider may echo the key it was sent (in an error message,
/// or by repeating the request), as written or encoded the way it travelled: inside a JSON string (escaped by a strict
/// or a relaxed encoder, with upper- or lowercase <c>\u</c> escapes, or <c>\/</c>) or URL-encoded. Every form is
/// replaced by <see cref="Mask"/>, which is valid inside JSON strings and URLs, so a scrubbed JSON body still parses.
/// </summary>
internal sealed class SecretScrubber
{
    /// <summary>What a removed credential becomes.</summary>
    public const string Mask = "***";

    /// <summary>
    /// The shortest credential scrubbed out of whole answers. Shorter strings are not real provider keys, and
    /// replacing them everywhere would damage ordinary answers (ids, URLs); error texts are still redacted of them.
    /// </summary>
    public const int MinScrubbedBodyLength = 8;

    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Mask);

    private readonly string _secret;
    private readonly string[] _forms;
    private readonly byte[][] _byteForms;

    private SecretScrubber(string secret)
    {
        _secret = secret;
        _forms = secret.Length == 0 ? [] : FormsOf(secret);
        _byteForms = [.. _forms.Select(Encoding.UTF8.GetBytes)];
        ScrubsBodies = secret.Length >= MinScrubbedBodyLength;
    }

    /// <summary>A scrubber that changes nothing (no credential).</summary>
    public static SecretScrubber None { get; } = new(string.Empty);

    /// <summary>Whether whole answers are scrubbed (a credential long enough to be a real key).</summary>
    public bool ScrubsBodies { get; }

    /// <summary>The scrubber for a credential; <see cref="None"/> without one.</summary>
    public static SecretScrubber For(ApiKey? credential)
    {
        var secret = credential?.Reveal();
        if (string.IsNullOrEmpty(secret))
        {
            return None;
        }

        // Built once per key (a client reads every answer with the same key) and kept on it; a rotated key
        // (ApiKey.Update) gets a new scrubber.
        if (Volatile.Read(ref credential!.Scrubber) is { } known && string.Equals(known._secret, secret, StringComparison.Ordinal))
        {
            return known;
        }

        var made = new SecretScrubber(secret);
        Volatile.Write(ref credential.Scrubber, made);
        return made;
    }

    /// <summary>The text without the credential in any of its forms; <see langword="null"/> stays null.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var form in _forms)
        {
            text = text.Replace(form, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// The body without the credential in any of its forms: the same array when it holds none (or when the credential
    /// is too short to scrub from whole answers, see <see cref="MinScrubbedBodyLength"/>), a new one otherwise.
    /// </summary>
    public byte[] Scrub(byte[] body)
    {
        if (!ScrubsBodies || body.Length == 0)
        {
            return body;
        }

        var current = body;
        foreach (var form in _byteForms)
        {
            current = ReplaceAll(current, form);
        }

        return current;
    }

    private static byte[] ReplaceAll(byte[] source, byte[] form)
    {
        var at = source.AsSpan().IndexOf(form);
        if (at < 0)
        {
            return source;
        }

        var output = new ArrayBufferWriter<byte>(source.Length);
        var rest = source.AsSpan();
        while (at >= 0)
        {
            output.Write(rest[..at]);
            output.Write(MaskBytes);
            rest = rest[(at + form.Length)..];
            at = rest.IndexOf(form);
        }

        output.Write(rest);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The credential as written and in every encoding it may come back in, longest first, without duplicates.</summary>
    private static string[] FormsOf(string secret)
    {
        var strict = JsonEncodedText.Encode(secret).ToString();
        var relaxed = JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var urlEncoded = Uri.EscapeDataString(secret);
        var forms = new List<string>
        {
            secret,
            strict,
            LowerEscapes(strict, "\\u", 4),
            relaxed,
            relaxed.Replace("/", "\\/", StringComparison.Ordinal),
            urlEncoded,
            LowerEscapes(urlEncoded, "%", 2),
            WebUtility.UrlEncode(secret),
        };

        // Longest first, so a form that contains a shorter one is replaced whole; the raw secret stays last among equals.
        return [.. forms.Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
    }

    /// <summary>The same text with the hex digits of each escape (<c>\u002B</c>, <c>%2B</c>) in lowercase.</summary>
    private static string LowerEscapes(string text, string prefix, int digits)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (string.CompareOrdinal(text, i, prefix, 0, prefix.Length) == 0 && i + prefix.Length + digits <= text.Length)
            {
                builder.Append(prefix).Append(text.AsSpan(i + prefix.Length, digits).ToString().ToLower(CultureInfo.InvariantCulture));
                i += prefix.Length + digits - 1;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
