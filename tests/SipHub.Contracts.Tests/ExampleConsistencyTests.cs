using System.Text.Json;
using System.Text.Json.Nodes;

namespace SipHub.Contracts.Tests;

/// <summary>
/// The examples are one story (episode VT-2026-0042, Jesper at Mälarsjukhuset) plus extra worked plans, and
/// pass the plan rules the hub enforces beyond the schema — so they are usable as test data for the hub.
/// </summary>
public class ExampleConsistencyTests
{
    private static JsonNode Example(string kind) => ContractFiles.LoadJson(ContractFiles.ExamplePath(kind));

    public static TheoryData<string> PlanExamples() =>
        new(ContractFiles.AllExampleFiles()
            .Where(p => ContractFiles.KindOfExample(p) == InboundKinds.SipPlan)
            .Select(p => Path.GetRelativePath(ContractFiles.ExamplesDirectory, p)));

    [Fact]
    public void The_top_level_examples_tell_one_episode()
    {
        const string episode = "VT-2026-0042";
        foreach (var kind in InboundKinds.MessageTypes.Keys.Where(k => k != InboundKinds.EpisodeCancelled))
            if (Example(kind)["episodeId"] is { } id)
                Assert.Equal(episode, id.GetValue<string>());
        Assert.Equal(episode, Example("alert")["episodeId"]!.GetValue<string>());

        var invitation = Example(InboundKinds.SipInvitation);
        var plan = Example(InboundKinds.SipPlan);
        Assert.Equal(invitation["invitationId"]!.GetValue<string>(), plan["invitationId"]!.GetValue<string>());
        Assert.Equal(plan["planId"]!.GetValue<string>(), Example(InboundKinds.ConsentWithdrawn)["planId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(invitation["sender"], invitation["sentBy"]!["unit"]), "sentBy.unit must be the sender");
        Assert.True(JsonNode.DeepEquals(Example(InboundKinds.AdmissionNotice)["patient"], plan["patient"]), "one patient");

        // The recipients of the admission notice include the unit that later appoints the care contact and invites.
        var recipients = Example(InboundKinds.AdmissionNotice)["recipients"]!.AsArray().Select(r => r!["hsaId"]!.GetValue<string>());
        Assert.Contains(Example(InboundKinds.CareContactAppointed)["sender"]!["hsaId"]!.GetValue<string>(), recipients);
        Assert.Contains(Example(InboundKinds.DeliveryReceipt)["sender"]!["hsaId"]!.GetValue<string>(), recipients);

        // Times in order: admitted < notice < care contact < ready < invitation < meeting < plan signatures < discharge.
        DateTimeOffset At(string kind, string field) => DateTimeOffset.Parse(Example(kind)[field]!.GetValue<string>());
        var order = new[]
        {
            At(InboundKinds.AdmissionNotice, "admittedAt"),
            At(InboundKinds.AdmissionNotice, "sentAt"),
            At(InboundKinds.CareContactAppointed, "appointedAt"),
            At(InboundKinds.DischargeReady, "sentAt"),
            At(InboundKinds.SipInvitation, "sentAt"),
            DateTimeOffset.Parse(invitation["meeting"]!["start"]!.GetValue<string>()),
            At(InboundKinds.DischargeNotice, "dischargedAt"),
        };
        Assert.Equal(order.Order(), order);
    }

    [Theory]
    [MemberData(nameof(PlanExamples))]
    public void Plan_keys_are_unique_and_every_reference_points_into_the_plan(string example)
    {
        var plan = JsonSerializer.Deserialize<SipPlan>(
            File.ReadAllText(Path.Combine(ContractFiles.ExamplesDirectory, example)), RecordShapes.ReadOptions)!;

        var keys = plan.Participants.Select(p => p.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var goalIds = plan.Goals.Select(g => g.Id).ToList();
        Assert.Equal(goalIds.Count, goalIds.Distinct().Count());
        var activities = plan.Goals.SelectMany(g => g.Activities).ToList();
        var activityIds = activities.Select(a => a.Id).ToList();
        Assert.Equal(activityIds.Count, activityIds.Distinct().Count());

        var known = keys.ToHashSet();
        void Known(string? key, string where)
        {
            if (key is not null) Assert.True(known.Contains(key), $"{example}: {where} '{key}' is no participant");
        }

        foreach (var activity in activities)
        {
            Assert.NotEmpty(activity.Responsible);
            foreach (var r in activity.Responsible) Known(r.Participant, $"activity {activity.Id} responsible");
            foreach (var f in activity.For ?? []) Known(f, $"activity {activity.Id} for");
            foreach (var after in activity.Timing.After ?? [])
                Assert.True(activityIds.Contains(after), $"{example}: activity {activity.Id} waits for unknown {after}");
        }
        foreach (var view in plan.Views) foreach (var by in view.By) Known(by, "view by");
        foreach (var party in plan.Consent.Parties) Known(party.Participant, "consent party");
        foreach (var signature in plan.SignedBy ?? []) Known(signature.Participant, "signature");
        Known(plan.LeadResponsible.Participant, "leadResponsible");
        Known(plan.CareContact, "careContact");
    }

    [Theory]
    [MemberData(nameof(PlanExamples))]
    public void Plan_meets_the_legal_minimum_and_the_consent_rules(string example)
    {
        var plan = JsonSerializer.Deserialize<SipPlan>(
            File.ReadAllText(Path.Combine(ContractFiles.ExamplesDirectory, example)), RecordShapes.ReadOptions)!;
        var byKey = plan.Participants.ToDictionary(p => p.Key);

        Assert.Contains(plan.Goals, g => g.Activities.Count > 0);
        var lead = byKey[plan.LeadResponsible.Participant];
        Assert.True(lead.Principal is Principal.Region or Principal.Municipality, $"{example}: lead responsible's principal is {lead.Principal}");

        // Every professional or organisation carrying an activity names its principal.
        foreach (var r in plan.Goals.SelectMany(g => g.Activities).SelectMany(a => a.Responsible))
        {
            var p = byKey[r.Participant];
            if (p.Kind is ParticipantKind.Professional or ParticipantKind.Organization)
                Assert.True(p.Principal is not null, $"{example}: {p.Key} carries an activity without a principal");
        }

        Assert.DoesNotContain(plan.Consent.Parties, p => p.Decision == ConsentDecision.Refuses);
        if (plan.Consent.Basis == ConsentBasis.Guardians)
            foreach (var guardian in plan.Participants.Where(p => p.Kind == ParticipantKind.Guardian))
                Assert.Contains(plan.Consent.Parties, c => c.Participant == guardian.Key && c.Decision == ConsentDecision.Consents);
    }
}
