using SipHub.Domain.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

/// <summary>Who may change an episode: its admitting unit, units acting for it, and for the care contact and invitation its recipients.</summary>
public sealed class EpisodeAuthorityTests
{
    private const string OtherHospital = "SE2321000016-7777";
    private const string OtherWard = "SE2321000032-1004";

    /// <summary>Every notice of the stay, each from the given sender.</summary>
    public static TheoryData<string> StayNotices() => ["admission-notice", "discharge-date-changed", "discharge-ready",
        "discharge-ready-withdrawn", "discharge-notice", "episode-cancelled"];

    private static EpisodeEvent StayNotice(string kind, string sender) => kind switch
    {
        "admission-notice" => Admission(sentAt: "2026-11-21T08:00", id: "X-1") with { SenderHsaId = sender },
        "discharge-date-changed" => new DischargeDateChanged("X-1", sender, new DateOnly(2026, 12, 1), At("2026-11-21T08:00")),
        "discharge-ready" => Ready("2026-11-21T08:00", "X-1") with { SenderHsaId = sender },
        "discharge-ready-withdrawn" => Withdrawn("2026-11-21T08:00", "X-1") with { SenderHsaId = sender },
        "discharge-notice" => Discharge("2026-11-21T08:00", "X-1") with { SenderHsaId = sender },
        _ => Cancelled("2026-11-21T08:00", "X-1") with { SenderHsaId = sender },
    };

    [Theory]
    [MemberData(nameof(StayNotices))]
    public void A_notice_of_the_stay_from_another_unit_is_refused_and_changes_nothing(string kind)
    {
        foreach (var stranger in new[] { OtherHospital, Outpatient })
        {
            var episode = Saw(Admission(), Ready("2026-11-20T16:00"));
            var before = (episode.Status, episode.Timeline.Count, episode.Admission);

            var result = episode.Apply(StayNotice(kind, stranger), At("2026-11-21T08:01"));

            Assert.Equal(ApplyOutcome.Unauthorized, result.Outcome);
            Assert.Contains(Ward, result.Reason);
            Assert.Equal(before, (episode.Status, episode.Timeline.Count, episode.Admission));
        }
    }

    [Theory]
    [MemberData(nameof(StayNotices))]
    public void The_admitting_unit_and_a_unit_the_region_lets_act_for_it_may_send_it(string kind)
    {
        var region = new EpisodeAuthority(new Dictionary<string, IReadOnlySet<string>> { [Ward] = new HashSet<string> { OtherWard } });
        foreach (var sender in new[] { Ward, OtherWard })
        {
            var episode = new Episode("VT-1", region);
            episode.Apply(Admission(), At("2026-11-20T15:00"));

            Assert.Equal(ApplyOutcome.Applied, episode.Apply(StayNotice(kind, sender), At("2026-11-21T08:01")).Outcome);
        }
    }

    [Fact]
    public void The_care_contact_and_the_invitation_come_from_a_recipient_of_the_admission_notice()
    {
        var fromRecipient = Saw(Admission());
        Assert.Equal(ApplyOutcome.Applied, fromRecipient.Apply(CareContact("2026-11-20T16:00") with { SenderHsaId = Outpatient }, At("2026-11-20T16:01")).Outcome);
        Assert.Equal(ApplyOutcome.Applied, fromRecipient.Apply(Invitation("2026-11-21T09:00"), At("2026-11-21T09:01")).Outcome);

        var fromStranger = Saw(Admission());
        var refused = fromStranger.Apply(Invitation("2026-11-21T09:00") with { SenderHsaId = OtherHospital }, At("2026-11-21T09:01"));
        Assert.Equal(ApplyOutcome.Unauthorized, refused.Outcome);
        Assert.Null(fromStranger.Invitation);
    }

    [Fact]
    public void Another_hospitals_admission_notice_for_the_same_episode_id_does_not_take_it_over()
    {
        var episode = Saw(Admission());

        var result = episode.Apply(Admission(sentAt: "2026-11-21T10:00", id: "ADM-9") with
        {
            SenderHsaId = OtherHospital,
            Recipients = [new NoticeRecipient(OtherWard, "regional-outpatient-care", "Annan vårdcentral")],
        }, At("2026-11-21T10:01"));

        Assert.Equal(ApplyOutcome.Unauthorized, result.Outcome);
        Assert.Equal(Ward, episode.Owner);
        Assert.Equal(Outpatient, Assert.Single(episode.Admission!.Recipients).HsaId);
    }

    [Fact]
    public void What_a_stranger_sent_before_the_admission_notice_counts_for_nothing_once_the_owner_is_known()
    {
        var forged = Discharge("2026-11-20T13:00") with { SenderHsaId = OtherHospital };
        var episode = Saw(forged, Ready("2026-11-20T13:30"), Admission());

        Assert.Equal(EpisodeStatus.DischargeReady, episode.Status);
        Assert.Null(episode.Discharge);
        Assert.False(episode.Counts(forged));
        Assert.Contains(episode.Timeline[2].Notes, n => n.StartsWith($"ignores the earlier discharge-notice DIS-1: the episode's admitting unit is {Ward}"));
    }

