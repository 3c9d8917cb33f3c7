using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>An issue in an OperationOutcome, as SipHub reports what it found in a participant's Bundle.</summary>
public static class OutcomeIssues
{
    public static void AddIssue(this OperationOutcome outcome, OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type,
        string text, string? expression = null) =>
        outcome.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = severity,
            Code = type,
            Diagnostics = text,
            Expression = expression is null ? [] : [expression],
        });
}
