using System.Globalization;
using System.Security.Cryptography;
using Hl7.Fhir.Model;
using SipHub.Contracts;

namespace SipHub.Fhir;

/// <summary>One file of the family's copy: the PDF/A or the HTML page, and where the hub serves it.</summary>
/// <param name="Url">The hub's own address of the file, relative to the hub (<c>/api/plans/{planId}/document?…</c>).</param>
public sealed record DocumentFile(string ContentType, string Title, byte[] Bytes, string Url);

/// <summary>The family's copy of one plan version as the hub made it.</summary>
/// <param name="Id">Plan, version and audience (<c>{planId}/{version}</c>, or <c>…/person</c> where a protected identity is shown to the person).</param>
/// <param name="MadeAt">When the version was received: the document's date.</param>
/// <param name="PatientAccess">It may be shown to the person in a citizen channel (approvedForPatient).</param>
public sealed record PlanDocumentFiles(string Id, DateTimeOffset MadeAt, bool PatientAccess, IReadOnlyList<DocumentFile> Files);

/// <summary>
/// The family's copy in FHIR: a <c>sip-plan-document</c> DocumentReference. In a plan Bundle it points at the hub's copy
/// (url, size, SHA-1); to a citizen channel (1177) it is the message itself, the files carried as data, with the Patient
/// and the sending unit.
/// </summary>
public static class PlanDocumentMapper
{
    public const string EventCode = "sip-plan-document";
    /// <summary>LOINC 18776-5, Plan of care note.</summary>
    private static readonly Coding PlanOfCareNote = new(FhirSystems.Loinc, "18776-5", "Plan of care note");

    /// <summary>The message Bundle a citizen channel receives: MessageHeader, DocumentReference (files as data), Patient, the sender's Organization.</summary>
    public static Bundle Map(SipPlan plan, MessageDestination destination, Delivery delivery, PlanDocumentFiles document)
    {
        var people = new ParticipantResources(plan.PlanId, plan.Patient, plan.PlanDate, [], unitsAsServices: false);
        var sender = people.OrganizationReference(plan.Sender.HsaId, plan.Sender.Name);
        var receiver = people.OrganizationReference(destination.HsaId, destination.Name);
        var reference = DocumentReference(plan, document, people.PatientReference, sender, carried: true);
        return MessageBundle.Build(delivery, destination, sender, receiver,
            new Coding(FhirSystems.MessageEvent, EventCode, "Samordnad individuell plan, dokument"), reference, [reference, .. people.Resources]);
    }

    internal static DocumentReference DocumentReference(SipPlan plan, PlanDocumentFiles document, ResourceReference patient, ResourceReference author, bool carried)
    {
        var type = plan.EpisodeId is null
            ? new Coding(FhirSystems.CarePlanType, "SIP", "Samordnad individuell plan")
            : new Coding(FhirSystems.CarePlanType, "SPU", "Samordnad plan vid utskrivning");
        var reference = new DocumentReference
        {
            Id = FhirIds.Uuid(plan.PlanId, $"document:{document.Id}"),
            Meta = new Meta { Profile = [SipProfiles.PlanDocument] },
            MasterIdentifier = new Identifier(FhirSystems.PlanDocumentId, document.Id),
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Final,
            Type = new CodeableConcept { Coding = [PlanOfCareNote], Text = "Samordnad individuell plan" },
            Category = [new CodeableConcept { Coding = [type], Text = type.Display }],
            Subject = patient,
            Date = document.MadeAt,
            Author = [author],
            Description = $"Kopia av planen för den enskilde och familjen, version {plan.Version}",
            Content = document.Files.Select(file => new DocumentReference.ContentComponent { Attachment = Attachment(file, document.MadeAt, carried) }).ToList(),
            Context = new DocumentReference.ContextComponent
            {
                Related = [new ResourceReference { Type = "CarePlan", Identifier = new Identifier(FhirSystems.PlanId, plan.PlanId), Display = $"SIP {plan.PlanId}" }],
            },
        };
        reference.Extension.Add(new Extension(SipExtensions.PatientAccess, new FhirBoolean(document.PatientAccess)));
        // Each version's copy replaces the last one's, named by its identifier: the reader keeps one current copy.
        if (plan.Version > 1)
            reference.RelatesTo =
            [
                new DocumentReference.RelatesToComponent
                {
                    Code = DocumentRelationshipType.Replaces,
                    Target = new ResourceReference
                    {
                        Type = "DocumentReference",
                        Identifier = new Identifier(FhirSystems.PlanDocumentId, PreviousId(document.Id, plan.Version)),
                    },
                },
            ];
        return reference;
    }

    /// <summary>The previous version's document id: the version part counted down, the audience kept.</summary>
    private static string PreviousId(string id, int version)
    {
        var marker = $"/{version.ToString(CultureInfo.InvariantCulture)}";
        var at = id.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? id : string.Concat(id.AsSpan(0, at), $"/{(version - 1).ToString(CultureInfo.InvariantCulture)}", id.AsSpan(at + marker.Length));
    }

    private static Attachment Attachment(DocumentFile file, DateTimeOffset madeAt, bool carried) => new()
    {
        ContentType = file.ContentType,
        Language = "sv",
        Title = file.Title,
        Creation = new FhirDateTime(madeAt).Value,
        // R4's size is an unsignedInt; the SDK's Size property would write R5's integer64.
        SizeElement = new UnsignedInt(file.Bytes.Length),
        Hash = SHA1.HashData(file.Bytes),
        Data = carried ? file.Bytes : null,
        Url = carried ? null : file.Url,
    };
}
