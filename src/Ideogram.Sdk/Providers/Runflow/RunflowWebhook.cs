using System.Security.Cryptography;
using System.Text;

namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>
/// Runflow's run callbacks (the <c>callback_url</c> of a run): checks the <c>Runflow-Signature</c> header and reads the
/// payload into the same <see cref="ImageJobStatus"/> that polling gives.
/// </summary>
/// <remarks>
/// The signature is the lowercase hex HMAC-SHA256 of the raw request body, keyed with the whole signing secret as
/// Runflow showed it (for example <c>whsec_...</c>); there is no prefix and no timestamp. Verify the bytes exactly as
/// received, before any JSON parsing. Runflow does not describe replay protection and may deliver a payload more than
/// once: handle callbacks idempotently by run id.
/// </remarks>
public static class RunflowWebhook
{
    /// <summary>The header carrying the signature (sent only when a signing secret is configured at Runflow).</summary>
    public const string SignatureHeader = "Runflow-Signature";

    /// <summary>The header carrying Runflow's id of the delivery, for log correlation (always sent).</summary>
    public const string RequestIdHeader = "Runflow-Request-Id";

    private const int SignatureBytes = 32;

    /// <summary>Whether <paramref name="signatureHeader"/> is the signature of <paramref name="rawBody"/> under any of <paramref name="secrets"/>.</summary>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>Runflow-Signature</c> header value; <see langword="null"/> (missing) never verifies.</param>
    /// <param name="secrets">The signing secrets to accept. Several may be given while one replaces another (both verify during the cutover); empty entries are skipped.</param>
    /// <returns><see langword="true"/> when the signature is well formed (64 hex characters) and matches one secret.</returns>
    /// <exception cref="ArgumentException">No non-empty secret was given.</exception>
    public static bool Verify(ReadOnlySpan<byte> rawBody, string? signatureHeader, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var keys = secrets.Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one non-empty Runflow signing secret is required.", nameof(secrets));
        }

        Span<byte> claimed = stackalloc byte[SignatureBytes];
        if (!TryDecode(signatureHeader, claimed))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SignatureBytes];
        var match = false;
        foreach (var key in keys)
        {
            Compute(rawBody, key, expected);

            // Every secret is checked, so the time taken does not depend on which one matched.
            match |= CryptographicOperations.FixedTimeEquals(expected, claimed);
        }

        CryptographicOperations.ZeroMemory(expected);
        return match;
    }

    /// <summary>Whether <paramref name="signatureHeader"/> is the signature of <paramref name="rawBody"/> under <paramref name="secret"/>.</summary>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>Runflow-Signature</c> header value; <see langword="null"/> (missing) never verifies.</param>
    /// <param name="secret">The signing secret.</param>
    /// <returns><see langword="true"/> when the signature is well formed and matches.</returns>
    /// <exception cref="ArgumentException">The secret is null or empty.</exception>
    public static bool Verify(ReadOnlySpan<byte> rawBody, string? signatureHeader, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Verify(rawBody, signatureHeader, [secret]);
    }

    /// <summary>The <c>Runflow-Signature</c> value Runflow would send for a body: for tests of your callback handler.</summary>
    /// <param name="rawBody">The body.</param>
    /// <param name="secret">The signing secret.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Sign(ReadOnlySpan<byte> rawBody, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> mac = stackalloc byte[SignatureBytes];
        Compute(rawBody, secret, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Reads a callback body (<c>{event, run_id, status, output, duration_ms, created_at, completed_at, metadata}</c>) into
    /// the status polling would give: a succeeded run's <see cref="ImageJobStatus.Result"/> holds the images, a failed or
    /// cancelled run's <see cref="ImageJobStatus.Error"/> holds Runflow's failure code and message. Match
    /// <see cref="ImageJob.Id"/> to the run id of the job you submitted. Verify the signature first.
    /// </summary>
    /// <param name="rawBody">The request body.</param>
    /// <returns>The run's status.</returns>
    /// <exception cref="FormatException">The body is not a Runflow run callback (or is a batch callback).</exception>
    /// <exception cref="IdeogramException">A succeeded run's output holds no image Runflow documents.</exception>
    public static ImageJobStatus Parse(ReadOnlySpan<byte> rawBody)
    {
        var run = RunflowAdapter.TryParse(rawBody) ?? throw new FormatException("The body is not a Runflow callback (not a JSON object).");
        var id = run.RunId ?? run.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new FormatException(run.BatchId is null
                ? "The body is not a Runflow run callback: it has no run_id."
                : "The body is a Runflow batch callback (batch_id); only run callbacks can be read.");
        }

        var created = RunflowAdapter.Time(run.CreatedAt) ?? RunflowAdapter.Time(run.CompletedAt) ?? TimeProvider.System.GetUtcNow();
        var job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, id, created);
        return RunflowAdapter.ReadRun(job, run, RunflowAnswer.Callback(rawBody));
    }

    private static void Compute(ReadOnlySpan<byte> body, string secret, Span<byte> destination)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            HMACSHA256.HashData(key, body, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Exactly 64 hex characters (surrounding whitespace aside); anything else is malformed.</summary>
    private static bool TryDecode(string? header, Span<byte> destination)
    {
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (text.Length != SignatureBytes * 2)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return Convert.FromHexString(text, destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == SignatureBytes;
    }
}
