using CsCheck;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Domain.Clocks;
using SipHub.Domain.Episodes;
using SipHub.Domain.Requests;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Requests;

/// <summary>"Arbetet ska påbörjas utan dröjsmål": the start clock of a SIP request, from consent to the first invitation.</summary>
public sealed class SipStartTests
{
    private static readonly DateTimeOffset Sent = At("2026-11-02T09:15");

    private static RequestState Given(DayOrInstant? at = null) => new("SE2120000357-S7K1", Sent, RequestConsentStatus.Given, at, null, null);

    [Fact]
    public void Consent_on_a_day_gives_the_invitation_until_the_end_of_the_fifth_day_after_it_whatever_time_it_is_sent()
    {
        var consentDays = Gen.Int[0, 400].Select(n => new DateOnly(2026, 1, 1).AddDays(n));
        Gen.Select(consentDays, Gen.Int[-2 * 24 * 60, 9 * 24 * 60], Gen.Int[1, 10]).Sample((day, minutes, days) =>
        {
            var policy = RegionalPolicy.Default with { SipStartDays = days };
            var invitedAt = Stockholm.StartOfDay(day).AddMinutes(minutes);
            var due = Stockholm.StartOfDay(day.AddDays(days + 1));

            var view = SipStart.Evaluate(Given(day) with { InvitedAt = invitedAt }, policy, invitedAt.AddDays(30));

            Assert.Equal(due, view.DueAt);
            Assert.Equal(invitedAt <= due ? ClockState.Met : ClockState.MetLate, view.State);
        });
    }

    [Fact]
    public void Without_a_day_consent_counts_from_the_request_and_an_instant_from_that_instant()
    {
        var fromRequest = SipStart.Evaluate(Given(), RegionalPolicy.Default, Sent);
        var fromInstant = SipStart.Evaluate(Given(At("2026-11-04T23:30")), RegionalPolicy.Default, Sent);

        Assert.Equal((ClockState.Running, At("2026-11-08T00:00")), (fromRequest.State, fromRequest.DueAt));
        Assert.Equal(At("2026-11-10T00:00"), fromInstant.DueAt);
        Assert.Equal(ClockState.Breached, SipStart.Evaluate(Given(), RegionalPolicy.Default, At("2026-11-08T00:00:01")).State);
    }

    [Fact]
    public void Pending_consent_starts_nothing_a_refusal_cancels_and_a_withdrawal_cancels_only_before_the_deadline()
    {
        var pending = SipStart.Evaluate(Given() with { Consent = RequestConsentStatus.Pending }, RegionalPolicy.Default, Sent.AddDays(30));
        var refused = SipStart.Evaluate(Given() with { Consent = RequestConsentStatus.Refused }, RegionalPolicy.Default, Sent.AddDays(30));
        var withdrawnInTime = SipStart.Evaluate(Given() with { WithdrawnAt = At("2026-11-05T10:00") }, RegionalPolicy.Default, Sent.AddDays(30));
        var withdrawnLate = SipStart.Evaluate(Given() with { WithdrawnAt = At("2026-11-09T10:00") }, RegionalPolicy.Default, Sent.AddDays(30));

        Assert.Equal((ClockState.NotStarted, (DateTimeOffset?)null), (pending.State, pending.DueAt));
        Assert.Equal(ClockState.Cancelled, refused.State);
        Assert.Equal(ClockState.Cancelled, withdrawnInTime.State);
        Assert.Equal(ClockState.Breached, withdrawnLate.State);
    }
}
