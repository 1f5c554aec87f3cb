namespace Ideogram.Sdk.Emulator.Control;

/// <summary>How a provider host classifies a request before handling it.</summary>
/// <param name="Phase">What the request is for.</param>
/// <param name="Images">Images the request asks for (a submission's image count, whether or not it turns out valid; 0 for every other phase).</param>
internal readonly record struct RequestProfile(RequestPhase Phase, int Images)
{
    public static RequestProfile Other => new(RequestPhase.Other, 0);

    public static RequestProfile Of(RequestPhase phase) => new(phase, 0);

    public static RequestProfile Submission(int images) => new(RequestPhase.Submission, Math.Max(0, images));
}
