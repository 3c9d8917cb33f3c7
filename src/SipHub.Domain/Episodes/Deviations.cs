namespace SipHub.Domain.Episodes;

/// <summary>
/// A message that departs from what the agreements ask (avvikelse), raised as an alert of level <c>deviation</c> to
/// each of <see cref="Units"/>: the sender and the unit that should have acted.
/// </summary>
/// <param name="Clock">The clock it belongs with.</param>
/// <param name="Code">What departs: <see cref="Deviations.NoOutpatientUnit"/>, <see cref="Deviations.InvitationNotFromCareContact"/>.</param>
/// <param name="At">When the message that departs was sent.</param>
/// <param name="Key">What it is about beyond its episode (a plan, a pair of plans): raised once per key and unit, whatever
/// the message; without it, once per episode, message time and unit.</param>
public sealed record Deviation(string Clock, string Code, string Text, IReadOnlyList<string> Units, DateTimeOffset At, string? Key = null);

/// <summary>The deviations a message brings to an episode, found once, when it is applied.</summary>
public static class Deviations
{
    /// <summary>Municipal care is expected but no regional outpatient unit is told (guide 001 ch. 3: it must always be).</summary>
    public const string NoOutpatientUnit = "no-outpatient-unit";
    /// <summary>The invitation's <c>sentBy.unit</c> is not the unit of the appointed fast vårdkontakt, who sends it (4 kap. 3 §).</summary>
    public const string InvitationNotFromCareContact = "invitation-not-from-care-contact";

    public static IEnumerable<Deviation> Of(Episode episode, EpisodeEvent applied)
    {
        switch (applied)
        {
            case AdmissionNoticed admission
                when admission.Recipients.Any(r => r.Type is RecipientTypes.MunicipalSocialServices or RecipientTypes.MunicipalHealthCare)
                     && admission.Recipients.All(r => r.Type != RecipientTypes.RegionalOutpatientCare):
                yield return new Deviation(ClockNames.AdmissionNotice, NoOutpatientUnit,
                    $"Avvikelse: inskrivningsmeddelandet för vårdtillfälle {episode.EpisodeId} väntar kommunal vård men saknar mottagare i "
                    + "regionens öppna vård. Den öppna vården ska alltid underrättas (riktlinje 001 kap. 3).",
                    [admission.SenderHsaId], admission.SentAt);
                break;
            // Whichever of the pair comes second finds the other: each deviation is found once.
            case InvitationSent invitation when episode.CareContact is { } careContact:
                if (NotFromCareContact(episode, invitation, careContact) is { } deviation) yield return deviation;
                break;
            case CareContactAppointed appointed when episode.FirstCareContact == appointed && episode.Invitation is { } sent:
                if (NotFromCareContact(episode, sent, appointed) is { } late) yield return late;
                break;
        }
    }

    private static Deviation? NotFromCareContact(Episode episode, InvitationSent invitation, CareContactAppointed careContact) =>
        invitation.SentByUnitHsaId is { } unit && !string.Equals(unit, careContact.UnitHsaId, StringComparison.OrdinalIgnoreCase)
            ? new Deviation(ClockNames.SipInvitation, InvitationNotFromCareContact,
                $"Avvikelse: kallelsen till SIP för vårdtillfälle {episode.EpisodeId} skickades från enheten {unit}, men den fasta "
                + $"vårdkontakten {careContact.Name} finns på {careContact.UnitName} ({careContact.UnitHsaId}). Kallelsen ska komma från den fasta vårdkontakten.",
                [invitation.SenderHsaId, unit, careContact.UnitHsaId], invitation.SentAt)
            : null;
}
