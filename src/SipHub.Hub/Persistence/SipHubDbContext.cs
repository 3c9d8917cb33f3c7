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
        model.Entity<InboundMessageRow>(e =>
        {
            e.ToTable("inbound_messages");
            e.HasKey(m => new { m.SenderHsaId, m.MessageId });
            e.Property(m => m.SenderHsaId).HasMaxLength(64);
            e.Property(m => m.MessageId).HasMaxLength(128);
            e.Property(m => m.Kind).HasMaxLength(64);
            e.HasIndex(m => m.ReceivedAt);
            e.HasIndex(m => m.EpisodeId);
        });
        model.Entity<EpisodeRow>(e =>
        {
            e.ToTable("episodes");
            e.HasKey(x => x.EpisodeId);
            e.Property(x => x.EpisodeId).HasMaxLength(128);
            // Two workers applying to one episode at once: the second save fails and is retried.
            e.Property(x => x.EventCount).IsConcurrencyToken();
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.CreatedAt).HasFilter("awaiting_admission = TRUE");
        });
        model.Entity<EpisodeEventRow>(e =>
        {
            e.ToTable("episode_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.EpisodeId, x.Sequence }).IsUnique();
        });

        model.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(x => x.Id);
            // The relay reads the oldest unsent rows; sent rows stay as the delivery record.
            e.HasIndex(x => new { x.SentAt, x.Id });
            e.HasIndex(x => x.MessageId).IsUnique();
        });
        model.Entity<PlanRow>(e =>
        {
            e.ToTable("plans");
            e.HasKey(x => x.PlanId);
            // Two versions of one plan at once: the second save fails and is retried, then found stale.
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.EstablishedOn);
            e.HasIndex(x => x.EpisodeId);
        });
        model.Entity<PlanVersionRow>(e =>
        {
            e.ToTable("plan_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.PlanId, x.Version }).IsUnique();
        });
        model.Entity<SetAsideRow>(e =>
        {
            e.ToTable("set_aside_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Status, x.ReceivedAt });
            e.HasIndex(x => x.ResolvedAt);
        });

        model.Entity<ClockRow>(e =>
        {
            e.ToTable("clocks");
            e.HasKey(x => new { x.EpisodeId, x.Clock });
            e.Property(x => x.EpisodeId).HasMaxLength(128);
            e.Property(x => x.Clock).HasMaxLength(32);
            // The scheduler claims what is due; the dashboard lists open clocks by due time.
            e.HasIndex(x => x.NextFireAt);
            e.HasIndex(x => new { x.State, x.DueAt });
            // Compliance figures: one clock over a range of months.
            e.HasIndex(x => new { x.Clock, x.DueAt });
        });
        model.Entity<AlertRow>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(x => x.AlertId);
            // One alert per clock (or delivery), level and due time, whoever raises it and however often.
            e.HasIndex(x => new { x.EpisodeId, x.Clock, x.Level, x.DueAt, x.Subject }).IsUnique();
            e.HasIndex(x => x.RaisedAt);
        });

        model.Entity<ParticipantRow>(e =>
        {
            e.ToTable("participants");
            e.HasKey(x => x.HsaId);
            e.Property(x => x.HsaId).HasMaxLength(64);
        });
        // Deliveries per recipient: the directory's health figures and the deliveries API filter on it.
        model.Entity<OutboxRow>().HasIndex(x => new { x.RoutingKey, x.Id });
        // An episode's deliveries, on its dashboard page.
        model.Entity<OutboxRow>().HasIndex(x => x.EpisodeId);
        // The senders walk the unsent rows in order (DeliveryClaims).
        model.Entity<OutboxRow>().HasIndex(x => x.Id, "ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
        // The relays' ordering rule looks for an earlier unsent row of the same recipient and sequence.
        model.Entity<OutboxRow>().HasIndex(x => new { x.RoutingKey, x.OrderKey, x.Id }).HasFilter("sent_at IS NULL");
        // The directory's health: each unit's last accepted delivery, and what still awaits a receipt.
        model.Entity<OutboxRow>().HasIndex(x => new { x.RoutingKey, x.ReceiptAt }).HasFilter("receipt_status = 'accepted'")
            .HasDatabaseName("ix_outbox_messages_accepted");
        // With sent_at in it, the counts of what waits come from the index alone (where vacuum has marked the pages visible).
        model.Entity<OutboxRow>().HasIndex(x => new { x.RoutingKey, x.SentAt }).HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL")
            .HasDatabaseName("ix_outbox_messages_unanswered");
        // The receipt watch: deliveries still waiting for their receipt, by when they were made or last retried.
        model.Entity<OutboxRow>().HasIndex(x => x.CreatedAt, "ix_outbox_messages_awaiting_receipt")
            .HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NULL");
        model.Entity<OutboxRow>().HasIndex(x => x.RetriedAt, "ix_outbox_messages_retried_awaiting_receipt")
            .HasFilter("exchange = 'siphub.outbound' AND receipt_status IS NULL AND receipt_overdue_raised = FALSE AND retried_at IS NOT NULL");

        model.Entity<AccessLogRow>(e =>
        {
            e.ToTable("access_log");
            e.HasKey(x => x.Id);
            // Log review: by patient, by person, by time.
            e.HasIndex(x => new { x.PatientId, x.Id });
            e.HasIndex(x => new { x.Who, x.Id });
            // Retention deletes by age.
            e.HasIndex(x => x.At);
        });

        model.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>(e => e.ToTable("data_protection_keys"));

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

public sealed class InboundMessageRow
{
    public required string SenderHsaId { get; init; }
    public required string MessageId { get; init; }
    public required string Kind { get; init; }
    public string? EpisodeId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The message as received, JSON.</summary>
    public required string Body { get; init; }
    /// <summary>The broker user or API key that sent it, should it have to be set aside and replayed later.</summary>
    public string? Principal { get; init; }
}

public sealed class EpisodeRow
{
    public required string EpisodeId { get; init; }
    public required string Status { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>No admission notice yet and nothing sent: its notices wait, for the grace period at most (<c>UnknownEpisodeSweep</c>).</summary>
    public bool AwaitingAdmission { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public int EventCount { get; set; }
}

public sealed class EpisodeEventRow
{
    public long Id { get; init; }
    public required string EpisodeId { get; init; }
    public required int Sequence { get; init; }
    public required string Kind { get; init; }
    public required string MessageId { get; init; }
    public required string SenderHsaId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The domain event, JSON.</summary>
    public required string Payload { get; init; }
    /// <summary>What the hub noticed on arrival (late, out of order…), JSON array.</summary>
    public required string Notes { get; init; }
}

/// <summary>A message the hub could not accept, kept with its original bytes until an operator replays or discards it.</summary>
public sealed class SetAsideRow
{
    public required Guid Id { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>amqp, http, or inbox (taken back after it was accepted: <c>UnknownEpisodeSweep</c>).</summary>
    public required string Channel { get; init; }
    /// <summary>The kind it was sent as (routing key or path); may be no kind at all.</summary>
    public string? Kind { get; init; }
    public string? MessageId { get; init; }
    /// <summary>The broker user or API key name that sent it.</summary>
    public string? Principal { get; init; }
    public string? ContentType { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>One of <c>RejectionCodes</c>.</summary>
    public required string Code { get; set; }
    public required string Reason { get; set; }
    /// <summary>Field path → problems, JSON.</summary>
    public required string Errors { get; set; }
    /// <summary>open, replayed or discarded.</summary>
    public required string Status { get; set; }
    public int ReplayAttempts { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>The operator who replayed or discarded it.</summary>
    public string? ResolvedBy { get; set; }
}

/// <summary>
/// A message the hub has decided to send, written in the same transaction as the state change that
/// causes it; the relay publishes it after commit and records when.
/// </summary>
public sealed class OutboxRow
{
    public long Id { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Exchange { get; init; }
    /// <summary>The recipient unit's HSA-id on <c>siphub.outbound</c>.</summary>
    public required string RoutingKey { get; init; }
    /// <summary>The delivery's own, new AMQP message_id.</summary>
    public required string MessageId { get; init; }
    /// <summary>The triggering inbound message's id.</summary>
    public required string CorrelationId { get; init; }
    /// <summary>The contract's kind name of what is delivered (header siphub-kind).</summary>
    public required string Kind { get; init; }
    public string? EpisodeId { get; init; }
    /// <summary>
    /// The sequence this row belongs to for its recipient (<c>episode:&lt;id&gt;</c>, <c>plan:&lt;id&gt;</c>): no row
    /// is sent while an earlier row of the same recipient and sequence is unsent, so version 3 never overtakes 2.
    /// Null for rows that need no order (alerts).
    /// </summary>
    public string? OrderKey { get; init; }
    public required string ContentType { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Not before this instant: the backoff after a failure, a participant's Retry-After, or a sender's lease.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>The receipt watch raised its alert for this delivery (reset by a retry).</summary>
    public bool ReceiptOverdueRaised { get; set; }
    /// <summary>The W3C trace context the row was written in: its sending continues that trace.</summary>
    public string? TraceParent { get; set; }
    /// <summary>The recipient's delivery-receipt: accepted or rejected, with its reason and when.</summary>
    public string? ReceiptStatus { get; set; }
    public string? ReceiptReason { get; set; }
    public DateTimeOffset? ReceiptAt { get; set; }
    /// <summary>The operator who last sent it again by hand, and when.</summary>
    public string? RetriedBy { get; set; }
    public DateTimeOffset? RetriedAt { get; set; }
}

/// <summary>The one current version of a SIP (samordnad individuell plan).</summary>
public sealed class PlanRow
{
    public required string PlanId { get; init; }
    public required int Version { get; set; }
    public required string Status { get; set; }
    public string? EpisodeId { get; set; }
    public required string SenderHsaId { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The current version as received, JSON.</summary>
    public required string Body { get; set; }
    /// <summary>The first version's plan date: the SIP was held (established) that day. For the compliance figures.</summary>
    public DateOnly? EstablishedOn { get; set; }
    /// <summary>The episode's municipality, where the plan belongs to one.</summary>
    public string? MunicipalityCode { get; set; }
    /// <summary>children or adults, by the patient's age on the plan date; null when the identifier has no birth date.</summary>
    public string? TargetGroup { get; set; }
}

/// <summary>Every version the hub accepted, with the message that carried it.</summary>
public sealed class PlanVersionRow
{
    public long Id { get; init; }
    public required string PlanId { get; init; }
    public required int Version { get; init; }
    public required string MessageId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string Body { get; init; }
    /// <summary>Skyddad identitet, as this version said: it sticks to later versions.</summary>
    public bool ProtectedIdentity { get; init; }
}

/// <summary>One legal clock of one episode, as <c>ClockTrack</c> keeps it; see there.</summary>
public sealed class ClockRow
{
    public required string EpisodeId { get; init; }
    public required string Clock { get; init; }
    public required string State { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? WarnAt { get; set; }
    public required string StateAfterDue { get; set; }
    public bool WarningRaised { get; set; }
    public bool DueHandled { get; set; }
    /// <summary>When the scheduler must look at it next; null when time alone changes nothing.</summary>
    public DateTimeOffset? NextFireAt { get; set; }
    /// <summary>Since when its breach waits for queued messages that may stop it (<c>ClockTrack.HeldSince</c>).</summary>
    public DateTimeOffset? HeldSince { get; set; }
    public required string ResponsibleHsaId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? Note { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Payment liability at discharge: the days the municipality pays for, and what they cost.</summary>
    public int? LiableDays { get; set; }
    public decimal? LiableAmount { get; set; }
    /// <summary>When the measure began and when what the clock waits for came (<c>EpisodeClocks.Span</c>): compliance figures.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    /// <summary>The month (Europe/Stockholm, yyyy-MM) the deadline falls due in: the compliance figures group by it.</summary>
    public string? DueMonth { get; set; }
}

/// <summary>A deadline alert as raised: the published <c>DeadlineAlert</c> and what the API filters on.</summary>
public sealed class AlertRow
{
    public required string AlertId { get; init; }
    public string? EpisodeId { get; init; }
    /// <summary>What the alert is about besides the episode: the delivery id of a delivery-receipt alert; empty for clocks.</summary>
    public string Subject { get; init; } = "";
    public required string Clock { get; init; }
    public required string Level { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public required string ResponsibleHsaId { get; init; }
    public string? MunicipalityCode { get; init; }
    /// <summary>The alert as published, JSON.</summary>
    public required string Body { get; init; }
    /// <summary>A breach that proved wrong: when, and the id of the <c>retracted</c> alert that says so.</summary>
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractedBy { get; set; }
}

/// <summary>A participant organisation in the directory (HSA-id → organisation, type, where, how it takes deliveries).</summary>
public sealed class ParticipantRow
{
    public required string HsaId { get; init; }
    public required string Organisation { get; set; }
    /// <summary>The contract's recipient type (regional-outpatient-care, municipal-social-services, …).</summary>
    public required string Type { get; set; }
    public string? RegionCode { get; set; }
    public string? MunicipalityCode { get; set; }
    /// <summary>amqp or fhir-rest.</summary>
    public required string Channel { get; set; }
    public string? Endpoint { get; set; }
    /// <summary>The broker user its record system connects as (read its own queue, write siphub.inbound).</summary>
    public string? BrokerUser { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One read of a patient's data: who, when, which view and subject, which patient where known.</summary>
public sealed class AccessLogRow
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The API key's name (later: the signed-in person), or loopback in the embedded default.</summary>
    public required string Who { get; init; }
    /// <summary>episode, plan, plan-fhir, set-aside-message.</summary>
    public required string View { get; init; }
    /// <summary>The episode id, plan id or set-aside message id read.</summary>
    public required string Subject { get; init; }
    public string? PatientId { get; init; }
}
