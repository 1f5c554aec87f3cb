using System.Globalization;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>The emulator in its own process (<c>emulator --job-step-ms N</c>), so its work stays out of the client's figures.</summary>
internal static class EmulatorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var step = Commands.Option(args, "--job-step-ms", 0);
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromMilliseconds(step) }).ConfigureAwait(false);
        foreach (var provider in Enum.GetValues<EmulatedProvider>())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider} {emulator.BaseAddress(provider)}"));
        }

        Console.WriteLine("ready");
        await ChildProcess.ParentGoneAsync().ConfigureAwait(false);
        return 0;
    }
}
