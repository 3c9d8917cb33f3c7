using SipHub.Domain.Episodes;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Tests.Episodes;

/// <summary>One patient's notices, with Stockholm times in late November 2026 (+01:00).</summary>
internal static class EpisodeExamples
{
    public const string Ward = "SE2321000032-1003";
    public const string Outpatient = "SE2321000032-2001";

    public static DateTimeOffset At(string local) => DateTimeOffset.Parse(local + "+01:00");

    public static AdmissionNoticed Admission(string sentAt = "2026-11-20T14:02", string admittedAt = "2026-11-20T08:15", string id = "ADM-1") =>
        new(id, Ward, "Mälarsjukhuset avd 3",
            new EpisodePatient(new PersonIdentifier(PersonIdKind.Personnummer, "191212121212", null), "Tolvan Tolvansson", null, false),
            At(admittedAt), null, new DateOnly(2026, 11, 27),
            [new NoticeRecipient(Outpatient, "regional-outpatient-care", "Vårdcentralen Fröslunda")], "0484", At(sentAt));

    public static DischargeReadyNoticed Ready(string sentAt, string id = "DR-1", bool sipNeeded = true) =>
        new(id, Ward, At(sentAt), At(sentAt), sipNeeded);

    public static CareContactAppointed CareContact(string at, string id = "FVK-1") =>
        new(id, Ward, "SE2321000032-9F1K", "Anna Berg", "sjuksköterska", Outpatient, "Vårdcentralen Fröslunda", ["tel:+4616101010"], At(at));

    public static DischargeReadyWithdrawn Withdrawn(string at, string id = "DRW-1") => new(id, Ward, At(at), "försämrad");

    public static InvitationSent Invitation(string sentAt, string id = "INV-1") =>
        new(id, Outpatient, "SIP-1", At(sentAt), At(sentAt).AddDays(2));

    public static Discharged Discharge(string at, string id = "DIS-1") => new(id, Ward, At(at), "hemmet");

    public static EpisodeCancelled Cancelled(string at, string id = "CAN-1") => new(id, Ward, At(at), "entered-in-error");

    public static Episode Saw(params EpisodeEvent[] events)
    {
        var episode = new Episode("VT-1");
        var received = At("2026-11-20T15:00");
        foreach (var e in events) episode.Apply(e, received = received.AddMinutes(1));
        return episode;
    }
}
