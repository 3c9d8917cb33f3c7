using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Plans;

/// <summary>
/// The rules a samordnad individuell plan must meet before the hub accepts it (HSL 16 kap. 4 §, SoL 2025:400
/// 10 kap. 8–9 §§, guide 001 ch. 3, 6–10): the legal minimum, keys that point at something, and consent.
/// Pure: the caller supplies today's date.
/// </summary>
public static class PlanRules
{
    private const int AgeOfMajority = 18;

    /// <summary>Every broken rule, each naming its field; empty when the plan may become current.</summary>
    /// <param name="today">The hub's date in Europe/Stockholm, for the consent's validity.</param>
    public static IReadOnlyList<PlanViolation> Validate(SipPlan plan, DateOnly today, PlanPolicy policy)
    {
        var violations = new List<PlanViolation>();
        var participants = IndexParticipants(plan.Participants, violations);
        var activityIds = IndexActivities(plan.Goals, violations);

        CheckLegalMinimum(plan, participants, policy, violations);
        CheckReferences(plan, participants, activityIds, violations);
        CheckConsent(plan, participants, today, violations);
        return violations;
    }

    private static Dictionary<string, Participant> IndexParticipants(IReadOnlyList<Participant> participants, List<PlanViolation> violations)
    {
        var byKey = new Dictionary<string, Participant>(StringComparer.Ordinal);
        var patient = -1;
        for (var i = 0; i < participants.Count; i++)
        {
            if (!byKey.TryAdd(participants[i].Key, participants[i]))
                violations.Add(new($"participants[{i}].key", PlanCodes.DuplicateKey,
                    $"participant key '{participants[i].Key}' is used twice; keys are how the plan points at its participants"));
            if (participants[i].Kind != ParticipantKind.Patient) continue;
            if (patient < 0) patient = i;
            else violations.Add(new($"participants[{i}].kind", PlanCodes.PatientTwice,
                $"'{participants[i].Key}' is the patient, and so is '{participants[patient].Key}'; the patient takes part once"));
        }
        return byKey;
    }

