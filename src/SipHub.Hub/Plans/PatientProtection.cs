using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Episodes;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Skyddad identitet sticks: once the episode's admission notice or any earlier version of the plan said so, a
/// later message that leaves the flag out does not lift it, and no name or address leaves the hub. A message about an
/// episode whose admission notice has not arrived yet goes out without them too: the notice may still say the patient
/// is protected. The commit checks the decision again against the episode as it stands then (<see cref="IdentityProtectionChangedException"/>).
/// </summary>
public sealed class PatientProtection(SipHubDbContext db, EpisodeStore episodes)
{
    public async Task<ProtectionDecision> DecideAsync(Patient patient, string? episodeId, string? planId, CancellationToken cancellationToken)
    {
        var episode = episodeId is null ? null : await episodes.FindAsync(episodeId, cancellationToken);
        var isProtected = patient.ProtectedIdentity == true || episode is { ProtectedIdentity: true }
            || (planId is not null && await db.PlanVersions.AnyAsync(v => v.PlanId == planId && v.ProtectedIdentity, cancellationToken));
        return new ProtectionDecision(isProtected, isProtected || (episodeId is not null && episode?.Admission is null));
    }
}

/// <param name="Protected">The patient has protected identity, as far as the hub knows: stored with the plan, and it sticks.</param>
/// <param name="Withheld">Name and address are left out of what is sent: protected, or not yet known not to be.</param>
public sealed record ProtectionDecision(bool Protected, bool Withheld)
{
    public Patient Stored(Patient patient) => Protected ? patient with { ProtectedIdentity = true } : patient;

    public Patient Sent(Patient patient) => Withheld ? patient with { ProtectedIdentity = true } : patient;
}

/// <summary>
/// The episode became protected between the message's preparation and its commit (an admission notice saying so
/// committed alongside it): its deliveries carry a name and address, so it is prepared again, never sent as it is.
/// </summary>
public sealed class IdentityProtectionChangedException(string episodeId)
    : Exception($"episode {episodeId} has protected identity since this message was prepared; it is prepared again");
