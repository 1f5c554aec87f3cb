using System.CommandLine;
using Ideogram.Cli.Options;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Cli.Verbs;

/// <summary>
/// <c>ideogram emulator</c>: runs the bundled emulator (all five providers on 127.0.0.1) until Ctrl+C, so other
/// commands, or your own code, can use it with <c>--base-url</c> across several runs (job tokens included).
/// </summary>
internal sealed class EmulatorVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(IdeogramCli cli)
    {
        var command = new Command("emulator", "Run the local emulator of all five providers on 127.0.0.1 until Ctrl+C, and print each provider's address.");
        var portBase = new Option<int>("--port-base")
        {
            HelpName = "PORT",
            Description = "Listen on PORT..PORT+4 (ideogram, runflow, segmind, runware, apiinone). Default: free ports.",
        };
        var jobStep = new Option<TimeSpan?>("--job-step")
        {
            HelpName = "DURATION",
            Description = "How long each state of a queued job lasts (default 1s; 0ms completes jobs at once).",
            CustomParser = ValueParsers.DurationOrZero,
        };
        command.Options.Add(portBase);
        command.Options.Add(jobStep);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EmulatorOptions
            {
                PortBase = parse.GetValue(portBase),
                JobStepDelay = parse.GetValue(jobStep) ?? TimeSpan.FromSeconds(1),
            };
            var output = cli.Host.Out.Profile.Out.Writer;
            var emulator = await IdeogramEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            await using (emulator.ConfigureAwait(false))
            {
                foreach (var provider in Enum.GetValues<IdeogramProvider>())
                {
                    await output.WriteLineAsync($"{ValueParsers.Name(provider)} {emulator.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString()))}").ConfigureAwait(false);
                }

                var runware = emulator.BaseAddress(EmulatedProvider.Runware);
                cli.Host.Error.Profile.Out.Writer.WriteLine(
                    $"Any non-empty key is accepted. Try: ideogram generate --provider runware --base-url {runware} --api-key-file KEYFILE --prompt \"...\". Ctrl+C stops.");
                await output.WriteLineAsync("ready").ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop the hosts and exit normally.
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
