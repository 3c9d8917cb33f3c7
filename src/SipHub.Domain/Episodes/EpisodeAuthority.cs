namespace SipHub.Domain.Episodes;

/// <summary>
/// Who may change an episode (vårdtillfälle). Its admitting unit, the sender of its first admission notice, owns it:
/// the notices of the stay (a corrected admission notice, a new discharge date, discharge-ready and its withdrawal, the
/// discharge, the cancellation) come from that unit or from units the region lets act for it (another ward of the same
/// hospital). The care contact and the invitation come from the units the admission notice in force asks to act
/// (its recipients) or from the owner. A plan's versions are the plan's own business (<see cref="Plans.PlanAuthority"/>).
/// Before the admission notice nobody is known to own the episode; what arrived then counts only if its sender may
/// send it once the owner is known.
/// </summary>
/// <param name="actingFor">Admitting unit's HSA-id → the units that may send its episodes' notices.</param>
public sealed class EpisodeAuthority(IReadOnlyDictionary<string, IReadOnlySet<string>> actingFor)
{
    /// <summary>Only the admitting unit itself sends the notices of its stays.</summary>
    public static readonly EpisodeAuthority AdmittingUnitOnly = new(new Dictionary<string, IReadOnlySet<string>>());

    public bool MayActForOwner(string owner, string sender) =>
        string.Equals(owner, sender, StringComparison.OrdinalIgnoreCase)
        || (actingFor.TryGetValue(owner, out var units) && units.Contains(sender));

    /// <summary>Why <paramref name="sender"/> may not send <paramref name="event"/> for the episode; null when it may.</summary>
    /// <param name="admission">The admission notice in force, whose recipients must act.</param>
    public string? Refusal(string owner, AdmissionNoticed? admission, EpisodeEvent @event)
    {
        if (MayActForOwner(owner, @event.SenderHsaId) || @event is PlanRecorded) return null;
        if (@event is CareContactAppointed or InvitationSent
            && admission?.Recipients.Any(r => string.Equals(r.HsaId, @event.SenderHsaId, StringComparison.OrdinalIgnoreCase)) == true)
            return null;
        return @event is CareContactAppointed or InvitationSent
            ? $"{@event.SenderHsaId} is neither a recipient of the admission notice nor the admitting unit {owner}, so it may not send {@event.Kind} for this episode"
            : $"the episode's admitting unit is {owner}; {@event.SenderHsaId} may not send {@event.Kind} for it";
    }
}
