using System.Text.Json;
using CsCheck;
using SipHub.Contracts;
using SipHub.Contracts.Generators;
using Xunit.Abstractions;

namespace SipHub.Documents.Tests;

/// <summary>
/// Properties of the family's copy over generated plans (<see cref="ContractGen"/>: every optional part absent and present,
/// every code, timings in words only, long Swedish text, protected identity). A failure prints the case's seed and the plan.
/// </summary>
public sealed class GeneratedDocumentTests(ITestOutputHelper output)
{
    private static string Print(SipPlan plan) => JsonSerializer.Serialize(plan, ContractJson.Options);

    [Fact]
    public void A_protected_patients_name_address_and_telecom_are_in_no_copy_but_the_one_shown_to_the_person()
    {
        var tried = Generated.Check(ContractGen.Plan(protectedIdentity: true).Select(Marked), 150, plan =>
        {
            var withheld = PlanDocumentHtml.Render(PlanDocument.Compose(plan));
            foreach (var secret in Secrets) Assert.DoesNotContain(secret, withheld, StringComparison.Ordinal);
            Assert.Contains("Skyddade personuppgifter", withheld);

            var toPerson = PlanDocumentHtml.Render(PlanDocument.Compose(plan, identityToPerson: true));
            Assert.Contains(SecretName, toPerson);
            Assert.Contains(SecretStreet, toPerson);
            // The patient's own telecom, unless the consent leaves the patient taking part out (then no one's contact details show).
            if (plan.Participants.Any(p => p.Kind == ParticipantKind.Patient && !IsExcluded(p, plan.Consent.ExcludedParticipants ?? [])))
                Assert.Contains(SecretPhone, toPerson);
        }, Print);
        output.WriteLine($"Protected identity: {tried} generated plans, no name, address or telecom in the withheld copy; all of them in the person's");
    }

    [Fact]
    public void Whom_the_consent_leaves_out_is_named_as_not_receiving_the_plan_and_never_with_contact_details()
    {
        var tried = Generated.Check(ContractGen.Plan(), 200, plan =>
        {
            var excluded = plan.Consent.ExcludedParticipants ?? [];
            var document = PlanDocument.Compose(plan);
            var html = PlanDocumentHtml.Render(document);
            var notSent = document.Sections.Single(s => s.Heading == "Samtycke").Blocks.OfType<BulletList>()
                .SingleOrDefault(l => l.Label == "Samtycket omfattar inte de här, och de har inte fått planen");
            Assert.Equal(excluded.Count > 0, notSent is not null);
            // Each excluded key or HSA-id is named: by the person's or the unit's name, or as written when nothing in the plan names it.
            foreach (var entry in excluded)
            {
                var participant = plan.Participants.FirstOrDefault(p => string.Equals(p.Key, entry, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(p.HsaId, entry, StringComparison.OrdinalIgnoreCase));
                var unit = plan.Participants.Select(p => p.Organization).FirstOrDefault(o => string.Equals(o?.HsaId, entry, StringComparison.OrdinalIgnoreCase));
                var name = participant is { Kind: ParticipantKind.Patient } && plan.Patient.ProtectedIdentity == true ? "Patienten"
                    : participant?.Name ?? unit?.Name ?? entry;
                Assert.Contains(notSent!.Items, item => item.Contains(name, StringComparison.Ordinal));
            }
            // An excluded participant's telecom appears nowhere, unless someone the consent covers has the same number.
            var covered = plan.Participants.Where(p => !IsExcluded(p, excluded)).SelectMany(p => p.Telecom ?? [])
                .Concat(plan.ContactPoint?.Telecom ?? []).ToHashSet(StringComparer.Ordinal);
            foreach (var telecom in plan.Participants.Where(p => IsExcluded(p, excluded)).SelectMany(p => p.Telecom ?? []).Where(t => !covered.Contains(t)))
                Assert.DoesNotContain(Escaped(telecom), html, StringComparison.Ordinal);
            foreach (var information in plan.Consent.ExcludedInformation ?? []) Assert.Contains(Escaped(information), html, StringComparison.Ordinal);
        }, Print);
        output.WriteLine($"Consent: {tried} generated plans; every exclusion named, no excluded participant's contact details");
    }

    [Fact]
    public void The_pdf_of_a_generated_plan_says_word_for_word_what_its_html_says()
    {
        var tried = Generated.Check(ContractGen.Plan(), 25, plan =>
        {
            var document = PlanDocument.Compose(plan);
            var path = Path.Combine(Path.GetTempPath(), $"siphub-{Guid.NewGuid():N}.pdf");
            File.WriteAllBytes(path, PlanDocumentPdf.Render(document, DateTimeOffset.UnixEpoch, plan.PlanId));
            try
            {
                var (exit, text) = Examples.Tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-");
                Assert.Equal(0, exit);
                Assert.Equal(GoldenDocumentTests.Words(GoldenDocumentTests.HtmlText(PlanDocumentHtml.Render(document))),
                    GoldenDocumentTests.Words(GoldenDocumentTests.PdfText(text, document.Footer)));
            }
            finally
            {
                File.Delete(path);
            }
        }, Print);
        output.WriteLine($"PDF and HTML: {tried} generated plans, the same words in the same order");
    }

    private const string SecretName = "Hemlig Skyddadsson", SecretStreet = "Gömstället 7", SecretPhone = "070-555 01 99";
    private static readonly string[] Secrets = [SecretName, "Skyddadsson", SecretStreet, "Hemlighetsby", "999 99", SecretPhone, "hemlig.adress@example.se"];

    /// <summary>A protected patient with a name, address and phone number found nowhere else in the plan.</summary>
    private static SipPlan Marked(SipPlan plan) => plan with
    {
        Patient = plan.Patient with { Name = SecretName, Address = new Address([SecretStreet], "999 99", "Hemlighetsby"), ProtectedIdentity = true },
        Participants = plan.Participants.Select(p => p.Kind == ParticipantKind.Patient
            ? p with { Name = SecretName, Telecom = [SecretPhone, "hemlig.adress@example.se"] } : p).ToList(),
    };

    private static bool IsExcluded(Participant p, IReadOnlyList<string> excluded) =>
        excluded.Any(e => string.Equals(e, p.Key, StringComparison.OrdinalIgnoreCase) || string.Equals(e, p.HsaId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e, p.Organization?.HsaId, StringComparison.OrdinalIgnoreCase));

    private static string Escaped(string text) => System.Security.SecurityElement.Escape(text);
}
