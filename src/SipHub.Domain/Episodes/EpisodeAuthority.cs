namespace SipHub.Domain.Episodes;

/// <summary>
/// Who may change an episode (vårdtillfälle). Its admitting unit owns it: the issuer its key names
/// (<see cref="EpisodeKey"/>), else the sender of its first admission notice. The notices of the stay (a corrected
/// admission notice, a new discharge date, discharge-ready and its withdrawal, the discharge, the cancellation) come from
/// the owner or from units the region lets act for it (another ward of the same hospital). The care contact, the
/// invitation and a plan for the episode come from the units asked to act (the recipients of the owner's admission
/// notices, the care contact's unit) or from the owner. Before an admission notice names those units, such a message is
/// taken; it counts only if its sender turns out to be one of them.
/// </summary>
/// <param name="actingFor">
/// Admitting unit's HSA-id → the units that may send its episodes' notices; an entry ending in <c>*</c> stands for every
/// HSA-id it begins (<c>SE2321000032-*</c>: every unit of that organisation).
/// </param>
public sealed class EpisodeAuthority(IReadOnlyDictionary<string, IReadOnlySet<string>> actingFor)
{
    /// <summary>Only the admitting unit itself sends the notices of its stays.</summary>
    public static readonly EpisodeAuthority AdmittingUnitOnly = new(new Dictionary<string, IReadOnlySet<string>>());

    public bool MayActForOwner(string owner, string sender) =>
        Same(owner, sender) || (actingFor.TryGetValue(owner, out var units) && units.Any(unit => unit.EndsWith('*')
            ? sender.StartsWith(unit[..^1], StringComparison.OrdinalIgnoreCase)
            : Same(unit, sender)));

    /// <summary>Why <paramref name="event"/>'s sender may not send it for the episode; null when it may.</summary>
    /// <param name="actors">The units asked to act for the episode; null while no admission notice has named them.</param>
    public string? Refusal(string owner, IReadOnlySet<string>? actors, EpisodeEvent @event)
    {
        if (MayActForOwner(owner, @event.SenderHsaId)) return null;
        if (@event is CareContactAppointed or InvitationSent or PlanRecorded)
            return actors is null || actors.Contains(@event.SenderHsaId) ? null
                : $"{@event.SenderHsaId} is neither a unit the admission notice asks to act nor the admitting unit {owner}, so it may not send {@event.Kind} for this episode";
        return $"the episode's admitting unit is {owner}; {@event.SenderHsaId} may not send {@event.Kind} for it";
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
