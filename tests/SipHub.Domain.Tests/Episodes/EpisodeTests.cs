using SipHub.Domain.Episodes;
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

        var (outcome, entry) = episode.Apply(Admission(), At("2026-11-20T16:00"));

        Assert.Equal(ApplyOutcome.Duplicate, outcome);
        Assert.Null(entry);
        Assert.Single(episode.Timeline);
    }

    [Fact]
    public void The_same_message_id_from_another_sender_is_a_different_message()
    {
        var episode = Saw(Admission());

        var (outcome, _) = episode.Apply(new DischargeDateChanged("ADM-1", Outpatient, new DateOnly(2026, 11, 30), At("2026-11-21T09:00")), At("2026-11-21T09:01"));

        Assert.Equal(ApplyOutcome.Applied, outcome);
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
        Assert.True(episode.ReadinessWithdrawn);
    }

    [Fact]
    public void A_withdrawal_older_than_a_new_notice_does_not_undo_it()
    {
        // Arrival order: ready, new ready, then the (older) withdrawal of the first.
        var episode = Saw(Admission(), Ready("2026-11-23T10:00"), Ready("2026-11-25T10:00", "DR-2"), Withdrawn("2026-11-24T08:00"));

        Assert.Equal(EpisodeStatus.DischargeReady, episode.Status);
        Assert.Equal("DR-2", episode.CurrentReadiness!.MessageId);
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
    public void A_replayed_timeline_gives_the_same_episode()
    {
        var episode = Saw(Ready("2026-11-23T10:00"), Admission(), Invitation("2026-11-24T09:00"));

        var replayed = Episode.Replay(episode.EpisodeId, episode.Timeline);

        Assert.Equal(episode.Status, replayed.Status);
        Assert.Equal(episode.Timeline, replayed.Timeline);
    }
}
