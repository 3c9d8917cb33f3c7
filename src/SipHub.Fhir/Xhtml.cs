using System.Text;
using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>
/// The Swedish human-readable narrative: a record system that cannot structure a SIP can still show it.
/// Only the elements FHIR allows in narrative (txt-1) and no attributes but xmlns.
/// </summary>
internal sealed class Xhtml
{
    private readonly StringBuilder _html = new("<div xmlns=\"http://www.w3.org/1999/xhtml\">");

    public Xhtml Heading(string text)
    {
        _html.Append("<h3>").Append(Escape(text)).Append("</h3>");
        return this;
    }

    /// <summary>A labelled paragraph; nothing when <paramref name="text"/> is empty.</summary>
    public Xhtml Field(string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return this;
        _html.Append("<p><b>").Append(Escape(label)).Append(":</b> ").Append(Escape(text)).Append("</p>");
        return this;
    }

    public Xhtml List(string label, IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count == 0) return this;
        _html.Append("<p><b>").Append(Escape(label)).Append(":</b></p><ul>");
        foreach (var item in all) _html.Append("<li>").Append(Escape(item)).Append("</li>");
        _html.Append("</ul>");
        return this;
    }

    public Xhtml Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _html.Append("<table><caption>").Append(Escape(caption)).Append("</caption><thead><tr>");
        foreach (var header in headers) _html.Append("<th>").Append(Escape(header)).Append("</th>");
        _html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td>").Append(Escape(cell)).Append("</td>");
            _html.Append("</tr>");
        }
        _html.Append("</tbody></table>");
        return this;
    }

    public Narrative Build() => new() { Status = Narrative.NarrativeStatus.Generated, Div = _html + "</div>" };

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            _ = c switch { '&' => sb.Append("&amp;"), '<' => sb.Append("&lt;"), '>' => sb.Append("&gt;"), '"' => sb.Append("&quot;"), _ => sb.Append(c) };
        return sb.ToString();
    }
}
