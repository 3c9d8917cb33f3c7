using SipHub.Domain.Episodes;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Episodes;

/// <summary>
/// <c>GET /api/episodes/{episodeId}</c>: state, clocks and timeline. A patient with protected identity
/// (skyddad identitet) is shown without name and address, here and everywhere.
/// </summary>
public sealed record EpisodeView(
    string EpisodeId,
    EpisodeStatus Status,
    PatientView? Patient,
    string? MunicipalityCode,
    DateOnly? ExpectedDischargeDate,
    CareContactView? CareContact,
    IReadOnlyList<NoticeRecipient> Recipients,
    IReadOnlyList<ClockView> Clocks,
    IReadOnlyList<TimelineView> Timeline)
{
    public static EpisodeView From(Episode episode, IReadOnlyList<ClockView> clocks)
    {
        var admission = episode.Admission;
        return new(
            episode.EpisodeId,
            episode.Status,
            admission is null ? null : PatientView.From(admission.Patient, episode.ProtectedIdentity),
            admission?.MunicipalityCode,
            episode.ExpectedDischargeDate,
            episode.CareContact is { } c ? new CareContactView(c.CareContactHsaId, c.Name, c.Title, c.UnitHsaId, c.UnitName, c.AppointedAt) : null,
            admission?.Recipients ?? [],
            clocks,
            episode.Timeline.Select(t => new TimelineView(
                t.Event.Kind, t.Event.MessageId, t.Event.SenderHsaId, t.Event.OccurredAt, t.ReceivedAt, t.Notes,
                episode.Counts(t.Event) ? null : true)).ToList());
    }
}

public sealed record PatientView(string Id, string IdType, string? Name, PatientAddress? Address, bool ProtectedIdentity)
{
    public static PatientView From(EpisodePatient patient, bool protectedIdentity) => new(
        patient.Id.Value,
        WireName.Of(patient.Id.Kind),
        protectedIdentity ? null : patient.Name,
        protectedIdentity ? null : patient.Address,
        protectedIdentity);
}

public sealed record CareContactView(string HsaId, string Name, string? Title, string UnitHsaId, string UnitName, DateTimeOffset AppointedAt);

/// <param name="Ignored">True for a message its sender had no right to send, known once the admission notice named who may.</param>
public sealed record TimelineView(
    string Kind, string MessageId, string Sender, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, IReadOnlyList<string> Notes,
    bool? Ignored = null);
