using System.Diagnostics.Metrics;
using Ideogram.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Which clients and routers <c>AddIdeogram</c> and <c>AddIdeogramRouter</c> have registered (one entry per options type
/// and name), so registering a name again layers its configuration instead of stacking a second client, retry handler
/// and validation; and what every registration shares: the container's logging and metrics.
/// </summary>
internal sealed record IdeogramRegistration(Type OptionsType, string Name)
{
    /// <summary>Records a registration; <see langword="false"/> when that options type and name were registered before.</summary>
    public static bool Add(IServiceCollection services, Type optionsType, string name)
    {
        var registration = new IdeogramRegistration(optionsType, name);
        if (services.Any(d => d.ServiceType == typeof(IdeogramRegistration) && Equals(d.ImplementationInstance, registration)))
        {
            return false;
        }

        services.AddSingleton(registration);
        return true;
    }

    /// <summary>Whether <paramref name="name"/> of <typeparamref name="TOptions"/> is one of these registrations.</summary>
    public static bool IsRegistered<TOptions>(IEnumerable<IdeogramRegistration> registrations, string? name) =>
        registrations.Contains(new IdeogramRegistration(typeof(TOptions), name ?? Options.Options.DefaultName));

    /// <summary>How a validation message names a registration: the default one by its kind, a named one with its name too.</summary>
    public static string Describe(string kind, string? name) => string.IsNullOrEmpty(name) ? kind : $"{kind} '{name}'";

    /// <summary>The container's <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/>, unless the options name others.</summary>
    public static void UseContainerTelemetry(IdeogramClientOptions options, IServiceProvider services)
    {
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        options.MeterFactory ??= services.GetService<IMeterFactory>();
    }

    /// <inheritdoc cref="UseContainerTelemetry(IdeogramClientOptions, IServiceProvider)"/>
    public static void UseContainerTelemetry(IdeogramRouterOptions options, IServiceProvider services)
    {
        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        options.MeterFactory ??= services.GetService<IMeterFactory>();
    }
}

/// <summary>
/// Validates the options of every client <c>AddIdeogram</c> registered (when the host starts, through
/// <c>ValidateOnStart</c>, and whenever they are read): the ranges the client checks, and that a key is set
/// (<c>ApiKey</c>, <c>Credential</c> or the provider's environment variable).
/// </summary>
internal sealed class IdeogramClientOptionsValidation(IEnumerable<IdeogramRegistration> registrations) : IValidateOptions<IdeogramClientOptions>
{
    public ValidateOptionsResult Validate(string? name, IdeogramClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IdeogramRegistration.IsRegistered<IdeogramClientOptions>(registrations, name))
        {
            return ValidateOptionsResult.Skip;
        }

        return Problem(options) is { } problem
            ? ValidateOptionsResult.Fail($"{IdeogramRegistration.Describe("Ideogram client", name)}: {problem}")
            : ValidateOptionsResult.Success;
    }

    /// <summary>What is wrong with one client's options, or <see langword="null"/>.</summary>
    internal static string? Problem(IdeogramClientOptions options)
    {
        try
        {
            options.Clone().Validate();
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }

        return options.Credential is null && options.ResolveKey() is null ? options.MissingKeyMessage() : null;
    }
}

/// <summary>Validates the options of every router <c>AddIdeogramRouter</c> registered: the router's rules and each member's, keys included.</summary>
internal sealed class IdeogramRouterOptionsValidation(IEnumerable<IdeogramRegistration> registrations) : IValidateOptions<IdeogramRouterOptions>
{
    public ValidateOptionsResult Validate(string? name, IdeogramRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IdeogramRegistration.IsRegistered<IdeogramRouterOptions>(registrations, name))
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        try
        {
            options.Clone().Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }

        for (var i = 0; i < options.Members.Count; i++)
        {
            if (options.Members[i] is { } member && IdeogramClientOptionsValidation.Problem(member) is { } problem)
            {
                problems.Add(FormattableString.Invariant($"member {i} ({member.Provider}): {problem}"));
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{IdeogramRegistration.Describe("Ideogram router", name)}: {p}"));
    }
}
