using Hl7.Fhir.Model;
using SipHub.Contracts;
using ContractActivityStatus = SipHub.Contracts.ActivityStatus;
using ActivityStatus = Hl7.Fhir.Model.CarePlan.CarePlanActivityStatus;

namespace SipHub.Fhir;

/// <summary>
/// A plan version as the FHIR R4 message Bundle one destination receives: MessageHeader, CarePlan, Patient,
/// CareTeam, Goals, Consent, and the Organizations, Practitioners, PractitionerRoles and RelatedPersons they
/// point at. The plan must have passed <see cref="SipHub.Domain.Plans.PlanRules"/>: every key resolves.
/// </summary>
public static class PlanBundleMapper
{
    public const string EventCode = "sip-plan";

    public static Bundle Map(SipPlan plan, MessageDestination destination, Delivery delivery)
    {
        var people = new ParticipantResources(plan.PlanId, plan.Patient, plan.PlanDate, plan.Participants, unitsAsServices: false);
        var sender = people.OrganizationReference(plan.Sender.HsaId, plan.Sender.Name);
        var receiver = people.OrganizationReference(destination.HsaId, destination.Name);
        var id = (string part) => FhirIds.Uuid(plan.PlanId, part);

        var longTermGoals = plan.LongTermGoals.Select((text, i) => Goal(id($"long-term-goal:{i}"), text, "Långsiktigt mål", plan, people)).ToList();
        var goals = plan.Goals.ToDictionary(g => g.Id, g => Goal(id($"goal:{g.Id}"), g.Description, "Kortsiktigt mål", plan, people), StringComparer.Ordinal);
        var careTeam = CareTeam(id("care-team"), plan, people);
        var consent = ConsentMapper.Map(id("consent"), plan, people, sender);
        var carePlan = CarePlan(id("care-plan"), plan, people, careTeam, longTermGoals, goals, consent);

        return MessageBundle.Build(delivery, destination, sender, receiver,
            new Coding(FhirSystems.MessageEvent, EventCode, "Samordnad individuell plan"), carePlan,
            [carePlan, .. people.Resources, careTeam, .. longTermGoals, .. goals.Values, consent]);
    }

    private static Goal Goal(string id, string description, string category, SipPlan plan, ParticipantResources people) => new()
    {
        Id = id,
        LifecycleStatus = plan.Status switch
        {
            PlanStatus.Completed => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Completed,
            PlanStatus.Revoked => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Cancelled,
            _ => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Active,
        },
        Category = [new CodeableConcept { Text = category }],
        Description = new CodeableConcept { Text = description },
        Subject = people.PatientReference,
    };

    private static CareTeam CareTeam(string id, SipPlan plan, ParticipantResources people) => new()
    {
        Id = id,
        Status = plan.Status == PlanStatus.Active ? Hl7.Fhir.Model.CareTeam.CareTeamStatus.Active : Hl7.Fhir.Model.CareTeam.CareTeamStatus.Inactive,
        Name = $"SIP {plan.PlanId}",
        Subject = people.PatientReference,
        Participant = plan.Participants.Select(p =>
        {
            var roles = new List<CodeableConcept> { new() { Text = p.Role } };
            if (p.Key == plan.LeadResponsible.Participant) roles.Add(new CodeableConcept { Text = "Huvudansvarig" });
            if (p.Key == plan.CareContact) roles.Add(new CodeableConcept { Text = "Fast vårdkontakt" });
            return new CareTeam.ParticipantComponent { Role = roles, Member = people.Reference(p.Key) };
        }).ToList(),
        ManagingOrganization = [people.OrganizationReference(plan.Sender.HsaId, plan.Sender.Name)],
    };

