namespace SipHub.Documents.Tests;

/// <summary>What the generated plans found (<see cref="GeneratedDocumentTests"/>), each kept as a named example.</summary>
public sealed class FoundByGeneratorsTests
{
    [Fact]
    public void A_protected_patient_the_consent_leaves_out_is_named_as_the_patient_not_by_name()
    {
        var plan = Examples.Plan("sip-plan.json");
        plan = plan with
        {
            Patient = plan.Patient with { ProtectedIdentity = true },
            Consent = plan.Consent with { ExcludedParticipants = ["jesper"] },
        };

        var html = PlanDocumentHtml.Render(PlanDocument.Compose(plan));

        Assert.DoesNotContain("Jesper Lindqvist", html);
        Assert.Contains("<li>Patienten</li>", html);
    }

    [Fact]
    public void An_emoji_prints_in_the_pdf_as_the_replacement_character_and_stays_in_the_html()
    {
        var plan = Examples.Plan("sip-plan.json");
        plan = plan with { Strengths = "Jesper tycker om djur 😊" };
        var document = PlanDocument.Compose(plan);
        var path = Path.Combine(Path.GetTempPath(), $"siphub-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, PlanDocumentPdf.Render(document, DateTimeOffset.UnixEpoch, "emoji"));
        try
        {
            var (_, text) = Examples.Tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-");
            Assert.Contains("djur \uFFFD", text);
            Assert.Contains("djur 😊", PlanDocumentHtml.Render(document));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
