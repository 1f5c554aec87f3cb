namespace Ideogram.Sdk.Emulator.Control;

/// <summary>
/// One provider host's load: what is open now and the most that was open at once since the emulator started or
/// <see cref="EmulatorControl.ResetInFlight"/> was called.
/// </summary>
/// <remarks>
/// A request is open from the moment its body has been read until its answer is written (or its connection dropped).
/// A submission's images are in flight while it is open and, when it created an asynchronous job, until that job
/// finishes on the emulator's clock (Runflow: three job steps, Segmind v2: two, Runware async and API in One: one).
/// </remarks>
/// <param name="OpenRequests">Requests open now (every phase).</param>
/// <param name="MaxOpenRequests">The most requests that were open at once.</param>
/// <param name="ImagesInFlight">Images asked for by open submissions and unfinished jobs now.</param>
/// <param name="MaxImagesInFlight">The most images that were in flight at once.</param>
public sealed record InFlightStats(int OpenRequests, int MaxOpenRequests, int ImagesInFlight, int MaxImagesInFlight);
