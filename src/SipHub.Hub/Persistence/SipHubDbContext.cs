using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SipHub.Hub.Persistence;

/// <summary>
/// The hub's own tables. Every inbound message is kept with its body (the inbox: the key on sender and
/// message id is what makes a duplicate a no-op); an episode is its ordered events plus a summary row.
/// The model is one; each database provider has its own subclass only because EF keys a set of migrations
/// to a context type, and PostgreSQL's and SQLite's differ (<see cref="PostgresDbContext"/>, <see cref="SqliteDbContext"/>).
/// </summary>
public abstract class SipHubDbContext : DbContext, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    private string? _traceParent;

    protected SipHubDbContext(DbContextOptions options) : base(options)
    {
        // Each of the hub's transactions saves once and is abandoned whole when that fails, so the savepoint EF
        // wraps around SaveChanges inside a transaction is two round trips per message for nothing.
        Database.AutoSavepointsEnabled = false;
        ChangeTracker.Tracked += StampTrace;
    }

    public DbSet<InboundMessageRow> InboundMessages => Set<InboundMessageRow>();
    public DbSet<EpisodeRow> Episodes => Set<EpisodeRow>();
    public DbSet<EpisodeEventRow> EpisodeEvents => Set<EpisodeEventRow>();
    public DbSet<SetAsideRow> SetAside => Set<SetAsideRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<PlanVersionRow> PlanVersions => Set<PlanVersionRow>();
    public DbSet<PlanUnitRow> PlanUnits => Set<PlanUnitRow>();
    public DbSet<RequestRow> Requests => Set<RequestRow>();
    public DbSet<ClockRow> Clocks => Set<ClockRow>();
    public DbSet<AlertRow> Alerts => Set<AlertRow>();
    public DbSet<ParticipantRow> Participants => Set<ParticipantRow>();
    public DbSet<AccessLogRow> AccessLog => Set<AccessLogRow>();

    /// <summary>The keys that sign session cookies, shared by every hub instance and kept across restarts.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>
    /// Rows added until the scope ends continue <paramref name="traceParent"/>: the message they are written for, when
    /// one transaction commits many (InboundCommit).
    /// </summary>
    public TraceScope ContinueTrace(string? traceParent)
    {
        _traceParent = traceParent;
        return new TraceScope(this);
    }

    public readonly struct TraceScope(SipHubDbContext db) : IDisposable
    {
        public void Dispose() => db._traceParent = null;
    }

    /// <summary>Every outbox row remembers the trace it was written in, so its delivery joins that trace.</summary>
    private void StampTrace(object? sender, EntityTrackedEventArgs e)
    {
        if (e.Entry is { State: EntityState.Added, Entity: OutboxRow { TraceParent: null } row })
            row.TraceParent = _traceParent ?? System.Diagnostics.Activity.Current?.Id;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // PostgreSQL's timestamptz takes only UTC; the original offsets stay in the stored JSON bodies. SQLite has
        // no time type: there an instant is its UTC ticks, so due times compare and sort in the database.
        if (Database.IsSqlite()) configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        else configuration.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        // Each feature maps its own tables (IEntityTypeConfiguration beside it); the column names are the context's rule.
        model.ApplyConfigurationsFromAssembly(typeof(SipHubDbContext).Assembly);

        foreach (var entity in model.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
