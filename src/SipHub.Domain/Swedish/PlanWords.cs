using SipHub.Contracts;

namespace SipHub.Domain.Swedish;

/// <summary>
/// Parts of a plan in Swedish words, shared by the FHIR narrative a record system shows and the family's copy, so both
/// say the same: who is responsible for an activity, when it happens, on what consent the plan rests.
/// </summary>
public static class PlanWords
{
    /// <summary>"Skolkurator Anna; tillsammans med Jasmina; med stöd av pappa": the lead first, then how the others take part.</summary>
    public static string Responsible(PlanActivity activity, Func<string, string> nameOf) =>
        string.Join("; ", activity.Responsible.Select((r, i) =>
            i == 0 ? nameOf(r.Participant) : $"{Words.Responsibility(r.Role)} {nameOf(r.Participant)}"));

    /// <summary>The timing in the plan's own words first, then its dates, status, what it waits for and when it is reviewed.</summary>
    public static string Timing(PlanActivity activity, SipPlan plan)
    {
        var t = activity.Timing;
        var parts = new List<string>();
        if (t.Text is { } text) parts.Add(text);
        if (t.Start is { } start) parts.Add($"från {Dates.Date(start)}");
        if (t.End is { } end) parts.Add($"till {Dates.Date(end)}");
        if (t.Status is { } status) parts.Add(Words.ActivityStatus(status));
        if (t.After is { Count: > 0 } after)
            parts.Add("efter " + string.Join(", ", after.Select(id =>
                plan.Goals.SelectMany(g => g.Activities).FirstOrDefault(a => a.Id == id)?.Description ?? id)));
        if (t.ReviewAt is { } review) parts.Add($"omprövas {Dates.Date(review)}");
        return string.Join(", ", parts);
    }

    /// <summary>"vårdnadshavarnas samtycke, skriftligt: Mamma samtycker; Linus motsätter sig inte".</summary>
    public static string Consent(PlanConsent consent, Func<string, string> nameOf) =>
        $"{Words.Basis(consent.Basis)}, {Words.Form(consent.Form)}: " +
        string.Join("; ", consent.Parties.Select(p => $"{nameOf(p.Participant)} {Words.Decision(p.Decision)}"));

    /// <summary>"2027-01-25, ersatt av plan SIP-2027-0004. Text": how and when the plan ended.</summary>
    public static string Closing(PlanClosing closing) =>
        $"{Dates.DayOrTime(closing.At)}, {Words.Closing(closing.Reason)}{(closing.ReplacedBy is { } by ? $" {by}" : "")}{(closing.Text is { } t ? $". {t}" : "")}";
}
