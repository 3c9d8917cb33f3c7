using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace SipHub.Documents;

/// <summary>
/// The family's copy as a PDF/A file for print and archive: A4, one column in the order the HTML has, DejaVu Sans embedded,
/// tagged for screen readers (headings, paragraphs, lists; page footers as artifacts) and in Swedish. The same plan version
/// gives the same bytes: the creation time is the version's, and the file id derives from the plan, version and audience.
/// </summary>
public static partial class PlanDocumentPdf
{
    public const string ContentType = "application/pdf";

    private const double Margin = 56, Width = 595.28, Height = 841.89, FooterSpace = 36;
    private static readonly XColor Text = XColor.FromArgb(0x1b, 0x1b, 0x1b), Headings = XColor.FromArgb(0x0a, 0x3a, 0x5c);

    /// <param name="madeAt">When the version was received: the file's creation time.</param>
    /// <param name="fileId">Identifies this document among all the hub makes (plan, version, audience).</param>
    public static byte[] Render(PlanDocument document, DateTimeOffset madeAt, string fileId)
    {
        EmbeddedFonts.Register();
        using var pdf = new PdfDocument();
        // Fixed words only: PDFsharp writes the title and subject into the XMP metadata without escaping them, so text a
        // sender wrote (a unit's name, a plan id) would break it; the plan and version are on every page's footer.
        pdf.Info.Title = document.Title;
        pdf.Info.Subject = "Familjens kopia av en samordnad individuell plan";
        pdf.Info.Creator = "SipHub";
        pdf.Info.CreationDate = madeAt.UtcDateTime;
        pdf.Info.ModificationDate = madeAt.UtcDateTime;
        pdf.Language = "sv-SE";
        pdf.Internals.FirstDocumentID = FileId(fileId);
        pdf.Internals.SecondDocumentID = pdf.Internals.FirstDocumentID;
        // PDFsharp 6.2.4 leaves its compressed page contents without zlib's final block (qpdf: "input stream is complete but
        // output may still be valid"); written plainly they are sound, at some 10 kB more a page.
        pdf.Options.CompressContentStreams = false;
        pdf.SetPdfA();
        pdf.ViewerPreferences.DisplayDocTitle = true;
        var ua = UAManager.ForDocument(pdf);
        ua.SetDocumentLanguage("sv-SE");
        new Writer(pdf, ua.StructureBuilder, document.Footer).Write(document);
        using var stream = new MemoryStream();
        pdf.Save(stream);
        return StableSubsetTags(stream.ToArray(), fileId);
    }

