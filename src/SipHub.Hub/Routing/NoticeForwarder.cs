using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>
/// To every recipient of an admission notice: the notice, and every later notice of that episode
/// (wire contract, "What the hub sends"). Written to the outbox in the caller's transaction.
/// </summary>
public sealed class NoticeForwarder(SipHubDbContext db, TimeProvider time)
{
    /// <summary>The episode notices that are forwarded; invitations and plans go out as FHIR instead.</summary>
    private static readonly HashSet<string> Forwarded =
    [
        InboundKinds.AdmissionNotice, InboundKinds.DischargeDateChanged, InboundKinds.CareContactAppointed,
        InboundKinds.DischargeReady, InboundKinds.DischargeReadyWithdrawn, InboundKinds.DischargeNotice, InboundKinds.EpisodeCancelled,
    ];

    /// <summary>The notices that wait in the inbox until their episode's admission notice arrives.</summary>
    public static readonly string[] WaitingKinds = [.. Forwarded.Where(k => k != InboundKinds.AdmissionNotice)];

    public async Task ForwardAsync(Episode episode, EpisodeEvent applied, string body, CancellationToken cancellationToken)
    {
        if (!Forwarded.Contains(applied.Kind)) return;
        // Until the admission notice names the recipients, notices wait in the inbox; the first admission
        // notice then carries the backlog with it, in arrival order.
        if (episode.Admission is not { } admission) return;

        var notices = new List<(EpisodeEvent Event, string Body)>();
        if (applied is AdmissionNoticed && episode.AdmissionNotices.Count() == 1)
        {
            // Only what its sender had the right to send: the admitting unit is known now.
            var earlier = episode.Timeline.Select(t => t.Event).Where(e => e != applied && Forwarded.Contains(e.Kind) && episode.Counts(e)).ToList();
            notices.Add((applied, body));
            // Most episodes start with their admission notice: nothing waits, and nothing is read.
            if (earlier.Count > 0) notices.AddRange(await WaitingAsync(episode.EpisodeId, earlier, cancellationToken));
        }
        else notices.Add((applied, body));

        var now = time.GetUtcNow();
        foreach (var recipient in admission.Recipients.DistinctBy(r => r.HsaId))
            foreach (var (notice, noticeBody) in notices)
                db.Outbox.Add(new OutboxRow
                {
                    CreatedAt = now,
                    Exchange = InboundKinds.Exchanges.Outbound,
                    RoutingKey = recipient.HsaId,
                    MessageId = Guid.CreateVersion7().ToString(),
                    CorrelationId = notice.MessageId,
                    Kind = notice.Kind,
                    EpisodeId = episode.EpisodeId,
                    OrderKey = OrderKeys.Episode(episode.EpisodeId),
                    ContentType = "application/json",
                    Body = episode.ProtectedIdentity ? WithoutIdentity(noticeBody) : noticeBody,
                });
    }

    private async Task<IEnumerable<(EpisodeEvent Event, string Body)>> WaitingAsync(string episodeId, List<EpisodeEvent> earlier,
        CancellationToken cancellationToken)
    {
        var ids = earlier.Select(e => e.MessageId).ToList();
        var bodies = await db.InboundMessages.AsNoTracking()
            .Where(m => m.EpisodeId == episodeId && ids.Contains(m.MessageId))
            .ToDictionaryAsync(m => (m.SenderHsaId, m.MessageId), m => m.Body, cancellationToken);
        // Notices committed in the same transaction are not in the database yet.
        foreach (var unsaved in db.InboundMessages.Local.Where(m => m.EpisodeId == episodeId))
            bodies.TryAdd((unsaved.SenderHsaId, unsaved.MessageId), unsaved.Body);
        // A notice whose body retention has already removed (it waited longer than the inbox keeps) is not sent on.
        return earlier.Where(e => bodies.ContainsKey((e.SenderHsaId, e.MessageId))).Select(e => (e, bodies[(e.SenderHsaId, e.MessageId)]));
    }

    /// <summary>Skyddad identitet: name and address never leave the hub. The identifier does: recipients need it.</summary>
    public static string WithoutIdentity(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject message || message["patient"] is not JsonObject patient) return body;
        patient["name"] = "(skyddad identitet)";
        patient.Remove("address");
        patient["protectedIdentity"] = true;
        return message.ToJsonString();
    }
}
