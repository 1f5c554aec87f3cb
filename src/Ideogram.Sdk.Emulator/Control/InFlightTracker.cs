using Microsoft.AspNetCore.Http;

namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// Counts one provider host's open requests and in-flight images and keeps their high-water marks. Images leave when
/// their request closes or, for a request that created a job, when the job finishes: finished jobs are dropped lazily,
/// by time, whenever the tracker is read or entered. The marks can only rise when something enters, so they are
/// updated there.
/// </summary>
internal sealed class InFlightTracker(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<InFlightTicket> _counted = [];
    private int _openRequests;
    private int _maxOpenRequests;
    private int _maxImages;

    public InFlightTicket Enter(int images)
    {
        lock (_gate)
        {
            var ticket = new InFlightTicket(this, images);
            _openRequests++;
            _maxOpenRequests = Math.Max(_maxOpenRequests, _openRequests);
            if (images > 0)
            {
                _counted.Add(ticket);
            }

            _maxImages = Math.Max(_maxImages, CurrentImages());
            return ticket;
        }
    }

    public InFlightStats Snapshot()
    {
        lock (_gate)
        {
            return new InFlightStats(_openRequests, _maxOpenRequests, CurrentImages(), _maxImages);
        }
    }

    /// <summary>Sets each high-water mark to what is in flight now.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _maxOpenRequests = _openRequests;
            _maxImages = CurrentImages();
        }
    }

    internal void Exit(InFlightTicket ticket)
    {
        lock (_gate)
        {
            _openRequests--;
            ticket.Open = false;
            CurrentImages();
        }
    }

    internal void Hold(InFlightTicket ticket, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (ticket.HeldUntil is not { } current || until > current)
            {
                ticket.HeldUntil = until;
            }
        }
    }

    /// <summary>Drops finished tickets and sums the images of the rest. Call under the lock.</summary>
    private int CurrentImages()
    {
        var now = time.GetUtcNow();
        _counted.RemoveAll(t => !t.Open && (t.HeldUntil is not { } until || until <= now));
        return _counted.Sum(t => t.Images);
    }
}

/// <summary>One open request's place in an <see cref="InFlightTracker"/>; kept in <see cref="HttpContext.Items"/>.</summary>
internal sealed class InFlightTicket(InFlightTracker tracker, int images)
{
    private static readonly object Key = new();
    private readonly InFlightTracker _tracker = tracker;

    public int Images { get; } = images;

    public bool Open { get; set; } = true;

    public DateTimeOffset? HeldUntil { get; set; }

    /// <summary>
    /// Keeps the images of the request being handled in flight until <paramref name="until"/> (when the job it created
    /// finishes), after the request itself closes. Does nothing outside an emulator request.
    /// </summary>
    public static void HoldUntil(HttpContext http, DateTimeOffset until)
    {
        if (http.Items.TryGetValue(Key, out var value) && value is InFlightTicket ticket)
        {
            ticket._tracker.Hold(ticket, until);
        }
    }

    public void Attach(HttpContext http) => http.Items[Key] = this;

    public void Exit() => _tracker.Exit(this);
}
