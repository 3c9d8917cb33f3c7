using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Domain.Swedish;
using ActivityStatus = Hl7.Fhir.Model.CarePlan.CarePlanActivityStatus;
using ContractActivityStatus = SipHub.Contracts.ActivityStatus;

namespace SipHub.Fhir;

/// <summary>
/// A plan version as the FHIR R4 message Bundle one destination receives: MessageHeader, CarePlan, Patient,
/// CareTeam, Goals, Consent, and the Organizations, Practitioners, PractitionerRoles and RelatedPersons they
/// point at. The plan must have passed <see cref="SipHub.Domain.Plans.PlanRules"/>: every key resolves.
/// </summary>
public static class PlanBundleMapper
{
    public const string EventCode = "sip-plan";

    /// <param name="document">The family's copy of this version, referred to from the CarePlan (supportingInfo) by a DocumentReference.</param>
    public static Bundle Map(SipPlan plan, MessageDestination destination, Delivery delivery, PlanDocumentFiles? document = null)
    {
        plan = plan with { Participants = ProtectedIdentity.Shown(plan.Patient, plan.Participants) };
        var people = new ParticipantResources(plan.PlanId, plan.Patient, plan.PlanDate, plan.Participants, unitsAsServices: false);
        var sender = people.OrganizationReference(plan.Sender.HsaId, plan.Sender.Name);
        var receiver = people.OrganizationReference(destination.HsaId, destination.Name);
        var id = (string part) => FhirIds.Uuid(plan.PlanId, part);

        var longTermGoals = plan.LongTermGoals.Select((text, i) => Goal(id($"long-term-goal:{i}"), text, LongTerm, plan, people)).ToList();
        var goals = plan.Goals.ToDictionary(g => g.Id, g =>
        {
            var goal = Goal(id($"goal:{g.Id}"), g.Description, ShortTerm, plan, people);
            goal.Identifier = [new Identifier(FhirSystems.GoalId, $"{plan.PlanId}/{g.Id}")];
            return goal;
        }, StringComparer.Ordinal);
        var careTeam = CareTeam(id("care-team"), plan, people);
        var consent = ConsentMapper.Map(id("consent"), plan, people, sender);
        var carePlan = CarePlan(id("care-plan"), plan, people, careTeam, longTermGoals, goals, consent);
        var copy = document is null ? null : PlanDocumentMapper.DocumentReference(plan, document, people.PatientReference, sender, carried: false);
        if (copy is not null) carePlan.SupportingInfo.Add(ParticipantResources.Ref(copy, "Kopia för den enskilde och familjen"));

        return MessageBundle.Build(delivery, destination, sender, receiver,
            new Coding(FhirSystems.MessageEvent, EventCode, "Samordnad individuell plan"), carePlan,
            [carePlan, .. people.Resources, careTeam, .. longTermGoals, .. goals.Values, consent, .. copy is null ? Array.Empty<Resource>() : [copy]]);
    }

    internal static readonly Coding LongTerm = new(FhirSystems.GoalTerm, "long-term", "Långsiktigt mål");
    internal static readonly Coding ShortTerm = new(FhirSystems.GoalTerm, "short-term", "Kortsiktigt mål");
    internal static readonly Coding LeadRole = new(FhirSystems.SipRole, "lead-responsible", "Huvudansvarig");
    internal static readonly Coding CareContactRole = new(FhirSystems.SipRole, "care-contact", "Fast vårdkontakt");
    internal const string FollowUpCode = "Uppföljning av SIP";
    /// <summary>How an activity's progress note gives the timing in words when the timing also has dates.</summary>
    internal const string TimingPrefix = "Tidplan: ";

