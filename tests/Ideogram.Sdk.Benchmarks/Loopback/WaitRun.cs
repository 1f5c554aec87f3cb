using System.Diagnostics;
using System.Globalization;
using Ideogram.Sdk.Benchmarks.Baseline;
using Ideogram.Sdk.Benchmarks.Measure;

namespace Ideogram.Sdk.Benchmarks.Loopback;

/// <summary>
/// Many waiting jobs: N jobs submitted to the emulator (its own process, real clock, one <c>JobStepDelay</c> per job
/// state: Runflow runs pass queued → dispatching → running → succeeded, API in One tasks one IN_PROGRESS step), then N
/// concurrent waits, through the SDK's <c>WaitAsync</c> and through a hand-written poll loop with the same schedule.
/// Reported: retained managed memory per waiting job, polls made against the fewest the backoff schedule allows, the
/// process's threads at their peak, and how long the whole wait took.
/// </summary>
internal static class WaitRun
{
    private static readonly PollingOptions Polling = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(250),
        BackoffFactor = 1.5,
        MaxDelay = TimeSpan.FromSeconds(2),
        Timeout = TimeSpan.FromMinutes(2),
    };

    private sealed record Outcome(double RetainedPerJob, long Polls, long MinimumPolls, int PeakThreads, int PeakPoolThreads, TimeSpan Elapsed);

    /// <summary>A pending job: its id, and when the emulator will report it finished (on this machine's clock).</summary>
    private sealed record Pending(string Id, DateTimeOffset DoneAt, ImageJob? Job);

    public static async Task RunAsync(string[] args, Report report)
    {
        var jobs = Commands.Option(args, "--jobs", 1000);
        var stepMs = Commands.Option(args, "--job-step-ms", 1000);
        var step = TimeSpan.FromMilliseconds(stepMs);
        using var emulator = await ChildProcess.StartAsync("emulator", "--job-step-ms", stepMs.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        Console.WriteLine($"wait: {jobs} concurrent waits per contender, emulator job step {stepMs} ms, polling {Polling.InitialDelay.TotalMilliseconds} ms × {Polling.BackoffFactor} up to {Polling.MaxDelay.TotalSeconds} s");

        foreach (var (provider, stages) in new[] { (IdeogramProvider.Runflow, 3), (IdeogramProvider.ApiInOne, 1) })
        {
            var address = emulator.Addresses[provider.ToString()];
            var sdk = await SdkAsync(provider, address, jobs, step * stages).ConfigureAwait(false);
            var hand = await HandAsync(provider, address, jobs, step * stages).ConfigureAwait(false);
            var scenario = $"{jobs} concurrent waits, {provider} (emulator)";
            foreach (var (name, o) in new[] { ("SDK", sdk), ("hand-written", hand) })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {provider} {name,-12}: {o.RetainedPerJob / 1024:F2} KB retained per waiting job, {o.Polls} polls (fewest the schedule allows {o.MinimumPolls}, {(double)o.Polls / o.MinimumPolls:F2}×), peak {o.PeakThreads} threads ({o.PeakPoolThreads} pool), {o.Elapsed.TotalSeconds:F2} s"));
            }

            report.Add(scenario, "managed memory per waiting job", sdk.RetainedPerJob, hand.RetainedPerJob, "bytes");
            report.AddPlain(scenario, "SDK polls / fewest the backoff allows", string.Create(CultureInfo.InvariantCulture,
                $"{sdk.Polls} / {sdk.MinimumPolls} = {(double)sdk.Polls / sdk.MinimumPolls:F2}× (hand-written {hand.Polls} / {hand.MinimumPolls} = {(double)hand.Polls / hand.MinimumPolls:F2}×)"), "≤ 1.2×");
            report.AddPlain(scenario, "threads at peak (process / pool)", string.Create(CultureInfo.InvariantCulture,
                $"SDK {sdk.PeakThreads} / {sdk.PeakPoolThreads}, hand-written {hand.PeakThreads} / {hand.PeakPoolThreads}"), "no thread per job");
            report.Add(scenario, "time until every job was collected", sdk.Elapsed.TotalSeconds, hand.Elapsed.TotalSeconds, "s");
        }

        report.Note(string.Create(CultureInfo.InvariantCulture,
            $"Waits: {jobs} jobs per contender submitted first, then all waited on at once; polling {Polling.InitialDelay.TotalMilliseconds} ms initial delay, ×{Polling.BackoffFactor}, at most {Polling.MaxDelay.TotalSeconds} s; emulator job step {stepMs} ms on the real clock. ") +
            "Memory per waiting job: `GC.GetTotalMemory(true)` with every wait parked before its first poll, minus the same just before the waits started (the submitted jobs are live in both), divided by the number of jobs. " +
            "The fewest polls: for each job, the number of polls a zero-latency client following the schedule from the moment the wait started needs to see it finished " +
            "(Runflow: from the run's `created_at` + 3 steps; API in One: from the moment its submission was sent + 1 step, which errs towards fewer).");
    }

    private static async Task<Outcome> SdkAsync(IdeogramProvider provider, Uri address, int count, TimeSpan duration)
    {
        using var counter = new PollCounter(new SocketsHttpHandler());
        using var client = new IdeogramClient(new IdeogramClientOptions { Provider = provider, ApiKey = Scenarios.ApiKey, BaseAddress = address, Polling = Polling }, counter);
        var request = new GenerateRequest(Scenarios.Prompt) { AspectRatio = AspectRatio.Ratio16x9, RenderingSpeed = RenderingSpeed.Turbo, StyleType = StyleType.Design };
        var pending = await SubmitAllAsync(count, async () =>
        {
            var sent = DateTimeOffset.UtcNow;
            var job = await client.SubmitAsync(request).ConfigureAwait(false);
            return new Pending(job.Id, (provider == IdeogramProvider.Runflow ? job.CreatedAt : sent) + duration, job);
        }).ConfigureAwait(false);
        return await WaitAllAsync(pending, counter, p => client.WaitAsync(p.Job!)).ConfigureAwait(false);
    }

    private static async Task<Outcome> HandAsync(IdeogramProvider provider, Uri address, int count, TimeSpan duration)
    {
        using var counter = new PollCounter(new SocketsHttpHandler());
        using var http = Scenarios.Hand(provider, counter, address);
        Func<Task<Pending>> submit;
        Func<Pending, Task> wait;
        if (provider == IdeogramProvider.Runflow)
        {
            var runflow = new HandRunflow(http);
            submit = async () =>
            {
                var run = await runflow.SubmitAsync(Scenarios.Prompt).ConfigureAwait(false);
                return new Pending(run.Id!, DateTimeOffset.Parse(run.CreatedAt!, CultureInfo.InvariantCulture) + duration, null);
            };
            wait = p => runflow.WaitAsync(p.Id, Polling.InitialDelay, Polling.BackoffFactor, Polling.MaxDelay);
        }
        else
        {
            var apiInOne = new HandApiInOne(http);
            submit = async () =>
            {
                var sent = DateTimeOffset.UtcNow;
                return new Pending(await apiInOne.SubmitAsync(Scenarios.Prompt).ConfigureAwait(false), sent + duration, null);
            };
            wait = p => apiInOne.WaitAsync(p.Id, Polling.InitialDelay, Polling.BackoffFactor, Polling.MaxDelay);
        }

        var pending = await SubmitAllAsync(count, submit).ConfigureAwait(false);
        return await WaitAllAsync(pending, counter, wait).ConfigureAwait(false);
    }

    private static async Task<List<Pending>> SubmitAllAsync(int count, Func<Task<Pending>> submit)
    {
        var pending = new Pending[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                pending[i] = await submit().ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        return [.. pending];
    }

    private static async Task<Outcome> WaitAllAsync(List<Pending> pending, PollCounter counter, Func<Pending, Task> wait)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        counter.Reset();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var waits = pending.Select(wait).ToList();
        var all = Task.WhenAll(waits);

        // Every wait is parked in its first delay now (the first poll is due at the initial delay).
        var parkedBy = Polling.InitialDelay / 2 - clock.Elapsed;
        if (parkedBy > TimeSpan.Zero)
        {
            await Task.Delay(parkedBy).ConfigureAwait(false);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        var parkedInTime = clock.Elapsed < Polling.InitialDelay && counter.Polls == 0;
        int peakThreads = 0, peakPool = 0;
        while (!all.IsCompleted)
        {
            using (var self = Process.GetCurrentProcess())
            {
                peakThreads = Math.Max(peakThreads, self.Threads.Count);
            }

            peakPool = Math.Max(peakPool, ThreadPool.ThreadCount);
            // Samples the process's threads every 50 ms of real time while the real waits run against the emulator.
            await Task.WhenAny(all, Task.Delay(50)).ConfigureAwait(false);
        }

        await all.ConfigureAwait(false);
        clock.Stop();
        if (!parkedInTime)
        {
            Console.WriteLine("  (the memory reading was taken after the first polls had started; it includes in-flight requests)");
        }

        var minimum = pending.Sum(p => FewestPolls(p.DoneAt - started));
        return new Outcome((double)retained / pending.Count, counter.Polls, minimum, peakThreads, peakPool, clock.Elapsed);
    }

    /// <summary>How many polls a zero-latency client following <see cref="Polling"/> makes before it sees a job that ends <paramref name="remaining"/> from now.</summary>
    private static int FewestPolls(TimeSpan remaining)
    {
        var (polls, at, delay) = (0, TimeSpan.Zero, Polling.InitialDelay);
        do
        {
            at += delay;
            polls++;
            delay = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * Polling.BackoffFactor, Polling.MaxDelay.Ticks));
        }
        while (at < remaining);
        return polls;
    }

    /// <summary>Counts status reads (GETs) on their way to the server.</summary>
    private sealed class PollCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private long _polls;

        public long Polls => Interlocked.Read(ref _polls);

        public void Reset() => Interlocked.Exchange(ref _polls, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                Interlocked.Increment(ref _polls);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
