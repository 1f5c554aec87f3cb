using System.Text.Json;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>
/// The in-flight high-water marks: per provider, the most requests open at once and the most images asked for by open
/// submissions and unfinished jobs at once. Time is the emulator's fake clock.
/// </summary>
/// <remarks>
/// The emulator closes its books on a request just after the last byte of the answer leaves, which can race the
/// client's read of that byte. Reading the counts over the HTTP control API on the same connection removes the race:
/// Kestrel reads the next request of a connection only once the previous one is completely done.
/// </remarks>
public sealed class InFlightTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private static async Task<InFlightStats> ReadAsync(HttpClient sameConnection, EmulatedProvider provider)
    {
        using var response = await sameConnection.GetAsync("/_emulator/in-flight");
        Assert.Equal(200, (int)response.StatusCode);
        var all = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var stats = all.GetProperty(provider switch
        {
            EmulatedProvider.ApiInOne => "apiinone",
            _ => provider.ToString().ToLowerInvariant(),
        });
        return new InFlightStats(
            stats.GetProperty("openRequests").GetInt32(),
            stats.GetProperty("maxOpenRequests").GetInt32(),
            stats.GetProperty("imagesInFlight").GetInt32(),
            stats.GetProperty("maxImagesInFlight").GetInt32());
    }

    [Fact]
    public async Task Requests_held_open_together_set_the_marks_which_stay_after_they_close_until_reset()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await EmuKit.StartAsync(o => o.TimeProvider = time);
        using var a = WireKit.Client(emu, EmulatedProvider.Ideogram);
        using var b = WireKit.Client(emu, EmulatedProvider.Ideogram);
        using var c = WireKit.Client(emu, EmulatedProvider.Ideogram);
        emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.Delay, Delay = TimeSpan.FromMinutes(1), Count = 3 });

        var pending = new[] { a.SendAsync(WireKit.IdeogramGenerate(2)), b.SendAsync(WireKit.IdeogramGenerate(3)), c.SendAsync(WireKit.IdeogramGenerate(1)) };
        // The bound is for real loopback I/O reaching the emulator; the requests are held on the fake clock.
        await time.WhenDelaysScheduledAsync(3).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new InFlightStats(3, 3, 6, 6), emu.Control.GetInFlight(EmulatedProvider.Ideogram));
        time.Advance(TimeSpan.FromMinutes(1));
        foreach (var response in await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(200, (int)response.StatusCode);
            response.Dispose();
        }

        await ReadAsync(a, EmulatedProvider.Ideogram);
        await ReadAsync(b, EmulatedProvider.Ideogram);
        Assert.Equal(new InFlightStats(0, 3, 0, 6), await ReadAsync(c, EmulatedProvider.Ideogram));
        Assert.Equal(new InFlightStats(0, 0, 0, 0), emu.Control.GetInFlight(EmulatedProvider.Runflow));

        using (var reset = await a.DeleteAsync("/_emulator/in-flight?provider=ideogram"))
        {
            Assert.Equal(204, (int)reset.StatusCode);
        }

        Assert.Equal(new InFlightStats(0, 0, 0, 0), await ReadAsync(a, EmulatedProvider.Ideogram));
        await WireKit.ExpectAsync(a, WireKit.IdeogramGenerate(4));
        Assert.Equal(new InFlightStats(0, 1, 0, 4), await ReadAsync(a, EmulatedProvider.Ideogram));
    }

    public static TheoryData<EmulatedProvider, int, int> AsyncJobs => new()
    {
        // provider, images asked for, job steps until the job finishes
        { EmulatedProvider.Runflow, 3, 3 },
        { EmulatedProvider.Segmind, 1, 2 },
        { EmulatedProvider.Runware, 2, 1 },
        { EmulatedProvider.ApiInOne, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(AsyncJobs))]
    public async Task An_unfinished_job_keeps_its_images_in_flight_after_its_request_closed(EmulatedProvider provider, int images, int steps)
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await StartWithJobStepsAsync(time);
        using var client = WireKit.Client(emu, provider);

        await WireKit.ExpectAsync(client, Submit(provider, images), provider == EmulatedProvider.Runflow ? 201 : 200);

        Assert.Equal(new InFlightStats(0, 1, images, images), await ReadAsync(client, provider));
        time.Advance((steps * Step) - TimeSpan.FromSeconds(1));
        Assert.Equal(images, emu.Control.GetInFlight(provider).ImagesInFlight);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new InFlightStats(0, 1, 0, images), emu.Control.GetInFlight(provider));
    }

    [Fact]
    public async Task A_synchronous_Runware_task_leaves_with_its_request_and_an_async_one_with_its_job()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await StartWithJobStepsAsync(time);
        using var client = WireKit.Client(emu, EmulatedProvider.Runware);

        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareInference(Guid.NewGuid().ToString(), images: 4, async: false)));
        Assert.Equal(new InFlightStats(0, 1, 0, 4), await ReadAsync(client, EmulatedProvider.Runware));
        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareInference(Guid.NewGuid().ToString(), images: 2, async: true)));
        await WireKit.ExpectAsync(client, WireKit.Runware(WireKit.RunwareInference(Guid.NewGuid().ToString(), images: 3, async: true)));

        Assert.Equal(new InFlightStats(0, 1, 5, 5), await ReadAsync(client, EmulatedProvider.Runware));
    }

    [Fact]
    public async Task A_refused_submission_counts_only_while_it_is_open()
    {
        var time = new DelayRecordingTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var emu = await StartWithJobStepsAsync(time);
        using var client = WireKit.Client(emu, EmulatedProvider.Segmind);
        emu.Control.AddFault(new FaultRule { Phase = RequestPhase.Submission, Kind = FaultKind.ServiceUnavailable });

        await WireKit.ExpectAsync(client, WireKit.SegmindSubmit(), 503);
        await WireKit.ExpectAsync(client, EmuKit.Json(HttpMethod.Post, "/v2/ideogram-3", """{"prompt":"cat","seed":5}""", ("x-api-key", WireKit.Key)), 400);

        Assert.Equal(new InFlightStats(0, 1, 0, 1), await ReadAsync(client, EmulatedProvider.Segmind));
    }

    /// <summary>An emulator on <paramref name="time"/> whose async jobs take <see cref="Step"/> per state.</summary>
    private static Task<IdeogramEmulator> StartWithJobStepsAsync(TimeProvider time) => EmuKit.StartAsync(o =>
    {
        o.TimeProvider = time;
        o.JobStepDelay = Step;
    });

    private static HttpRequestMessage Submit(EmulatedProvider provider, int images) => provider switch
    {
        EmulatedProvider.Runflow => WireKit.RunflowCreate(images),
        EmulatedProvider.Segmind => WireKit.SegmindSubmit(),
        EmulatedProvider.Runware => WireKit.Runware(WireKit.RunwareInference(Guid.NewGuid().ToString(), images, async: true)),
        EmulatedProvider.ApiInOne => WireKit.ApiInOneCreate(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
