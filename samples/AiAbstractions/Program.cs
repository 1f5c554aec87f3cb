// Ideogram 3.0 as a Microsoft.Extensions.AI IImageGenerator, wrapped in Microsoft.Extensions.AI's own OpenTelemetry
// and logging middleware, saving the images it returns. With no API key and no --base-url it starts the bundled
// emulator on 127.0.0.1, so it works on a fresh machine.
using System.Drawing;
using System.Globalization;
using Ideogram.Sdk;
using Ideogram.Sdk.AI;
using Ideogram.Sdk.Emulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

return await AiAbstractions.RunAsync(args).ConfigureAwait(false);

internal static class AiAbstractions
{
    private const string Usage =
        "usage: AiAbstractions [--provider ideogram|runflow|segmind|runware|apiinone] [--prompt TEXT] [--size 1280x720] " +
        "[--count N] [--strict] [--out DIR] [--base-url URL] [--api-key KEY]";

    private const string TraceSource = "AiAbstractions";

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        Arguments a;
        try
        {
            a = Arguments.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message} ({Usage})");
            return 2;
        }

        if (a.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        try
        {
            return await GenerateAsync(a, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IdeogramException or ArgumentException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
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
                emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions(), ct).ConfigureAwait(false);
                baseUrl = emulator.BaseAddress(Enum.Parse<EmulatedProvider>(a.Provider.ToString()));
                key = "emulator-key";
                Console.Error.WriteLine($"No {variable} set: using the local emulator at {baseUrl} (images are placeholders, nothing is charged).");
            }

            // One rule for the client and the generator: refuse what the provider cannot honour, or use the nearest thing.
            var rule = a.Strict ? UnsupportedParameterBehavior.Strict : UnsupportedParameterBehavior.BestEffort;
            using var client = new IdeogramClient(new IdeogramClientOptions
            {
                Provider = a.Provider,
                ApiKey = key,
                BaseAddress = baseUrl,
                UnsupportedParameters = rule,
                // The emulator's image links are on 127.0.0.1; a real provider's are public.
                AllowPrivateNetworkInputs = emulator is not null,
            });

            using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(TraceSource).AddConsoleExporter().Build();
            using var logging = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Debug));
            using IImageGenerator generator = new ImageGeneratorBuilder(client.AsIImageGenerator(new IdeogramImageGeneratorOptions { UnsupportedParameters = rule }))
                .UseOpenTelemetry(logging, TraceSource)
                .UseLogging(logging)
                .Build();

            var response = await generator.GenerateImagesAsync(a.Prompt, new ImageGenerationOptions
            {
                Count = a.Count,
                ImageSize = a.Size,
                ModelId = IdeogramImageModels.Ideogram3Turbo,
                ResponseFormat = ImageGenerationResponseFormat.Data,
                AdditionalProperties = new() { [IdeogramImageProperties.StyleType] = "DESIGN" },
            }, ct).ConfigureAwait(false);

            if (response.RawRepresentation is ImageResult result)
            {
                foreach (var warning in result.Warnings)
                {
                    Console.Error.WriteLine($"warning: {warning.Message}");
                }
            }

            Directory.CreateDirectory(a.OutDir);
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var saved = 0;
            foreach (var content in response.Contents)
            {
                switch (content)
                {
                    case DataContent image:
                        var path = Path.GetFullPath(Path.Combine(a.OutDir, $"ideogram-{stamp}-{image.Name}"));
                        await File.WriteAllBytesAsync(path, image.Data, ct).ConfigureAwait(false);
                        Console.WriteLine(path);
                        saved++;
                        break;
                    case UriContent link:
                        Console.Error.WriteLine($"not downloaded, still at: {link.Uri}");
                        break;
                }
            }

            return saved > 0 ? 0 : 1;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class Arguments
    {
        public IdeogramProvider Provider { get; private set; } = IdeogramProvider.Ideogram;

        public string Prompt { get; private set; } = "A poster that says 'HELLO'";

        public Size? Size { get; private set; } = new Size(1280, 720);

        public int? Count { get; private set; } = 2;

        public bool Strict { get; private set; }

        public string OutDir { get; private set; } = "out";

        public Uri? BaseUrl { get; private set; }

        public string? ApiKey { get; private set; }

        public bool Help { get; private set; }

        public static Arguments Parse(string[] args)
        {
            var a = new Arguments();
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--provider":
                        var name = Value();
                        a.Provider = Enum.TryParse<IdeogramProvider>(name.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var p) && Enum.IsDefined(p)
                            ? p
                            : throw new FormatException($"unknown provider '{name}'");
                        break;
                    case "--prompt": a.Prompt = Value(); break;
                    case "--size":
                        var size = Value().Split('x');
                        a.Size = size.Length == 2 && int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && int.TryParse(size[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                            ? new Size(w, h)
                            : throw new FormatException("--size takes WIDTHxHEIGHT, for example 1280x720");
                        break;
                    case "--count":
                        var count = Value();
                        a.Count = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"--count '{count}' is not a number");
                        break;
                    case "--strict": a.Strict = true; break;
                    case "--out": a.OutDir = Value(); break;
                    case "--base-url":
                        var url = Value();
                        a.BaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"--base-url '{url}' is not an absolute URL");
                        break;
                    case "--api-key": a.ApiKey = Value(); break;
                    case "-h" or "--help": a.Help = true; break;
                    default: throw new FormatException($"unknown argument '{args[i]}'");
                }
            }

            return a;
        }
    }
}
