namespace Ideogram.Sdk;

/// <summary>
/// An <see cref="IdeogramRouter"/> gave up: no member served the request. <see cref="Attempts"/> lists every member it
/// considered; <see cref="Exception.InnerException"/> is the last member's exception, and <see cref="IdeogramException.Job"/>,
/// <see cref="IdeogramException.PartialResult"/> and <see cref="IsRetryable"/> mirror it, so an accepted job stays reachable.
/// </summary>
/// <remarks>
/// <see cref="IdeogramException.Submission"/> is the furthest any attempt got, so <see cref="IdeogramException.MayHaveCharged"/>
/// stays <see langword="true"/> when an earlier attempt may have charged (after <see cref="IdeogramRouterOptions.AllowFailoverAfterAmbiguousFailure"/>),
/// and <see cref="IsRetryable"/> is then <see langword="false"/>. Images already finished by an earlier member (the
/// accepted part of a split request) are in <see cref="IdeogramException.PartialResult"/> too; their jobs are on the
/// attempts' exceptions.
/// </remarks>
public sealed class IdeogramRoutingException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramRoutingException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramRoutingException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The last member's exception.</param>
    public IdeogramRoutingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from the last member's failure.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">The last member's provider, status, error code and request id.</param>
    /// <param name="innerException">The last member's exception.</param>
    public IdeogramRoutingException(string message, ProviderErrorDetails details, Exception? innerException) : base(message, details, innerException) { }

    /// <summary>Every member the router considered, in order (see <see cref="RoutingReport.Attempts"/>).</summary>
    public IReadOnlyList<RoutingAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// The last attempt's <see cref="IdeogramException.IsRetryable"/>, and <see langword="false"/> when any attempt may have
    /// charged: sending the request again through the router cannot pay twice only if no attempt may have run.
    /// </summary>
    public override bool IsRetryable => Retryable;

    internal bool Retryable { get; init; }
}

/// <summary>
/// The router's <see cref="CostBudget"/> would be passed by this request: spent + reserved + the request's
/// <see cref="CostEstimate.MaxUsd"/> is over the limit. Nothing was sent (<see cref="SubmissionState.NotSent"/>).
/// <see cref="IdeogramException.RetryAfter"/> says when enough earlier spending leaves the rolling period, when known.
/// </summary>
public sealed class IdeogramBudgetExceededException : IdeogramException
{
    /// <summary>Creates the exception.</summary>
    public IdeogramBudgetExceededException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public IdeogramBudgetExceededException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdeogramBudgetExceededException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="details">The provider that would have been called, and the wait hint.</param>
    public IdeogramBudgetExceededException(string message, ProviderErrorDetails details) : base(message, details) { }

    /// <summary>The budget's state when the request was refused.</summary>
    public BudgetStatus? Status { get; init; }

    /// <summary>The most the refused request could have cost.</summary>
    public decimal RequestMaxUsd { get; init; }
}

/// <summary>
/// No member of an <see cref="IdeogramRouter"/> can serve the request: each member's mapping table (or its own local
/// checks) refused it, before any HTTP request. The message names what each member lacks; <see cref="Attempts"/> holds
/// each member's own refusal (an <see cref="UnsupportedParameterException"/> or <see cref="IdeogramValidationException"/>).
/// </summary>
public sealed class NoCapableMemberException : IdeogramValidationException
{
    private readonly string? _paramName;

    /// <summary>Creates the exception.</summary>
    public NoCapableMemberException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public NoCapableMemberException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NoCapableMemberException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception from each member's refusal.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="attempts">Each member's refusal.</param>
    public NoCapableMemberException(ImageOperation operation, IReadOnlyList<RoutingAttempt> attempts)
        : base(Compose(operation, attempts), attempts?.Select(a => a.Error).OfType<Exception>().FirstOrDefault()!)
    {
        Attempts = attempts ?? [];
        var names = Attempts.Select(a => (a.Error as ArgumentException)?.ParamName).Distinct(StringComparer.Ordinal).ToList();
        _paramName = names.Count == 1 ? names[0] : "request";
    }

    /// <summary>Each member's refusal, in the order the members are listed.</summary>
    public IReadOnlyList<RoutingAttempt> Attempts { get; } = [];

    /// <summary>The parameter every member refused, or <c>request</c> when they refused different things.</summary>
    public override string? ParamName => _paramName ?? base.ParamName;

    private static string Compose(ImageOperation operation, IReadOnlyList<RoutingAttempt>? attempts) =>
        $"No member of the router can serve this {operation} request; nothing was sent. " +
        string.Join(" ", (attempts ?? []).Select(a => $"{a.Member}: {a.Error?.Message}"));
}
