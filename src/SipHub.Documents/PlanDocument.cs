using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Domain.Swedish;

namespace SipHub.Documents;

/// <summary>
/// The family's copy of one plan version (guide 001 ch. 9; seed 003: the coordinator's contact details, the plan, and how
/// and when it is followed up), in plain Swedish under headings a family understands. One model, laid out as HTML
/// (<see cref="PlanDocumentHtml"/>) and as PDF/A (<see cref="PlanDocumentPdf"/>), so both say exactly the same.
/// </summary>
/// <param name="Title">The document's title: what kind of plan it is.</param>
/// <param name="Lead">The paragraphs under the title: whose plan, which version, whether it applies.</param>
/// <param name="Footer">Which plan and version this is, on every page.</param>
public sealed record PlanDocument(string Title, IReadOnlyList<string> Lead, IReadOnlyList<DocumentSection> Sections, string Footer)
{
    /// <summary>
    /// Composes the document. Under skyddad identitet the patient is not named and the patient's address and telecom are
    /// left out unless <paramref name="identityToPerson"/> (the channel to the person themself, where the region allows it).
    /// Participants the consent excludes are named as not receiving the plan, never with their contact details or notes.
    /// </summary>
    public static PlanDocument Compose(SipPlan plan, bool identityToPerson = false)
    {
        var withheld = plan.Patient.ProtectedIdentity == true && !identityToPerson;
        var shown = withheld ? plan with { Participants = ProtectedIdentity.Shown(plan.Patient, plan.Participants) } : plan;
        return new Composer(shown, withheld).Compose();
    }

    private sealed class Composer(SipPlan plan, bool withheld)
    {
        private readonly HashSet<string> _excluded = Excluded(plan);

        public PlanDocument Compose()
        {
            var title = plan.EpisodeId is null ? "Samordnad individuell plan (SIP)" : "Samordnad individuell plan vid utskrivning";
            var lead = new List<string>
            {
                $"Det här är en kopia av planen från mötet {Dates.Date(plan.PlanDate)}, version {plan.Version}. " +
                (plan.Status == PlanStatus.Active ? "Planen gäller nu." : $"Planen är {Words.PlanStatus(plan.Status)} och gäller inte längre."),
            };
            if (withheld) lead.Add("Personuppgifterna är skyddade. Därför står inte namn, adress eller telefonnummer till den planen gäller här.");
            var sections = new List<DocumentSection?>
            {
                Closing(), Person(), About(), WhatHappens(), WhoDoesWhat(), WhoToContact(), NextMeeting(), Consent(), Views(), Signatures(),
            };
            return new PlanDocument(title, lead, sections.OfType<DocumentSection>().ToList(),
                $"Plan {plan.PlanId}, version {plan.Version}, från {plan.Sender.Name}");
        }

        private DocumentSection? Closing() => plan.Closing is { } closing
            ? new DocumentSection("Planen är avslutad", [new Facts([("När och varför", PlanWords.Closing(closing))])])
            : null;

        private DocumentSection Person()
        {
            var patient = plan.Patient;
            var facts = new List<(string, string)>
            {
                ("Namn", withheld ? "Skyddade personuppgifter" : patient.Name),
                (patient.IdType switch
                {
                    PatientIdType.Samordningsnummer => "Samordningsnummer",
                    PatientIdType.Reservnummer => "Reservnummer",
                    PatientIdType.Lma => "LMA-nummer",
                    _ => "Personnummer",
                }, patient.Id),
            };
            if (!withheld && patient.Address is { } address)
                facts.Add(("Adress", string.Join(", ", [.. address.Line, $"{address.PostalCode} {address.City}"])));
            return new DocumentSection("Planen gäller", [new Facts(facts)]);
        }

        private DocumentSection About() => new("Om planen",
        [
            new Facts(Pairs(("Varför vi gör en plan", plan.Reason), ("Så är det nu", plan.Situation), ("Det här fungerar bra", plan.Strengths))),
        ]);