    private static CarePlan CarePlan(string id, SipPlan plan, ParticipantResources people, CareTeam careTeam,
        List<Goal> longTermGoals, Dictionary<string, Goal> goals, Consent consent)
    {
        var type = plan.EpisodeId is null
            ? new Coding(FhirSystems.CarePlanType, "SIP", "Samordnad individuell plan")
            : new Coding(FhirSystems.CarePlanType, "SPU", "Samordnad plan vid utskrivning");
        var carePlan = new CarePlan
        {
            Id = id,
            Meta = new Meta { VersionId = plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Profile = [SipProfiles.CarePlan] },
            Text = PlanNarrative.Build(plan, people),
            Identifier = [new Identifier(FhirSystems.PlanId, plan.PlanId)],
            Status = plan.Status switch
            {
                PlanStatus.Completed => RequestStatus.Completed,
                PlanStatus.Revoked => RequestStatus.Revoked,
                _ => RequestStatus.Active,
            },
            Intent = Hl7.Fhir.Model.CarePlan.CarePlanIntent.Plan,
            Category = [new CodeableConcept { Coding = [type], Text = type.Display }],
            Title = type.Display,
            Subject = people.PatientReference,
            Period = new Period { Start = plan.PlanDate.ToString("yyyy-MM-dd"), End = plan.Closing is { } closing ? closing.At.ToString("yyyy-MM-ddTHH:mm:sszzz") : null },
            Created = plan.PlanDate.ToString("yyyy-MM-dd"),
            Author = people.Reference(plan.LeadResponsible.Participant),
            Contributor = (plan.SignedBy ?? []).Select(s => people.Reference(s.Participant)).ToList(),
            CareTeam = [ParticipantResources.Ref(careTeam, null)],
            Goal = [.. longTermGoals.Select(g => ParticipantResources.Ref(g, null)), .. goals.Values.Select(g => ParticipantResources.Ref(g, null))],
            SupportingInfo = [ParticipantResources.Ref(consent, "Samtycke")],
            Activity = [.. plan.Goals.SelectMany(g => g.Activities.Select(a => Activity(a, goals[g.Id], people))), FollowUp(plan, people)],
            Note = Notes(plan, people),
        };
        if (plan.EpisodeId is { } episodeId)
            carePlan.Encounter = new ResourceReference { Identifier = new Identifier(FhirSystems.EpisodeId, episodeId), Display = $"Vårdtillfälle {episodeId}" };
        return carePlan;
    }

    private static CarePlan.ActivityComponent Activity(PlanActivity activity, Goal goal, ParticipantResources people)
    {
        var timing = activity.Timing;
        var detail = new CarePlan.DetailComponent
        {
            Status = Status(timing.Status),
            Description = activity.Description,
            Goal = [ParticipantResources.Ref(goal, null)],
            // Several performers where the plan has several responsible parties; the first is the lead, and each
            // display says how they take part ("med stöd av"), which R4 has no element for.
            Performer = activity.Responsible.Select(r =>
            {
                var reference = people.Reference(r.Participant);
                reference.Display = $"{people.NameOf(r.Participant)} ({Words.Responsibility(r.Role)})";
                return reference;
            }).ToList(),
        };
        if (timing.Status is ContractActivityStatus.PendingDecision or ContractActivityStatus.ReferralSent or ContractActivityStatus.AsNeeded)
            detail.StatusReason = new CodeableConcept { Text = timing.Text ?? Words.ActivityStatus(timing.Status.Value) };
        if (timing.Start is not null || timing.End is not null)
            detail.Scheduled = new Period { Start = timing.Start?.ToString("yyyy-MM-dd"), End = timing.End?.ToString("yyyy-MM-dd") };
        else if (timing.Text is { } text)
            detail.Scheduled = new FhirString(text);

        var progress = new List<string>();
        if (detail.Scheduled is Period && timing.Text is { } periodText) progress.Add($"Tidplan: {periodText}");
        if (timing.After is { Count: > 0 } after) progress.Add($"Påbörjas efter insats {string.Join(", ", after)}");
        if (timing.ReviewAt is { } reviewAt) progress.Add($"Omprövas {reviewAt:yyyy-MM-dd}");
        if (activity.For is { Count: > 0 } aimedAt) progress.Add($"Insatsen riktas till {string.Join(", ", aimedAt.Select(people.NameOf))}");
        return new CarePlan.ActivityComponent
        {
            Progress = progress.Select(p => new Annotation { Text = new Markdown(p) }).ToList(),
            Detail = detail,
        };
    }

