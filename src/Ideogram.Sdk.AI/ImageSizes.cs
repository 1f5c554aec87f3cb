using System.Drawing;

namespace Ideogram.Sdk.AI;

/// <summary>
/// Maps Microsoft.Extensions.AI's free <c>ImageSize</c> onto what a provider takes for an operation: the exact
/// Ideogram resolution when the provider takes it; otherwise (best effort only) the nearest aspect ratio it takes.
/// </summary>
internal static class ImageSizes
{
    /// <summary>Whether the provider takes this exact resolution for the operation.</summary>
    public static bool Takes(ProviderCapabilities capabilities, ImageOperation operation, Resolution resolution)
    {
        if (!resolution.IsKnown || !capabilities.Supports(operation, ImageParameter.Resolution))
        {
            return false;
        }

        var allowed = capabilities.GetAllowedValues(operation, ImageParameter.Resolution);
        return allowed.Count == 0 || allowed.Contains(resolution.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The resolutions the provider takes for the operation (known Ideogram values only).</summary>
    public static IReadOnlyList<Resolution> Resolutions(ProviderCapabilities capabilities, ImageOperation operation) =>
        [.. Resolution.Known.Where(r => Takes(capabilities, operation, r))];

    /// <summary>The aspect ratios the provider takes for the operation.</summary>
    public static IReadOnlyList<AspectRatio> AspectRatios(ProviderCapabilities capabilities, ImageOperation operation)
    {
        if (!capabilities.Supports(operation, ImageParameter.AspectRatio))
        {
            return [];
        }

        var allowed = capabilities.GetAllowedValues(operation, ImageParameter.AspectRatio);
        return allowed.Count == 0 ? AspectRatio.Known : [.. allowed.Select(a => new AspectRatio(a))];
    }

    /// <summary>The providers that take this exact resolution for the operation.</summary>
    public static IReadOnlyList<IdeogramProvider> ProvidersTaking(ImageOperation operation, Resolution resolution) =>
        [.. Enum.GetValues<IdeogramProvider>().Where(p => Takes(IdeogramClient.GetCapabilities(p), operation, resolution))];

    /// <summary>What the provider takes instead, in words, for an error message.</summary>
    public static string DescribeAllowed(ProviderCapabilities capabilities, ImageOperation operation)
    {
        var resolutions = Resolutions(capabilities, operation);
        if (resolutions.Count > 0)
        {
            return "an ImageSize equal to one of " + string.Join(", ", resolutions.Select(r => r.Value));
        }

        var ratios = AspectRatios(capabilities, operation);
        return ratios.Count > 0
            ? $"no exact size for {operation}; leave ImageSize unset and set the aspect ratio ({string.Join(", ", ratios.Select(r => r.Value))}) through AdditionalProperties[\"{IdeogramImageProperties.AspectRatio}\"]"
            : $"no size at all for {operation}; leave ImageSize unset";
    }

    /// <summary>The aspect ratio closest in shape to the size, or <see langword="null"/> when there is none to choose from.</summary>
    public static AspectRatio? NearestAspectRatio(IReadOnlyList<AspectRatio> candidates, Size size)
    {
        var target = Math.Log((double)size.Width / size.Height);
        AspectRatio? best = null;
        var bestDistance = double.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate.Width <= 0 || candidate.Height <= 0)
            {
                continue;
            }

            var distance = Math.Abs(Math.Log((double)candidate.Width / candidate.Height) - target);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>The resolution closest in shape, then in area, to the size, or <see langword="null"/> when there is none.</summary>
    public static Resolution? NearestResolution(IReadOnlyList<Resolution> candidates, Size size)
    {
        var target = Math.Log((double)size.Width / size.Height);
        var area = (double)size.Width * size.Height;
        Resolution? best = null;
        (double Shape, double Area) bestDistance = (double.MaxValue, double.MaxValue);
        foreach (var candidate in candidates)
        {
            var distance = (Math.Round(Math.Abs(Math.Log((double)candidate.Width / candidate.Height) - target), 6),
                Math.Abs(((double)candidate.Width * candidate.Height) - area));
            if (distance.CompareTo(bestDistance) < 0)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }
}