    /// <summary>
    /// PDFsharp names each embedded font subset with six random capitals ("WTNAIM+DejaVuSans") and gives the XMP metadata
    /// random uuids. They are made from the file id instead, each the same length, so nothing else in the file moves and one
    /// version is one file.
    /// </summary>
    private static byte[] StableSubsetTags(byte[] pdf, string fileId)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        text = SubsetTag().Replace(text, m => "/" + string.Concat(Hash($"{fileId}/{m.Groups[2].Value}").Take(6).Select(b => (char)('A' + b % 26)))
            + "+" + m.Groups[2].Value);
        text = XmpId().Replace(text, m => $"<xmpMM:{m.Groups[1].Value}>uuid:{new Guid(Hash($"{fileId}/{m.Groups[1].Value}").AsSpan(0, 16))}");
        return System.Text.Encoding.Latin1.GetBytes(text);
    }

    private static byte[] Hash(string text) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));

    [System.Text.RegularExpressions.GeneratedRegex(@"/([A-Z]{6})\+([^\s/\[\]<>(){}%]+)")]
    private static partial System.Text.RegularExpressions.Regex SubsetTag();

    [System.Text.RegularExpressions.GeneratedRegex(@"[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]")]
    private static partial System.Text.RegularExpressions.Regex NonBmp();

    [System.Text.RegularExpressions.GeneratedRegex("<xmpMM:(DocumentID|InstanceID)>uuid:[0-9a-f-]{36}")]
    private static partial System.Text.RegularExpressions.Regex XmpId();

    /// <summary>
    /// The text as the PDF prints it: PDFsharp 6.2.4 writes a character beyond the Basic Multilingual Plane (an emoji) as a
    /// wrong one, so it prints as the replacement character (U+FFFD) instead; the HTML keeps it.
    /// </summary>
    public static string Printable(string text) => text.Any(char.IsSurrogate) ? NonBmp().Replace(text, "\uFFFD") : text;

    private static string FileId(string fileId) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileId)).AsSpan(0, 16));

    /// <summary>Lays text out top to bottom, wrapping at spaces and turning the page when it is full.</summary>
    private sealed class Writer(PdfDocument pdf, StructureBuilder structure, string footer)
    {
        private readonly XFont _body = Font(10.5), _bold = Font(10.5, XFontStyleEx.Bold), _h1 = Font(18, XFontStyleEx.Bold),
            _h2 = Font(13.5, XFontStyleEx.Bold), _h3 = Font(11.5, XFontStyleEx.Bold), _small = Font(8.5);
        private XGraphics? _gfx;
        private double _y;
        private int _pages;

        /// <summary>Unicode-encoded (a ToUnicode map: the text can be searched, copied and read aloud, as PDF/A-1a asks).</summary>
        private static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular) =>
            new(EmbeddedFonts.Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));

        public void Write(PlanDocument document)
        {
            NewPage();
            Block(PdfBlockLevelElementTag.Heading1, [(document.Title, _h1)], Headings, after: 8);
            foreach (var lead in document.Lead) Block(PdfBlockLevelElementTag.Paragraph, [(lead, _body)], Text, after: 6);
            foreach (var section in document.Sections)
            {
                structure.BeginElement(PdfGroupingElementTag.Section);
                Space(10);
                EnsureRoom(_h2.GetHeight() * 3);
                Block(PdfBlockLevelElementTag.Heading2, [(section.Heading, _h2)], Headings, after: 6);
                foreach (var block in section.Blocks) Write(block);
                structure.End();
            }
            _gfx!.Dispose();
        }

        private void Write(DocumentBlock block)
        {
            switch (block)
            {
                case Paragraph p:
                    Block(PdfBlockLevelElementTag.Paragraph, [(p.Text, _body)], Text, after: 6);
                    break;
                case SubHeading h:
                    Space(4);
                    EnsureRoom(_h3.GetHeight() * 3);
                    Block(PdfBlockLevelElementTag.Heading3, [(h.Text, _h3)], Headings, after: 4);
                    break;
                case Facts facts:
                    foreach (var (label, text) in facts.Rows)
                        Block(PdfBlockLevelElementTag.Paragraph, [($"{label}:", _bold), (text, _body)], Text, after: 3);
                    Space(4);
                    break;
                case BulletList list:
                    if (list.Label is { } listLabel) Block(PdfBlockLevelElementTag.Paragraph, [(listLabel, _bold)], Text, after: 3);
                    structure.BeginElement(PdfBlockLevelElementTag.List);
                    foreach (var item in list.Items)
                    {
                        structure.BeginElement(PdfBlockLevelElementTag.ListItem);
                        Block(PdfBlockLevelElementTag.ListBody, [(item, _body)], Text, after: 2, bullet: true);
                        structure.End();
                    }
                    structure.End();
                    Space(4);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "no PDF layout for this block");
            }
        }

        /// <summary>One tagged block of runs (a bold label, then text), wrapped word by word.</summary>
        private void Block(PdfBlockLevelElementTag tag, IReadOnlyList<(string Text, XFont Font)> runs, XColor color, double after, bool bullet = false)
        {
            var indent = bullet ? 14 : 0;
            var left = Margin + indent;
            var width = Width - Margin - left;
            var lineHeight = runs.Max(r => r.Font.GetHeight()) * 1.3;
            var words = runs.SelectMany(r => Printable(r.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => (Word: w, r.Font))).ToList();
            var brush = new XSolidBrush(color);
            structure.BeginElement(tag);
            var x = 0.0;
            var first = true;
            EnsureRoom(lineHeight);
            if (bullet)
            {
                structure.BeginArtifact();
                _gfx!.DrawString("•", _body, brush, Margin + 2, _y + _body.GetHeight());
                structure.End();
            }
            foreach (var (word, font) in words)
            {
                var space = first ? 0 : _gfx!.MeasureString(" ", font).Width;
                foreach (var piece in Pieces(word, font, width))
                {
                    var size = _gfx!.MeasureString(piece, font).Width;
                    if (!first && x + space + size > width)
                    {
                        _y += lineHeight;
                        x = 0;
                        space = 0;
                        EnsureRoom(lineHeight);
                    }
                    _gfx!.DrawString((space > 0 ? " " : "") + piece, font, brush, left + x, _y + font.GetHeight());
                    x += space + size;
                    first = false;
                    space = 0;
                }
            }
            structure.End();
            _y += lineHeight + after;
        }

        /// <summary>
        /// A word too long for a line (an e-mail address, a long id, pasted text without spaces) is cut where it must be,
        /// by each character's width: linear in the word, however long.
        /// </summary>
        private IEnumerable<string> Pieces(string word, XFont font, double width)
        {
            if (_gfx!.MeasureString(word, font).Width <= width)
            {
                yield return word;
                yield break;
            }
            var (start, used) = (0, 0.0);
            for (var i = 0; i < word.Length; i++)
            {
                var glyph = _gfx.MeasureString(word[i].ToString(), font).Width;
                if (i > start && used + glyph > width)
                {
                    yield return word[start..i];
                    (start, used) = (i, 0.0);
                }
                used += glyph;
            }
            yield return word[start..];
        }

        private void Space(double points) => _y += points;

        private void EnsureRoom(double needed)
        {
            if (_y + needed > Height - Margin - FooterSpace) NewPage();
        }

        private void NewPage()
        {
            // The page is added while the last page's graphics still stand: PDFsharp closes their marked content then.
            var page = pdf.AddPage();
            _gfx?.Dispose();
            page.Width = XUnit.FromPoint(Width);
            page.Height = XUnit.FromPoint(Height);
            _gfx = XGraphics.FromPdfPage(page);
            _pages++;
            structure.BeginArtifact();
            _gfx.DrawString($"{Printable(footer)} – sida {_pages}", _small, new XSolidBrush(Text), Margin, Height - Margin + 12);
            structure.End();
            _y = Margin;
        }
    }
}
