using System.Globalization;

namespace SipHub.Domain.Clocks;

/// <summary>
/// What a clock is about, and its key beside the clock's name: an episode (<c>episode:&lt;id&gt;</c>), one follow-up
/// date of a plan (<c>plan:&lt;id&gt;/&lt;yyyy-MM-dd&gt;</c>) or a SIP request (<c>request:&lt;id&gt;</c>). A plan's
/// follow-ups are kept apart, so each is met, late or missed on its own and counts once in the figures.
/// </summary>
public sealed record ClockSubject(string Key, string? EpisodeId, string? PlanId = null, string? RequestId = null)
{
    private const string FollowUpSeparator = "/";

    public static ClockSubject Episode(string episodeId) => new($"episode:{episodeId}", episodeId);

    /// <param name="episodeId">The episode the plan belongs to, if any: its alerts name it too.</param>
    public static ClockSubject FollowUp(string planId, DateOnly followUpDate, string? episodeId) =>
        new($"plan:{planId}{FollowUpSeparator}{followUpDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", episodeId, planId);

    /// <summary>The plan's consent (<c>plan:&lt;id&gt;/consent</c>): one clock per plan, moved by each version.</summary>
    public static ClockSubject Consent(string planId, string? episodeId) => new($"plan:{planId}{FollowUpSeparator}consent", episodeId, planId);

    public static ClockSubject Request(string requestId) => new($"request:{requestId}", null, RequestId: requestId);

    /// <summary>The follow-up date a plan subject's key names.</summary>
    public static DateOnly FollowUpDateOf(string key) =>
        DateOnly.ParseExact(key[(key.LastIndexOf(FollowUpSeparator, StringComparison.Ordinal) + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
