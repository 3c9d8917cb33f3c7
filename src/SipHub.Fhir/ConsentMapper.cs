using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Swedish;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace SipHub.Fhir;

/// <summary>
/// Samtycke as an R4 Consent: the law as policy (ppc-1), each party's decision as a verification, the period it
/// is given for, and every participant or unit it does not cover as a <c>deny</c> provision.
/// </summary>
internal static class ConsentMapper
{
    public static FhirConsent Map(string id, SipPlan plan, ParticipantResources people, ResourceReference custodian)
    {
        var consent = plan.Consent;
        var agreeing = consent.Parties.Where(p => p.Decision is ConsentDecision.Consents or ConsentDecision.DoesNotObject)
            .Select(p => people.Reference(p.Participant)).ToList();
        // Under an LVU decision or without any yes (guardians not needed), the lead responsible's principal acts.
        if (agreeing.Count == 0) agreeing.Add(people.Reference(plan.LeadResponsible.Participant));

        var provision = new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Period = new Period
            {
                Start = consent.GivenAt.ToString(),
                End = consent.ValidUntil?.ToString(),
            },
        };
        foreach (var excluded in consent.ExcludedParticipants ?? [])
            provision.Provision.Add(new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Deny,
                Actor = [new FhirConsent.provisionActorComponent { Role = Recipient(), Reference = Excluded(excluded, plan, people) }],
            });
        foreach (var information in consent.ExcludedInformation ?? [])
            provision.Provision.Add(new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Deny,
                Code = [new CodeableConcept { Text = information }],
            });

        var resource = new FhirConsent
        {
            Id = id,
            Meta = new Meta { Profile = [SipProfiles.Consent] },
            Text = Narrative(plan, people),
            Status = plan.Status == PlanStatus.Active ? FhirConsent.ConsentState.Active : FhirConsent.ConsentState.Inactive,
            Scope = new CodeableConcept(FhirSystems.ConsentScope, "patient-privacy", "Privacy Consent"),
            Category = [new CodeableConcept(FhirSystems.Loinc, "59284-0", "Patient Consent")],
            Patient = people.PatientReference,
            DateTime = consent.GivenAt.ToString(),
            Performer = agreeing,
            Organization = [custodian],
            Policy = [new FhirConsent.PolicyComponent { Authority = "https://www.riksdagen.se", Uri = FhirSystems.SipLaw }],
            Verification = consent.Parties.Select(p =>
            {
                var verification = new FhirConsent.VerificationComponent
                {
                    Verified = p.Decision is ConsentDecision.Consents or ConsentDecision.DoesNotObject,
                    VerificationDate = consent.GivenAt.ToString(),
                };
                var who = people.Reference(p.Participant);
                if (people.IsType(who, "Patient", "RelatedPerson")) verification.VerifiedWith = who;
                // Verified is a yes or no; the party's own decision (of four) and note are in the extension.
                return verification.With(Extensions.Complex(SipExtensions.ConsentParty,
                    ("participant", new FhirString(p.Participant)),
                    ("decision", new Code(WireCode<ConsentDecision>.Of(p.Decision))),
                    ("note", p.Note is { } note ? new FhirString(note) : null)));
            }).ToList(),
            Provision = provision,
        };
        resource.Extension.Add(Extensions.Complex(SipExtensions.ConsentBasis,
            ("basis", new Code(WireCode<ConsentBasis>.Of(consent.Basis))),
            ("form", new Code(WireCode<ConsentForm>.Of(consent.Form)))));
        return resource;
    }

    private static CodeableConcept Recipient() => new(FhirSystems.ParticipationType, "IRCP", "information recipient");

    private static ResourceReference Excluded(string keyOrHsaId, SipPlan plan, ParticipantResources people)
    {
        if (plan.Participants.Any(p => p.Key == keyOrHsaId)) return people.Reference(keyOrHsaId);
        var unit = plan.Participants.Select(p => p.Organization).FirstOrDefault(o => string.Equals(o?.HsaId, keyOrHsaId, StringComparison.OrdinalIgnoreCase));
        var person = plan.Participants.FirstOrDefault(p => string.Equals(p.HsaId, keyOrHsaId, StringComparison.OrdinalIgnoreCase));
        var reference = person is not null ? people.Reference(person.Key)
            : people.OrganizationReference(keyOrHsaId, unit?.Name ?? keyOrHsaId, unit?.Type);
        // Excluded by HSA-id, not by key: the identifier keeps what the consent said.
        reference.Identifier = new Identifier(FhirSystems.HsaId, keyOrHsaId);
        return reference;
    }

    private static Narrative Narrative(SipPlan plan, ParticipantResources people)
    {
        var consent = plan.Consent;
        return new Xhtml()
            .Heading("Samtycke till samordnad individuell plan")
            .Field("Grund", Words.Basis(consent.Basis))
            .Field("Form", Words.Form(consent.Form))
            .Field("Lämnat", Dates.DayOrTime(consent.GivenAt))
            .Field(consent.ValidUntil?.Day is null ? "Gäller till" : "Gäller till och med", consent.ValidUntil is { } until ? Dates.DayOrTime(until) : null)
            .List("Beslut", consent.Parties.Select(p =>
                $"{people.NameOf(p.Participant)}: {Words.Decision(p.Decision)}{(p.Note is { } note ? $" ({note})" : "")}"))
            .List("Omfattar inte", (consent.ExcludedParticipants ?? []).Select(e => plan.Participants.Any(p => p.Key == e) ? people.NameOf(e) : e)
                .Concat(consent.ExcludedInformation ?? []))
            .Build();
    }
}
