using SipHub.Contracts;

namespace SipHub.Domain.Swedish;

/// <summary>The contract's codes in the Swedish a record system's user, and a family, reads.</summary>
public static class Words
{
    public static string RecipientType(RecipientType type) => type switch
    {
        Contracts.RecipientType.RegionalOutpatientCare => "Regionfinansierad öppen vård",
        Contracts.RecipientType.MunicipalSocialServices => "Socialtjänsten",
        Contracts.RecipientType.MunicipalHealthCare => "Kommunal hälso- och sjukvård",
        Contracts.RecipientType.School => "Förskola, skola eller elevhälsa",
        Contracts.RecipientType.InpatientCare => "Slutenvården",
        _ => "Övrig",
    };

    public static string Responsibility(ResponsibilityRole role) => role switch
    {
        ResponsibilityRole.Lead => "ansvarig",
        ResponsibilityRole.TogetherWith => "tillsammans med",
        ResponsibilityRole.WithSupportOf => "med stöd av",
        ResponsibilityRole.SupervisedBy => "med handledning av",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string ActivityStatus(ActivityStatus status) => status switch
    {
        Contracts.ActivityStatus.Planned => "planerad",
        Contracts.ActivityStatus.Ongoing => "pågående",
        Contracts.ActivityStatus.PendingDecision => "utreds och beslutas",
        Contracts.ActivityStatus.ReferralSent => "remiss skickad",
        Contracts.ActivityStatus.AsNeeded => "vid behov",
        Contracts.ActivityStatus.Ended => "avslutad",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string PlanStatus(PlanStatus status) => status switch
    {
        Contracts.PlanStatus.Active => "gällande",
        Contracts.PlanStatus.Completed => "avslutad",
        Contracts.PlanStatus.Revoked => "upphävd",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Closing(ClosingReason reason) => reason switch
    {
        ClosingReason.GoalsMet => "målen är uppnådda",
        ClosingReason.NoNeed => "behov finns inte längre",
        ClosingReason.ConsentWithdrawn => "samtycket är återkallat",
        ClosingReason.ConsentExpired => "samtycket har löpt ut",
        ClosingReason.MergedInto => "ersatt av plan",
        _ => "annat skäl",
    };

    public static string Basis(ConsentBasis basis) => basis switch
    {
        ConsentBasis.Self => "den enskildes eget samtycke",
        ConsentBasis.Guardians => "vårdnadshavarnas samtycke",
        ConsentBasis.LvuDecision => "socialnämndens beslut enligt LVU",
        ConsentBasis.SecretPlacement => "hemlig placering (vårdnadshavarnas samtycke behövs inte)",
        ConsentBasis.LegalRepresentative => "ställföreträdarens samtycke (god man, förvaltare)",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };

    public static string Form(ConsentForm form) => form switch
    {
        ConsentForm.Written => "skriftligt",
        ConsentForm.Oral => "muntligt",
        ConsentForm.Presumed => "underförstått",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    public static string Decision(ConsentDecision decision) => decision switch
    {
        ConsentDecision.Consents => "samtycker",
        ConsentDecision.DoesNotObject => "motsätter sig inte",
        ConsentDecision.Informed => "är informerad",
        ConsentDecision.Refuses => "samtycker inte",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public static string Attendance(Attendance attendance) => attendance switch
    {
        Contracts.Attendance.Present => "närvarar",
        Contracts.Attendance.Remote => "deltar på distans",
        Contracts.Attendance.Phone => "deltar via telefon",
        Contracts.Attendance.WrittenInput => "bidrar skriftligt",
        Contracts.Attendance.Absent => "närvarar ej",
        _ => throw new ArgumentOutOfRangeException(nameof(attendance), attendance, null),
    };
}
