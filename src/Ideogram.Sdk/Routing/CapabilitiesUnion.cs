using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Routing;

/// <summary>
/// A router's capabilities: the union of its members' mapping tables. An operation, parameter or value is supported
/// if some member supports it; a range spans the members' ranges; a parameter is required only if every member
/// offering the operation requires it.
/// </summary>
internal static class CapabilitiesUnion
{
    public static ProviderProfile Of(IReadOnlyList<ProviderProfile> profiles) => new()
    {
        Provider = profiles[0].Provider,
        AcceptsImageUrls = profiles.Any(p => p.AcceptsImageUrls),
        AcceptsImageBytes = profiles.Any(p => p.AcceptsImageBytes),
        MaxImagesPerCall = profiles.Max(p => p.MaxImagesPerCall),
        MaxConcurrentCalls = profiles.Max(p => p.MaxConcurrentCalls),
        IsAsynchronous = profiles.Any(p => p.IsAsynchronous),
        Operations = ProviderProfile.Build([.. profiles
            .SelectMany(p => p.Operations.Values)
            .GroupBy(o => o.Operation)
            .Select(g => new OperationProfile(g.Key, [.. g.SelectMany(o => o.Rules.Values).GroupBy(r => r.Parameter).Select(r => Merge([.. r], g.Count()))]))]),
    };

    private static ParameterRule Merge(List<ParameterRule> rules, int offering)
    {
        var parameter = rules[0].Parameter;
        var required = rules.Count == offering && rules.All(r => r.Required);
        if (rules.All(r => r.Values is not null))
        {
            return ParameterRule.OneOf(parameter, rules.SelectMany(r => r.AllowedValues).Distinct(StringComparer.OrdinalIgnoreCase), required);
        }

        if (rules.All(r => r.Min is not null && r.Max is not null))
        {
            return ParameterRule.Range(parameter, rules.Min(r => r.Min!.Value), rules.Max(r => r.Max!.Value), required);
        }

        var maxCount = rules.All(r => r.MaxCount is not null) ? rules.Max(r => r.MaxCount) : null;
        return ParameterRule.Any(parameter, required, maxCount);
    }
}
