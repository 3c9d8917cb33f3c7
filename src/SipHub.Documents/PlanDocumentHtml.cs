using System.Text;

namespace SipHub.Documents;

/// <summary>
/// The family's copy as one accessible HTML page (WCAG 2.1 AA): Swedish as its language, one h1 and headings in order,
/// labelled facts as description lists, text and headings far above 4.5:1 contrast, a single column that reflows on a
/// phone, and no scripts, images or external resources, so it reads the same in a browser, a 1177 inbox or aloud.
/// </summary>
public static class PlanDocumentHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    // #1b1b1b on white is 17:1, the headings' #0a3a5c 11.9:1, the footer's #4a4a4a 8.9:1.
    private const string Style = """
        body{margin:0;background:#fff;color:#1b1b1b;font-family:"DejaVu Sans",system-ui,sans-serif;font-size:1.0625rem;line-height:1.55}
        main{max-width:42rem;margin:0 auto;padding:1.25rem 1rem 2rem}
        h1{font-size:1.6rem;line-height:1.25;color:#0a3a5c;margin:.5rem 0 1rem}
        h2{font-size:1.3rem;color:#0a3a5c;border-top:2px solid #0a3a5c;padding-top:.75rem;margin:2rem 0 .75rem}
        h3{font-size:1.1rem;color:#0a3a5c;margin:1.5rem 0 .5rem}
        dl{margin:0 0 1rem}dt{font-weight:bold;margin-top:.5rem}dd{margin:0 0 0 1rem;overflow-wrap:anywhere}
        ul{padding-left:1.5rem}li{margin:.25rem 0;overflow-wrap:anywhere}p{margin:.5rem 0}
        .label{font-weight:bold;margin-bottom:0}footer{color:#4a4a4a;font-size:.95rem;border-top:1px solid #767676;margin-top:2rem;padding-top:.75rem}
        """;

    public static string Render(PlanDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(document.Title)).Append(" – ").Append(Escape(document.Footer)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(Escape(document.Title)).Append("</h1>\n");
        foreach (var lead in document.Lead) html.Append("<p>").Append(Escape(lead)).Append("</p>\n");
        foreach (var section in document.Sections)
        {
            html.Append("<section>\n<h2>").Append(Escape(section.Heading)).Append("</h2>\n");
            foreach (var block in section.Blocks) Block(html, block);
            html.Append("</section>\n");
        }
        html.Append("<footer><p>").Append(Escape(document.Footer)).Append("</p></footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Block(StringBuilder html, DocumentBlock block)
    {
        switch (block)
        {
            case Paragraph p:
                html.Append("<p>").Append(Escape(p.Text)).Append("</p>\n");
                break;
            case SubHeading h:
                html.Append("<h3>").Append(Escape(h.Text)).Append("</h3>\n");
                break;
            case Facts facts:
                html.Append("<dl>\n");
                foreach (var (label, text) in facts.Rows)
                    html.Append("<dt>").Append(Escape(label)).Append("</dt><dd>").Append(Escape(text)).Append("</dd>\n");
                html.Append("</dl>\n");
                break;
            case BulletList list:
                if (list.Label is { } listLabel) html.Append("<p class=\"label\">").Append(Escape(listLabel)).Append("</p>\n");
                html.Append("<ul>\n");
                foreach (var item in list.Items) html.Append("<li>").Append(Escape(item)).Append("</li>\n");
                html.Append("</ul>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "no HTML for this block");
        }
    }

    /// <summary>Escapes markup only: Swedish letters stay as they are, so the page reads as text.</summary>
    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}
