namespace Ideogram.Sdk.Tests.Infrastructure;

/// <summary>The clock the retry and poll tests assert with: delays are listed and skipped on demand, timeouts never are.</summary>
public sealed class DelayRecordingTimeProviderTests
{
    [Fact]
    public async Task Auto_advanced_delays_elapse_at_once_and_are_listed_in_order()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };

        await Task.Delay(TimeSpan.FromSeconds(2), time);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), time);

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(1500)], time.Delays);
        Assert.Equal(TimeSpan.FromSeconds(3.5), time.GetUtcNow() - time.Start);
    }

    [Fact]
    public void A_timeout_is_neither_listed_nor_auto_advanced_but_fires_when_a_delay_passes_it()
    {
        var time = new DelayRecordingTimeProvider { AutoAdvanceDelays = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        Assert.Empty(time.Delays);
        Assert.False(timeout.IsCancellationRequested);
        Assert.Equal(time.Start, time.GetUtcNow());

        _ = Task.Delay(TimeSpan.FromSeconds(11), time);

        Assert.True(timeout.IsCancellationRequested);
    }

    [Fact]
    public void Without_auto_advance_a_delay_waits_for_the_clock()
    {
        var time = new DelayRecordingTimeProvider();

        var delay = Task.Delay(TimeSpan.FromSeconds(5), time);

        Assert.False(delay.IsCompleted);
        Assert.Equal([TimeSpan.FromSeconds(5)], time.Delays);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompleted);
    }

    [Fact]
    public void AdvanceToNextTimer_moves_to_the_earliest_pending_timer_only()
    {
        var time = new DelayRecordingTimeProvider();
        using var late = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
        using var early = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        Assert.True(time.AdvanceToNextTimer());

        Assert.True(early.IsCancellationRequested);
        Assert.False(late.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromSeconds(10), time.GetUtcNow() - time.Start);
        Assert.True(time.AdvanceToNextTimer());
        Assert.True(late.IsCancellationRequested);
        Assert.False(time.AdvanceToNextTimer());
    }

    [Fact]
    public void A_disposed_timer_is_no_longer_pending()
    {
        var time = new DelayRecordingTimeProvider();
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        timeout.Dispose();

        Assert.False(time.AdvanceToNextTimer());
        Assert.Equal(time.Start, time.GetUtcNow());
    }

    [Fact]
    public async Task WhenDelaysScheduledAsync_completes_once_enough_delays_are_scheduled()
    {
        var time = new DelayRecordingTimeProvider();
        var two = time.WhenDelaysScheduledAsync(2);

        _ = Task.Delay(TimeSpan.FromSeconds(1), time);
        Assert.False(two.IsCompleted);
        _ = Task.Delay(TimeSpan.FromSeconds(1), time);

        await two.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(time.WhenDelaysScheduledAsync(1).IsCompleted);
    }
}