    private static Goal Goal(string id, string description, Coding term, SipPlan plan, ParticipantResources people) => new()
    {
        Id = id,
        LifecycleStatus = plan.Status switch
        {
            PlanStatus.Completed => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Completed,
            PlanStatus.Revoked => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Cancelled,
            _ => Hl7.Fhir.Model.Goal.GoalLifecycleStatus.Active,
        },
        Category = [new CodeableConcept { Coding = [term], Text = term.Display }],
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
            if (p.Key == plan.LeadResponsible.Participant) roles.Add(new CodeableConcept { Coding = [LeadRole], Text = LeadRole.Display });
            if (p.Key == plan.CareContact) roles.Add(new CodeableConcept { Coding = [CareContactRole], Text = CareContactRole.Display });
            return new CareTeam.ParticipantComponent { Role = roles, Member = people.Reference(p.Key) }.With(Extensions.Complex(SipExtensions.Participant,
                ("key", new FhirString(p.Key)),
                ("kind", new Code(WireCode<ParticipantKind>.Of(p.Kind))),
                ("principal", p.Principal is { } principal ? new Code(WireCode<Principal>.Of(principal)) : null),
                ("attendance", p.Attendance is { } attendance ? new Code(WireCode<Attendance>.Of(attendance)) : null),
                ("note", p.Note is { } note ? new FhirString(note) : null)));
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
            Period = new Period { Start = plan.PlanDate.ToString("yyyy-MM-dd"), End = plan.Closing is { } closing ? closing.At.ToString() : null },
            Created = plan.PlanDate.ToString("yyyy-MM-dd"),
            Author = people.Reference(plan.LeadResponsible.Participant),
            Contributor = (plan.SignedBy ?? []).Select(s => people.Reference(s.Participant)
                .With(new Extension(SipExtensions.SignedAt, new FhirDateTime(s.At.ToString())))).ToList(),
            CareTeam = [ParticipantResources.Ref(careTeam, null)],
            Goal = [.. longTermGoals.Select(g => ParticipantResources.Ref(g, null)), .. goals.Values.Select(g => ParticipantResources.Ref(g, null))],
            SupportingInfo = [ParticipantResources.Ref(consent, "Samtycke")],
            Activity = [.. plan.Goals.SelectMany(g => g.Activities.Select(a => Activity(a, goals[g.Id], people))), FollowUp(plan, people)],
            Note = Notes(plan, people),
        };
        // The invitation is not in the Bundle (its Appointment went to the invited), so by its identifier.
        if (plan.InvitationId is { } invitationId)
            carePlan.SupportingInfo.Add(new ResourceReference
            {
                Type = "Appointment",
                Identifier = new Identifier(FhirSystems.InvitationId, invitationId),
                Display = $"Kallelse {invitationId}",
            });
        if (plan.ContactPoint is { } point)
            carePlan.Extension.Add(Extensions.Complex(SipExtensions.ContactPoint,
                [("name", new FhirString(point.Name)), ("hsaId", point.HsaId is null ? null : new FhirString(point.HsaId)), .. Extensions.Each("telecom", point.Telecom)]));
        if (plan.EpisodeId is { } episodeId)
            carePlan.Encounter = EpisodeReference.Of(episodeId, plan.EpisodeIssuer);
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
                var reference = people.Reference(r.Participant).With(new Extension(SipExtensions.Responsibility, new Code(WireCode<ResponsibilityRole>.Of(r.Role))));
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
        if (detail.Scheduled is Period && timing.Text is { } periodText) progress.Add(TimingPrefix + periodText);
        if (timing.After is { Count: > 0 } after) progress.Add($"Påbörjas efter insats {string.Join(", ", after)}");
        if (timing.ReviewAt is { } reviewAt) progress.Add($"Omprövas {reviewAt:yyyy-MM-dd}");
        if (activity.For is { Count: > 0 } aimedAt) progress.Add($"Insatsen riktas till {string.Join(", ", aimedAt.Select(people.NameOf))}");
        return new CarePlan.ActivityComponent
        {
            ElementId = activity.Id,
            Progress = progress.Select(p => new Annotation { Text = new Markdown(p) }).ToList(),
            Detail = detail,
        }.With(Extensions.Complex(SipExtensions.Activity,
        [
            ("status", timing.Status is { } status ? new Code(WireCode<ContractActivityStatus>.Of(status)) : null),
            .. Extensions.Each("after", timing.After),
            ("reviewAt", timing.ReviewAt is { } review ? new Date(review.ToString("yyyy-MM-dd")) : null),
            .. Extensions.Each("for", activity.For),
        ]));
    }

    /// <summary>The follow-up the lead responsible calls (guide 001 ch. 9), as a planned meeting of the plan.</summary>
    private static CarePlan.ActivityComponent FollowUp(SipPlan plan, ParticipantResources people) => new()
    {
        Detail = new CarePlan.DetailComponent
        {
            Kind = Hl7.Fhir.Model.CarePlan.CarePlanActivityKind.Appointment,
            Code = new CodeableConcept { Text = FollowUpCode },
            Status = plan.Status == PlanStatus.Active ? ActivityStatus.NotStarted : ActivityStatus.Cancelled,
            Description = plan.FollowUp.Text is { } text ? $"{FollowUpCode}: {text}" : FollowUpCode,
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

    /// <summary>Each note's heading, by its kind in the <c>sip-note</c> extension; the text follows "heading: ".</summary>
    internal static readonly IReadOnlyDictionary<string, string> NoteHeadings = new Dictionary<string, string>
    {
        ["reason"] = "Varför görs SIP?",
        ["situation"] = "Aktuell situation",
        ["strengths"] = "Vad fungerar bra (styrkor)",
        ["view"] = "Uppfattning om insatserna",
        ["disagreements"] = "Oenighet",
        ["lead-responsible"] = "Huvudansvarig",
        ["care-contact"] = "Fast vårdkontakt",
        ["contact-point"] = "Kontaktplats",
        ["closing"] = "Planen avslutad",
    };

    internal const string PendingView = "(uppfattningen ska inhämtas)";

    /// <summary>The heading a view's note starts with: whose view it is, by name.</summary>
    internal static string ViewHeading(IEnumerable<string> names) => $"{NoteHeadings["view"]} ({string.Join(", ", names)})";

    private static List<Annotation> Notes(SipPlan plan, ParticipantResources people)
    {
        var notes = new List<Annotation>();
        void Add(string kind, string? text, string? heading = null, PlanView? view = null)
        {
            // A view is kept even without words: who gave it, or that it is still to be asked for, is part of the plan.
            if (string.IsNullOrWhiteSpace(text) && view is null) return;
            var note = new Annotation { Text = new Markdown(string.IsNullOrEmpty(text) ? heading : $"{heading ?? NoteHeadings[kind]}: {text}") };
            note.Extension.Add(Extensions.Complex(SipExtensions.Note,
            [
                ("kind", new Code(kind)),
                .. Extensions.Each("by", view?.By),
                ("pending", view?.Pending is { } pending ? new FhirBoolean(pending) : null),
            ]));
            if (view is not null)
            {
                // Annotation.author takes a Patient, RelatedPerson, Organization or Practitioner, not a PractitionerRole.
                var author = people.Reference(view.By[0]);
                note.Author = people.IsType(author, "Patient", "RelatedPerson", "Organization") ? author : new FhirString(string.Join(", ", view.By.Select(people.NameOf)));
            }
            notes.Add(note);
        }

        Add("reason", plan.Reason);
        Add("situation", plan.Situation);
        Add("strengths", plan.Strengths);
        foreach (var view in plan.Views)
            Add("view", view.Pending == true ? $"{view.Text} {PendingView}".Trim() : view.Text, ViewHeading(view.By.Select(people.NameOf)), view);
        Add("disagreements", plan.Disagreements);
        // The rest repeat other parts of the plan for a reader; the reader of a Bundle takes those parts from their own elements.
        Add("lead-responsible", $"{people.NameOf(plan.LeadResponsible.Participant)}{(plan.LeadResponsible.Note is { } n ? $". {n}" : "")}");
        if (plan.CareContact is { } careContact) Add("care-contact", people.NameOf(careContact));
        if (plan.ContactPoint is { } point)
            Add("contact-point", string.Join(", ", new[] { point.Name, point.HsaId is null ? null : $"HSA-id {point.HsaId}" }
                .Concat(point.Telecom ?? []).OfType<string>()));
        if (plan.Closing is { } closing) Add("closing", PlanWords.Closing(closing));
        return notes;
    }
}
