namespace SipHub.Fhir;

/// <summary>Identifier and code systems on the wire, exactly as domain.md fixes them, and SipHub's own.</summary>
public static class FhirSystems
{
    public const string Personnummer = "http://electronichealth.se/identifier/personnummer";
    public const string Samordningsnummer = "http://electronichealth.se/identifier/samordningsnummer";
    /// <summary>HSA-id, as in HL7 Sweden's base profiles.</summary>
    public const string HsaId = "urn:oid:1.2.752.29.4.19";
    /// <summary>An LMA number whose issuing system the sender did not name.</summary>
    public const string Lma = "https://siphub.se/fhir/identifier/lma";

    public const string PlanId = "https://siphub.se/fhir/identifier/sip-plan";
    public const string InvitationId = "https://siphub.se/fhir/identifier/sip-invitation";
    public const string EpisodeId = "https://siphub.se/fhir/identifier/episode";
    /// <summary>The family's copy of a plan version: <c>{planId}/{version}</c>, or <c>…/person</c> where a protected identity is shown to the person.</summary>
    public const string PlanDocumentId = "https://siphub.se/fhir/identifier/sip-plan-document";
    /// <summary>The hub's alert id (<c>alertId</c> of alert.schema.json).</summary>
    public const string AlertId = "https://siphub.se/fhir/identifier/alert";
    public const string MessageId = "urn:ietf:rfc:3986";

    /// <summary>Where SipHub's StructureDefinitions (profiles and extensions) are published.</summary>
    public const string StructureDefinitions = "https://siphub.se/fhir/StructureDefinition/";

    /// <summary>SIP and SPU, the values of Inera's TypeOfCarePlan (GetCarePlans).</summary>
    public const string CarePlanType = "https://siphub.se/fhir/CodeSystem/care-plan-type";
    /// <summary>An alert's clock (<c>sip-invitation</c>, <c>payment-liability</c>…) and its level (<c>breached</c>, <c>retracted</c>…), as alert.schema.json names them.</summary>
    public const string AlertClock = "https://siphub.se/fhir/CodeSystem/alert-clock";
    public const string AlertLevel = "https://siphub.se/fhir/CodeSystem/alert-level";
    /// <summary>The contract's kind names as message events: <c>sip-plan</c>, <c>sip-invitation</c>, and the hub's <c>deadline-alert</c> and <c>sip-plan-document</c>.</summary>
    public const string MessageEvent = "https://siphub.se/fhir/CodeSystem/message-event";
    /// <summary>The contract's recipient types (<c>municipal-social-services</c>…) on an Organization's type.</summary>
    public const string RecipientType = "https://siphub.se/fhir/CodeSystem/recipient-type";
    /// <summary>The roles a plan gives one participant each: <c>lead-responsible</c>, <c>care-contact</c>.</summary>
    public const string SipRole = "https://siphub.se/fhir/CodeSystem/sip-role";
    /// <summary><c>long-term</c> and <c>short-term</c> goals.</summary>
    public const string GoalTerm = "https://siphub.se/fhir/CodeSystem/goal-term";
    /// <summary>A short-term goal's id in its plan, as <c>{planId}/{goalId}</c>.</summary>
    public const string GoalId = "https://siphub.se/fhir/identifier/sip-goal";

    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string Loinc = "http://loinc.org";
    public const string RoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string LocationPhysicalType = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    /// <summary>The laws a SIP consent is given under; the Consent's policy.</summary>
    public const string SipLaw = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/halso--och-sjukvardslag-201730_sfs-2017-30/";
}

/// <summary>
/// SipHub's extensions (StructureDefinitions under <c>contracts/fhir/</c>): what the plan says that no R4 element
/// holds, so a plan Bundle read back (<see cref="PlanBundleReader"/>) is the plan that was sent.
/// </summary>
public static class SipExtensions
{
    private const string Base = FhirSystems.StructureDefinitions;
    public const string ParticipantKey = Base + "sip-participant-key";
    public const string Participant = Base + "sip-participant";
    public const string Responsibility = Base + "sip-responsibility";
    public const string SignedAt = Base + "sip-signed-at";
    public const string Activity = Base + "sip-activity";
    public const string Note = Base + "sip-note";
    public const string ContactPoint = Base + "sip-contact-point";
    public const string ConsentBasis = Base + "sip-consent-basis";
    public const string ConsentParty = Base + "sip-consent-party";
    /// <summary>May the family's copy be shown to the person in a citizen channel (approvedForPatient).</summary>
    public const string PatientAccess = Base + "sip-patient-access";
}

/// <summary>SipHub's profiles (StructureDefinitions under <c>contracts/fhir/</c>), by canonical URL.</summary>
public static class SipProfiles
{
    private const string Base = FhirSystems.StructureDefinitions;
    public const string CarePlan = Base + "sip-careplan";
    public const string Appointment = Base + "sip-invitation-appointment";
    public const string Consent = Base + "sip-consent";
    public const string MessageBundle = Base + "siphub-message-bundle";
    public const string MessageHeader = Base + "siphub-messageheader";
    public const string PlanDocument = Base + "sip-plan-document";

    public static IReadOnlyList<string> All { get; } = [CarePlan, Appointment, Consent, MessageBundle, MessageHeader, PlanDocument];
}
