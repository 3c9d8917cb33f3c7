using System.Text;
using SipHub.Contracts;
using SipHub.Documents;
using SipHub.Domain.Clocks;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Participants;

namespace SipHub.Hub.Plans;

/// <summary>
/// The family's copy of each plan version (guide 001 ch. 9; seed 003): made once per version from the plan itself, as a
/// PDF/A file and an HTML page, referred to from every unit's plan Bundle and delivered whole to the citizen channel of the
/// plan's region, through the same outbox, order and receipts as the plan.
/// </summary>
public sealed class PlanCopies(ParticipantDirectory directory, RegionalPolicies policies)
{
    /// <summary>
    /// The copy of <paramref name="plan"/> as made at <paramref name="madeAt"/> (the version's arrival: the same version
    /// gives the same files). A patient marked protected is shown only with <paramref name="identityToPerson"/>.
    /// </summary>
    public static PlanDocumentFiles Make(SipPlan plan, DateTimeOffset madeAt, bool patientAccess, bool identityToPerson = false)
    {
        var document = PlanDocument.Compose(plan, identityToPerson);
        var id = FamilyCopy.DocumentId(plan, identityToPerson && plan.Patient.ProtectedIdentity == true);
        var url = $"/api/plans/{Uri.EscapeDataString(plan.PlanId)}/document?version={plan.Version}&format=";
        return new PlanDocumentFiles(id, madeAt, patientAccess,
        [
            new DocumentFile(PlanDocumentPdf.ContentType, $"{document.Title}, version {plan.Version} (PDF/A)", PlanDocumentPdf.Render(document, madeAt, id), url + "pdf"),
            new DocumentFile("text/html", $"{document.Title}, version {plan.Version}", Encoding.UTF8.GetBytes(PlanDocumentHtml.Render(document)), url + "html"),
        ]);
    }

    /// <summary>
    /// The citizen channel of the plan's region (the directory's <c>citizen-channel</c> entry for its länskod), when the copy
    /// may reach the person there (<see cref="FamilyCopy.MayReachPerson"/>); null otherwise, and for a plan of no known region.
    /// </summary>
    public async Task<CitizenChannel?> ChannelForAsync(SipPlan plan, string? municipalityCode, CancellationToken cancellationToken)
    {
        if (municipalityCode is not { Length: 4 } || !FamilyCopy.MayReachPerson(plan)) return null;
        return await directory.CitizenChannelAsync(municipalityCode[..2], cancellationToken) is { } entry
            ? new CitizenChannel(new Unit(entry.HsaId, entry.Organisation), policies.For(municipalityCode).Plans.ShowProtectedIdentityToPerson)
            : null;
    }
}

/// <param name="ShowProtectedIdentity">The region lets the copy to the person show a protected patient's name, address and telecom.</param>
public sealed record CitizenChannel(Unit Unit, bool ShowProtectedIdentity);
