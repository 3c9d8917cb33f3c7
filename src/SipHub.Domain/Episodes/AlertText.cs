using System.Globalization;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;

namespace SipHub.Domain.Episodes;

/// <summary>An alert in the words operations staff use (Swedish, with the legal terms).</summary>
public static class AlertText
{
    /// <summary>No kvittens from a participant within the configured time; says whether it even reached them.</summary>
    public static string ReceiptOverdue(string recipient, string kind, string deliveryId, bool delivered, string? lastError, DateTimeOffset dueAt)
    {
        var due = Stockholm.ToLocal(dueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var what = $"Ingen kvittens från {recipient} på leverans {deliveryId} ({kind}) senast {due}";
        return delivered ? $"{what}." : $"{what}: leveransen har inte nått mottagaren{(lastError is null ? "" : $" ({lastError})")}.";
    }

    public static string For(string clock, AlertLevel level, ClockSubject about, DateTimeOffset dueAt)
    {
        var due = Stockholm.ToLocal(dueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var what = clock switch
        {
            ClockNames.AdmissionNotice => "Inskrivningsmeddelande",
            ClockNames.SipInvitation => "Kallelse till SIP",
            ClockNames.PaymentLiability => "Betalningsansvar",
            ClockNames.SipFollowUp => "Uppföljning av SIP",
            ClockNames.SipStart => "Start av SIP-arbetet",
            ClockNames.SipConsent => "Samtycket till SIP",
            ClockNames.CareContact => "Fast vårdkontakt",
            _ => clock,
        };
        var subject = about switch
        {
            { PlanId: { } planId } => $"{what} {planId}",
            { RequestId: { } requestId } => $"{what} enligt begäran {requestId}",
            _ => $"{what} för vårdtillfälle {about.EpisodeId}",
        };
        return (clock, level) switch
        {
            (ClockNames.PaymentLiability, AlertLevel.Breached) => $"{subject}: kommunen har betalningsansvar från {due}.",
            (ClockNames.PaymentLiability, AlertLevel.Retracted) =>
                $"{subject}: larmet om betalningsansvar från {due} återkallas. Ansvaret uppstod inte; det som stoppade det skickades i tid men nådde navet senare.",
            (_, AlertLevel.Retracted) =>
                $"{subject}: larmet om passerad tidsgräns {due} återkallas. Det som krävdes skickades i tid men nådde navet först efter larmet.",
            (ClockNames.CareContact, AlertLevel.Breached) => $"{subject} saknades när patienten anmäldes utskrivningsklar ({due}).",
            (ClockNames.SipConsent, AlertLevel.Warning) =>
                $"{subject} gäller till {due}. Förnya samtycket i en ny version av planen, annars avslutas planen då.",
            (_, AlertLevel.Warning) => $"{subject} ska vara klar senast {due}.",
            (_, AlertLevel.Breached) => $"{subject}: tidsgränsen {due} har passerats.",
            (_, AlertLevel.Met) => $"{subject}: klart i tid (senast {due}).",
            (_, AlertLevel.MetLate) => $"{subject}: klart efter tidsgränsen {due}.",
            (_, AlertLevel.Cancelled) => about switch
            {
                { PlanId: not null } => $"{subject}: planen avslutades innan den följdes upp.",
                { RequestId: not null } => $"{subject}: begäran är återkallad.",
                _ => $"{subject}: vårdtillfället är makulerat.",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
        };
    }
}
