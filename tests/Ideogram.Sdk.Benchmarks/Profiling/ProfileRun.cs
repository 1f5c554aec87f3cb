namespace Ideogram.Sdk.Benchmarks.Profiling;

internal static class ProfileRun
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        return Task.FromResult(0);
    }
}
