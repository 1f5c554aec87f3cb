namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>Settings that only apply when the provider is Runflow.</summary>
public sealed class RunflowOptions
{
    /// <summary>
    /// The <c>callback_url</c> sent with every run whose <see cref="SubmitOptions.CallbackUrl"/> is not set (including
    /// runs started by <see cref="IIdeogramClient.GenerateAsync"/>). Runflow POSTs the run's terminal state there; verify
    /// it with <see cref="RunflowWebhook.Verify(ReadOnlySpan{byte}, string?, IEnumerable{string})"/>. Must be an absolute
    /// http(s) URL. Default: none.
    /// </summary>
    public Uri? DefaultCallbackUrl { get; set; }

    /// <summary>
    /// The organization to act for, sent as <c>X-Organization-Id</c>. Runflow defaults to the API key's own
    /// organization, so this is only needed for keys that belong to several. Default: not sent.
    /// </summary>
    public string? OrganizationId { get; set; }

    internal RunflowOptions Clone() => (RunflowOptions)MemberwiseClone();
}
