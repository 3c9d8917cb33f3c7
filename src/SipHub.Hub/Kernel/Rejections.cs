using Hl7.Fhir.Model;
using SipHub.Domain.Identity;

namespace SipHub.Hub.Kernel;

/// <summary>Why a message was set aside: the machine code of the contract's "set aside with a code and a reason".</summary>
public static class RejectionCodes
{
    public const string MalformedJson = "malformed-json";
    public const string UnknownKind = "unknown-kind";
    public const string InvalidField = "invalid-field";
    public const string UnauthorizedSender = "unauthorized-sender";
    /// <summary>The message contradicts what the hub holds (another patient for a known episode).</summary>
    public const string EpisodeConflict = "episode-conflict";
    /// <summary>A plan version that does not rise above the current one (409 over HTTP).</summary>
    public const string StaleVersion = "stale-version";
    /// <summary>A new version of a plan that was completed or revoked.</summary>
    public const string PlanEnded = "plan-ended";
    /// <summary>A notice whose episode's admission notice did not arrive within the grace period.</summary>
    public const string UnknownEpisode = "unknown-episode";
    /// <summary>A consent withdrawal for a plan the hub does not hold (yet).</summary>
    public const string UnknownPlan = "unknown-plan";
    /// <summary>A withdrawal of a SIP request the hub does not hold (yet).</summary>
    public const string UnknownRequest = "unknown-request";
    /// <summary>A new version of a SIP request that was withdrawn.</summary>
    public const string RequestEnded = "request-ended";
    /// <summary>Not the message's fault (a bug, a dependency down beyond the retries): replay once fixed.</summary>
    public const string ProcessingFailed = "processing-failed";
    /// <summary>A participant's FHIR plan Bundle that cannot be parsed, fails validation or cannot be read as a plan.</summary>
    public const string InvalidFhirPlan = "invalid-fhir-plan";
    /// <summary>A FHIR Bundle the hub made fails validation: never sent.</summary>
    public const string FhirInvalid = "fhir-invalid";
}

/// <summary>
/// A message that breaks the contract: final, never retried, set aside with its code and reason. The reason and the
/// errors are kept and logged, so no personnummer a validator repeated stays in them.
/// </summary>
public sealed class InboundRejectedException(string code, string reason, IReadOnlyDictionary<string, List<string>>? errors = null)
    : Exception(PersonalNumberRedaction.Redact(reason))
{
    public string Code => code;

    /// <summary>Field path → what is wrong with it, where fields are to blame.</summary>
    public IReadOnlyDictionary<string, List<string>> Errors { get; } =
        (errors ?? new Dictionary<string, List<string>>()).ToDictionary(e => e.Key, e => e.Value.Select(PersonalNumberRedaction.Redact).ToList());

    public static InboundRejectedException InvalidFields(string kind, IReadOnlyDictionary<string, List<string>> errors) =>
        new(RejectionCodes.InvalidField, $"invalid {kind}: {Describe(errors)}", errors);

    /// <summary>Each error of the outcome by its FHIRPath (or the message as a whole).</summary>
    public static InboundRejectedException InvalidFhirPlan(OperationOutcome outcome)
    {
        var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .GroupBy(i => i.Expression.FirstOrDefault() ?? "")
            .ToDictionary(g => g.Key, g => g.Select(i => i.Diagnostics ?? i.Details?.Text ?? "invalid").ToList());
        return new(RejectionCodes.InvalidFhirPlan, $"invalid FHIR plan Bundle: {Describe(errors)}", errors);
    }

    private static string Describe(IReadOnlyDictionary<string, List<string>> errors) =>
        string.Join("; ", errors.Select(e => $"{(e.Key.Length == 0 ? "message" : e.Key)}: {string.Join(", ", e.Value)}"));
}
