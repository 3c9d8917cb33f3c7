using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Swedish;

namespace SipHub.Fhir;

/// <summary>The whole plan in Swedish, laid out like guide 001's form (Bilaga 2), for the CarePlan's <c>text</c>.</summary>
internal static class PlanNarrative
{
    public static Narrative Build(SipPlan plan, ParticipantResources people)
    {
        var patient = plan.Patient.ProtectedIdentity == true
            ? $"Skyddad identitet ({plan.Patient.Id})"
            : $"{plan.Patient.Name} ({plan.Patient.Id})";
        return new Xhtml()
            .Heading(plan.EpisodeId is null ? "Samordnad individuell plan (SIP)" : "Samordnad individuell plan vid utskrivning (SPU)")
            .Field("Personuppgifter", patient)
            .Field("Datum", $"{Dates.Date(plan.PlanDate)}, version {plan.Version}, {Words.PlanStatus(plan.Status)}")
            .Field("Vårdtillfälle", plan.EpisodeId)
            .Field("Samtycke", PlanWords.Consent(plan.Consent, people.NameOf))
            .List("Medverkande", plan.Participants.Select(p => Participant(p, people)))
            .Field("Varför görs SIP?", plan.Reason)
            .Field("Fast vårdkontakt", plan.CareContact is { } contact ? people.NameOf(contact) : null)
            .Field("Kontaktplats", plan.ContactPoint is { } point ? string.Join(", ", new[] { point.Name }.Concat(point.Telecom ?? [])) : null)
            .Field("Aktuell situation", plan.Situation)
            .Field("Vad fungerar bra (styrkor)", plan.Strengths)
            .List("Långsiktiga mål", plan.LongTermGoals)
            .Table("Mål och planering", ["Mål", "Insats/aktivitet", "Ansvar", "Tidplan"],
                plan.Goals.SelectMany(g => g.Activities.Select(a => (IReadOnlyList<string>)
                    [g.Description, a.Description, PlanWords.Responsible(a, people.NameOf), Timing(a, people, plan)])))
            .List("Uppfattning om insatserna", plan.Views.Select(v =>
                $"{string.Join(", ", v.By.Select(people.NameOf))}: {(v.Pending == true ? $"{v.Text} (ska inhämtas)".Trim() : v.Text)}"))
            .Field("Oenighet", plan.Disagreements)
            .Field("Huvudansvarig för planen", $"{people.NameOf(plan.LeadResponsible.Participant)}{(plan.LeadResponsible.Note is { } n ? $". {n}" : "")}")
            .List("Underskrifter", (plan.SignedBy ?? []).Select(s => $"{people.NameOf(s.Participant)}, {Dates.DayOrTime(s.At)}"))
            .Field("Uppföljning av SIP", $"{Dates.Date(plan.FollowUp.Date)}{(plan.FollowUp.Text is { } t ? $". {t}" : "")}")
            .Field("Planen avslutad", plan.Closing is { } c ? PlanWords.Closing(c) : null)
            .Build();
    }

    private static string Participant(Participant p, ParticipantResources people)
    {
        var parts = new List<string> { people.NameOf(p.Key), p.Role };
        if (p.Organization is { } unit && unit.Name != p.Name) parts.Add(unit.Name);
        if (p.Telecom is { Count: > 0 } telecom) parts.Add(string.Join(", ", telecom));
        if (p.Attendance is { } attendance) parts.Add(Words.Attendance(attendance));
        if (p.Note is { } note) parts.Add(note);
        return string.Join(", ", parts);
    }

    /// <summary>The timing, and whom the activity is aimed at when not (only) the patient.</summary>
    private static string Timing(PlanActivity activity, ParticipantResources people, SipPlan plan) =>
        string.Join(", ", new[] { PlanWords.Timing(activity, plan),
            activity.For is { Count: > 0 } aimedAt ? $"riktas till {string.Join(", ", aimedAt.Select(people.NameOf))}" : "" }.Where(p => p.Length > 0));
}
