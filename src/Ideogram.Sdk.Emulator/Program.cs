using System.Globalization;
using System.Runtime.InteropServices;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Hosting;

var options = new EmulatorOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--port-base":
                options.PortBase = int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
                break;
            case "--api-key":
                options.ApiKey = Next();
                break;
            case "--allow-unknown-fields":
                options.AllowUnknownFields = true;
                break;
            case "--job-step-ms":
                options.JobStepDelay = TimeSpan.FromMilliseconds(int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture));
                break;
            case "--segmind-raw-image":
                options.SegmindRawImageResponse = true;
                break;
            case "-h" or "--help":
                Console.WriteLine(Usage());
                return 0;
            default:
                throw new ArgumentException($"Unknown argument '{args[i]}'.");
        }
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        await Console.Error.WriteLineAsync(Usage());
        return 2;
    }
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await using var emulator = await IdeogramEmulator.StartCoreAsync(options, logWarningsToStandardError: true, CancellationToken.None);
foreach (var provider in Enum.GetValues<EmulatedProvider>())
{
    Console.WriteLine($"{ProviderNames.Of(provider)} {emulator.BaseAddress(provider)}");
}

Console.WriteLine("ready");
await stop.Task;
return 0;

static string Usage() =>
    "usage: Ideogram.Sdk.Emulator [--port-base N] [--api-key KEY] [--allow-unknown-fields] [--job-step-ms N] [--segmind-raw-image]";

/// <summary>The emulator as a program; the package's API is <see cref="IdeogramEmulator"/>, so this stays internal.</summary>
internal sealed partial class Program;
