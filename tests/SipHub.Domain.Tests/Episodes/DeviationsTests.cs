using SipHub.Domain.Episodes;
using static SipHub.Domain.Tests.Episodes.EpisodeExamples;

namespace SipHub.Domain.Tests.Episodes;

/// <summary>Messages that depart from the agreements: each is found once, when the message that completes it is applied.</summary>
public sealed class DeviationsTests
{
    private const string SocialServices = "SE2120000357-3001";
    private const string OtherUnit = "SE2321000032-7X2Z";

    private static List<Deviation> Found(params EpisodeEvent[] events)
    {
        var episode = new Episode("VT-1");
        var found = new List<Deviation>();
        var received = At("2026-11-20T15:00");
        foreach (var e in events)
        {
            episode.Apply(e, received = received.AddMinutes(1));
            found.AddRange(Deviations.Of(episode, e));
        }
        return found;
    }

    private static AdmissionNoticed AdmissionTo(params (string HsaId, string Type)[] recipients) =>
        Admission() with { Recipients = [.. recipients.Select(r => new NoticeRecipient(r.HsaId, r.Type, "enhet"))] };

    private static InvitationSent InvitationFrom(string unit, string sentAt = "2026-11-24T09:00") =>
        Invitation(sentAt) with { SentByUnitHsaId = unit };

    [Fact]
    public void Municipal_care_expected_without_an_outpatient_unit_told_is_a_deviation_to_the_hospital()
    {
        var deviation = Assert.Single(Found(AdmissionTo((SocialServices, RecipientTypes.MunicipalSocialServices))));

        Assert.Equal((Deviations.NoOutpatientUnit, ClockNames.AdmissionNotice), (deviation.Code, deviation.Clock));
        Assert.Equal([Ward], deviation.Units);
        Assert.Equal(Admission().SentAt, deviation.At);
        Assert.Contains("öppna vård", deviation.Text);
    }

    [Fact]
    public void An_admission_notice_telling_outpatient_care_or_expecting_no_municipal_care_is_no_deviation()
    {
        Assert.Empty(Found(AdmissionTo((SocialServices, RecipientTypes.MunicipalHealthCare), (Outpatient, RecipientTypes.RegionalOutpatientCare))));
        Assert.Empty(Found(AdmissionTo((OtherUnit, "school"))));
    }

    [Fact]
    public void An_invitation_from_another_unit_than_the_care_contacts_is_a_deviation_to_the_sender_that_unit_and_the_care_contacts_unit()
    {
        var deviation = Assert.Single(Found(Admission(), CareContact("2026-11-21T09:00"), Ready("2026-11-23T10:00"), InvitationFrom(OtherUnit)));

        Assert.Equal((Deviations.InvitationNotFromCareContact, ClockNames.SipInvitation), (deviation.Code, deviation.Clock));
        Assert.Equal([Outpatient, OtherUnit, Outpatient], deviation.Units);
        Assert.Contains("Anna Berg", deviation.Text);
    }

    [Fact]
    public void The_care_contacts_own_unit_inviting_is_no_deviation_and_neither_is_an_invitation_with_no_care_contact_named()
    {
        Assert.Empty(Found(Admission(), CareContact("2026-11-21T09:00"), InvitationFrom(Outpatient)));
        Assert.Empty(Found(Admission(), InvitationFrom(OtherUnit)));
    }

    [Fact]
    public void An_invitation_applied_before_the_care_contact_is_found_once_when_the_care_contact_arrives_and_not_again_for_a_second()
    {
        var found = Found(Admission(), InvitationFrom(OtherUnit), CareContact("2026-11-21T09:00"), CareContact("2026-11-25T09:00", "FVK-2"));

        Assert.Equal(Deviations.InvitationNotFromCareContact, Assert.Single(found).Code);
    }
}
