using System.Net;
using System.Text;
using Ideogram.Sdk.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ideogram.Sdk.AspNetCore.Tests.Infrastructure.Deliveries;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary><c>POST /hooks/ideogram/runflow</c>: signed Runflow callbacks in, <see cref="ImageJobStatus"/> out.</summary>
public sealed class RunflowCallbackTests
{
    private static Task<CallbackApp> App(params string[] secrets) => CallbackApp.StartAsync(o =>
    {
        foreach (var secret in secrets)
        {
            o.Runflow.SigningSecrets.Add(secret);
        }
    });

    [Fact]
    public async Task A_signed_callback_reaches_the_handler_as_the_runs_status()
    {
        await using var app = await App(Secret);

        using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = Assert.Single(app.Handled.Statuses);
        Assert.Equal(IdeogramProvider.Runflow, status.Job.Provider);
        Assert.Equal(RunId, status.Job.Id);
        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal("https://cdn.runflow.test/1.webp", Assert.Single(status.Result!.Images).Url!.AbsoluteUri);
    }

    [Fact]
    public async Task The_pattern_itself_takes_a_signed_callback_and_still_checks_its_signature()
    {
        await using var app = await App(Secret);
        HttpRequestMessage AtPattern(HttpRequestMessage delivery)
        {
            delivery.RequestUri = new Uri("hooks/ideogram", UriKind.Relative);
            return delivery;
        }

        using var forged = await app.Client.SendAsync(AtPattern(Runflow(RunflowSucceeded(), signature: "v1,AAAA")));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Empty(app.Handled.Statuses);

        using var response = await app.Client.SendAsync(AtPattern(Runflow(RunflowSucceeded())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RunId, Assert.Single(app.Handled.Statuses).Job.Id);
    }

    [Fact]
    public async Task A_failed_run_reaches_the_handler_with_its_error()
    {
        await using var app = await App(Secret);

        using var response = await app.Client.SendAsync(Runflow(RunflowFailed()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = Assert.Single(app.Handled.Statuses);
        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal("PROVIDER_ERROR", status.Error!.ErrorCode);
    }

    [Fact]
    public async Task A_callback_ends_a_wait_for_the_run_in_this_process_without_another_status_read()
    {
        await using var app = await App(Secret);
        var reads = 0;
        using var client = new IdeogramClient(
            new IdeogramClientOptions
            {
                Provider = IdeogramProvider.Runflow,
                ApiKey = "rf-key",
                JobEvents = app.Events,
                Polling = new PollingOptions { InitialDelay = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) },
            },
            new HttpClient(new CountingHandler(() => Interlocked.Increment(ref reads))));
        var job = new ImageJob(IdeogramProvider.Runflow, ImageOperation.Generate, RunId, DateTimeOffset.UnixEpoch);

        var wait = client.WaitAsync(job);

        // The wait listens from its own thread: a delivery before that reaches no one, so deliver until it ends (the
        // provider's retries look the same). Only the first delivery reaches the handler.
        await DeliverUntilAsync(wait, () => app.Client.SendAsync(Runflow(RunflowSucceeded())));
        var result = await wait;

        Assert.Equal("https://cdn.runflow.test/1.webp", Assert.Single(result.Images).Url!.AbsoluteUri);
        Assert.Equal(0, reads);
        Assert.Single(app.Handled.Statuses);
    }

    [Fact]
    public async Task Either_secret_verifies_while_one_replaces_the_other()
    {
        await using var app = await App(Secret, OldSecret);

        using var signedWithNew = await app.Client.SendAsync(Runflow(RunflowSucceeded("run-new"), Secret));
        using var signedWithOld = await app.Client.SendAsync(Runflow(RunflowSucceeded("run-old"), OldSecret));

        Assert.Equal(HttpStatusCode.OK, signedWithNew.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedWithOld.StatusCode);
        Assert.Equal(["run-new", "run-old"], app.Handled.Statuses.Select(s => s.Job.Id));
    }

    [Theory]
    [InlineData("whsec_someone_else_entirely", null)]
    [InlineData(null, "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(null, "not-hex")]
    public async Task A_wrong_signature_is_refused_401_and_logged_without_the_body_or_signature(string? otherSecret, string? signature)
    {
        await using var app = await App(Secret);
        var body = RunflowSucceeded();
        using var request = Runflow(body, otherSecret, signature);
        var sent = request.Headers.GetValues("Runflow-Signature").Single();

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
        var log = Assert.Single(app.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("Runflow-Signature matches no configured signing secret", log.Message, StringComparison.Ordinal);
        AssertLogsHoldNone(app, RunId, "cdn.runflow.test", sent, Secret);
    }

    [Fact]
    public async Task A_tampered_body_is_refused()
    {
        await using var app = await App(Secret);
        var body = RunflowSucceeded();
        var signature = Ideogram.Sdk.Providers.Runflow.RunflowWebhook.Sign(body, Secret);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("1.webp", "2.webp", StringComparison.Ordinal));

        using var response = await app.Client.SendAsync(Runflow(tampered, signature: signature));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
    }

    [Fact]
    public async Task An_unsigned_callback_is_refused()
    {
        await using var app = await App(Secret);

        using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded(), secret: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("no Runflow-Signature header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_no_secret_configured_every_callback_is_refused()
    {
        await using var app = await App();

        using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("no Runflow signing secret is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"event":"run.completed","status":"succeeded"}""")]
    [InlineData("[1,2,3]")]
    [InlineData("{not json")]
    public async Task A_signed_body_that_is_not_a_run_callback_is_400_and_not_handled(string json)
    {
        await using var app = await App(Secret);

        using var response = await app.Client.SendAsync(Runflow(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Handled.Statuses);
    }

    [Fact]
    public async Task Secrets_are_read_for_every_delivery_so_a_rotation_applies_without_a_restart()
    {
        var options = new List<string> { OldSecret };
        await using var app = await CallbackApp.StartAsync(o => o.Runflow.SigningSecrets = options);
        var monitor = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IdeogramCallbackOptions>>();

        using var before = await app.Client.SendAsync(Runflow(RunflowSucceeded("run-1"), Secret));
        monitor.CurrentValue.Runflow.SigningSecrets = [Secret];
        using var after = await app.Client.SendAsync(Runflow(RunflowSucceeded("run-2"), Secret));
        using var retired = await app.Client.SendAsync(Runflow(RunflowSucceeded("run-3"), OldSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, retired.StatusCode);
    }

    /// <summary>Sends a delivery every few milliseconds until <paramref name="wait"/> ends (bounded: real time, since the wait listens on another thread).</summary>
    internal static async Task DeliverUntilAsync(Task wait, Func<Task<HttpResponseMessage>> deliver)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!wait.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The wait did not end on a delivered callback.");
            using var response = await deliver();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.WhenAny(wait, Task.Delay(10));
        }
    }

    /// <summary>
    /// The endpoints' own log holds none of <paramref name="secrets"/>. (ASP.NET Core's request log, at Information, shows
    /// every URL with its query, a Runware token included: the README says to keep it at Warning, as the templates do.)
    /// </summary>
    internal static void AssertLogsHoldNone(CallbackApp app, params string[] secrets)
    {
        var own = app.Logs.GetSnapshot().Where(r => r.Category == "Ideogram.Sdk.AspNetCore.IdeogramCallbacks").ToList();
        Assert.NotEmpty(own);
        foreach (var record in own)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(' ', record.StructuredState?.Select(p => p.Value) ?? []);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    private sealed class CountingHandler(Action onSend) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"id":"{{RunId}}","status_code":"running"}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
