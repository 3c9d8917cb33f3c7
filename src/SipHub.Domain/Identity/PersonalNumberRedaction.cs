using System.Text.RegularExpressions;

namespace SipHub.Domain.Identity;

/// <summary>
/// Takes what looks like a personnummer or samordningsnummer (10 or 12 digits, a '-' or '+' before the last four) out
/// of a text that goes to a log or a set-aside reason: a validator repeats offending values, and a reason outlives the
/// message. Names cannot be recognised this way; the hub's own reasons do not repeat them.
/// </summary>
public static partial class PersonalNumberRedaction
{
    public const string Placeholder = "[personnummer]";

    public static string Redact(string text) => Number().Replace(text, Placeholder);

    // Not inside a longer run of digits, and not an HSA-id's organisation number (SE2321000032-1003 is no person).
    [GeneratedRegex(@"(?<!\d)(?<!SE)(?:\d{8}|\d{6})[-+]?\d{4}(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex Number();
}
