namespace SipHub.Hub.Clocks;

/// <summary>
/// Work another feature has the scheduler's one-second job do (<see cref="DueClocksJob"/>): on one instance of the
/// cluster at a time, and at once after downtime. Registered scoped by that feature, so the scheduler need not know it.
/// </summary>
public interface IDueWork
{
    Task RunAsync(CancellationToken cancellationToken);
}
