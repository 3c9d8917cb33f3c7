using System.Text.RegularExpressions;

namespace SipHub.Documents.Tests;

/// <summary>
/// Each worked plan's family copy, kept under Golden/ as HTML so a wording change shows up in review (set
/// SIPHUB_UPDATE_GOLDEN=1 to rewrite them after a deliberate change), and its PDF checked with Debian's tools: the text
/// pdftotext reads in the order it is written (-raw: the order a screen reader follows) is the HTML's, word for word;
/// pdffonts finds every font embedded; qpdf finds the structure sound.
/// </summary>
public sealed partial class GoldenDocumentTests
{
    private static readonly DateTimeOffset Received = new(2027, 2, 3, 13, 30, 0, TimeSpan.Zero);
    private static string GoldenDirectory => Path.Combine(Examples.RepositoryRoot, "tests", "SipHub.Documents.Tests", "Golden");

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_worked_plan_reads_as_its_golden_html(string file)
    {
        var html = PlanDocumentHtml.Render(PlanDocument.Compose(Examples.Plan(file)));
        var path = Path.Combine(GoldenDirectory, $"{Path.GetFileNameWithoutExtension(file)}.html");
        if (Environment.GetEnvironmentVariable("SIPHUB_UPDATE_GOLDEN") == "1") File.WriteAllText(path, html);
        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with SIPHUB_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), html);
    }

    [Theory]
    [MemberData(nameof(Examples.Plans), MemberType = typeof(Examples))]
    public void Every_worked_plans_pdf_says_what_its_html_says_with_its_fonts_embedded_and_a_sound_structure(string file)
    {
        var document = PlanDocument.Compose(Examples.Plan(file));
        var pdf = PlanDocumentPdf.Render(document, Received, file);
        var path = Path.Combine(Path.GetTempPath(), $"siphub-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var (textExit, text) = Examples.Tool("pdftotext", "-raw", "-enc", "UTF-8", path, "-");
            Assert.Equal(0, textExit);
            Assert.Equal(Words(HtmlText(PlanDocumentHtml.Render(document))), Words(PdfText(text, document.Footer)));

            var (fontsExit, fonts) = Examples.Tool("pdffonts", path);
            Assert.Equal(0, fontsExit);
            var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
            Assert.NotEmpty(rows);
            // name, type, encoding, then the columns emb, sub, uni: every font embedded, with a Unicode map (text can be copied and read aloud).
            Assert.All(rows, row => Assert.Matches(@"\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$", row));

            var (checkExit, check) = Examples.Tool("qpdf", "--check", path);
            Assert.True(checkExit == 0, check);
            Assert.Contains("No syntax or stream encoding errors found", check);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_pdf_is_pdf_a_tagged_in_swedish_and_the_same_bytes_each_time()
    {
        var document = PlanDocument.Compose(Examples.Plan("sip-plan.json"));
        var pdf = PlanDocumentPdf.Render(document, Received, "sip-plan.json");
        Assert.Equal(pdf, PlanDocumentPdf.Render(document, Received, "sip-plan.json"));
        var raw = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Contains("pdfaid:part", raw);
        Assert.Contains("/OutputIntents", raw);
        Assert.Contains("/StructTreeRoot", raw);
        Assert.Contains("/MarkInfo", raw);
        Assert.Contains("/Lang(sv-SE)", raw);
        Assert.Contains("/H1", raw);
        Assert.Contains("/LI", raw);
    }

    /// <summary>The page's text in reading order: the head and the footer left out, a fact's label ended by a colon as the PDF prints it.</summary>
    internal static string HtmlText(string html)
    {
        var body = html[html.IndexOf("<main>", StringComparison.Ordinal)..html.IndexOf("<footer>", StringComparison.Ordinal)];
        body = body.Replace("</dt>", ":</dt>", StringComparison.Ordinal);
        return PlanDocumentPdf.Printable(Tag().Replace(body, " ")).Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&amp;", "&");
    }

    /// <summary>The PDF's text without what is not the plan: each page's footer and the list bullets (artifacts).</summary>
    internal static string PdfText(string text, string footer) =>
        PageFooter().Replace(text.Replace(PlanDocumentPdf.Printable(footer), "\u0001", StringComparison.Ordinal), " ").Replace("•", " ").Replace("\f", " ");

    internal static List<string> Words(string text) => text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("\u0001 – sida \\d+")]
    private static partial Regex PageFooter();
}
