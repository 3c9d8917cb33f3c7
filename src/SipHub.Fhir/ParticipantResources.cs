using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Identity;
using SipHub.Domain.Plans;
using SipHub.Domain.Swedish;
using ContactPoint = Hl7.Fhir.Model.ContactPoint;
using ContractPatient = SipHub.Contracts.Patient;
using FhirPatient = Hl7.Fhir.Model.Patient;

namespace SipHub.Fhir;

/// <summary>
/// The people and units of one plan or invitation as FHIR resources, each made once and referred to by
/// <c>urn:uuid</c> inside the Bundle. Professionals become a Practitioner with a PractitionerRole at their
/// unit; units become an Organization (plans) or a HealthcareService (invitations: an Organization cannot
/// take part in an Appointment); the family, god man and a foster home without a unit become RelatedPersons.
/// </summary>
internal sealed class ParticipantResources
{
    private readonly string _scope;
    private readonly bool _unitsAsServices;
    private readonly List<Resource> _resources = [];
    private readonly Dictionary<string, Organization> _organizations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HealthcareService> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResourceReference> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);

    /// <param name="scope">The plan or invitation id: resource ids are stable per scope and key.</param>
    /// <param name="unitsAsServices">Invitations: units take part as HealthcareService.</param>
    public ParticipantResources(string scope, ContractPatient patient, DateOnly referenceDate, IEnumerable<Participant> participants, bool unitsAsServices)
    {
        _scope = scope;
        _unitsAsServices = unitsAsServices;
        ProtectedIdentity = patient.ProtectedIdentity == true;
        Patient = MakePatient(patient, referenceDate);
        PatientReference = Ref(Patient, ProtectedIdentity ? null : patient.Name);
        foreach (var participant in participants)
        {
            _participants.TryAdd(participant.Key, participant);
            _byKey.TryAdd(participant.Key, MakeParticipant(participant));
        }
        _shared = _byKey.Values.GroupBy(r => r.Reference).Where(g => g.Count() > 1).Select(g => g.Key!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Resources that stand for more than one participant (a unit, the patient): references to them say whose.</summary>
    private readonly HashSet<string> _shared;

    public bool ProtectedIdentity { get; }
    public FhirPatient Patient { get; }
    public ResourceReference PatientReference { get; }

    /// <summary>Every resource made, the Patient first, in the order first needed.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>
    /// A participant's reference. Where several participants share its resource (a unit, the patient), it carries the
    /// participant's key: a reader could not tell them apart otherwise. Keys on every reference doubled a Bundle's size.
    /// </summary>
    public ResourceReference Reference(string key)
    {
        if (!_byKey.TryGetValue(key, out var reference))
            throw new InvalidOperationException($"participant '{key}' is not in the plan; validate the plan with PlanRules first");
        var copy = Copy(reference);
        return _shared.Contains(copy.Reference!) ? copy.With(new Extension(SipExtensions.ParticipantKey, new FhirString(key))) : copy;
    }

    public Participant Participant(string key) => _participants[key];

    /// <summary>What the narrative calls a participant: the patient under protected identity is never named.</summary>
    public string NameOf(string key)
    {
        var participant = _participants[key];
        return participant.Kind == ParticipantKind.Patient && ProtectedIdentity ? Domain.Plans.ProtectedIdentity.PatientName : participant.Name;
    }

    public bool IsType(ResourceReference reference, params string[] types) =>
        _resources.Any(r => FullUrl(r) == reference.Reference && types.Contains(r.TypeName));

    public ResourceReference OrganizationReference(string? hsaId, string name, RecipientType? type = null) =>
        Ref(MakeOrganization(hsaId, name, type), name);

    public static string FullUrl(Resource resource) => $"urn:uuid:{resource.Id}";

    public static ResourceReference Ref(Resource resource, string? display) => new(FullUrl(resource), display);

    private static ResourceReference Copy(ResourceReference reference) => new(reference.Reference, reference.Display);

    private string Id(params string[] parts) => FhirIds.Uuid([_scope, .. parts]);

    private T Add<T>(T resource) where T : Resource
    {
        _resources.Add(resource);
        return resource;
    }

    private FhirPatient MakePatient(ContractPatient patient, DateOnly referenceDate)
    {
        if (!PatientIdentity.TryRead(patient, referenceDate, out var id, out var error))
            throw new InvalidOperationException($"patient.id {error}; validate the message against its schema first");

        var resource = Add(new FhirPatient { Id = Id("patient"), Identifier = [Identifier(id)] });
        if (id.BirthDate is { } birth) resource.BirthDate = birth.ToString("yyyy-MM-dd");
        if (ProtectedIdentity)
        {
            // Skyddad identitet: name and address never leave the hub; the label tells the receiver why they are missing.
            resource.Meta = new Meta { Security = [new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted")] };
            return resource;
        }
        resource.Name = [new HumanName { Text = patient.Name }];
        if (patient.Address is { } address)
            resource.Address =
            [
                new Hl7.Fhir.Model.Address
                {
                    Use = Hl7.Fhir.Model.Address.AddressUse.Home,
                    Type = Hl7.Fhir.Model.Address.AddressType.Physical,
                    Line = address.Line,
                    PostalCode = address.PostalCode,
                    City = address.City,
                    Country = "SE",
                },
            ];
        return resource;
    }

    /// <summary>What the narrative and notes call a protected patient who takes part.</summary>

    /// <summary>The identifier type that tells an LMA number from a reservnummer: both are <c>urn:oid:</c> of their issuer.</summary>
    internal const string LmaType = "LMA-nummer";

    private static Identifier Identifier(PersonIdentifier id) => id.Kind switch
    {
        PersonIdKind.Personnummer => new Identifier(FhirSystems.Personnummer, id.Value),
        PersonIdKind.Samordningsnummer => new Identifier(FhirSystems.Samordningsnummer, id.Value),
        // A local id means something only with its issuer; it is never matched across regions.
        PersonIdKind.Reservnummer => new Identifier($"urn:oid:{id.IssuerSystem}", id.Value) { Type = new CodeableConcept { Text = "Reservnummer" } },
        PersonIdKind.Lma => new Identifier(id.IssuerSystem is { } issuer ? $"urn:oid:{issuer}" : FhirSystems.Lma, id.Value)
        {
            Type = new CodeableConcept { Text = LmaType },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(id), id.Kind, null),
    };

    private ResourceReference MakeParticipant(Participant participant) => participant.Kind switch
    {
        ParticipantKind.Patient => PatientParticipant(participant),
        ParticipantKind.Professional => Ref(MakePractitionerRole(participant.Key, participant.HsaId, participant.Name, participant.Role,
            participant.Organization, participant.Telecom), participant.Name),
        ParticipantKind.Organization => Unit(participant.HsaId ?? participant.Organization?.HsaId,
            participant.Organization?.Name ?? participant.Name, participant.Organization?.Type, participant.Telecom, participant.Name),
        // A foster home or HVB with a unit takes part as that unit; one without (a sister as foster home) as a person.
        ParticipantKind.FosterHome or ParticipantKind.Other when participant.Organization is { } unit =>
            Unit(unit.HsaId ?? participant.HsaId, unit.Name, unit.Type, participant.Telecom, participant.Name),
        _ => Ref(MakeRelatedPerson(participant), participant.Name),
    };

    private ResourceReference PatientParticipant(Participant participant)
    {
        if (!ProtectedIdentity && Patient.Telecom.Count == 0) Patient.Telecom = Telecom(participant.Telecom);
        return Copy(PatientReference);
    }

    private ResourceReference Unit(string? hsaId, string name, RecipientType? type, IReadOnlyList<string>? telecom, string display)
    {
        var organization = MakeOrganization(hsaId, name, type);
        if (!_unitsAsServices)
        {
            if (organization.Telecom.Count == 0) organization.Telecom = Telecom(telecom);
            return Ref(organization, display);
        }
        var key = hsaId ?? $"name:{name}";
        if (!_services.TryGetValue(key, out var service))
        {
            service = Add(new HealthcareService
            {
                Id = Id("service", key),
                Active = true,
                ProvidedBy = Ref(organization, name),
                Name = name,
                Telecom = Telecom(telecom),
            });
            if (hsaId is not null) service.Identifier = [new Identifier(FhirSystems.HsaId, hsaId)];
            _services[key] = service;
        }
        return Ref(service, display);
    }

    private Organization MakeOrganization(string? hsaId, string name, RecipientType? type)
    {
        var key = hsaId ?? $"name:{name}";
        if (_organizations.TryGetValue(key, out var existing)) return existing;
        // org-1: an identifier or a name; a unit without HSA-id (an HVB) is known by its name only.
        var organization = Add(new Organization { Id = Id("organization", key), Active = true, Name = name });
        if (hsaId is not null) organization.Identifier = [new Identifier(FhirSystems.HsaId, hsaId)];
        if (type is { } t)
            organization.Type = [new CodeableConcept(FhirSystems.RecipientType, WireCode<RecipientType>.Of(t), Words.RecipientType(t), Words.RecipientType(t))];
        _organizations[key] = organization;
        return organization;
    }

    /// <summary>A professional: the person (Practitioner, by their HSA-id when they have one) in a role at a unit.</summary>
    public PractitionerRole MakePractitionerRole(string key, string? hsaId, string name, string role, ParticipantOrganization? unit, IReadOnlyList<string>? telecom)
    {
        var existing = _resources.OfType<PractitionerRole>().FirstOrDefault(r => r.Id == Id("practitioner-role", key));
        if (existing is not null) return existing;
        var practitioner = Add(new Practitioner { Id = Id("practitioner", key), Active = true, Name = [new HumanName { Text = name }] });
        if (hsaId is not null) practitioner.Identifier = [new Identifier(FhirSystems.HsaId, hsaId)];
        var practitionerRole = Add(new PractitionerRole
        {
            Id = Id("practitioner-role", key),
            Active = true,
            Practitioner = Ref(practitioner, name),
            Code = [new CodeableConcept { Text = role }],
            Telecom = Telecom(telecom),
        });
        if (unit is not null) practitionerRole.Organization = Ref(MakeOrganization(unit.HsaId, unit.Name, unit.Type), unit.Name);
        return practitionerRole;
    }

    private RelatedPerson MakeRelatedPerson(Participant participant)
    {
        var relationship = new CodeableConcept { Text = participant.Role };
        if (participant.Kind == ParticipantKind.Guardian)
            relationship.Coding = [new Coding(FhirSystems.RoleCode, "GUARD", "guardian")];
        var person = Add(new RelatedPerson
        {
            Id = Id("related-person", participant.Key),
            Active = true,
            Patient = Copy(PatientReference),
            Relationship = [relationship],
            Name = [new HumanName { Text = participant.Name }],
            Telecom = Telecom(participant.Telecom),
        });
        if (participant.HsaId is not null) person.Identifier = [new Identifier(FhirSystems.HsaId, participant.HsaId)];
        return person;
    }

    /// <summary>The contract's telecom is free text: an address with '@' is e-mail, a URL a URL, anything else a phone number.</summary>
    public static List<ContactPoint> Telecom(IReadOnlyList<string>? telecom) =>
        (telecom ?? []).Select(value => new ContactPoint(
            value.Contains('@') ? ContactPoint.ContactPointSystem.Email
            : value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? ContactPoint.ContactPointSystem.Url
            : ContactPoint.ContactPointSystem.Phone,
            ContactPoint.ContactPointUse.Work, value)).ToList();
}
