using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.AspNetCore.Tests.Infrastructure;
using Ideogram.Sdk.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary>
/// The emulator delivers real signed Runflow callbacks and real Runware webhooks over loopback to a real Kestrel app on
/// 127.0.0.1 whose DI client submitted the jobs with <see cref="IdeogramCallbackUrls"/>. The clients poll only every 10
/// minutes, so a wait that ends in seconds was ended by the callback. The system clock is used: the deliveries are
/// real loopback I/O.
/// </summary>
public sealed class EndToEndTests
{
    private const string Key = "e2e-emulator-key-0001";

    private static Task<IdeogramEmulator> Emulator() =>
        IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key, JobStepDelay = TimeSpan.FromMilliseconds(700) });

    private static async Task<CallbackApp> App(IdeogramEmulator emulator, IdeogramProvider provider, Action<IdeogramCallbackOptions> configure, TimeSpan? pollEvery = null)
    {
        var app = await CallbackApp.StartAsync(
            configure,
            services => services.AddIdeogram(o =>
            {
                o.Provider = provider;
                o.ApiKey = Key;
                o.BaseAddress = emulator.BaseAddress(provider == IdeogramProvider.Runflow ? EmulatedProvider.Runflow : EmulatedProvider.Runware);
                o.AllowPrivateNetworkInputs = true;
                o.Polling = new PollingOptions { InitialDelay = pollEvery ?? TimeSpan.FromMinutes(10), MaxDelay = pollEvery ?? TimeSpan.FromMinutes(10), Timeout = TimeSpan.FromMinutes(20) };
            }),
            kestrel: true);
        app.UseOwnAddressAsPublicUrl();
        return app;
    }

    [Fact]
    public async Task A_signed_runflow_callback_ends_the_wait_reaches_the_handler_once_and_a_redelivery_does_not()
    {
        await using var emulator = await Emulator();
        var secret = await CreateRunflowSecretAsync(emulator);
        await using var app = await App(emulator, IdeogramProvider.Runflow, o => o.Runflow.SigningSecrets.Add(secret));
        var client = app.Services.GetRequiredService<IIdeogramClient>();
        var urls = app.Services.GetRequiredService<IdeogramCallbackUrls>();

        var job = await client.SubmitAsync(new GenerateRequest("A travel poster that says 'LISBON'") { NumImages = 2 }, new SubmitOptions { CallbackUrl = urls.For(IdeogramProvider.Runflow) });
        var result = await client.WaitAsync(job).WaitAsync(TimeSpan.FromSeconds(90));
        var handled = Assert.Single(await app.Handled.WaitForAsync(1));

        Assert.Equal(job.Id, handled.Job.Id);
        Assert.Equal(ImageJobState.Succeeded, handled.State);
        Assert.Equal(result.Images.Select(i => i.Url), handled.Result!.Images.Select(i => i.Url));
        Assert.Equal(2, result.Images.Count);
        using var png = new MemoryStream();
        await client.DownloadAsync(result.Images[0], png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.ToArray()[..4]);

        // Runflow's redelivery of the same callback is answered, but the handler does not see it twice.
        await RedeliverAsync(emulator, job.Id);
        await WaitForDeliveriesAsync(emulator, job.Id, count: 2);
        Assert.Single(app.Handled.Statuses);
    }

    [Fact]
    public async Task Runware_webhooks_reach_the_handler_once_per_image_and_end_the_wait_with_every_image()
    {
        await using var emulator = await Emulator();
        await using var app = await App(emulator, IdeogramProvider.Runware, o => o.Runware.Tokens.Add(IdeogramCallbackUrls.NewToken()));
        var client = app.Services.GetRequiredService<IIdeogramClient>();
        var urls = app.Services.GetRequiredService<IdeogramCallbackUrls>();

        var job = await client.SubmitAsync(new GenerateRequest("A lighthouse at dawn") { NumImages = 2 }, new SubmitOptions { CallbackUrl = urls.For(IdeogramProvider.Runware) });
        var result = await client.WaitAsync(job).WaitAsync(TimeSpan.FromSeconds(90));
        var handled = await app.Handled.WaitForAsync(2);

        Assert.Equal(2, result.Images.Count);
        Assert.All(handled, s => Assert.Equal(job.Id, s.Job.Id));
        Assert.Equal(result.Images.Select(i => i.ProviderImageId).Order(), handled.Select(s => Assert.Single(s.Result!.Images).ProviderImageId).Order());
    }

    [Fact]
    public async Task A_failed_runware_task_reaches_the_handler_and_ends_the_wait_with_the_failure()
    {
        await using var emulator = await Emulator();
        await using var app = await App(emulator, IdeogramProvider.Runware, o => o.Runware.Tokens.Add(IdeogramCallbackUrls.NewToken()));
        var client = app.Services.GetRequiredService<IIdeogramClient>();
        var urls = app.Services.GetRequiredService<IdeogramCallbackUrls>();

        var job = await client.SubmitAsync(new GenerateRequest("EMULATOR_FAIL a lighthouse"), new SubmitOptions { CallbackUrl = urls.For(IdeogramProvider.Runware) });
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job).WaitAsync(TimeSpan.FromSeconds(90)));
        var handled = Assert.Single(await app.Handled.WaitForAsync(1));

        Assert.Equal(job.Id, e.Job!.Id);
        Assert.Equal(ImageJobState.Failed, handled.State);
        Assert.Equal(e.ErrorCode, handled.Error!.ErrorCode);
    }

    [Fact]
    public async Task Deliveries_with_a_token_the_app_does_not_hold_are_refused_and_polling_still_finishes_the_job()
    {
        await using var emulator = await Emulator();
        await using var app = await App(emulator, IdeogramProvider.Runware, o => o.Runware.Tokens.Add(IdeogramCallbackUrls.NewToken()), pollEvery: TimeSpan.FromMilliseconds(200));
        var client = app.Services.GetRequiredService<IIdeogramClient>();
        var forged = new Uri(app.Address, "hooks/ideogram/runware?token=" + IdeogramCallbackUrls.NewToken());

        var job = await client.SubmitAsync(new GenerateRequest("A lighthouse at dawn"), new SubmitOptions { CallbackUrl = forged });
        var result = await client.WaitAsync(job).WaitAsync(TimeSpan.FromSeconds(90));
        await WaitUntilAsync(() => app.Logs.GetSnapshot().Any(r => r.Message.Contains("matches no configured token", StringComparison.Ordinal)));

        Assert.Single(result.Images);
        Assert.Empty(app.Handled.Statuses);
    }

    /// <summary>Registers a callback signing secret the way a Runflow user does (<c>POST /v1/callback-secrets</c>).</summary>
    private static async Task<string> CreateRunflowSecretAsync(IdeogramEmulator emulator)
    {
        using var document = await RunflowAsync(emulator, HttpMethod.Post, "v1/callback-secrets", """{"label":"e2e"}""");
        return document.RootElement.GetProperty("plain_secret").GetString()!;
    }

    private static async Task RedeliverAsync(IdeogramEmulator emulator, string runId)
    {
        using var _ = await RunflowAsync(emulator, HttpMethod.Post, $"v1/runs/{runId}/callback-redeliveries", "{}");
    }

    /// <summary>Waits until Runflow's delivery history of the run shows <paramref name="count"/> delivered callbacks.</summary>
    private static Task WaitForDeliveriesAsync(IdeogramEmulator emulator, string runId, int count) => WaitUntilAsync(async () =>
    {
        using var history = await RunflowAsync(emulator, HttpMethod.Get, $"v1/runs/{runId}/callback", null);
        return history.RootElement.EnumerateArray().Count(d => d.GetProperty("status_code").GetString() == "succeeded") >= count;
    });

    private static async Task<JsonDocument> RunflowAsync(IdeogramEmulator emulator, HttpMethod method, string path, string? json)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress(EmulatedProvider.Runflow) };
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>Checks a condition every 50 ms for at most 60 s (real time: it waits for real loopback deliveries).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 60 s.");
            await Task.Delay(50);
        }
    }
}