    /// <summary>The follow-up the lead responsible calls (guide 001 ch. 9), as a planned meeting of the plan.</summary>
    private static CarePlan.ActivityComponent FollowUp(SipPlan plan, ParticipantResources people) => new()
    {
        Detail = new CarePlan.DetailComponent
        {
            Kind = Hl7.Fhir.Model.CarePlan.CarePlanActivityKind.Appointment,
            Code = new CodeableConcept { Text = "Uppföljning av SIP" },
            Status = plan.Status == PlanStatus.Active ? ActivityStatus.NotStarted : ActivityStatus.Cancelled,
            Description = plan.FollowUp.Text is { } text ? $"Uppföljning av SIP: {text}" : "Uppföljning av SIP",
            Scheduled = new Period { Start = plan.FollowUp.Date.ToString("yyyy-MM-dd") },
            Performer = [people.Reference(plan.LeadResponsible.Participant)],
        },
    };

    /// <summary>The timing status, as far as R4's activity statuses go; the Swedish words stay in statusReason and the narrative.</summary>
    private static ActivityStatus Status(ContractActivityStatus? status) => status switch
    {
        ContractActivityStatus.Ongoing or ContractActivityStatus.AsNeeded => ActivityStatus.InProgress,
        ContractActivityStatus.PendingDecision => ActivityStatus.OnHold,
        ContractActivityStatus.ReferralSent => ActivityStatus.Scheduled,
        ContractActivityStatus.Ended => ActivityStatus.Completed,
        _ => ActivityStatus.NotStarted,
    };

    private static List<Annotation> Notes(SipPlan plan, ParticipantResources people)
    {
        var notes = new List<Annotation>();
        void Add(string label, string? text, ResourceReference? author = null, string? authorName = null)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            var note = new Annotation { Text = new Markdown($"{label}: {text}") };
            // Annotation.author takes a Patient, RelatedPerson, Organization or Practitioner, not a PractitionerRole.
            if (author is not null && people.IsType(author, "Patient", "RelatedPerson", "Organization")) note.Author = author;
            else if (authorName is not null) note.Author = new FhirString(authorName);
            notes.Add(note);
        }

        Add("Varför görs SIP?", plan.Reason);
        Add("Aktuell situation", plan.Situation);
        Add("Vad fungerar bra (styrkor)", plan.Strengths);
        foreach (var view in plan.Views)
        {
            var by = string.Join(", ", view.By.Select(people.NameOf));
            var text = view.Pending == true ? $"{view.Text} (uppfattningen ska inhämtas)".Trim() : view.Text;
            Add($"Uppfattning om insatserna ({by})", text, people.Reference(view.By[0]), by);
        }
        Add("Oenighet", plan.Disagreements);
        Add("Huvudansvarig", $"{people.NameOf(plan.LeadResponsible.Participant)}{(plan.LeadResponsible.Note is { } n ? $". {n}" : "")}");
        if (plan.CareContact is { } careContact) Add("Fast vårdkontakt", people.NameOf(careContact));
        if (plan.ContactPoint is { } point)
            Add("Kontaktplats", string.Join(", ", new[] { point.Name, point.HsaId is null ? null : $"HSA-id {point.HsaId}" }
                .Concat(point.Telecom ?? []).OfType<string>()));
        if (plan.Closing is { } closing)
            Add("Planen avslutad", $"{Xhtml.DateTime(closing.At)}, {Words.Closing(closing.Reason)}{(closing.Text is { } t ? $". {t}" : "")}");
        return notes;
    }
}
