using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipHub.Hub.Persistence;
using SipHub.Hub.Retention;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// Retention on PostgreSQL as the hub's migrations made it: each table loses what is past its time and keeps the rest,
/// an open set-aside message and an unsent delivery however old, and 0 days keeps for ever.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private readonly BrokerAndDatabase _services = new();
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        var (exitCode, output) = await HubProcess.RunCommandAsync("migrate", _services.HubSettings());
        Assert.True(exitCode == 0, output);
    }

    public Task DisposeAsync() => _services.DisposeAsync();

    private PostgresDbContext Context() => new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(_services.Database).Options);

    [Fact]
    public async Task Each_table_keeps_only_what_is_within_its_time()
    {
        var old = Now.AddDays(-200);
        var recent = Now.AddDays(-10);
        await using (var db = Context())
        {
            foreach (var (at, name) in new[] { (old, "old"), (recent, "recent") })
            {
                db.InboundMessages.Add(new InboundMessageRow { SenderHsaId = SampleMessages.Hospital, MessageId = name, Kind = "admission-notice", ReceivedAt = at, Body = "{}" });
                db.Outbox.Add(Delivery($"sent-{name}", at, sentAt: at));
                db.Outbox.Add(Delivery($"unsent-{name}", at, sentAt: null));
                db.SetAside.Add(SetAside(name + "-open", at, resolvedAt: null));
                db.SetAside.Add(SetAside(name + "-resolved", at, resolvedAt: at));
                db.AccessLog.Add(new AccessLogRow { At = at.AddDays(-3500), Who = "ops", View = "episode", Subject = name });
                db.Alerts.Add(new AlertRow
                {
                    AlertId = name, Clock = "sip-invitation", Level = "breached", DueAt = at.AddDays(-600), RaisedAt = at.AddDays(-600),
                    ResponsibleHsaId = SampleMessages.Hospital, Body = "{}",
                });
            }
            await db.SaveChangesAsync();
        }

        await using (var db = Context())
            await new RetentionJob(db, new RetentionOptions(InboxDays: 180, SentOutboxDays: 180, ResolvedSetAsideDays: 90, AlertDays: 730, AccessLogDays: 3650),
                new FakeTimeProvider(Now), NullLogger<RetentionJob>.Instance).Execute(null!, CancellationToken.None);

        await using (var db = Context())
        {
            Assert.Equal(["recent"], await db.InboundMessages.Select(m => m.MessageId).ToListAsync());
            Assert.Equal(["sent-recent", "unsent-old", "unsent-recent"], (await db.Outbox.Select(o => o.MessageId).ToListAsync()).Order());
            Assert.Equal(["old-open", "recent-open", "recent-resolved"], (await db.SetAside.Select(s => s.MessageId!).ToListAsync()).Order());
            Assert.Equal(["recent"], await db.Alerts.Select(a => a.AlertId).ToListAsync());
            Assert.Equal(["recent"], await db.AccessLog.Select(a => a.Subject).ToListAsync());
        }

        // 0 days: kept for ever.
        await using (var db = Context())
            await new RetentionJob(db, new RetentionOptions(0, 0, 0, 0, 0), new FakeTimeProvider(Now.AddYears(50)), NullLogger<RetentionJob>.Instance)
                .Execute(null!, CancellationToken.None);
        await using (var db = Context())
            Assert.Equal(1, await db.InboundMessages.CountAsync());
    }

    private static OutboxRow Delivery(string id, DateTimeOffset createdAt, DateTimeOffset? sentAt) => new()
    {
        CreatedAt = createdAt, Exchange = "siphub.outbound", RoutingKey = SampleMessages.SocialServices, MessageId = id, CorrelationId = id,
        Kind = "admission-notice", ContentType = "application/json", Body = "{}", SentAt = sentAt,
    };

    private static SetAsideRow SetAside(string messageId, DateTimeOffset at, DateTimeOffset? resolvedAt) => new()
    {
        Id = Guid.CreateVersion7(), ReceivedAt = at, Channel = "amqp", MessageId = messageId, Body = [], Code = "invalid-field", Reason = "—",
        Errors = "{}", Status = resolvedAt is null ? "open" : "discarded", ResolvedAt = resolvedAt,
    };
}
