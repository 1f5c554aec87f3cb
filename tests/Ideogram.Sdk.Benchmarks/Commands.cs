using System.Globalization;
using Ideogram.Sdk.Benchmarks.Loopback;
using Ideogram.Sdk.Benchmarks.Measure;
using Ideogram.Sdk.Benchmarks.Profiling;
using Ideogram.Sdk.Benchmarks.Wire;

namespace Ideogram.Sdk.Benchmarks;

/// <summary>The program's commands (see Program.cs).</summary>
internal static class Commands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "all";
        var rest = args.Length > 0 ? args[1..] : [];
        switch (command)
        {
            case "serve":
                return await BenchServer.RunAsync(rest).ConfigureAwait(false);
            case "emulator":
                return await EmulatorHost.RunAsync(rest).ConfigureAwait(false);
            case "check":
                return await WireCheck.RunAsync().ConfigureAwait(false) ? 0 : 1;
            case "profile":
                return await ProfileRun.RunAsync(rest).ConfigureAwait(false);
        }

        Console.WriteLine($"Ideogram.Sdk benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        if (!await WireCheck.RunAsync().ConfigureAwait(false))
        {
            Console.Error.WriteLine("The SDK and the hand-written contenders do not send the same requests; the ratios would compare different work.");
            return 1;
        }

        var report = new Report();
        switch (command)
        {
            case "inmemory":
                InMemoryRun.Run(rest, report);
                InterleavedRun.Run(rest, report);
                break;
            case "interleaved":
                InterleavedRun.Run(rest, report);
                break;
            case "load":
                await LoadRun.RunAsync(rest, report).ConfigureAwait(false);
                break;
            case "upload":
                await LargeBodies.UploadAsync(rest, report).ConfigureAwait(false);
                break;
            case "download":
                await LargeBodies.DownloadAsync(rest, report).ConfigureAwait(false);
                break;
            case "wait":
                await WaitRun.RunAsync(rest, report).ConfigureAwait(false);
                break;
            case "all":
                InMemoryRun.Run([], report);
                InterleavedRun.Run(rest, report);
                await LoadRun.RunAsync(rest, report).ConfigureAwait(false);
                await LargeBodies.UploadAsync(rest, report).ConfigureAwait(false);
                await LargeBodies.DownloadAsync(rest, report).ConfigureAwait(false);
                await WaitRun.RunAsync(rest, report).ConfigureAwait(false);
                break;
            default:
                Console.Error.WriteLine($"unknown command '{command}': all, check, inmemory, interleaved, load, upload, download, wait, profile");
                return 2;
        }

        report.Publish(command);
        return 0;
    }

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The text after <paramref name="name"/> in <paramref name="args"/>, or <see langword="null"/>.</summary>
    public static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A comma-separated list after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int[] Options(string[] args, string name, int[] fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : fallback;
    }
}