        private DocumentSection WhatHappens()
        {
            var blocks = new List<DocumentBlock>();
            if (plan.LongTermGoals.Count > 0) blocks.Add(new BulletList("Målet på längre sikt", plan.LongTermGoals));
            blocks.Add(new BulletList("Målen nu", plan.Goals.Select(g => g.Description).ToList()));
            return new DocumentSection("Det här ska hända", blocks);
        }

        private DocumentSection WhoDoesWhat()
        {
            var blocks = new List<DocumentBlock>();
            foreach (var goal in plan.Goals)
            {
                blocks.Add(new SubHeading($"Mål: {goal.Description}"));
                if (goal.Activities.Count == 0) blocks.Add(new Paragraph("Inga insatser är bestämda för det här målet ännu."));
                foreach (var activity in goal.Activities)
                    blocks.Add(new Facts(Pairs(
                        ("Vad", activity.Description),
                        ("Vem", PlanWords.Responsible(activity, NameOf)),
                        ("När", PlanWords.Timing(activity, plan)),
                        ("För", activity.For is { Count: > 0 } aimedAt ? string.Join(", ", aimedAt.Select(NameOf)) : null))));
            }
            return new DocumentSection("Vem gör vad", blocks);
        }

        private DocumentSection WhoToContact()
        {
            var lead = plan.LeadResponsible;
            var facts = Pairs(
                ("Samordnare (huvudansvarig för planen)", Contact(lead.Participant) + (lead.Note is { } note ? $". {note}" : "")),
                ("Fast vårdkontakt", plan.CareContact is { } careContact ? Contact(careContact) : null),
                ("Kontaktplats", plan.ContactPoint is { } point
                    ? string.Join(", ", [point.Name, .. point.HsaId is { } unit && _excluded.Contains(unit) ? [] : point.Telecom ?? []])
                    : null));
            return new DocumentSection("Vem du kontaktar",
            [
                new Facts(facts),
                new BulletList("Alla som är med i planen", plan.Participants.Select(p => Contact(p.Key, withAttendance: true)).ToList()),
            ]);
        }

        private DocumentSection NextMeeting()
        {
            var text = plan.Status == PlanStatus.Active
                ? $"Vi följer upp planen {Dates.Date(plan.FollowUp.Date)}{(plan.FollowUp.Text is { } t ? $" ({t})" : "")}. " +
                  $"{NameOf(plan.LeadResponsible.Participant)} kallar till mötet."
                : "Planen är avslutad och följs inte upp fler gånger.";
            return new DocumentSection("När vi ses igen", [new Paragraph(text)]);
        }

        private DocumentSection Consent()
        {
            var consent = plan.Consent;
            var facts = Pairs(
                ("Samtycke", PlanWords.Consent(consent, NameOf)),
                ("Lämnat", Dates.DayOrTime(consent.GivenAt)),
                ("Gäller till och med", consent.ValidUntil is { } until ? Dates.DayOrTime(until) : null));
            var blocks = new List<DocumentBlock> { new Facts(facts) };
            var notSent = (consent.ExcludedParticipants ?? []).Select(ExcludedName).Distinct(StringComparer.Ordinal).ToList();
            if (notSent.Count > 0)
                blocks.Add(new BulletList("Samtycket omfattar inte de här, och de har inte fått planen", notSent));
            if (consent.ExcludedInformation is { Count: > 0 } information)
                blocks.Add(new BulletList("Samtycket omfattar inte de här uppgifterna, och de finns inte med i planen", information));
            return new DocumentSection("Samtycke", blocks);
        }

