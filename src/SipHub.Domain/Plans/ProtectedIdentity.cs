using SipHub.Contracts;

namespace SipHub.Domain.Plans;

/// <summary>
/// Skyddad identitet in what leaves the hub (Bundles, narratives, the family's copy): the patient is not named, and the
/// patient taking part keeps no telecom and no note, which would say where they are or who they are.
/// </summary>
public static class ProtectedIdentity
{
    /// <summary>What a Bundle or a document calls the patient whose identity is protected.</summary>
    public const string PatientName = "Patienten";

    /// <summary>The participants as they may be shown when <paramref name="patient"/> has protected identity; as they are otherwise.</summary>
    public static IReadOnlyList<Participant> Shown(Patient patient, IReadOnlyList<Participant> participants) =>
        patient.ProtectedIdentity == true
            ? participants.Select(p => p.Kind == ParticipantKind.Patient ? p with { Telecom = null, Note = null } : p).ToList()
            : participants;
}
