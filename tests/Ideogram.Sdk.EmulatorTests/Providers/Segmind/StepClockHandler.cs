namespace Ideogram.Sdk.EmulatorTests.Providers.Segmind;

/// <summary>
/// A real socket transport that moves the emulator's clock one job step after each job read, so a job goes through
/// its states one poll at a time, deterministically, without anyone sleeping.
/// </summary>
internal sealed class StepClockHandler : DelegatingHandler
{
    private readonly FakeTimeProvider _clock;
    private readonly TimeSpan _step;
    private readonly Func<HttpRequestMessage, bool> _isJobRead;

    public StepClockHandler(FakeTimeProvider clock, TimeSpan step, Func<HttpRequestMessage, bool> isJobRead)
        : base(new SocketsHttpHandler())
    {
        _clock = clock;
        _step = step;
        _isJobRead = isJobRead;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (_isJobRead(request))
        {
            _clock.Advance(_step);
        }

        return response;
    }
}
