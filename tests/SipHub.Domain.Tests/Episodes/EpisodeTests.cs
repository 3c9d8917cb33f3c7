using System.Text.Json;
using SipHub.Domain.Episodes;
using SipHub.Domain.Identity;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

public sealed class EpisodeTests
{
    [Fact]
    public void An_admission_notice_admits_the_patient()
    {
        var episode = Saw(Admission());

        Assert.Equal(EpisodeStatus.Admitted, episode.Status);
        Assert.Equal(new DateOnly(2026, 11, 27), episode.ExpectedDischargeDate);
    }

    [Fact]
    public void The_same_message_twice_is_seen_once()
    {
        var episode = Saw(Admission());

        var result = episode.Apply(Admission(), At("2026-11-20T16:00"));

        Assert.Equal(ApplyOutcome.Duplicate, result.Outcome);
        Assert.Null(result.Entry);
        Assert.Single(episode.Timeline);
    }

    [Fact]
    public void The_same_message_id_from_another_sender_is_a_different_message()
    {
        var episode = Saw(Admission());

        var result = episode.Apply(new InvitationSent("ADM-1", Outpatient, "SIP-1", At("2026-11-21T09:00"), At("2026-11-23T09:00")), At("2026-11-21T09:01"));

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
    }

    [Fact]
    public void Discharge_ready_before_the_admission_notice_is_kept_and_noted()
    {
        var episode = Saw(Ready("2026-11-23T10:00"), Admission());

        Assert.Equal(EpisodeStatus.DischargeReady, episode.Status);
        Assert.Contains("arrived before the admission notice", episode.Timeline[0].Notes);
        Assert.Contains(episode.Timeline[1].Notes, n => n.StartsWith("out of order"));
    }

    [Fact]
    public void A_later_discharge_date_change_wins_even_when_it_arrives_first()
    {
        var change = new DischargeDateChanged("CHG-1", Ward, new DateOnly(2026, 12, 2), At("2026-11-22T09:00"));

        var episode = Saw(change, Admission());

        Assert.Equal(new DateOnly(2026, 12, 2), episode.ExpectedDischargeDate);
    }

    [Fact]
    public void A_withdrawn_discharge_ready_notice_puts_the_patient_back_to_admitted()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Withdrawn("2026-11-24T08:00"));

        Assert.Equal(EpisodeStatus.Admitted, episode.Status);
        Assert.False(episode.ReadinessPeriods[^1].IsOpen);
    }

    [Fact]
    public void A_withdrawal_older_than_a_new_notice_does_not_undo_it()
    {
        // Arrival order: ready, new ready, then the (older) withdrawal of the first.
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Ready("2026-11-25T10:00", "DR-2"), Withdrawn("2026-11-24T08:00"));

        Assert.Equal(EpisodeStatus.DischargeReady, episode.Status);
        Assert.Equal("DR-2", episode.CurrentReadiness!.StartedBy.MessageId);
    }

    [Fact]
    public void Discharge_ends_the_episode_and_cancellation_overrides_everything()
    {
        Assert.Equal(EpisodeStatus.Discharged, Saw(Admission(), Ready("2026-11-23T10:00"), Discharge("2026-11-25T13:00")).Status);

        var cancelled = Saw(Admission(), Cancelled("2026-11-21T08:00"), Ready("2026-11-23T10:00"));

        Assert.Equal(EpisodeStatus.Cancelled, cancelled.Status);
        Assert.Contains(cancelled.Timeline[2].Notes, n => n.Contains("after the episode was cancelled"));
    }

    [Fact]
    public void A_timeline_stored_as_json_replays_to_the_same_episode()
    {
        var plan = new PlanRecorded("PLAN-1", Outpatient, "SIP-1", 2, "active", new DateOnly(2026, 11, 30), new DateOnly(2027, 2, 1));
        var contact = new CareContactAppointed("CC-1", Outpatient, "SE2321000032-4F7Q", "Elin Sandberg", "psykolog",
            Outpatient, "Vårdcentralen Fröslunda", ["016-10 20 30"], At("2026-11-21T10:00"));
        var episode = Saw(Ready("2026-11-23T10:00"), Admission(), contact, Withdrawn("2026-11-24T08:00"), Ready("2026-11-25T08:00", "DR-2"),
            Invitation("2026-11-25T09:00"), plan, Discharge("2026-11-27T13:00"), Cancelled("2026-11-28T08:00"),
            new DischargeDateChanged("CHG-1", Ward, new DateOnly(2026, 12, 2), At("2026-11-22T09:00")));

        var stored = episode.Timeline.Select(t => (Json: JsonSerializer.Serialize(t.Event, EpisodeJson.Options), t.ReceivedAt, t.Notes)).ToList();
        var replayed = Episode.Replay(episode.EpisodeId,
            stored.Select(s => new TimelineEntry(JsonSerializer.Deserialize<EpisodeEvent>(s.Json, EpisodeJson.Options)!, s.ReceivedAt, s.Notes)));

        Assert.Equal(episode.Timeline.Select(t => t.Event.GetType()), replayed.Timeline.Select(t => t.Event.GetType()));
        // Records compare by value, but lists inside them by reference: compare each event's JSON again.
        Assert.Equal(stored.Select(s => s.Json), replayed.Timeline.Select(t => JsonSerializer.Serialize(t.Event, EpisodeJson.Options)));
        Assert.Equal(episode.Admission!.Patient.Id, replayed.Admission!.Patient.Id);
        Assert.Equal(episode.Status, replayed.Status);
    }

    [Fact]
    public void A_resent_discharge_ready_notice_does_not_restart_the_period()
    {
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Ready("2026-11-25T10:00", "DR-2"));

        Assert.Equal("DR-1", episode.CurrentReadiness!.StartedBy.MessageId);
    }

    [Fact]
    public void An_admission_notice_for_another_patient_is_rejected()
    {
        var episode = Saw(Admission());
        var other = Admission(id: "ADM-2") with
        {
            Patient = Admission().Patient with { Id = new PersonIdentifier(PersonIdKind.Reservnummer, "R-1", "1.2.752.97.1") },
        };

        var result = episode.Apply(other, At("2026-11-21T09:00"));

        Assert.Equal(ApplyOutcome.Rejected, result.Outcome);
        Assert.Single(episode.Timeline);
    }

    [Fact]
    public void Protected_identity_sticks_when_a_correction_omits_it()
    {
        var first = Admission() with { Patient = Admission().Patient with { ProtectedIdentity = true } };

        var episode = Saw(first, Admission(sentAt: "2026-11-20T18:00", id: "ADM-2"));

        Assert.True(episode.ProtectedIdentity);
    }
}
