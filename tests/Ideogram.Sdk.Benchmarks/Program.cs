// Two measurements of the SDK's own cost:
//   dotnet run -c Release --project tests/Ideogram.Sdk.Benchmarks -- overhead [BenchmarkDotNet args]
//       BenchmarkDotNet: one GenerateAsync/RemixAsync through the whole client (validation, translation, retry
//       pipeline, response parsing) against an in-memory transport, so only the SDK is measured.
//   dotnet run -c Release --project tests/Ideogram.Sdk.Benchmarks -- load [--provider P] [--requests N] [--concurrency C]
//       A loopback load run against the emulator over real HTTP: throughput and latency percentiles.
using BenchmarkDotNet.Running;
using Ideogram.Sdk.Benchmarks;

if (args.Length > 0 && args[0] == "load")
{
    return await LoadRun.RunAsync(args[1..]).ConfigureAwait(false);
}

var rest = args.Length > 0 && args[0] == "overhead" ? args[1..] : args;
BenchmarkRunner.Run<ClientOverheadBenchmarks>(args: rest);
return 0;
