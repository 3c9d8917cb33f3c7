using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SipHub.Hub.Inbound;
using SipHub.Hub.Kernel;
using SipHub.Hub.Persistence;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>
/// The group commit and the forwarder on their own, against the hub's real database: <see cref="InboundCommit"/> applies a
/// batch all or nothing, <see cref="InboundBatcher"/> gathers concurrent messages and sends each back alone when their batch
/// fails, and the forwarder writes every recipient's notices in order, the waiting backlog first.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private const string PrimaryCare = "SE2321000032-2001";
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_batch_applies_each_message_once_and_a_redelivery_inside_it_is_a_duplicate()
    {
        var (first, second) = (SampleMessages.NewId("GC"), SampleMessages.NewId("GC"));
        var admission = Work("admission-notice", SampleMessages.AdmissionNotice(first, SampleMessages.NewId("ADM")));
        var other = Work("admission-notice", SampleMessages.AdmissionNotice(second, SampleMessages.NewId("ADM")));

        var outcomes = await CommitAsync(admission, other, admission);

        Assert.Equal([ProcessOutcome.Processed, ProcessOutcome.Processed, ProcessOutcome.Duplicate], outcomes);
        Assert.Equal([ProcessOutcome.Duplicate], await CommitAsync(admission));
        await using var scope = _hub.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        Assert.Equal(2, await db.InboundMessages.CountAsync(m => m.EpisodeId == first || m.EpisodeId == second));
        Assert.Equal(2, await db.Episodes.CountAsync(e => e.EpisodeId == first || e.EpisodeId == second));
    }

    [Fact]
    public async Task A_refused_message_takes_its_whole_batch_back_and_nothing_of_it_is_kept()
    {
        var (kept, conflicted) = (SampleMessages.NewId("GC"), SampleMessages.NewId("GC"));
        await CommitAsync(Work("admission-notice", SampleMessages.AdmissionNotice(conflicted, SampleMessages.NewId("ADM"))));
        var good = Work("admission-notice", SampleMessages.AdmissionNotice(kept, SampleMessages.NewId("ADM")));
        var anotherPatient = SampleMessages.AdmissionNotice(conflicted, SampleMessages.NewId("ADM"));
        anotherPatient["patient"]!["id"] = "19100101-0006";

        var refused = await Assert.ThrowsAsync<InboundRejectedException>(() => CommitAsync(good, Work("admission-notice", anotherPatient)));

        Assert.Equal(RejectionCodes.EpisodeConflict, refused.Code);
        await using var scope = _hub.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.EpisodeId == kept), "the good message of a refused batch is not kept");
        Assert.Equal([ProcessOutcome.Processed], await CommitAsync(good));
    }

    [Fact]
    public async Task Concurrent_messages_share_commits_and_a_failed_batch_sends_each_back_to_commit_alone()
    {
        var batcher = _hub.Services.GetRequiredService<InboundBatcher>();
        var sizes = new List<int>();
        using var listener = BatchSizes(sizes);
        var works = Enumerable.Range(0, 40).Select(_ =>
            Work("admission-notice", SampleMessages.AdmissionNotice(SampleMessages.NewId("GC"), SampleMessages.NewId("ADM")))).ToList();

        var outcomes = await Task.WhenAll(works.Select(w => batcher.CommitAsync(w, CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(ProcessOutcome.Processed, o));
        lock (sizes) Assert.True(sizes.Sum() == 40 && sizes.Max() > 1, $"batches of {string.Join(", ", sizes)}");

        // One message that conflicts fails its batch: nobody knows whose it was, so every message of it goes back (null).
        var conflicted = SampleMessages.NewId("GC");
        await CommitAsync(Work("admission-notice", SampleMessages.AdmissionNotice(conflicted, SampleMessages.NewId("ADM"))));
        var anotherPatient = SampleMessages.AdmissionNotice(conflicted, SampleMessages.NewId("ADM"));
        anotherPatient["patient"]!["id"] = "19100101-0006";
        var mixed = Enumerable.Range(0, 30).Select(_ =>
                Work("admission-notice", SampleMessages.AdmissionNotice(SampleMessages.NewId("GC"), SampleMessages.NewId("ADM"))))
            .Append(Work("admission-notice", anotherPatient)).ToList();
        var again = await Task.WhenAll(mixed.Select(w => batcher.CommitAsync(w, CancellationToken.None)));
        Assert.Contains(null, again);
        // Committed alone, the good ones are kept and only the conflicting one is refused.
        for (var i = 0; i < mixed.Count - 1; i++)
            Assert.Equal(ProcessOutcome.Processed, again[i] ?? (await CommitAsync(mixed[i]))[0]);
        if (again[^1] is null) await Assert.ThrowsAsync<InboundRejectedException>(() => CommitAsync(mixed[^1]));
        Assert.Null(again[^1]);
    }

    [Fact]
    public async Task The_forwarder_writes_each_recipient_its_waiting_backlog_first_then_every_later_notice_in_one_sequence()
    {
        var episodeId = SampleMessages.NewId("GC");
        var early = SampleMessages.NewId("DR");
        // Before the admission notice nobody is named: the notice waits.
        await CommitAsync(Work("discharge-ready", SampleMessages.DischargeReady(episodeId, early)));
        Assert.Empty(await DeliveriesAsync(episodeId));

        var admission = SampleMessages.NewId("ADM");
        await CommitAsync(Work("admission-notice", SampleMessages.AdmissionNotice(episodeId, admission)));
        var cancelled = SampleMessages.NewId("CAN");
        await CommitAsync(Work("episode-cancelled", new JsonObject
        {
            ["messageId"] = cancelled, ["episodeId"] = episodeId, ["sender"] = SampleMessages.Sender(),
            ["reason"] = "deceased", ["cancelledAt"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        }));

        // The notices, not the deadline alerts the cancellation also sends the units.
        string[] notices = ["admission-notice", "discharge-ready", "episode-cancelled"];
        var rows = (await DeliveriesAsync(episodeId)).Where(r => notices.Contains(r.Kind)).ToList();
        foreach (var recipient in new[] { PrimaryCare, SampleMessages.SocialServices })
        {
            var theirs = rows.Where(r => r.RoutingKey == recipient).OrderBy(r => r.Id).ToList();
            Assert.Equal([admission, early, cancelled], theirs.Select(r => r.CorrelationId));
            Assert.All(theirs, r => Assert.Equal($"episode:{episodeId}", r.OrderKey));
        }
        Assert.Equal(6, rows.Count);
    }

    private InboundWork Work(string kind, JsonObject body)
    {
        var (read, errors) = _hub.Services.GetRequiredService<InboundCheck>().Read(kind, JsonDocument.Parse(body.ToJsonString()).RootElement);
        Assert.True(read is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return new InboundWork(read.Message, kind, read.Translation, "loopback", DateTimeOffset.UtcNow, body.ToJsonString(), null, [], true, null);
    }

    private async Task<ProcessOutcome[]> CommitAsync(params InboundWork[] items)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InboundCommit>().CommitAsync(items, CancellationToken.None);
    }

    private async Task<List<OutboxRow>> DeliveriesAsync(string episodeId)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SipHubDbContext>().Outbox.AsNoTracking().Where(r => r.EpisodeId == episodeId).ToListAsync();
    }

    private static MeterListener BatchSizes(List<int> sizes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Name == "siphub.inbound.batch_size") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => { lock (sizes) sizes.Add(size); });
        listener.Start();
        return listener;
    }
}
