using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.SetAside;

/// <summary>Keeps what the hub could not accept; an operator fixes the cause and replays it, or discards it.</summary>
public sealed class SetAsideStore(SipHubDbContext db, TimeProvider time)
{
    public const string Open = "open";
    public const string Replayed = "replayed";
    public const string Discarded = "discarded";

    /// <summary>The channel of a message taken back from the inbox after it was accepted (an episode never admitted).</summary>
    public const string InboxChannel = "inbox";

    public async Task<Guid> AddAsync(string channel, string? kind, string? messageId, string? principal, string? contentType,
        byte[] body, InboundRejectedException rejection, CancellationToken cancellationToken)
    {
        var row = new SetAsideRow
        {
            Id = Guid.CreateVersion7(),
            ReceivedAt = time.GetUtcNow(),
            Channel = channel,
            Kind = kind,
            MessageId = messageId,
            Principal = principal,
            ContentType = contentType,
            Body = body,
            Code = rejection.Code,
            Reason = rejection.Message,
            Errors = JsonSerializer.Serialize(rejection.Errors),
            Status = Open,
        };
        db.SetAside.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public Task<List<SetAsideRow>> ListAsync(string status, int limit, CancellationToken cancellationToken) =>
        db.SetAside.AsNoTracking().Where(r => r.Status == status)
            .OrderByDescending(r => r.Id) // version-7 ids rise with time
            .Take(limit).ToListAsync(cancellationToken);

    public Task<SetAsideRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.SetAside.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Replayed or discarded, by whom (an operator's key or name) and when.</summary>
    public async Task ResolveAsync(SetAsideRow row, string status, string by, CancellationToken cancellationToken)
    {
        Track(row);
        row.Status = status;
        row.ResolvedAt = time.GetUtcNow();
        row.ResolvedBy = by;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task FailedAgainAsync(SetAsideRow row, InboundRejectedException rejection, CancellationToken cancellationToken)
    {
        Track(row);
        row.ReplayAttempts++;
        row.Code = rejection.Code;
        row.Reason = rejection.Message;
        row.Errors = JsonSerializer.Serialize(rejection.Errors);
        await db.SaveChangesAsync(cancellationToken);
    }

    // A replay refused inside its transaction clears the context it shares with this store (InboundCommit): follow
    // the row again, or its new state would not be saved.
    private void Track(SetAsideRow row)
    {
        if (db.Entry(row).State == EntityState.Detached) db.SetAside.Attach(row);
    }
}
