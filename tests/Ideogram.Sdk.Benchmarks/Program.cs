// The SDK's own cost, measured next to a hand-written HttpClient call doing the same wire work (the floor):
//   dotnet run -c Release --project tests/Ideogram.Sdk.Benchmarks -- all            everything below, then the ratio table
//   ... -- check                   the SDK and hand-written requests carry the same fields (run first by every command)
//   ... -- inmemory [BDN args]     BenchmarkDotNet on an in-memory transport (add --full for BenchmarkDotNet's default job),
//                                  then the same scenarios in interleaved rounds (`interleaved` alone)
//   ... -- load [--calls N] [--rounds R] [--concurrency 1,16,64]   loopback load run against a server process
//   ... -- upload | download | wait [--jobs N]                      large bodies and many waiting jobs
//   ... -- profile [--calls N]    where the SDK's time and bytes go in the in-memory generate loop
// Internal: `serve` (the loopback server) and `emulator` (the emulator) run as child processes of the above.
using Ideogram.Sdk.Benchmarks;

return await Commands.RunAsync(args).ConfigureAwait(false);