    [Fact]
    public void Two_hospitals_may_use_the_same_id_once_each_names_itself_as_issuer()
    {
        var ours = new Episode(EpisodeKey.Of("VT-1", Ward));
        var theirs = new Episode(EpisodeKey.Of("VT-1", OtherHospital.ToLowerInvariant()));

        Assert.Equal(ApplyOutcome.Applied, ours.Apply(Admission(), At("2026-11-20T15:00")).Outcome);
        Assert.Equal(ApplyOutcome.Applied, theirs.Apply(Admission() with { SenderHsaId = OtherHospital }, At("2026-11-20T15:00")).Outcome);
        Assert.NotEqual(ours.EpisodeId, theirs.EpisodeId);
        Assert.Equal(OtherHospital, EpisodeKey.IssuerOf(theirs.EpisodeId));
    }

    [Fact]
    public void Only_the_issuer_or_a_unit_acting_for_it_admits_to_a_qualified_episode()
    {
        var stranger = new Episode(EpisodeKey.Of("VT-1", Ward));
        var refused = stranger.Apply(Admission() with { SenderHsaId = OtherHospital }, At("2026-11-20T15:00"));
        Assert.Equal(ApplyOutcome.Unauthorized, refused.Outcome);
        Assert.Contains($"admitting unit is {Ward}", refused.Reason);
        // The issuer is known before any admission notice: a stranger's notice of the stay is refused at once.
        Assert.Equal(ApplyOutcome.Unauthorized, stranger.Apply(Discharge("2026-11-20T16:00") with { SenderHsaId = OtherHospital }, At("2026-11-20T16:01")).Outcome);

        // A ward acting for the issuer admits; the issuer itself still sends the rest.
        var region = new EpisodeAuthority(new Dictionary<string, IReadOnlySet<string>> { [Ward] = new HashSet<string> { OtherWard } });
        var episode = new Episode(EpisodeKey.Of("VT-1", Ward), region);
        Assert.Equal(ApplyOutcome.Applied, episode.Apply(Admission() with { SenderHsaId = OtherWard }, At("2026-11-20T15:00")).Outcome);
        Assert.Equal(Ward, episode.Owner);
        Assert.Equal(ApplyOutcome.Applied, episode.Apply(Ready("2026-11-21T09:00"), At("2026-11-21T09:01")).Outcome);
        Assert.Equal(EpisodeStatus.DischargeReady, episode.Status);
    }

    [Fact]
    public void A_plan_for_the_episode_comes_from_a_unit_asked_to_act_not_from_a_stranger()
    {
        var episode = Saw(Admission());

        var foreign = episode.Apply(new PlanRecorded("P-1", OtherHospital, "SIP-X", 99, "completed", new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 21)),
            At("2026-11-21T09:00"));
        var own = episode.Apply(new PlanRecorded("P-2", Outpatient, "SIP-1", 1, "active", new DateOnly(2026, 11, 21), new DateOnly(2026, 12, 21)),
            At("2026-11-21T09:01"));

        Assert.Equal(ApplyOutcome.Unauthorized, foreign.Outcome);
        Assert.Equal(ApplyOutcome.Applied, own.Outcome);
        Assert.Equal("SIP-1", Assert.IsType<PlanRecorded>(Assert.Single(episode.Timeline, t => t.Event is PlanRecorded).Event).PlanId);
    }

    [Fact]
    public void A_correction_that_drops_a_recipient_does_not_undo_what_it_sent_in_its_time()
    {
        var episode = Saw(Admission(), Invitation("2026-11-21T09:00"));

        var correction = Admission(sentAt: "2026-11-21T10:00", id: "ADM-2") with { Recipients = [new NoticeRecipient(OtherWard, "regional-outpatient-care", "Annan")] };
        Assert.Equal(ApplyOutcome.Applied, episode.Apply(correction, At("2026-11-21T10:01")).Outcome);

        Assert.NotNull(episode.Invitation);
    }

    [Fact]
    public void The_care_contacts_unit_may_invite_though_the_admission_notice_did_not_name_it()
    {
        const string healthCentreTeam = "SE2321000032-2009";
        var episode = Saw(Admission(), CareContact("2026-11-20T16:00") with { SenderHsaId = Outpatient, UnitHsaId = healthCentreTeam });

        var invitation = episode.Apply(Invitation("2026-11-21T09:00") with { SenderHsaId = healthCentreTeam }, At("2026-11-21T09:01"));

        Assert.Equal(ApplyOutcome.Applied, invitation.Outcome);
    }

    [Fact]
    public void A_region_may_let_every_unit_of_the_admitting_organisation_act_for_it()
    {
        var region = new EpisodeAuthority(new Dictionary<string, IReadOnlySet<string>> { [Ward] = new HashSet<string> { "SE2321000032-*" } });
        var episode = new Episode("VT-1", region);
        episode.Apply(Admission(), At("2026-11-20T15:00"));

        var ownOrganisation = episode.Apply(Discharge("2026-11-22T10:00") with { SenderHsaId = OtherWard }, At("2026-11-22T10:01"));
        var anotherOrganisation = episode.Apply(Cancelled("2026-11-22T11:00") with { SenderHsaId = OtherHospital }, At("2026-11-22T11:01"));

        Assert.Equal(ApplyOutcome.Applied, ownOrganisation.Outcome);
        Assert.Equal(ApplyOutcome.Unauthorized, anotherOrganisation.Outcome);
    }

    [Theory]
    [InlineData("VT-1", false)]
    [InlineData("kontakt@vardcentralen", false)]
    [InlineData("VT-1@SE2321000032-1003", true)]
    public void A_raw_id_that_reads_as_a_qualified_one_is_told_apart(string episodeId, bool looksQualified) =>
        Assert.Equal(looksQualified, EpisodeKey.LooksQualified(episodeId));
}