        private DocumentSection? Views()
        {
            var items = plan.Views.Select(v =>
            {
                var names = string.Join(", ", v.By.Select(NameOf));
                var text = v.Pending == true ? $"{v.Text} (ska frågas)".Trim() : v.Text ?? "";
                return text.Length == 0 ? names : $"{names}: {text}";
            }).ToList();
            var blocks = new List<DocumentBlock>();
            if (items.Count > 0) blocks.Add(new BulletList("Så tycker ni om insatserna", items));
            if (plan.Disagreements is { Length: > 0 } disagreements) blocks.Add(new Facts([("Det här är vi inte överens om", disagreements)]));
            return blocks.Count == 0 ? null : new DocumentSection("Vad ni tycker", blocks);
        }

        private DocumentSection? Signatures() => plan.SignedBy is { Count: > 0 } signed
            ? new DocumentSection("Underskrifter", [new BulletList(null, signed.Select(s => $"{NameOf(s.Participant)}, {Dates.DayOrTime(s.At)}").ToList())])
            : null;

        private string NameOf(string key)
        {
            var participant = plan.Participants.First(p => p.Key == key);
            return participant.Kind == ParticipantKind.Patient && withheld ? ProtectedIdentity.PatientName : participant.Name;
        }

        /// <summary>"Anna Berg, skolkurator, Ekbackeskolan, 016-123 45": how to reach someone; the consent's exclusions without contact details.</summary>
        private string Contact(string key, bool withAttendance = false)
        {
            var p = plan.Participants.First(x => x.Key == key);
            var parts = new List<string> { NameOf(key), p.Role };
            if (p.Organization is { } unit && unit.Name != p.Name) parts.Add(unit.Name);
            if (IsExcluded(p)) return string.Join(", ", parts) + " (omfattas inte av samtycket)";
            if (p.Telecom is { Count: > 0 } telecom) parts.Add(string.Join(", ", telecom));
            if (withAttendance && p.Attendance is { } attendance) parts.Add(Words.Attendance(attendance));
            return string.Join(", ", parts);
        }

        private bool IsExcluded(Participant p) =>
            _excluded.Contains(p.Key) || (p.HsaId is { } own && _excluded.Contains(own))
            || (p.Organization?.HsaId is { } unit && _excluded.Contains(unit));

        /// <summary>An excluded key or HSA-id as a family knows it: the unit's or the person's name.</summary>
        private string ExcludedName(string excluded)
        {
            var match = plan.Participants.FirstOrDefault(p => string.Equals(p.Key, excluded, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.HsaId, excluded, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match.Organization is { } unit && unit.Name != match.Name ? $"{NameOf(match.Key)}, {unit.Name}" : NameOf(match.Key);
            return plan.Participants.Select(p => p.Organization).FirstOrDefault(o => string.Equals(o?.HsaId, excluded, StringComparison.OrdinalIgnoreCase))?.Name
                ?? excluded;
        }

        private static HashSet<string> Excluded(SipPlan plan) => (plan.Consent.ExcludedParticipants ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);

        private static List<(string Label, string Text)> Pairs(params (string Label, string? Text)[] pairs) =>
            pairs.Where(p => !string.IsNullOrWhiteSpace(p.Text)).Select(p => (p.Label, p.Text!)).ToList();
    }
}

/// <summary>A part of the document under its own heading.</summary>
public sealed record DocumentSection(string Heading, IReadOnlyList<DocumentBlock> Blocks);

/// <summary>What a section holds: paragraphs, labelled facts, lists and headings of their own.</summary>
public abstract record DocumentBlock;

public sealed record Paragraph(string Text) : DocumentBlock;

/// <summary>A heading within a section (a goal, under "Vem gör vad").</summary>
public sealed record SubHeading(string Text) : DocumentBlock;

/// <summary>Labelled facts read one after another ("Vad: …", "Vem: …", "När: …").</summary>
public sealed record Facts(IReadOnlyList<(string Label, string Text)> Rows) : DocumentBlock;

/// <param name="Label">What the list is, said before it; none when the section's heading says it.</param>
public sealed record BulletList(string? Label, IReadOnlyList<string> Items) : DocumentBlock;
