// A BackgroundService that submits image jobs, stores each job's token before waiting for it, and collects the jobs
// of a previous run after a restart. Run it with prompts, stop it (Ctrl+C) while it waits, run it again without:
//
//   dotnet run --project src/Ideogram.Sdk.Emulator -- --port-base 5100 --job-step-ms 3000      (a provider that outlives the worker)
//   dotnet run --project samples/Worker -- --Ideogram:BaseAddress http://127.0.0.1:5103/ --Ideogram:ApiKey any \
//       --Worker:Prompts:0 "A poster that says 'MONDAY'" --Worker:Prompts:1 "A poster that says 'TUESDAY'"
//   (Ctrl+C while it waits, then)
//   dotnet run --project samples/Worker -- --Ideogram:BaseAddress http://127.0.0.1:5103/ --Ideogram:ApiKey any
//
// With neither a key nor an address it starts the bundled emulator in-process (whose jobs end with the process).
using Ideogram.Sdk.Samples.Worker;

using var host = WorkerHost.Build(args);
await WorkerHost.UseEmulatorWhenNoKeyAsync(host);
await host.RunAsync();
