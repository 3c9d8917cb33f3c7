using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>
/// A deadline alert the hub publishes on <c>siphub.alerts</c> (routing key <c>deadline.&lt;clock&gt;.&lt;level&gt;</c>)
/// and lists at <c>GET /api/alerts</c>. One alert per clock, level and due time: never repeated on redelivery or restart.
/// </summary>
/// <param name="Clock">admission-notice, sip-invitation, payment-liability, sip-follow-up, care-contact; consumers accept new names.</param>
/// <param name="ResponsibleHsaId">The unit that must act (the fast vårdkontakt's unit for sip-invitation).</param>
/// <param name="Text">The alert in words, in Swedish.</param>
/// <param name="Retracts">For a <see cref="AlertLevel.Retracted"/> alert: the id of the breach it takes back.</param>
/// <param name="Subject">For a deviation: what it is about (deviation code), beside the episode.</param>
/// <param name="PlanId">The plan a clock of a plan (its follow-up) is about, or a deviation concerns.</param>
/// <param name="RequestId">The SIP request (<c>sip-request</c>) a start clock is about.</param>
/// <param name="RetractedAt">Only in <c>GET /api/alerts</c>, on a breach later retracted: when, and by which alert.</param>
public sealed record DeadlineAlert(
    string AlertId,
    string Clock,
    AlertLevel Level,
    DateTimeOffset DueAt,
    DateTimeOffset RaisedAt,
    string ResponsibleHsaId,
    string Text,
    string? EpisodeId = null,
    string? PlanId = null,
    string? MunicipalityCode = null,
    string? Retracts = null,
    string? Subject = null,
    DateTimeOffset? RetractedAt = null,
    string? RetractedBy = null,
    string? RequestId = null)
{
    /// <summary>The level as the wire writes it (<c>met-late</c>).</summary>
    [JsonIgnore]
    public string LevelName => JsonNamingPolicy.KebabCaseLower.ConvertName(Level.ToString());

    /// <summary>The routing key on <c>siphub.alerts</c>.</summary>
    [JsonIgnore]
    public string RoutingKey => $"deadline.{Clock}.{LevelName}";
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertLevel>))]
public enum AlertLevel
{
    /// <summary>The deadline is near.</summary>
    [JsonStringEnumMemberName("warning")] Warning,
    /// <summary>Passed without the expected message (for payment-liability: the municipality now pays).</summary>
    [JsonStringEnumMemberName("breached")] Breached,
    [JsonStringEnumMemberName("met")] Met,
    /// <summary>Done, after a breach.</summary>
    [JsonStringEnumMemberName("met-late")] MetLate,
    /// <summary>The episode was cancelled (makulerat).</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>An earlier breach proved wrong: what stops the clock was sent in time and applied after the breach (<see cref="DeadlineAlert.Retracts"/>).</summary>
    [JsonStringEnumMemberName("retracted")] Retracted,
    /// <summary>A message departs from what the agreements ask (a unit that must be told is missing, the wrong unit acted).</summary>
    [JsonStringEnumMemberName("deviation")] Deviation,
}