    private static HashSet<string> IndexActivities(IReadOnlyList<PlanGoal> goals, List<PlanViolation> violations)
    {
        var goalIds = new HashSet<string>(StringComparer.Ordinal);
        var activityIds = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < goals.Count; g++)
        {
            if (!goalIds.Add(goals[g].Id))
                violations.Add(new($"goals[{g}].id", PlanCodes.DuplicateKey, $"goal id '{goals[g].Id}' is used twice"));
            for (var a = 0; a < goals[g].Activities.Count; a++)
                if (!activityIds.Add(goals[g].Activities[a].Id))
                    violations.Add(new($"goals[{g}].activities[{a}].id", PlanCodes.DuplicateKey,
                        $"activity id '{goals[g].Activities[a].Id}' is used twice; timing.after points at activities by id"));
        }
        return activityIds;
    }

    private static void CheckLegalMinimum(
        SipPlan plan, Dictionary<string, Participant> participants, PlanPolicy policy, List<PlanViolation> violations)
    {
        if (plan.Goals.Count == 0)
            violations.Add(new("goals", PlanCodes.NoGoal, "the plan has no goal; it must show which interventions are needed"));

        // One finding per participant, however many interventions they carry: the fix is on the participant.
        var principalReported = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < plan.Goals.Count; g++)
        {
            var goal = plan.Goals[g];
            if (goal.Activities.Count == 0)
                violations.Add(new($"goals[{g}].activities", PlanCodes.GoalWithoutActivity,
                    $"goal '{goal.Id}' has no activity; every goal needs an intervention and who carries it"));
            for (var a = 0; a < goal.Activities.Count; a++)
            {
                var activity = goal.Activities[a];
                if (activity.Timing is { Start: { } start, End: { } end } && end < start)
                    violations.Add(new($"goals[{g}].activities[{a}].timing.end", PlanCodes.TimingEndsBeforeStart,
                        $"activity '{activity.Id}' ends {end:yyyy-MM-dd}, before it starts ({start:yyyy-MM-dd})"));
                if (activity.Responsible.Count == 0)
                    violations.Add(new($"goals[{g}].activities[{a}].responsible", PlanCodes.ActivityWithoutResponsible,
                        $"activity '{activity.Id}' has no responsible participant"));
                foreach (var party in activity.Responsible)
                {
                    if (!participants.TryGetValue(party.Participant, out var participant)
                        || !ActsForAnOrganisation(participant) || participant.Principal is not null
                        || !principalReported.Add(participant.Key)) continue;
                    violations.Add(new($"participants[{IndexOf(plan, participant)}].principal", PlanCodes.PrincipalMissing,
                        $"'{participant.Key}' carries activity '{activity.Id}' for an organisation but names no principal " +
                        "(region, municipality or other); the plan must show whose intervention it is"));
                }
            }
        }

        if (plan.Closing is { } closing && Stockholm.DateOf(closing.At) < plan.PlanDate)
            violations.Add(new("closing.at", PlanCodes.ClosedBeforePlanDate,
                $"the plan ends {Stockholm.DateOf(closing.At):yyyy-MM-dd}, before its date {plan.PlanDate:yyyy-MM-dd}"));
        if (plan.Closing is { Reason: ClosingReason.MergedInto } merged && (string.IsNullOrWhiteSpace(merged.ReplacedBy) || merged.ReplacedBy == plan.PlanId))
            violations.Add(new("closing.replacedBy", PlanCodes.ReplacedByMissing,
                "a plan merged into another names the plan that goes on (replacedBy), not itself"));

        if (participants.TryGetValue(plan.LeadResponsible.Participant, out var lead)
            && lead.Principal is not (Principal.Region or Principal.Municipality))
            violations.Add(new("leadResponsible.participant", PlanCodes.LeadNotRegionOrMunicipality,
                $"the lead responsible '{lead.Key}' does not act for a region or a municipality (principal: " +
                $"{lead.Principal?.ToString().ToLowerInvariant() ?? "none"}); overall responsibility lies with one of the principals"));

        if (policy.RequireIndividualResponsibility)
        {
            var patientKeys = plan.Participants.Where(p => p.Kind == ParticipantKind.Patient).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var individualCarries = plan.Goals.SelectMany(g => g.Activities)
                .Any(a => a.Responsible.Any(r => patientKeys.Contains(r.Participant)));
            if (!individualCarries)
                violations.Add(new("goals", PlanCodes.IndividualResponsibilityMissing,
                    "the region's policy asks what the individual takes responsibility for, and no activity has the patient among its responsible parties"));
        }
    }

    /// <summary>Professionals and organisations carry interventions on a principal's behalf; the family and a foster home do not need one.</summary>
    private static bool ActsForAnOrganisation(Participant participant) =>
        participant.Kind is ParticipantKind.Professional or ParticipantKind.Organization;

    private static void CheckReferences(
        SipPlan plan, Dictionary<string, Participant> participants, HashSet<string> activityIds, List<PlanViolation> violations)
    {
        void Key(string field, string key)
        {
            if (!participants.ContainsKey(key))
                violations.Add(new(field, PlanCodes.UnknownParticipant, $"'{key}' is not the key of any participant of the plan"));
        }

        for (var g = 0; g < plan.Goals.Count; g++)
            for (var a = 0; a < plan.Goals[g].Activities.Count; a++)
            {
                var activity = plan.Goals[g].Activities[a];
                var path = $"goals[{g}].activities[{a}]";
                for (var r = 0; r < activity.Responsible.Count; r++)
                    Key($"{path}.responsible[{r}].participant", activity.Responsible[r].Participant);
                for (var f = 0; f < (activity.For?.Count ?? 0); f++)
                    Key($"{path}.for[{f}]", activity.For![f]);
                for (var t = 0; t < (activity.Timing.After?.Count ?? 0); t++)
                {
                    var after = activity.Timing.After![t];
                    if (!activityIds.Contains(after))
                        violations.Add(new($"{path}.timing.after[{t}]", PlanCodes.UnknownActivity,
                            $"'{after}' is not the id of any activity of the plan"));
                }
            }

        for (var v = 0; v < plan.Views.Count; v++)
            for (var b = 0; b < plan.Views[v].By.Count; b++)
                Key($"views[{v}].by[{b}]", plan.Views[v].By[b]);
        Key("leadResponsible.participant", plan.LeadResponsible.Participant);
        if (plan.CareContact is { } careContact) Key("careContact", careContact);
        for (var s = 0; s < (plan.SignedBy?.Count ?? 0); s++)
            Key($"signedBy[{s}].participant", plan.SignedBy![s].Participant);
        for (var p = 0; p < plan.Consent.Parties.Count; p++)
            Key($"consent.parties[{p}].participant", plan.Consent.Parties[p].Participant);

        // An exclusion may name a unit that is not in the plan by HSA-id only if some participant carries it:
        // an exclusion that matches nothing protects nobody and is most likely a typing error.
        var hsaIds = plan.Participants.SelectMany(p => new[] { p.HsaId, p.Organization?.HsaId })
            .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var e = 0; e < (plan.Consent.ExcludedParticipants?.Count ?? 0); e++)
        {
            var excluded = plan.Consent.ExcludedParticipants![e];
            if (!participants.ContainsKey(excluded) && !hsaIds.Contains(excluded))
                violations.Add(new($"consent.excludedParticipants[{e}]", PlanCodes.UnknownParticipant,
                    $"'{excluded}' is neither a participant key nor the HSA-id of a participant or its organisation"));
        }
    }

    private static void CheckConsent(SipPlan plan, Dictionary<string, Participant> participants, DateOnly today, List<PlanViolation> violations)
    {
        var consent = plan.Consent;
        var decisions = consent.Parties.Select((party, index) => (party, index))
            .GroupBy(x => x.party.Participant, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        // The guardians' consent is not needed under an LVU decision (FAQ 14: the board decides when they refuse)
        // or a secret placement (FAQ 15), so their "no" cannot stop the plan there either.
        var guardiansNotNeeded = consent.Basis is ConsentBasis.LvuDecision or ConsentBasis.SecretPlacement;

        for (var p = 0; p < consent.Parties.Count; p++)
        {
            var party = consent.Parties[p];
            if (party.Decision != ConsentDecision.Refuses) continue;
            var isGuardian = participants.TryGetValue(party.Participant, out var who) && who.Kind == ParticipantKind.Guardian;
            if (isGuardian && guardiansNotNeeded) continue;
            violations.Add(new($"consent.parties[{p}].decision", PlanCodes.ConsentRefused,
                $"'{party.Participant}' refuses; without consent the plan stops"));
        }

        if (consent.ValidUntil is { } validUntil && Stockholm.DateOf(validUntil) < today)
            violations.Add(new("consent.validUntil", PlanCodes.ConsentExpired,
                $"the consent ran out on {Stockholm.DateOf(validUntil):yyyy-MM-dd}; the plan stops until a new consent is given"));

        if (consent.Basis != ConsentBasis.Guardians) return;

        // Age when the consent was given: that is when the guardians' say had to hold. A local id (LMA,
        // reservnummer) gives no birth date; the sender's basis "guardians" then says the patient is a child.
        var age = AgeOn(plan.Patient, Stockholm.DateOf(consent.GivenAt));
        if (age is >= AgeOfMajority)
        {
            violations.Add(new("consent.basis", PlanCodes.GuardiansBasisForAdult,
                $"the patient was {age} when the consent was given; guardians consent only for a child under {AgeOfMajority}"));
            return;
        }

        for (var i = 0; i < plan.Participants.Count; i++)
        {
            var participant = plan.Participants[i];
            var recorded = decisions.TryGetValue(participant.Key, out var d);
            if (participant.Kind == ParticipantKind.Guardian)
            {
                if (!recorded)
                    violations.Add(new("consent.parties", PlanCodes.GuardianConsentMissing,
                        $"guardian '{participant.Key}' has no recorded decision; for a child both guardians consent"));
                else if (d.party.Decision is not (ConsentDecision.Consents or ConsentDecision.Refuses))
                    violations.Add(new($"consent.parties[{d.index}].decision", PlanCodes.GuardianConsentMissing,
                        $"guardian '{participant.Key}' {Words(d.party.Decision)}; for a child both guardians consent"));
            }
            else if (participant.Kind == ParticipantKind.Patient && !recorded)
                violations.Add(new("consent.parties", PlanCodes.ChildDecisionMissing,
                    $"the child '{participant.Key}' takes part but what the child said is not recorded (consents, does-not-object, informed or refuses)"));
        }
    }

    private static int? AgeOn(Patient patient, DateOnly date) =>
        PatientIdentity.TryRead(patient, date, out var id, out _)
        && id.Kind is PersonIdKind.Personnummer or PersonIdKind.Samordningsnummer
        && PersonalNumber.TryParse(id.Value, date, out var number, out _)
            ? number.AgeOn(date)
            : null;

    private static string Words(ConsentDecision decision) => decision switch
    {
        ConsentDecision.DoesNotObject => "only does not object",
        ConsentDecision.Informed => "is only informed",
        _ => decision.ToString().ToLowerInvariant(),
    };

    private static int IndexOf(SipPlan plan, Participant participant)
    {
        for (var i = 0; i < plan.Participants.Count; i++)
            if (ReferenceEquals(plan.Participants[i], participant)) return i;
        return -1;
    }
}
