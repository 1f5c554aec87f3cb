namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Computes an asynchronous job's stage from the time elapsed since it was submitted, so no background work runs and
/// a fake <see cref="TimeProvider"/> drives the lifecycle. Stage <c>n</c> lasts one <see cref="EmulatorOptions.JobStepDelay"/>.
/// </summary>
internal static class JobClock
{
    /// <summary>
    /// The index of the current stage (0-based) for a job submitted at <paramref name="submittedAt"/> that goes through
    /// <paramref name="stagesBeforeDone"/> waiting stages; <paramref name="stagesBeforeDone"/> means finished.
    /// </summary>
    public static int Stage(EmulatorContext context, DateTimeOffset submittedAt, int stagesBeforeDone)
    {
        var step = context.Options.JobStepDelay;
        if (step <= TimeSpan.Zero)
        {
            return stagesBeforeDone;
        }

        var elapsed = context.Time.GetUtcNow() - submittedAt;
        var stage = (long)Math.Floor(elapsed / step);
        return (int)Math.Clamp(stage, 0, stagesBeforeDone);
    }
}
