using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>
/// Everything the SDK emits (span names, tags, events and statuses; log messages and their state; metric names and tags)
/// while every provider serves, retries, fails, is cut off and echoes the key back, scanned for the key and the prompt:
/// the key is never there; the prompt only with <see cref="IdeogramClientOptions.EnableSensitiveData"/>.
/// </summary>
public sealed class TelemetrySecretsEndToEndTests
{
    /// <summary>A key with characters that JSON and URL encoders escape, so each echoed form differs.</summary>
    private const string Key = "sk+Live/Zq81=xYv02&TOPSECRET";

    /// <summary>A prompt with a word found nowhere else.</summary>
    private const string Prompt = "A lighthouse called Quillonbeck at dusk";

    private const string PromptWord = "Quillonbeck";

    private static readonly string[] KeyForms = [Key, JsonEncodedText.Encode(Key).ToString(), Uri.EscapeDataString(Key), "Live/Zq81=xYv02"];

    private static readonly IdeogramProvider[] Providers = Enum.GetValues<IdeogramProvider>();

    /// <summary>The prompt word each provider's emulator answers with a failure of the job or request.</summary>
    private static string FailureWord(IdeogramProvider provider) => provider is IdeogramProvider.Runflow or IdeogramProvider.Runware ? "EMULATOR_FAIL" : "unsafe-prompt";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nothing_emitted_carries_the_key_and_the_prompt_only_with_the_opt_in(bool sensitive)
    {
        using var capture = new TelemetryCapture();
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceDelays = true };
        await using var emu = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromSeconds(1), TimeProvider = time });
        var failures = new List<IdeogramException>();

        foreach (var provider in Providers)
        {
            var host = Enum.Parse<EmulatedProvider>(provider.ToString());
            using var client = new IdeogramClient(Options(provider, emu.BaseAddress(host), time, capture, sensitive));

            // Served: an operation and a download; a submission, a wait, a read and a watch of the same job.
            var result = await client.GenerateAsync(new GenerateRequest(Prompt));
            using (var image = new MemoryStream())
            {
                await client.DownloadAsync(result.Images[0], image);
            }

            var job = await client.SubmitAsync(new GenerateRequest(Prompt));
            await client.WaitAsync(job);
            await client.PollAsync(job);
            await foreach (var _ in client.WatchAsync(job))
            {
            }

            // A refused submission retried, a status read that fails once, a submission cut off after it ran, a failed job.
            emu.Control.AddFault(new FaultRule { Provider = host, Phase = RequestPhase.Submission, Kind = FaultKind.ServiceUnavailable });
            await client.GenerateAsync(new GenerateRequest(Prompt));
            emu.Control.AddFault(new FaultRule { Provider = host, Phase = RequestPhase.Status, Kind = FaultKind.ServerError });
            emu.Control.AddFault(new FaultRule { Provider = host, Phase = RequestPhase.FollowUp, Kind = FaultKind.ServerError });
            await client.GenerateAsync(new GenerateRequest(Prompt));
            emu.Control.ClearFaults();
            emu.Control.AddFault(new FaultRule { Provider = host, Phase = RequestPhase.Submission, Kind = FaultKind.Abort, AfterHandling = true });
            failures.Add(await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest(Prompt))));
            emu.Control.ClearFaults();
            failures.Add(await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest(FailureWord(provider) + " " + Prompt))));
        }

        // A provider that repeats the key in its answer.
        using (var runware = new IdeogramClient(Options(IdeogramProvider.Runware, emu.BaseAddress(EmulatedProvider.Runware), time, capture, sensitive)))
        {
            failures.Add(await Assert.ThrowsAnyAsync<IdeogramException>(() => runware.GenerateAsync(new GenerateRequest("EMULATOR_ECHO_KEY " + Prompt))));
        }

        // A router over all of them, its first member refusing.
        var routerOptions = new IdeogramRouterOptions { LoggerFactory = capture.LoggerFactory, MeterFactory = capture.MeterFactory };
        foreach (var provider in Providers)
        {
            routerOptions.Members.Add(Options(provider, emu.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString())), time, null, sensitive));
        }

        using (var router = new IdeogramRouter(routerOptions))
        {
            emu.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Ideogram, Phase = RequestPhase.Submission, Kind = FaultKind.ServiceUnavailable, Count = 10 });
            await router.GenerateAsync(new GenerateRequest(Prompt));
            emu.Control.ClearFaults();
        }

        var emitted = capture.EverythingEmitted();

        // The scan saw real material: every provider's spans, retries, failures, the echo.
        Assert.All(Providers, p => Assert.Contains(capture.Spans, s => Equals(s.GetTagItem("gen_ai.provider.name"), p.ToString().ToLowerInvariant())));
        Assert.Contains(capture.Spans, s => s.Events.Any(e => e.Name == "ideogram.retry"));
        Assert.Contains(capture.Spans, s => s.DisplayName == "route generate");
        Assert.Contains(capture.Logs.GetSnapshot(), l => l.Id.Name == "OperationFailed");
        Assert.Contains(capture.Logs.GetSnapshot(), l => l.Id.Name == "StatusReadFailed" || l.Id.Name == "RetryScheduled");
        Assert.Contains(failures, e => e.Message.Contains("***", StringComparison.Ordinal) || e.ProviderMessage?.Contains("***", StringComparison.Ordinal) == true);
        Assert.NotEmpty(capture.Measurements);

        foreach (var form in KeyForms)
        {
            Assert.DoesNotContain(emitted, t => t.Contains(form, StringComparison.Ordinal));
        }

        if (sensitive)
        {
            Assert.Contains(capture.Spans, s => Equals(s.GetTagItem("ideogram.request.prompt"), Prompt));
            Assert.Contains(capture.Logs.GetSnapshot(), l => l.Id.Name == "RequestContent" && l.Message.Contains(Prompt, StringComparison.Ordinal));
            Assert.Contains(capture.Spans, s => s.GetTagItem("ideogram.response.image_urls") is string[] { Length: > 0 });
        }
        else
        {
            Assert.DoesNotContain(emitted, t => t.Contains(PromptWord, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(emitted, t => t.Contains("/api/images/", StringComparison.Ordinal) || t.Contains("http://127.0.0.1", StringComparison.Ordinal));
        }
    }

    private static IdeogramClientOptions Options(IdeogramProvider provider, Uri baseAddress, TimeProvider time, TelemetryCapture? capture, bool sensitive)
    {
        var options = new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = Key,
            BaseAddress = baseAddress,
            TimeProvider = time,
            MaxRetries = 1,
            AllowPrivateNetworkInputs = true,
            EnableSensitiveData = sensitive,
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 1, MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(1) },
        };
        capture?.Configure(options);
        return options;
    }
}
