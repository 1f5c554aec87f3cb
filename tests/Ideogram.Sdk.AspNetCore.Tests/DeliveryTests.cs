using System.Net;
using System.Net.Http.Headers;
using Ideogram.Sdk.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ideogram.Sdk.AspNetCore.Tests.Infrastructure.Deliveries;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary>What holds for every provider's deliveries: once per job and state, bounded bodies, handler failures retried.</summary>
public sealed class DeliveryTests
{
    private static Task<CallbackApp> App(Action<IdeogramCallbackOptions>? configure = null, Action<IServiceCollection>? services = null, bool kestrel = false) =>
        CallbackApp.StartAsync(
            o =>
            {
                o.Runflow.SigningSecrets.Add(Secret);
                o.Runware.Tokens.Add(Token);
                configure?.Invoke(o);
            },
            services,
            kestrel);

    [Fact]
    public async Task A_redelivered_callback_reaches_the_handler_once_within_the_window_and_again_after_it()
    {
        await using var app = await App(o => o.DeduplicationWindow = TimeSpan.FromMinutes(10));

        using var first = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        app.Time.Advance(TimeSpan.FromMinutes(9));
        using var retry = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        app.Time.Advance(TimeSpan.FromMinutes(2));
        using var late = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.All(new[] { first, retry, late }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, app.Handled.Statuses.Count);
    }

    [Fact]
    public async Task Another_state_of_the_same_job_is_handled()
    {
        await using var app = await App();

        using var failed = await app.Client.SendAsync(Runflow(RunflowFailed()));
        using var succeeded = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal([ImageJobState.Failed, ImageJobState.Succeeded], app.Handled.Statuses.Select(s => s.State));
    }

    [Fact]
    public async Task A_zero_window_remembers_nothing()
    {
        await using var app = await App(o => o.DeduplicationWindow = TimeSpan.Zero);

        using var first = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        using var again = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(2, app.Handled.Statuses.Count);
    }

    [Fact]
    public async Task Memory_is_bounded_by_forgetting_the_oldest_deliveries()
    {
        await using var app = await App(o => o.MaxRememberedDeliveries = 2);

        foreach (var run in new[] { "run-a", "run-b", "run-c", "run-a" })
        {
            using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded(run)));
        }

        // run-a was forgotten when run-c was remembered, so its redelivery is handled again.
        Assert.Equal(["run-a", "run-b", "run-c", "run-a"], app.Handled.Statuses.Select(s => s.Job.Id));
        Assert.Equal(2, app.Services.GetRequiredService<DeliveryLog>().Count);
    }

    [Fact]
    public async Task A_handler_that_throws_answers_500_and_the_providers_retry_is_handled()
    {
        await using var app = await App(kestrel: true);
        app.Handled.FailNext = 1;

        using var failed = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        using var retried = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        using var redelivered = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(app.Handled.Statuses);
    }

    [Fact]
    public async Task The_same_delivery_arriving_while_it_is_handled_is_answered_503_to_be_retried()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await App(services: s => s.AddIdeogramCallbacks(_ => { }).AddHandler(async (_, ct) =>
        {
            entered.TrySetResult();
            await gate.Task.WaitAsync(ct);
        }));

        var first = app.Client.SendAsync(Runflow(RunflowSucceeded()));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var concurrent = await app.Client.SendAsync(Runflow(RunflowSucceeded()));
        gate.SetResult();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, concurrent.StatusCode);
        Assert.Equal("1", concurrent.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Single(app.Handled.Statuses);
    }

    [Fact]
    public async Task Every_registered_handler_is_called_in_order()
    {
        var calls = new List<string>();
        await using var app = await App(services: s => s.AddIdeogramCallbacks(_ => { })
            .AddHandler((status, _) =>
            {
                calls.Add("first " + status.Job.Id);
                return Task.CompletedTask;
            })
            .AddHandler((status, _) =>
            {
                calls.Add("second " + status.Job.Id);
                return Task.CompletedTask;
            }));

        using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(["first " + RunId, "second " + RunId], calls);
        Assert.Single(app.Handled.Statuses);
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_limit_is_413_unread()
    {
        await using var app = await App(o => o.MaxBodyBytes = 100);

        using var response = await app.Client.SendAsync(Runflow(RunflowSucceeded()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, app.BodyReads.Bytes);
        Assert.Empty(app.Handled.Statuses);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("larger than 100 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_streamed_body_larger_than_the_limit_is_413_once_the_limit_is_passed()
    {
        await using var app = await App(o => o.MaxBodyBytes = 100_000, kestrel: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/ideogram/runware?token=" + Token)
        {
            // No Content-Length: chunked, so only reading tells the size.
            Content = new StreamContent(new LargeJson()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // The server's reader (set to the same limit) or the endpoint stops it: never more than the limit reaches the endpoint.
        Assert.InRange(app.BodyReads.Bytes, 0, 100_000);
        Assert.Empty(app.Handled.Statuses);
    }

    /// <summary>A 1 MB JSON string, produced as it is read.</summary>
    private sealed class LargeJson : Stream
    {
        private bool _started;
        private long _left = 1024 * 1024;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            count = (int)Math.Min(count, _left);
            _left -= count;
            if (count == 0)
            {
                return 0;
            }

            var span = buffer.AsSpan(offset, count);
            if (!_started)
            {
                _started = true;
                span[0] = (byte)'"';
                span[1..].Fill((byte)'a');
                return count;
            }

            span.Fill((byte)'a');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
