using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Domain.Requests;
using SipHub.Hub.Clocks;
using SipHub.Hub.Kernel;
using SipHub.Hub.Participants;
using SipHub.Hub.Persistence;
using SipHub.Hub.Routing;

namespace SipHub.Hub.Requests;

/// <summary>
/// Begäran om SIP: keeps each request's newest version, sends it (and its withdrawal) to the units asked once consent lets
/// the patient's details cross, and runs its
/// <c>sip-start</c> clock (<see cref="SipStart"/>) to the first invitation that names it. Runs inside the inbound
/// transaction, so the request, its deliveries and its clock commit together.
/// </summary>
public sealed class RequestService(SipHubDbContext db, ClockKeeper clocks, RegionalPolicies policies, ParticipantDirectory directory)
{
    /// <summary>
    /// A request, or a newer version of one: only from the unit that first sent it, never after its withdrawal. An older
    /// version arriving after a newer one is kept in the inbox and changes nothing.
    /// </summary>
    public async Task ApplyAsync(SipRequest request, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await FindAsync(request.RequestId, cancellationToken);
        if (row is not null && !string.Equals(row.SenderHsaId, request.Sender.HsaId, StringComparison.OrdinalIgnoreCase))
            throw new InboundRejectedException(RejectionCodes.UnauthorizedSender,
                $"request {request.RequestId} was sent by {row.SenderHsaId}; only that unit may change it",
                new Dictionary<string, List<string>> { ["sender.hsaId"] = [$"request {request.RequestId} belongs to {row.SenderHsaId}"] });
        if (row is { WithdrawnAt: not null })
            throw new InboundRejectedException(RejectionCodes.RequestEnded, $"request {request.RequestId} was withdrawn",
                new Dictionary<string, List<string>> { ["requestId"] = ["the request was withdrawn"] });
        if (row is not null && row.SentAt >= request.SentAt) return;

        var units = request.AskedUnits.Select(u => u.HsaId).ToList();
        if (row is null)
            db.Requests.Add(row = new RequestRow
            {
                RequestId = request.RequestId, SenderHsaId = request.Sender.HsaId, SentAt = request.SentAt, Status = "", UpdatedAt = now, Body = body,
                MunicipalityCode = await directory.MunicipalityOfAsync([.. units, request.Sender.HsaId], cancellationToken),
            });
        row.SentAt = request.SentAt;
        row.Body = body;
        row.PatientKey = PatientIdentity.TryRead(request.Patient, Stockholm.DateOf(request.SentAt), out var patient, out _) ? patient.MatchKey : null;
        // Skyddad identitet sticks: a later version that leaves the flag out does not lift it.
        row.ProtectedIdentity |= request.Patient.ProtectedIdentity == true;
        // The patient's details cross to the units asked only with consent; once they have them, later versions follow.
        if (request.Consent.Status == RequestConsentStatus.Given || row.SentToUnits)
        {
            Deliver(units, request.MessageId, InboundKinds.SipRequest, request.RequestId, Outgoing(body, row.ProtectedIdentity), now);
            row.SentToUnits = true;
        }
        await SyncAsync(row, now, cancellationToken);
    }

    /// <summary>The request taken back by the unit that sent it; its asked units are told.</summary>
    public async Task WithdrawAsync(SipRequestWithdrawn withdrawal, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await FindAsync(withdrawal.RequestId, cancellationToken)
            ?? throw new InboundRejectedException(RejectionCodes.UnknownRequest, $"no request {withdrawal.RequestId} has been accepted",
                new Dictionary<string, List<string>> { ["requestId"] = ["unknown request; replay once the request has arrived"] });
        if (!string.Equals(row.SenderHsaId, withdrawal.Sender.HsaId, StringComparison.OrdinalIgnoreCase))
            throw new InboundRejectedException(RejectionCodes.UnauthorizedSender,
                $"request {withdrawal.RequestId} was sent by {row.SenderHsaId}; only that unit may withdraw it",
                new Dictionary<string, List<string>> { ["sender.hsaId"] = [$"request {withdrawal.RequestId} belongs to {row.SenderHsaId}"] });
        if (row.WithdrawnAt is not null) return;
        row.WithdrawnAt = withdrawal.WithdrawnAt;
        if (row.SentToUnits)
            Deliver(Request(row).AskedUnits.Select(u => u.HsaId).ToList(), withdrawal.MessageId, InboundKinds.SipRequestWithdrawn, row.RequestId, body, now);
        await SyncAsync(row, now, cancellationToken);
    }

    /// <summary>
    /// An invitation naming a request: the first one sent meets its start clock. One naming a request the hub does not
    /// hold is sent on all the same; the request, if it comes later, is then met by it only if it is named again.
    /// </summary>
    public async Task InvitedAsync(SipInvitation invitation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (invitation.RequestId is not { } requestId || await FindAsync(requestId, cancellationToken) is not { } row) return;
        if (row.InvitedAt is { } earlier && earlier <= invitation.SentAt) return;
        (row.InvitedAt, row.InvitationId) = (invitation.SentAt, invitation.InvitationId);
        await SyncAsync(row, now, cancellationToken);
    }

