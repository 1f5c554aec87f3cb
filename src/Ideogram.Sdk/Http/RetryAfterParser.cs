using System.Globalization;
using System.Net.Http.Headers;

namespace Ideogram.Sdk;

/// <summary>Reads a server's wait hint: <c>retry-after-ms</c>, then <c>Retry-After</c> as seconds or as an HTTP date.</summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Read(HttpResponseHeaders headers, TimeProvider time)
    {
        // Every answer is asked, and almost none carries a hint: look before parsing (the raw view allocates nothing).
        var raw = headers.NonValidated;
        if (raw.Count == 0 || !(raw.Contains("retry-after-ms") || raw.Contains("Retry-After")))
        {
            return null;
        }

        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis)
            && millis >= 0 && !double.IsInfinity(millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (!headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && !double.IsInfinity(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
