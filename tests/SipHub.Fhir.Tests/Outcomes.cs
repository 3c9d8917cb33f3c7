using Hl7.Fhir.Model;
using SipHub.Contracts;

namespace SipHub.Fhir.Tests;

internal static class Outcomes
{
    public static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-23T15:00:00+01:00");

    /// <summary>A fixed delivery per name, so the same plan maps to the same Bundle on every run.</summary>
    public static Delivery Delivery(string name) => new(new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name))), At);

    public static MessageDestination To(Unit unit) => MessageDestination.ForUnit(unit);

    /// <summary>
    /// A stand-in for the family's copy of a plan version (the files themselves are SipHub.Documents' to make and check):
    /// what the Bundles say of it does not depend on the bytes.
    /// </summary>
    public static PlanDocumentFiles FamilyCopy(SipPlan plan) => new(Domain.Plans.FamilyCopy.DocumentId(plan, false), At, plan.Version % 2 == 0,
    [
        new DocumentFile("application/pdf", "Samordnad individuell plan (PDF/A)", System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7 {plan.PlanId}"),
            "/api/plans/x/document?format=pdf"),
        new DocumentFile("text/html", "Samordnad individuell plan", System.Text.Encoding.UTF8.GetBytes($"<!DOCTYPE html><title>{plan.PlanId}</title>"),
            "/api/plans/x/document?format=html"),
    ]);

    public static IEnumerable<string> Errors(OperationOutcome outcome) =>
        outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}");

    public static void AssertValid(OperationOutcome outcome)
    {
        var errors = Errors(outcome).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    public static void AssertFails(OperationOutcome outcome, string contains) =>
        Assert.Contains(Errors(outcome), e => e.Contains(contains, StringComparison.Ordinal));

    public static T Only<T>(this Bundle bundle) where T : Resource => Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<T>());

    public static IEnumerable<T> All<T>(this Bundle bundle) where T : Resource => bundle.Entry.Select(e => e.Resource).OfType<T>();

    public static Resource Resolve(this Bundle bundle, ResourceReference reference) =>
        Assert.Single(bundle.Entry, e => e.FullUrl == reference.Reference).Resource!;
}
