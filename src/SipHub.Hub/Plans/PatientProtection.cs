using Microsoft.EntityFrameworkCore;
using SipHub.Contracts;
using SipHub.Hub.Episodes;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Plans;

/// <summary>
/// Skyddad identitet sticks: once the episode's admission notice or any earlier version of the plan said so, a
/// later message that leaves the flag out does not lift it, and no name or address leaves the hub.
/// </summary>
public sealed class PatientProtection(SipHubDbContext db, EpisodeStore episodes)
{
    public async Task<Patient> ApplyAsync(Patient patient, string? episodeId, string? planId, CancellationToken cancellationToken)
    {
        if (patient.ProtectedIdentity == true) return patient;
        var known = (episodeId is not null && await episodes.FindAsync(episodeId, cancellationToken) is { ProtectedIdentity: true })
            || (planId is not null && await db.PlanVersions.AnyAsync(v => v.PlanId == planId && v.ProtectedIdentity, cancellationToken));
        return known ? patient with { ProtectedIdentity = true } : patient;
    }
}
