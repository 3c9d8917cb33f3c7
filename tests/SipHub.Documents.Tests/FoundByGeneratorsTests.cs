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

    [Fact]
    public void A_word_of_ten_thousand_characters_is_cut_across_lines_and_nothing_of_it_is_lost()
    {
        var word = string.Concat(Enumerable.Range(0, 1_000).Select(i => $"{i % 10}abcdefghi"));
        var plan = Examples.Plan("sip-plan.json") with { Strengths = word };
        var path = Path.Combine(Path.GetTempPath(), $"siphub-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, PlanDocumentPdf.Render(PlanDocument.Compose(plan), DateTimeOffset.UnixEpoch, "long-word"));
        try
        {
            var (_, text) = Examples.Tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-");
            var lines = text.Split('\n');
            // Cut over many lines (and a page), every character still there in order once the line ends are taken out.
            Assert.True(lines.Count(l => l.Length > 0 && word.Contains(l.Trim(), StringComparison.Ordinal)) > 10);
            Assert.Contains(word, string.Concat(lines.Where(l => !l.Contains(" – sida ", StringComparison.Ordinal)).Select(l => l.Trim())));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Markup_characters_in_a_units_or_plans_name_leave_the_pdfs_xmp_well_formed()
    {
        var plan = Examples.Plan("sip-plan.json");
        plan = plan with { PlanId = "SIP <1> & \"2\"", Sender = plan.Sender with { Name = "BUP & barnhälsa <öppenvård>" } };
        var pdf = System.Text.Encoding.UTF8.GetString(PlanDocumentPdf.Render(PlanDocument.Compose(plan), DateTimeOffset.UnixEpoch, "markup"));
        var start = pdf.IndexOf("<x:xmpmeta", StringComparison.Ordinal);
        var end = pdf.IndexOf("</x:xmpmeta>", StringComparison.Ordinal) + "</x:xmpmeta>".Length;
        var xmp = System.Xml.Linq.XDocument.Parse(pdf[start..end]);
        Assert.Equal("Samordnad individuell plan vid utskrivning", xmp.Descendants().First(e => e.Name.LocalName == "title").Value);
    }
}
