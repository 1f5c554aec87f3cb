using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ideogram.Sdk.Providers;

/// <summary>A time a provider writes in its JSON answers (Ideogram's <c>created</c>, Runflow's <c>created_at</c>).</summary>
internal static class WireTime
{
    /// <summary>The longest text the quick ISO 8601 reader is given (<c>yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm</c> is 33 characters).</summary>
    private const int MaxIsoLength = 40;

    /// <summary>
    /// The time, read as <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>
    /// reads it with the invariant culture and a missing offset taken as UTC; <see langword="null"/> when it is not a time.
    /// </summary>
    /// <remarks>
    /// The usual form (<c>2024-10-30T22:46:49.796902+00:00</c>, <c>2026-05-06T10:00:00Z</c>) goes through
    /// System.Text.Json's ISO 8601 reader, several times quicker than the general parser, which reads every other form
    /// (a space before the time, no offset, other layouts). Only a text that names its offset goes the quick way: without
    /// one the JSON reader would assume local time.
    /// </remarks>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (NamesOffset(text) && text.Length <= MaxIsoLength && Ascii.IsValid(text) && text.AsSpan().IndexOfAny('"', '\\') < 0)
        {
            Span<byte> quoted = stackalloc byte[MaxIsoLength + 2];
            quoted[0] = (byte)'"';
            var length = Encoding.ASCII.GetBytes(text, quoted[1..]);
            quoted[length + 1] = (byte)'"';
            var reader = new Utf8JsonReader(quoted[..(length + 2)]);
            try
            {
                if (reader.Read() && reader.BytesConsumed == length + 2 && reader.TryGetDateTimeOffset(out var iso))
                {
                    return iso;
                }
            }
            catch (JsonException)
            {
                // Not a JSON string (a control character in it): the general parser decides.
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

        static bool NamesOffset(string text) =>
            text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
    }
}