    /// <summary><c>GET /api/requests/{requestId}</c>: the newest version (identity withheld where protected), and how it stands.</summary>
    public async Task<RequestView?> ViewAsync(string requestId, CancellationToken cancellationToken)
    {
        if (await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == requestId, cancellationToken) is not { } row) return null;
        var clock = await db.Clocks.AsNoTracking().SingleOrDefaultAsync(c => c.Subject == ClockSubject.Request(requestId).Key, cancellationToken);
        var request = Request(row);
        return new RequestView(row.RequestId, row.SenderHsaId, row.Status, row.SentAt, request.Reason, request.AskedUnits, request.Consent,
            row.WithdrawnAt, row.InvitedAt, row.InvitationId, row.MunicipalityCode, clock?.State, clock?.DueAt);
    }

    /// <summary>The patient a request is about (its identifier as the hub keeps it), for the access log.</summary>
    public async Task<string?> PatientOfAsync(string requestId, CancellationToken cancellationToken) =>
        await db.Requests.AsNoTracking().Where(r => r.RequestId == requestId).Select(r => r.Body).SingleOrDefaultAsync(cancellationToken) is { } body
        && JsonSerializer.Deserialize<SipRequest>(body, ContractJson.Options)! is var request
        && PatientIdentity.TryRead(request.Patient, Stockholm.DateOf(request.SentAt), out var id, out _)
            ? id.Value : null;

    /// <summary>The request, tracked, also when an earlier message of the same transaction added it.</summary>
    private async Task<RequestRow?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        db.Requests.Local.SingleOrDefault(r => r.RequestId == requestId)
        ?? await db.Requests.SingleOrDefaultAsync(r => r.RequestId == requestId, cancellationToken);

    private static SipRequest Request(RequestRow row) => JsonSerializer.Deserialize<SipRequest>(row.Body, ContractJson.Options)!;

    private async Task SyncAsync(RequestRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = Request(row);
        var state = RequestState.Of(request) with { WithdrawnAt = row.WithdrawnAt, InvitedAt = row.InvitedAt };
        row.Status = state switch
        {
            { WithdrawnAt: not null } => "withdrawn",
            { Consent: RequestConsentStatus.Refused } => "refused",
            { InvitedAt: not null } => "invited",
            { Consent: RequestConsentStatus.Pending } => "awaiting-consent",
            _ => "open",
        };
        row.UpdatedAt = now;
        var policy = policies.For(row.MunicipalityCode);
        var about = ClockSubject.Request(row.RequestId);
        await db.Clocks.Where(c => c.Subject == about.Key).LoadAsync(cancellationToken);
        var clock = await clocks.SyncAsync(about,
            new ClockSource(at => [SipStart.Evaluate(state, policy, at)], _ => policy.SipStartWarningLead, _ => row.SenderHsaId),
            [.. db.Clocks.Local.Where(c => c.Subject == about.Key)], row.MunicipalityCode, now, cancellationToken);
        (clock.StartedAt, clock.DoneAt) = (state.ConsentGivenAt, state.InvitedAt);
    }

    /// <summary>
    /// Skyddad identitet: the name and address never leave the hub, nor the name of whoever took the initiative (a parent's
    /// name points at the child). The identifier does: the units asked need it.
    /// </summary>
    private static string Outgoing(string body, bool protectedIdentity)
    {
        if (!protectedIdentity) return body;
        var message = JsonNode.Parse(NoticeForwarder.WithoutIdentity(body))!.AsObject();
        (message["initiatedBy"] as JsonObject)?.Remove("name");
        return message.ToJsonString();
    }

    private void Deliver(IReadOnlyList<string> units, string messageId, string kind, string requestId, string body, DateTimeOffset now)
    {
        foreach (var unit in units.Distinct(StringComparer.OrdinalIgnoreCase))
            db.Outbox.Add(new OutboxRow
            {
                CreatedAt = now,
                Exchange = InboundKinds.Exchanges.Outbound,
                RoutingKey = unit,
                MessageId = Guid.CreateVersion7().ToString(),
                CorrelationId = messageId,
                Kind = kind,
                OrderKey = OrderKeys.Request(requestId),
                ContentType = "application/json",
                Body = body,
            });
    }
}

/// <summary>A SIP request as <c>GET /api/requests/{requestId}</c> shows it: no patient details, and its start clock.</summary>
/// <param name="Status">awaiting-consent, open, invited, refused or withdrawn.</param>
/// <param name="StartClock">The <c>sip-start</c> clock's state.</param>
public sealed record RequestView(string RequestId, string Sender, string Status, DateTimeOffset SentAt, string Reason, IReadOnlyList<Recipient> AskedUnits,
    RequestConsent Consent, DateTimeOffset? WithdrawnAt, DateTimeOffset? InvitedAt, string? InvitationId, string? MunicipalityCode, string? StartClock,
    DateTimeOffset? StartDueAt);
