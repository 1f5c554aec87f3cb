namespace Ideogram.Sdk;

/// <summary>
/// An API key held so it cannot leak by accident: it has no readable property (serializers skip it),
/// <see cref="ToString"/> prints <c>***</c>, and only the SDK reads it, when it writes the header. Give it to a client
/// (<c>new IdeogramClient(key)</c> or <see cref="IdeogramClientOptions.Credential"/>) to rotate the key with
/// <see cref="Update"/> without rebuilding the client.
/// </summary>
public sealed class ApiKey
{
    private string _key;

    /// <summary>Wraps a key.</summary>
    /// <param name="key">The key.</param>
    public ApiKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = key.Trim();
    }

    /// <summary>Replaces the key (rotation); requests made afterwards use the new key.</summary>
    /// <param name="key">The new key.</param>
    public void Update(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Volatile.Write(ref _key, key.Trim());
    }

    /// <summary>The key, for writing a request header.</summary>
    internal string Reveal() => Volatile.Read(ref _key);

    /// <summary>
    /// The scrubber made for this key (every answer a client reads is scrubbed with it); it remembers the key it was made
    /// for, so after <see cref="Update"/> a new one is made.
    /// </summary>
    internal Providers.SecretScrubber? Scrubber;

    /// <summary>Always <c>***</c>.</summary>
    /// <returns><c>***</c>.</returns>
    public override string ToString() => "***";
}
