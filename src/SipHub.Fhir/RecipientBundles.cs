using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>
/// Validates the message Bundles one message makes, one per recipient, with Firely's full validation once per distinct
/// content. The Bundles of one message differ in their MessageHeader (destination, ids) and the Bundle's own id,
/// identifier and timestamp; what follows the header (the CarePlan or Appointment and everything it refers to) is, as
/// serialized, the same for every recipient unless the mapping made it differ (a receiver that is not a participant adds
/// its Organization). So the first Bundle of each distinct content is validated whole, and for each other Bundle with the
/// same content what differs is: its MessageHeader against the core and <c>siphub-messageheader</c>, and what the Bundle's
/// rules ask of the header within the Bundle (bdl-7, bdl-12, siphub-bdl-1; its references that resolve are to entries of
/// the types R4 allows). <c>RecipientBundlesTests</c> proves the outcome the same as validating every Bundle whole.
/// </summary>
public static class RecipientBundles
{
    /// <summary>One recipient's Bundle and its JSON as it will be sent.</summary>
    public sealed record Made(Bundle Bundle, string Json);

    /// <summary>The outcome for each Bundle, in order; and how many were validated whole.</summary>
    public static async Task<(IReadOnlyList<OperationOutcome> Outcomes, int ValidatedWhole)> ValidateAsync(IReadOnlyList<Made> bundles,
        Func<Resource, Task<OperationOutcome>> validate)
    {
        var outcomes = new OperationOutcome[bundles.Count];
        var whole = new Dictionary<string, int>(StringComparer.Ordinal);
        var validatedWhole = 0;
        for (var i = 0; i < bundles.Count; i++)
        {
            var (bundle, json) = bundles[i];
            var content = Content(bundle, json);
            if (content is not null && whole.TryGetValue(content, out var first) && SameFrame(bundle, bundles[first].Bundle))
            {
                // The same content as a Bundle validated whole: if that one failed, this fails the same; if it passed,
                // what differs decides.
                outcomes[i] = FhirValidator.Passes(outcomes[first]) ? await HeaderAsync(bundle, bundles[first].Bundle, validate).ConfigureAwait(false)
                    : outcomes[first];
                continue;
            }
            outcomes[i] = await validate(bundle).ConfigureAwait(false);
            validatedWhole++;
            if (content is not null) whole[content] = i;
        }
        return (outcomes, validatedWhole);
    }

    /// <summary>
    /// What follows the MessageHeader's entry in the serialized Bundle: every other entry, as it will be sent. Null when
    /// the Bundle is not a message whose first entry is its MessageHeader (then it is validated whole).
    /// </summary>
    public static string? Content(Bundle bundle, string json)
    {
        if (bundle.Entry is not [{ Resource: MessageHeader }, { FullUrl: { } second }, ..]) return null;
        var at = json.IndexOf($"{{\"fullUrl\":\"{second}\"", StringComparison.Ordinal);
        return at < 0 ? null : json[at..];
    }

    /// <summary>
    /// Whether the Bundle's own elements and its header's entry are of the shape the mappers make (MessageBundle), as in the
    /// Bundle validated whole: only id, identifier and timestamp differ there. Anything else is validated whole.
    /// </summary>
    private static bool SameFrame(Bundle bundle, Bundle validated) =>
        bundle.Language == validated.Language && bundle.ImplicitRules == validated.ImplicitRules && bundle.Total == validated.Total
        && bundle.Link.Count == 0 && validated.Link.Count == 0 && bundle.Signature is null && validated.Signature is null
        && bundle.Meta?.Tag.Count is null or 0 && bundle.Meta?.Security.Count is null or 0 && bundle.Meta?.VersionId is null
        && bundle.Entry[0] is { Request: null, Response: null, Search: null, Link.Count: 0, Extension.Count: 0 }
        && bundle.Entry[0].Resource?.Meta?.VersionId is null;

    private static async Task<OperationOutcome> HeaderAsync(Bundle bundle, Bundle validated, Func<Resource, Task<OperationOutcome>> validate)
    {
        var header = (MessageHeader)bundle.Entry[0].Resource!;
        var outcome = await validate(header).ConfigureAwait(false);
        // Standalone, the header's references cannot be resolved: that is what the Bundle's checks below are for.
        outcome.Issue.RemoveAll(i => i.Severity is OperationOutcome.IssueSeverity.Warning or OperationOutcome.IssueSeverity.Information);
        void Error(string expression, string text) => outcome.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Invariant, Expression = [expression],
            Details = new CodeableConcept { Text = text },
        });

        var first = (MessageHeader)validated.Entry[0].Resource!;
        var entries = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry.Skip(1))
            if (entry is { FullUrl: { } url, Resource: { } resource }) entries.TryAdd(url, resource);
        if (bundle.Type != Bundle.BundleType.Message || !(bundle.Meta?.Profile ?? []).SequenceEqual(validated.Meta?.Profile ?? []))
            Error("Bundle", "the Bundle is not a SipHub message Bundle like the one validated whole");
        if (bundle.Identifier?.Value is not { Length: > 0 } || bundle.Timestamp is null || bundle.Id is not { Length: > 0 })
            Error("Bundle.identifier", "a message Bundle has an id, an identifier and a timestamp (bdl-9 … siphub-message-bundle)");
        // bdl-7: an entry's fullUrl and version are unique in the Bundle (the header has no version).
        if (bundle.Entry[0].FullUrl is not { } headerUrl
            || (entries.TryGetValue(headerUrl, out var same) && same.Meta?.VersionId is null && header.Meta?.VersionId is null))
            Error("Bundle.entry[0].fullUrl", "the MessageHeader's fullUrl and version are another entry's (bdl-7)");
        if (header.Focus is not [{ Reference: { } focus }] || focus != first.Focus.FirstOrDefault()?.Reference || !entries.ContainsKey(focus))
            Error("Bundle.entry[0].resource.focus", "the MessageHeader focuses on the message's resource in this Bundle (siphub-bdl-1)");
        if ((header.Event as Coding)?.Code != (first.Event as Coding)?.Code || (header.Event as Coding)?.System != (first.Event as Coding)?.System)
            Error("Bundle.entry[0].resource.event", "the MessageHeader's event is the message's (siphub-bdl-1)");
        foreach (var (path, reference, types) in new (string, ResourceReference?, string[])[]
        {
            ("destination[0].receiver", header.Destination.FirstOrDefault()?.Receiver, ["Practitioner", "PractitionerRole", "Organization"]),
            ("sender", header.Sender, ["Practitioner", "PractitionerRole", "Organization"]),
        })
            // A reference into the Bundle is to a resource of a type R4 allows there; one that resolves to nothing is, as in
            // Firely's validation of the whole Bundle, not an error.
            if (reference?.Reference is { } url && entries.TryGetValue(url, out var target) && !types.Contains(target.TypeName))
                Error($"Bundle.entry[0].resource.{path}", $"the MessageHeader's {path} is a {string.Join(", ", types)}");
        return outcome;
    }
}
