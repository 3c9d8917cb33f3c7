using System.Globalization;
using Hl7.Fhir.Model;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Domain.Swedish;
using Address = SipHub.Contracts.Address;
using ContactPoint = SipHub.Contracts.ContactPoint;
using ContractActivityStatus = SipHub.Contracts.ActivityStatus;
using ContractPatient = SipHub.Contracts.Patient;
using FhirPatient = Hl7.Fhir.Model.Patient;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Signature = SipHub.Contracts.Signature;

namespace SipHub.Fhir;

/// <summary>What a plan Bundle said, as the contract's plan, and every problem found on the way, by FHIRPath.</summary>
/// <param name="Plan">Null when something the plan cannot do without is missing or unreadable.</param>
public sealed record PlanReading(SipPlan? Plan, OperationOutcome Outcome);

/// <summary>
/// A plan message Bundle sent back by a participant (an updated CarePlan) read as the contract's plan: the reverse of
/// <see cref="PlanBundleMapper"/>. Standard elements where R4 has one, SipHub's extensions for the rest; the notes the
/// mapper writes from other parts of the plan for people to read are not read back. The result still has to pass the
/// contract's rules (schema, <c>PlanRules</c>) like any plan; a protected patient's name is not in the Bundle (it never
/// leaves the hub), so the reading leaves it empty for the hub to fill from what it holds.
/// </summary>
public static class PlanBundleReader
{
    public static PlanReading Read(Bundle bundle)
    {
        var reader = new Reader(bundle);
        var plan = reader.Plan();
        return new PlanReading(reader.Failed ? null : plan, reader.Outcome);
    }

    private sealed class Reader(Bundle bundle)
    {
        private readonly Dictionary<string, Resource> _byUrl = bundle.Entry
            .Where(e => e.Resource is not null)
            .SelectMany(e => new[] { e.FullUrl, $"{e.Resource!.TypeName}/{e.Resource.Id}" }.OfType<string>().Select(url => (url, Resource: e.Resource!)))
            .DistinctBy(x => x.url)
            .ToDictionary(x => x.url, x => x.Resource, StringComparer.Ordinal);

        private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);

        /// <summary>Each participant's resource, from the CareTeam, and the keys of the participants it stands for.</summary>
        private readonly Dictionary<string, List<string>> _keysByUrl = new(StringComparer.Ordinal);

        public OperationOutcome Outcome { get; } = new();
        public bool Failed => Outcome.Issue.Any(i => i.Severity == OperationOutcome.IssueSeverity.Error);

