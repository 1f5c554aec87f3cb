// The README's main command: generates images with Ideogram 3.0 through any provider and saves them, showing the job's
// progress on stderr while it runs. With no API key and no --base-url it starts the bundled emulator on 127.0.0.1, so it
// works on a fresh machine.
using System.Globalization;
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;

return await Quickstart.RunAsync(args).ConfigureAwait(false);

internal static class Quickstart
{
    private const string Usage =
        "usage: Quickstart [--provider ideogram|runflow|segmind|runware|apiinone] --prompt TEXT [--aspect-ratio 16x9] " +
        "[--rendering-speed TURBO] [--num-images N] [--out DIR] [--base-url URL] [--api-key KEY]";

    private const string HelpRequested = "help";

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var options = Parse(args);
            return await GenerateAsync(options, cancel.Token).ConfigureAwait(false);
        }
        catch (UsageException e) when (e.Message == HelpRequested)
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message} ({Usage})");
            return 2;
        }
        catch (Exception e) when (e is IdeogramException or ArgumentException or IOException or OperationCanceledException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return 1;
        }
    }

    private static async Task<int> GenerateAsync(Arguments a, CancellationToken ct)
    {
        var variable = IdeogramClient.GetApiKeyVariable(a.Provider);
        var key = a.ApiKey ?? Environment.GetEnvironmentVariable(variable);
        var baseUrl = a.BaseUrl;
        IdeogramEmulator? emulator = null;
        try
        {
            if (string.IsNullOrWhiteSpace(key) && baseUrl is null)
            {
                emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(1) }, ct).ConfigureAwait(false);
                baseUrl = emulator.BaseAddress(ToEmulated(a.Provider));
                key = "emulator-key";
                Console.Error.WriteLine($"No {variable} set: using the local emulator at {baseUrl} (images are placeholders, nothing is charged).");
            }

            using var client = new IdeogramClient(new IdeogramClientOptions
            {
                Provider = a.Provider,
                ApiKey = key,
                BaseAddress = baseUrl,
                Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) },

                // An emulator on this machine serves its images from a loopback address, which the SDK downloads from only
                // when allowed; against a real provider the images come from public hosts and this stays off.
                AllowPrivateNetworkInputs = emulator is not null || baseUrl is { IsLoopback: true },
            });

            var request = new GenerateRequest(a.Prompt)
            {
                AspectRatio = a.AspectRatio,
                RenderingSpeed = a.RenderingSpeed,
                NumImages = a.NumImages,
            };
            var result = await RunWithProgressAsync(client, request, ct).ConfigureAwait(false);
            foreach (var warning in result.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning.Message}");
            }

            Directory.CreateDirectory(a.OutDir);
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var saved = 0;
            for (var i = 0; i < result.Images.Count; i++)
            {
                var image = result.Images[i];
                if (!image.IsSafe)
                {
                    Console.Error.WriteLine($"warning: image {i + 1} was withheld by the provider's safety check.");
                    continue;
                }

                // The file's extension follows its bytes, whatever the link or the provider's content type claims.
                using var buffer = new MemoryStream();
                await client.DownloadAsync(image, buffer, ct).ConfigureAwait(false);
                var bytes = buffer.ToArray();
                var path = Path.GetFullPath(Path.Combine(a.OutDir, $"ideogram-{stamp}-{i + 1}{ExtensionOf(bytes)}"));
                await File.WriteAllBytesAsync(path, bytes, ct).ConfigureAwait(false);
                Console.WriteLine(path);
                saved++;
            }

            if (saved == 0)
            {
                Console.Error.WriteLine("error: the provider returned no image that could be saved.");
                return 1;
            }

            return 0;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Submits the request and watches the job to its end, one line on stderr per change of state (a synchronous provider's
    /// job is already complete: one line). The job id is printed first: the paid job can be collected with it if this stops.
    /// </summary>
    private static async Task<ImageResult> RunWithProgressAsync(IIdeogramClient client, GenerateRequest request, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var job = await client.SubmitAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (!job.IsCompleted)
        {
            Console.Error.WriteLine($"{job.Provider} job {job.Id} accepted; if this stops, collect it with token {job.ToToken()}");
        }

        ImageJobStatus? last = null;
        await foreach (var status in client.WatchAsync(job, cancellationToken: ct).ConfigureAwait(false))
        {
            var elapsed = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            var word = status.ProviderStatus is { } p && !p.Equals(status.State.ToString(), StringComparison.OrdinalIgnoreCase) ? $" ({p})" : string.Empty;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed,5:0.0}s] {status.State.ToString().ToLowerInvariant()}{word}"));
            last = status;
        }

        return last switch
        {
            { Result: { } result } => result,
            { Error: { } error } => throw error,
            _ => throw new IdeogramJobFailedException($"{job.Provider} job {job.Id} ended as {last?.ProviderStatus ?? last?.State.ToString()}."),
        };
    }

    // The emulator names its hosts like the SDK names its providers.
    private static EmulatedProvider ToEmulated(IdeogramProvider provider) => Enum.Parse<EmulatedProvider>(provider.ToString());

    private static Arguments Parse(string[] args)
    {
        var a = new Arguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--provider":
                    var name = Value();
                    a.Provider = name.ToLowerInvariant() switch
                    {
                        "ideogram" => IdeogramProvider.Ideogram,
                        "runflow" => IdeogramProvider.Runflow,
                        "segmind" => IdeogramProvider.Segmind,
                        "runware" => IdeogramProvider.Runware,
                        "apiinone" or "api-in-one" => IdeogramProvider.ApiInOne,
                        _ => throw new UsageException($"unknown provider '{name}'"),
                    };
                    break;
                case "--prompt": a.Prompt = Value(); break;
                case "--aspect-ratio": a.AspectRatio = new AspectRatio(Value()); break;
                case "--rendering-speed": a.RenderingSpeed = new RenderingSpeed(Value()); break;
                case "--num-images":
                    var n = Value();
                    a.NumImages = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw new UsageException($"--num-images '{n}' is not a number");
                    break;
                case "--out": a.OutDir = Value(); break;
                case "--base-url":
                    var url = Value();
                    a.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"--base-url '{url}' is not an absolute URL");
                    break;
                case "--api-key": a.ApiKey = Value(); break;
                case "-h" or "--help": throw new UsageException(HelpRequested);
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }

        if (string.IsNullOrWhiteSpace(a.Prompt))
        {
            throw new UsageException("--prompt is required");
        }

        return a;
    }

    private static string ExtensionOf(byte[] b) => b switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ".webp",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => ".png",
        _ => ".bin",
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private sealed class Arguments
    {
        public IdeogramProvider Provider { get; set; } = IdeogramProvider.Ideogram;

        public string Prompt { get; set; } = string.Empty;

        public AspectRatio? AspectRatio { get; set; }

        public RenderingSpeed? RenderingSpeed { get; set; }

        public int? NumImages { get; set; }

        public string OutDir { get; set; } = "out";

        public Uri? BaseUrl { get; set; }

        public string? ApiKey { get; set; }
    }

    private sealed class UsageException(string message) : Exception(message);
}
