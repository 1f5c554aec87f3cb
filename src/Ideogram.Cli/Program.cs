// The ideogram tool: Ideogram 3.0 image operations on the command line, through any provider the SDK speaks.
using System.Runtime.InteropServices;
using Ideogram.Cli;

using var cancel = new CancellationTokenSource();

// The first Ctrl+C (or SIGTERM) stops waiting and prints the job token; a second one ends the process at once.
void OnSignal(PosixSignalContext context)
{
    context.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await IdeogramCli.RunAsync(args, CliHost.FromProcess(), cancel.Token).ConfigureAwait(false);