        public SipPlan? Plan()
        {
            if (bundle.Type != Bundle.BundleType.Message) Error("Bundle.type", "must be 'message'");
            if (bundle.Entry.FirstOrDefault()?.Resource is not MessageHeader header)
            {
                Error("Bundle.entry[0]", "must be the MessageHeader (bdl-12)");
                return null;
            }
            if (header.Event is not Coding { System: FhirSystems.MessageEvent, Code: PlanBundleMapper.EventCode })
                Error("MessageHeader.eventCoding", $"must be {FhirSystems.MessageEvent}|{PlanBundleMapper.EventCode}");
            if (Resolve<CarePlan>(header.Focus.FirstOrDefault(), "MessageHeader.focus") is not { } carePlan) return null;

            var messageId = bundle.Identifier?.Value is { } identifier ? identifier.Replace("urn:uuid:", "", StringComparison.Ordinal) : bundle.Id;
            if (string.IsNullOrWhiteSpace(messageId)) Error("Bundle.identifier", "is required: it is the message id");
            var sender = ReadUnit(Resolve<Organization>(header.Sender, "MessageHeader.sender"), "MessageHeader.sender");
            var planId = carePlan.Identifier.FirstOrDefault(i => i.System == FhirSystems.PlanId)?.Value;
            if (planId is null) Error("CarePlan.identifier", $"needs the plan id ({FhirSystems.PlanId})");
            if (!int.TryParse(carePlan.Meta?.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                Error("CarePlan.meta.versionId", "must be the plan's version, a whole number");
            var status = carePlan.Status switch
            {
                RequestStatus.Active => PlanStatus.Active,
                RequestStatus.Completed => PlanStatus.Completed,
                RequestStatus.Revoked => PlanStatus.Revoked,
                var other => Invalid<PlanStatus>("CarePlan.status", $"'{other}' is not a plan's status (active, completed or revoked)"),
            };
            var planDate = Date(carePlan.CreatedElement, "CarePlan.created", required: true);

            var patient = ReadPatient(Resolve<FhirPatient>(carePlan.Subject, "CarePlan.subject"));
            ReadParticipants(Resolve<CareTeam>(carePlan.CareTeam.FirstOrDefault(), "CarePlan.careTeam"), patient);
            var notes = Notes(carePlan);
            var lead = Key(carePlan.Author, "CarePlan.author");
            var goals = Goals(carePlan, planId);
            var followUp = ReadFollowUp(carePlan);
            var consent = ReadConsent(Resolve<Consent>(carePlan.SupportingInfo.FirstOrDefault(r => r.Reference is not null && _byUrl.GetValueOrDefault(r.Reference) is Consent),
                "CarePlan.supportingInfo"));
            if (sender is null || planId is null || patient is null || consent is null || lead is null || followUp is null || planDate is null) return null;

            var leadNote = notes.GetValueOrDefault("lead-responsible")?.FirstOrDefault() is { } leadText && leadText.StartsWith(NameOf(lead), StringComparison.Ordinal)
                && leadText[NameOf(lead).Length..] is { Length: > 2 } rest && rest.StartsWith(". ", StringComparison.Ordinal) ? rest[2..] : null;
            var signatures = carePlan.Contributor.Select((c, i) => (Key: Key(c, $"CarePlan.contributor[{i}]"),
                At: DayOrTime(c.GetExtensionValue<FhirDateTime>(SipExtensions.SignedAt), $"CarePlan.contributor[{i}].extension('{SipExtensions.SignedAt}')")))
                .Where(s => s.Key is not null && s.At is not null).Select(s => new Signature(s.Key!, s.At!.Value)).ToList();
            var contactPoint = carePlan.Find(SipExtensions.ContactPoint) is { } point && point.Text("name") is { } pointName
                ? new ContactPoint(pointName, point.Text("hsaId"), OrNull(point.Texts("telecom")))
                : null;

            return new SipPlan(
                MessageId: messageId ?? "",
                Sender: sender,
                PlanId: planId,
                Version: version,
                Status: status,
                PlanDate: planDate.Value,
                Patient: patient,
                Participants: _participants.Values.ToList(),
                Consent: consent,
                Situation: notes.GetValueOrDefault("situation")?.FirstOrDefault() ?? Invalid<string>("CarePlan.note", "needs the situation (a note of kind 'situation')") ?? "",
                LongTermGoals: goals.LongTerm,
                Goals: goals.ShortTerm,
                Views: notes.Views,
                LeadResponsible: new LeadResponsible(lead, leadNote),
                FollowUp: followUp,
                EpisodeId: EpisodeReference.Read(carePlan.Encounter).EpisodeId,
                EpisodeIssuer: EpisodeReference.Read(carePlan.Encounter).Issuer,
                InvitationId: carePlan.SupportingInfo.Select(r => r.Identifier).FirstOrDefault(i => i?.System == FhirSystems.InvitationId)?.Value,
                Reason: notes.GetValueOrDefault("reason")?.FirstOrDefault(),
                Strengths: notes.GetValueOrDefault("strengths")?.FirstOrDefault(),
                Disagreements: notes.GetValueOrDefault("disagreements")?.FirstOrDefault(),
                CareContact: CareContact(carePlan),
                ContactPoint: contactPoint,
                SignedBy: signatures.Count == 0 ? null : signatures,
                Closing: Closing(carePlan, notes.GetValueOrDefault("closing")?.FirstOrDefault()));
        }

        private ContractPatient? ReadPatient(FhirPatient? patient)
        {
            if (patient is null) return null;
            var identifier = patient.Identifier.FirstOrDefault();
            if (identifier?.Value is not { } id)
            {
                Error("Patient.identifier", "needs the patient's personnummer, samordningsnummer, reservnummer or LMA number");
                return null;
            }
            var issuer = identifier.System?.StartsWith("urn:oid:", StringComparison.Ordinal) == true ? identifier.System["urn:oid:".Length..] : null;
            PatientIdType? type = identifier.System switch
            {
                FhirSystems.Personnummer => PatientIdType.Personnummer,
                FhirSystems.Samordningsnummer => PatientIdType.Samordningsnummer,
                FhirSystems.Lma => PatientIdType.Lma,
                _ when issuer is not null => identifier.Type?.Text == ParticipantResources.LmaType ? PatientIdType.Lma : PatientIdType.Reservnummer,
                _ => Invalid<PatientIdType?>("Patient.identifier.system", $"'{identifier.System}' is not a patient identifier system SipHub knows"),
            };
            var protectedIdentity = patient.Meta?.Security.Any(s => s.Code == "R") == true;
            var address = patient.Address.FirstOrDefault() is { } a && a.PostalCode is { } postalCode && a.City is { } city
                ? new Address(a.Line.OfType<string>().ToList(), postalCode, city)
                : null;
            return new ContractPatient(id, protectedIdentity ? "" : Name(patient.Name), type, issuer, protectedIdentity ? null : address,
                protectedIdentity ? true : null);
        }

        private void ReadParticipants(CareTeam? careTeam, ContractPatient? patient)
        {
            if (careTeam is null) return;
            for (var i = 0; i < careTeam.Participant.Count; i++)
            {
                var member = careTeam.Participant[i];
                var at = $"CareTeam.participant[{i}]";
                var facts = member.Find(SipExtensions.Participant);
                if (facts.Text("key") is not { } key)
                {
                    Error($"{at}.extension('{SipExtensions.Participant}')", "needs the participant's key");
                    continue;
                }
                if (member.Member is null)
                {
                    Error($"{at}.member", "is required");
                    continue;
                }
                if (member.Member.Reference is { } url) (_keysByUrl.TryGetValue(url, out var keys) ? keys : _keysByUrl[url] = []).Add(key);
                if (!WireCode<ParticipantKind>.TryParse(facts.Text("kind"), out var kind))
                {
                    Error($"{at}.extension('{SipExtensions.Participant}')", $"needs the participant's kind ({WireCode<ParticipantKind>.All})");
                    continue;
                }
                var role = member.Role.FirstOrDefault(r => r.Coding.All(c => c.System != FhirSystems.SipRole))?.Text ?? "";
                var participant = new Participant(key, member.Member.Display ?? "", role, kind,
                    Principal: Parse<Principal>(facts.Text("principal"), $"{at}.extension('principal')"),
                    Attendance: Parse<Attendance>(facts.Text("attendance"), $"{at}.extension('attendance')"),
                    Note: facts.Text("note"));
                participant = Resolve<Resource>(member.Member, $"{at}.member") switch
                {
                    FhirPatient p => participant with { Name = patient?.ProtectedIdentity == true ? "" : Name(p.Name), Telecom = Telecom(p.Telecom) },
                    PractitionerRole r => participant with
                    {
                        HsaId = HsaId(Resolve<Practitioner>(r.Practitioner, $"{at}.member.practitioner")?.Identifier),
                        Organization = r.Organization is null ? null : ReadOrganization(Resolve<Organization>(r.Organization, $"{at}.member.organization")),
                        Telecom = Telecom(r.Telecom),
                    },
                    Organization o => participant with
                    {
                        HsaId = kind == ParticipantKind.Organization ? HsaId(o.Identifier) : null,
                        Organization = ReadOrganization(o),
                        Telecom = Telecom(o.Telecom),
                    },
                    RelatedPerson r => participant with { HsaId = HsaId(r.Identifier), Telecom = Telecom(r.Telecom) },
                    _ => participant,
                };
                if (!_participants.TryAdd(key, participant)) Error($"{at}.member", $"key '{key}' is used by another participant");
            }
        }

        private ParticipantOrganization? ReadOrganization(Organization? organization)
        {
            if (organization?.Name is null) return null;
            var code = organization.Type.SelectMany(t => t.Coding).FirstOrDefault(c => c.System == FhirSystems.RecipientType)?.Code;
            return WireCode<RecipientType>.TryParse(code, out var type) ? new ParticipantOrganization(organization.Name, type, HsaId(organization.Identifier)) : null;
        }

        private (List<string> LongTerm, List<PlanGoal> ShortTerm) Goals(CarePlan carePlan, string? planId)
        {
            var longTerm = new List<string>();
            var shortTerm = new List<(string Url, string Id, string Description)>();
            for (var i = 0; i < carePlan.Goal.Count; i++)
            {
                if (Resolve<Goal>(carePlan.Goal[i], $"CarePlan.goal[{i}]") is not { } goal) continue;
                var description = goal.Description?.Text ?? "";
                if (goal.Category.SelectMany(c => c.Coding).Any(c => c.System == FhirSystems.GoalTerm && c.Code == "long-term"))
                {
                    longTerm.Add(description);
                    continue;
                }
                var id = goal.Identifier.FirstOrDefault(x => x.System == FhirSystems.GoalId)?.Value;
                if (id is null) { Error($"CarePlan.goal[{i}]", $"a short-term goal needs its id ({FhirSystems.GoalId})"); continue; }
                if (planId is not null && id.StartsWith($"{planId}/", StringComparison.Ordinal)) id = id[(planId.Length + 1)..];
                shortTerm.Add((carePlan.Goal[i].Reference ?? "", id, description));
            }

            var activities = carePlan.Activity.Select((a, i) => (Activity: a, At: $"CarePlan.activity[{i}]"))
                .Where(a => !IsFollowUp(a.Activity))
                .Select(a => (Goal: a.Activity.Detail?.Goal.FirstOrDefault()?.Reference, Activity: Activity(a.Activity, a.At)))
                .ToList();
            foreach (var orphan in activities.Where(a => shortTerm.All(g => g.Url != a.Goal)))
                Error("CarePlan.activity.detail.goal", $"activity '{orphan.Activity.Id}' does not name one of the plan's short-term goals");
            return (longTerm, shortTerm.Select(g => new PlanGoal(g.Id, g.Description,
                activities.Where(a => a.Goal == g.Url).Select(a => a.Activity).ToList())).ToList());
        }

        private PlanActivity Activity(CarePlan.ActivityComponent activity, string at)
        {
            var detail = activity.Detail ?? new CarePlan.DetailComponent();
            var timing = activity.Find(SipExtensions.Activity);
            var period = detail.Scheduled as Period;
            var text = (detail.Scheduled as FhirString)?.Value
                ?? activity.Progress.Select(p => p.Text)
                    .FirstOrDefault(p => p?.StartsWith(PlanBundleMapper.TimingPrefix, StringComparison.Ordinal) == true)?[PlanBundleMapper.TimingPrefix.Length..];
            var responsible = detail.Performer.Select((p, i) => (Key: Key(p, $"{at}.detail.performer[{i}]"),
                    Role: Parse<ResponsibilityRole>(p.GetExtensionValue<Code>(SipExtensions.Responsibility)?.Value, $"{at}.detail.performer[{i}]")))
                .Where(p => p.Key is not null)
                .Select(p => new ResponsibleParty(p.Key!, p.Role ?? ResponsibilityRole.Lead)).ToList();
            if (activity.ElementId is null) Error($"{at}.id", "is required: it is the activity's id in the plan");
            return new PlanActivity(activity.ElementId ?? "", detail.Description ?? "", responsible,
                new ActivityTiming(
                    Start: Date(period?.StartElement, $"{at}.detail.scheduledPeriod.start"),
                    End: Date(period?.EndElement, $"{at}.detail.scheduledPeriod.end"),
                    Text: text,
                    Status: Parse<ContractActivityStatus>(timing.Text("status"), $"{at}.extension('status')"),
                    After: OrNull(timing.Texts("after")),
                    ReviewAt: timing.Text("reviewAt") is { } review ? Date(new FhirDateTime(review), $"{at}.extension('reviewAt')") : null),
                For: OrNull(timing.Texts("for")));
        }

        private static bool IsFollowUp(CarePlan.ActivityComponent activity) =>
            activity.Detail is { Kind: CarePlan.CarePlanActivityKind.Appointment, Code.Text: PlanBundleMapper.FollowUpCode };

        private FollowUp? ReadFollowUp(CarePlan carePlan)
        {
            var index = carePlan.Activity.FindIndex(IsFollowUp);
            if (index < 0)
            {
                Error("CarePlan.activity", $"needs the follow-up: an appointment activity with code text '{PlanBundleMapper.FollowUpCode}'");
                return null;
            }
            var detail = carePlan.Activity[index].Detail;
            var date = Date((detail?.Scheduled as Period)?.StartElement, $"CarePlan.activity[{index}].detail.scheduledPeriod.start", required: true);
            var text = detail?.Description is { } description && description.StartsWith($"{PlanBundleMapper.FollowUpCode}: ", StringComparison.Ordinal)
                ? description[(PlanBundleMapper.FollowUpCode.Length + 2)..]
                : null;
            return date is null ? null : new FollowUp(date.Value, text);
        }

        private string? CareContact(CarePlan carePlan) =>
            Resolve<CareTeam>(carePlan.CareTeam.FirstOrDefault(), "CarePlan.careTeam")?.Participant
                .Where(p => p.Role.SelectMany(r => r.Coding).Any(c => c.System == FhirSystems.SipRole && c.Code == PlanBundleMapper.CareContactRole.Code))
                .Select(p => p.Find(SipExtensions.Participant).Text("key"))
                .FirstOrDefault();

        private sealed record PlanNotes(Dictionary<string, List<string>> ByKind, List<PlanView> Views)
        {
            public List<string>? GetValueOrDefault(string kind) => ByKind.GetValueOrDefault(kind);
        }

        private PlanNotes Notes(CarePlan carePlan)
        {
            var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var views = new List<PlanView>();
            foreach (var note in carePlan.Note)
            {
                var facts = note.Find(SipExtensions.Note);
                var kind = facts.Text("kind");
                var text = note.Text ?? "";
                if (kind is null || !PlanBundleMapper.NoteHeadings.TryGetValue(kind, out var heading)) continue;
                if (kind == "view")
                {
                    // "Uppfattning om insatserna (names): text", names as the plan calls the participants.
                    var close = text.StartsWith($"{heading} (", StringComparison.Ordinal) ? text.IndexOf("): ", StringComparison.Ordinal) : -1;
                    var body = close >= 0 ? text[(close + 3)..]
                        : text.StartsWith($"{heading} (", StringComparison.Ordinal) && text.EndsWith(')') ? "" // a view without words
                        : text;
                    var pending = facts.Text("pending") is { } p ? bool.Parse(p) : (bool?)null;
                    if (pending == true && body.EndsWith(PlanBundleMapper.PendingView, StringComparison.Ordinal))
                        body = body[..^PlanBundleMapper.PendingView.Length].TrimEnd();
                    views.Add(new PlanView(facts.Texts("by"), body.Length == 0 ? null : body, pending));
                    continue;
                }
                var prefix = $"{heading}: ";
                (byKind.TryGetValue(kind, out var list) ? list : byKind[kind] = []).Add(text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text);
            }
            return new PlanNotes(byKind, views);
        }

        private PlanClosing? Closing(CarePlan carePlan, string? note)
        {
            if (note is null) return null;
            if (DayOrTime(carePlan.Period?.EndElement, "CarePlan.period.end") is not { } at) return null;
            var rest = note.StartsWith($"{Dates.DayOrTime(at)}, ", StringComparison.Ordinal) ? note[(Dates.DayOrTime(at).Length + 2)..] : note;
            var reason = Enum.GetValues<ClosingReason>().FirstOrDefault(r => rest.StartsWith(Words.Closing(r), StringComparison.Ordinal), ClosingReason.Other);
            var words = Words.Closing(reason);
            if (!rest.StartsWith(words, StringComparison.Ordinal)) return new PlanClosing(reason, at, rest);
            var tail = rest[words.Length..];
            string? replacedBy = null;
            if (reason == ClosingReason.MergedInto && tail.StartsWith(' '))
            {
                // The plan id runs to the text's ". ", or to the end.
                var end = tail.IndexOf(". ", StringComparison.Ordinal);
                replacedBy = end < 0 ? tail[1..] : tail[1..end];
                tail = end < 0 ? "" : tail[end..];
            }
            return new PlanClosing(reason, at, tail is { Length: > 2 } && tail.StartsWith(". ", StringComparison.Ordinal) ? tail[2..] : null, replacedBy);
        }

        private PlanConsent? ReadConsent(Consent? consent)
        {
            if (consent is null) return null;
            var basisFacts = consent.Find(SipExtensions.ConsentBasis);
            var basis = Parse<ConsentBasis>(basisFacts.Text("basis"), $"Consent.extension('{SipExtensions.ConsentBasis}').basis", required: true);
            var form = Parse<ConsentForm>(basisFacts.Text("form"), $"Consent.extension('{SipExtensions.ConsentBasis}').form", required: true);
            var parties = consent.Verification.Select((v, i) =>
            {
                var party = v.Find(SipExtensions.ConsentParty);
                var at = $"Consent.verification[{i}].extension('{SipExtensions.ConsentParty}')";
                var decision = Parse<ConsentDecision>(party.Text("decision"), $"{at}.decision", required: true);
                var who = party.Text("participant") ?? Invalid<string>($"{at}.participant", "is required");
                return who is null || decision is null ? null : new ConsentParty(who, decision.Value, party.Text("note"));
            }).OfType<ConsentParty>().ToList();
            var givenAt = DayOrTime(consent.DateTimeElement, "Consent.dateTime");
            if (givenAt is null) Error("Consent.dateTime", "is required: when the consent was given");
            var denials = consent.Provision?.Provision.Where(p => p.Type == Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny).ToList() ?? [];
            var excluded = denials.SelectMany(d => d.Actor).Select(a => a.Reference).OfType<ResourceReference>()
                .Select(r => r.Identifier is { System: FhirSystems.HsaId, Value: { } excludedHsaId } ? excludedHsaId
                    : KeyOf(r) ?? HsaId((_byUrl.GetValueOrDefault(r.Reference ?? "") as Organization)?.Identifier))
                .OfType<string>().ToList();
            var information = denials.SelectMany(d => d.Code).Select(c => c.Text).OfType<string>().ToList();
            return basis is null || form is null || givenAt is null
                ? null
                : new PlanConsent(basis.Value, form.Value, parties, givenAt.Value, DayOrTime(consent.Provision?.Period?.EndElement, "Consent.provision.period.end"),
                    OrNull(excluded), OrNull(information));
        }

        private Unit? ReadUnit(Organization? organization, string at)
        {
            if (organization is null) return null;
            if (HsaId(organization.Identifier) is { } hsaId && organization.Name is { } name) return new Unit(hsaId, name);
            Error(at, "the sending unit needs its HSA-id and name");
            return null;
        }

        /// <summary>A participant as the mapper named them in notes: a protected patient by <see cref="ProtectedIdentity.PatientName"/>.</summary>
        private string NameOf(string key) => _participants.TryGetValue(key, out var p)
            ? p is { Kind: ParticipantKind.Patient, Name: "" } ? ProtectedIdentity.PatientName : p.Name
            : "";

        /// <summary>The participant a reference names: by its key where it carries one, else by the one participant of its resource.</summary>
        private string? KeyOf(ResourceReference? reference) =>
            reference?.GetExtensionValue<FhirString>(SipExtensions.ParticipantKey)?.Value
            ?? (reference?.Reference is { } url && _keysByUrl.TryGetValue(url, out var keys) && keys.Count == 1 ? keys[0] : null);

        private string? Key(ResourceReference? reference, string at)
        {
            var key = KeyOf(reference);
            if (key is null)
                Error(at, reference?.Reference is { } url && _keysByUrl.TryGetValue(url, out var keys)
                    ? $"'{url}' stands for {string.Join(", ", keys)}: the reference needs the extension {SipExtensions.ParticipantKey} to say which"
                    : $"names no participant of the CareTeam");
            return key;
        }

        private T? Resolve<T>(ResourceReference? reference, string at) where T : Resource
        {
            if (reference?.Reference is { } url && _byUrl.TryGetValue(url, out var resource) && resource is T found) return found;
            Error(at, reference?.Reference is null ? $"needs a reference to a {typeof(T).Name} in the Bundle" : $"'{reference.Reference}' is not a {typeof(T).Name} in the Bundle");
            return null;
        }

        private DateOnly? Date(PrimitiveType? value, string at, bool required = false)
        {
            var text = value?.ToString();
            if (text is null)
            {
                if (required) Error(at, "is required");
                return null;
            }
            if (DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Error(at, $"'{text}' is not a date");
            return null;
        }

        private DayOrInstant? DayOrTime(PrimitiveType? value, string at)
        {
            if (value?.ToString() is not { } text) return null;
            if (DayOrInstant.TryParse(text, out var time)) return time;
            Error(at, $"'{text}' is neither a date nor a date and time with its offset");
            return null;
        }

        private T? Parse<T>(string? code, string at, bool required = false) where T : struct, Enum
        {
            if (code is null)
            {
                if (required) Error(at, $"is required ({WireCode<T>.All})");
                return null;
            }
            if (WireCode<T>.TryParse(code, out var value)) return value;
            Error(at, $"'{code}' is not one of {WireCode<T>.All}");
            return null;
        }

        private T? Invalid<T>(string at, string problem)
        {
            Error(at, problem);
            return default;
        }

        private void Error(string at, string problem) => Outcome.AddIssue(OperationOutcome.IssueSeverity.Error, IssueType.Invalid, problem, at);

        private static string Name(List<HumanName> names) =>
            names.FirstOrDefault() is { } name ? name.Text ?? string.Join(' ', name.Given.Append(name.Family).OfType<string>()) : "";

        private static string? HsaId(List<Identifier>? identifiers) => identifiers?.FirstOrDefault(i => i.System == FhirSystems.HsaId)?.Value;

        private static List<string>? Telecom(List<Hl7.Fhir.Model.ContactPoint> telecom) => OrNull(telecom.Select(t => t.Value).OfType<string>().ToList());

        private static List<T>? OrNull<T>(IReadOnlyList<T> values) => values.Count == 0 ? null : values.ToList();
    }
}
