using System.Collections;
using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Infrastructure;

namespace Ideogram.Sdk.EmulatorTests.Providers.Runware;

/// <summary>
/// The real client against the emulated Runware over loopback: <see cref="SubmitOptions.CallbackUrl"/> becomes the
/// task's <c>webhookURL</c> and the results arrive there; and a Runware that echoes the key in its errors (the
/// emulator's <c>EMULATOR_ECHO_KEY</c> word) never gets it into an exception, on the submission or the status read.
/// The system clock is used: the webhook delivery and its receiver are real loopback I/O.
/// </summary>
public sealed class RunwareCallbackAndKeyEchoTests
{
    /// <summary>A key whose '+' and '/' the emulator's JSON writer escapes, so the echo comes back encoded.</summary>
    private const string Key = "rw+emu/Echo=Key_TOPSECRET_0042";

    private static IdeogramClient Client(IdeogramEmulator emulator, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Runware,
            ApiKey = Key,
            BaseAddress = emulator.BaseAddress(EmulatedProvider.Runware),
            Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(30) },
        };
        configure?.Invoke(options);
        return new IdeogramClient(options);
    }

    [Fact]
    public async Task The_callback_url_becomes_the_tasks_webhook_and_each_image_is_posted_there()
    {
        await using var receiver = new CallbackReceiver();
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var client = Client(emulator);

        var job = await client.SubmitAsync(new GenerateRequest("A lighthouse at dawn") { NumImages = 2 }, new SubmitOptions { CallbackUrl = receiver.Url });
        var posted = new[] { await receiver.NextAsync(), await receiver.NextAsync() }.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        var result = await client.WaitAsync(job);

        Assert.Empty(job.Warnings);
        Assert.All(posted, p => Assert.Equal(job.Id, p.GetProperty("taskUUID").GetString()));
        Assert.Equal(result.Images.Select(i => i.ProviderImageId).Order(), posted.Select(p => p.GetProperty("imageUUID").GetString()).Order());
        Assert.Equal(result.Images.Select(i => i.Url!.AbsoluteUri).Order(), posted.Select(p => p.GetProperty("imageURL").GetString()).Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_echoed_key_in_a_refused_synchronous_task_stays_out_of_the_exception(bool keyInBody)
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var client = Client(emulator, o => o.Runware.AuthenticateInBody = keyInBody);

        var e = await Assert.ThrowsAnyAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("EMULATOR_ECHO_KEY a lighthouse")));

        Assert.Equal("inferenceError", e.ErrorCode);
        Assert.Contains("API key ***", e.ProviderMessage, StringComparison.Ordinal);
        AssertNoKey(e);
    }

    [Fact]
    public async Task An_echoed_key_in_a_failed_task_read_by_getResponse_stays_out_of_the_exception()
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var client = Client(emulator);

        var job = await client.SubmitAsync(new GenerateRequest("EMULATOR_ECHO_KEY a lighthouse"));
        var e = await Assert.ThrowsAsync<IdeogramJobFailedException>(() => client.WaitAsync(job));
        var status = await client.PollAsync(job);

        Assert.Equal(job.Id, e.Job!.Id);
        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Contains("API key ***", e.ProviderMessage, StringComparison.Ordinal);
        AssertNoKey(e);
        AssertNoKey(status.Error!);
    }

    private static void AssertNoKey(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var texts = new List<string?> { e.Message, e.ToString() };
            texts.AddRange(e.Data.Cast<DictionaryEntry>().SelectMany(d => new[] { d.Key.ToString(), d.Value?.ToString() }));
            if (e is IdeogramException ie)
            {
                texts.AddRange([ie.ProviderMessage, ie.ErrorCode, ie.RawBody, ie.RequestId]);
            }

            Assert.All(texts, t => Assert.DoesNotContain("TOPSECRET", t ?? string.Empty, StringComparison.Ordinal));
        }
    }
}
