using CsCheck;

namespace SipHub.Contracts.Generators;

/// <summary>
/// Valid messages of every inbound kind of wire contract v1, over the contract's whole space: each optional field
/// present and absent, every enum value, 1–30 participants of every kind, timings in words only, dates only, both or
/// neither, every consent basis and form, protected identity, all four kinds of patient id, long Swedish text. "Valid"
/// means valid by the schema and by the hub's rules on <see cref="Today"/>, so a property may expect acceptance.
/// </summary>
public static class ContractGen
{
    /// <summary>The date the hub's rules are asked on: ages, a consent's validity.</summary>
    public static readonly DateOnly Today = new(2026, 12, 5);

    private static readonly TimeSpan[] Offsets = [TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.Zero];

    private static readonly string[] Vocabulary =
    [
        "omgående", "varje", "dag", "vid", "behov", "skolan", "föräldrarna", "hemtjänst", "två", "gånger", "i", "veckan",
        "Åsa", "Örjan", "Ängelholm", "BUP", "öppenvård", "samtal", "med", "kurator", "och", "läkare", "efter", "utskrivning",
        "trygghetslarm", "§", "–", "\"citat\"", "<tagg>", "A&O", "100%", "kl.", "08:15", "ß", "é", "ü", "Ærø", "Zoë", "😊",
    ];

    private static readonly Gen<string> Word = Gen.OneOf(Vocabulary);

    /// <summary>Text in words, 1 to <paramref name="maxWords"/> of them: Swedish letters, punctuation, markup characters.</summary>
    public static Gen<string> Words(int maxWords = 12) => Word.Array[1, maxWords].Select(w => string.Join(' ', w));

    /// <summary>Mostly short, sometimes the length of a real plan's paragraph (several hundred words).</summary>
    public static readonly Gen<string> Text = Gen.Frequency((6, Words(12)), (1, Words(400)));

    public static readonly Gen<string> Name =
        Gen.Select(Gen.OneOf("Åsa", "Örjan", "Linnéa", "Jasmina", "Kasim", "Zoë", "Per-Olof", "Märta"),
            Gen.OneOf("Lindqvist", "Öberg", "Al-Hassan", "Ängström", "von Essen", "Nguyễn", "Svensson"),
            (given, family) => $"{given} {family}");

    public static readonly Gen<string> HsaId =
        Gen.Select(Gen.Long[0, 9_999_999_999], Gen.Char["ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"].Array[1, 18],
            (org, local) => $"SE{org:0000000000}-{new string(local)}");

    public static readonly Gen<Unit> Unit = Gen.Select(HsaId, Words(6), (hsaId, name) => new Unit(hsaId, name));

    public static readonly Gen<IReadOnlyList<string>> Telecom =
        Gen.OneOf(Gen.Int[100_000, 999_999].Select(n => $"016-{n}"), Name.Select(n => $"{n.Replace(' ', '.').ToLowerInvariant()}@example.se"),
            Gen.Const("https://video.example.se/mote/123")).Array[1, 3].Select(a => (IReadOnlyList<string>)a);

    public static readonly Gen<string> MessageId =
        Gen.OneOf(Gen.Guid.Select(g => g.ToString()), Gen.Select(Word, Gen.Int[1, 99999], (w, n) => $"cosmic:{w}:{n}"));

    // ---- time

    public static Gen<DateTimeOffset> Instant(DateOnly from, DateOnly to) =>
        Gen.Select(Gen.Int[from.DayNumber, to.DayNumber], Gen.Int[0, 86_399], Gen.Int[0, 999], Gen.OneOf(Offsets),
            (day, second, millisecond, offset) => new DateTimeOffset(DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(second))), offset)
                .AddMilliseconds(millisecond % 3 == 0 ? millisecond : 0));

    public static Gen<DateOnly> Date(DateOnly from, DateOnly to) => Gen.Int[from.DayNumber, to.DayNumber].Select(DateOnly.FromDayNumber);

    public static Gen<DayOrInstant> DayOrInstant(DateOnly from, DateOnly to) =>
        Gen.OneOf(Date(from, to).Select(Contracts.DayOrInstant.OfDay), Instant(from, to).Select(Contracts.DayOrInstant.OfInstant));

    private static readonly Gen<DateTimeOffset> Recent = Instant(Today.AddDays(-30), Today);

    // ---- the patient

    /// <summary>A patient of any age and id kind; <paramref name="protectedIdentity"/> null for either.</summary>
    public static Gen<Patient> Patient(bool? protectedIdentity = null, bool withAddress = false) =>
        from birth in Date(Today.AddYears(-100), Today.AddDays(-1))
        from id in PatientId(birth)
        from name in Name
        from address in withAddress ? Address.Select(a => (Address?)a) : Address.Null()
        from isProtected in protectedIdentity is { } fixedFlag ? Gen.Bool.Select(_ => (bool?)fixedFlag) : Gen.OneOf<bool?>(null, false, true)
        select new Patient(id.Id, name, id.Type, id.System, address, isProtected);

    public static Gen<Patient> Child(bool? protectedIdentity = null) => Patient(protectedIdentity).Where(IsChild);

    /// <summary>Under 18 today, or of a local id that gives no age (the sender's consent basis then says).</summary>
    public static bool IsChild(Patient patient) => AgeOf(patient) is null or < 18;

    /// <summary>The age a personnummer or samordningsnummer gives; null for a reservnummer or LMA number.</summary>
    public static int? AgeOf(Patient patient)
    {
        if (patient.IdType is PatientIdType.Reservnummer or PatientIdType.Lma) return null;
        var digits = patient.Id.Replace("-", "");
        var day = int.Parse(digits[6..8]);
        var birth = new DateOnly(int.Parse(digits[..4]), int.Parse(digits[4..6]), day > 60 ? day - 60 : day);
        var age = Today.Year - birth.Year;
        return birth.AddYears(age) > Today ? age - 1 : age;
    }

    private static readonly Gen<Address> Address =
        Gen.Select(Words(4).Array[0, 3], Gen.Int[10000, 99999], Words(2),
            (lines, code, city) => new Address(lines, code % 2 == 0 ? $"{code / 100} {code % 100:00}" : $"{code}", city));

    private static Gen<(string Id, PatientIdType? Type, string? System)> PatientId(DateOnly birth) =>
        Gen.Frequency(
            (4, Gen.Select(Gen.Int[0, 999], Gen.Bool, Gen.Bool, (serial, dash, typed) => National(birth, serial, coordination: false, dash, typed))),
            (1, Gen.Select(Gen.Int[0, 999], Gen.Bool, Gen.Bool, (serial, dash, typed) => National(birth, serial, coordination: true, dash, typed))),
            (1, Gen.Char["ABCDEFGHJKLMNPRSTUVWXYZ0123456789"].Array[4, 20].Select(c =>
                (new string(c), (PatientIdType?)PatientIdType.Reservnummer, (string?)"1.2.752.97.3.1.3"))),
            (1, Gen.Select(Gen.Int[1, 99_999_999], Gen.Bool, (n, issuer) =>
                ($"LMA {n:00000000}", (PatientIdType?)PatientIdType.Lma, issuer ? (string?)"1.2.752.129.2.1.2.1" : null))));

    private static (string, PatientIdType?, string?) National(DateOnly birth, int serial, bool coordination, bool dash, bool typed)
    {
        var day = birth.Day + (coordination ? 60 : 0);
        var nine = $"{birth.Year % 100:00}{birth.Month:00}{day:00}{serial:000}";
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        var check = (10 - sum % 10) % 10;
        var date = $"{birth.Year:0000}{birth.Month:00}{day:00}";
        var id = dash ? $"{date}-{serial:000}{check}" : $"{date}{serial:000}{check}";
        PatientIdType? type = typed ? coordination ? PatientIdType.Samordningsnummer : PatientIdType.Personnummer : null;
        return (id, type, null);
    }

    // ---- participants

    /// <summary>Units for participants to belong to: each with its HSA-id, name and type, the same wherever it appears.</summary>
    private static readonly Gen<ParticipantOrganization[]> Organizations =
        Gen.Select(HsaId, Words(5), Gen.Enum<RecipientType>(), (hsaId, name, type) => new ParticipantOrganization(name, type, hsaId)).Array[1, 8]
            .Select(units => units.DistinctBy(u => u.HsaId!.ToUpperInvariant()).ToArray());

    /// <summary>
    /// A participant of the kind, as the contract means it: the patient participant is the plan's patient (named as
    /// <c>patient</c> names them); a unit taking part as itself (an organization, or a foster home or other with an
    /// organization) is that unit, so its HSA-id is the unit's.
    /// </summary>
    private static Gen<Participant> Participant(string key, ParticipantKind kind, Patient patient, ParticipantOrganization? unit,
        bool needsPrincipal) =>
        from name in Name
        from role in Words(3)
        from personHsaId in HsaId.Null()
        from principal in needsPrincipal ? Gen.Enum<Principal>().Select(p => (Principal?)p) : Gen.Enum<Principal>().Nullable()
        from telecom in Telecom.Null()
        from attendance in Gen.Enum<Attendance>().Nullable()
        from note in Text.Null()
        select kind switch
        {
            ParticipantKind.Patient => new Participant(key, patient.Name, role, kind, null, null, principal, telecom, attendance, note),
            ParticipantKind.Professional => new Participant(key, name, role, kind, personHsaId, unit, principal, telecom, attendance, note),
            ParticipantKind.Organization or ParticipantKind.FosterHome or ParticipantKind.Other when unit is not null =>
                new Participant(key, unit.Name, role, kind, kind == ParticipantKind.Organization ? unit.HsaId : null, unit, principal, telecom, attendance, note),
            ParticipantKind.Organization => throw new InvalidOperationException("an organization participant needs its unit"),
            _ => new Participant(key, name, role, kind, personHsaId, null, principal, telecom, attendance, note),
        };

    /// <summary>
    /// 1–30 participants: the first a professional of a region or municipality (someone must lead), the patient at
    /// most once, units taking part as themselves each their own unit.
    /// </summary>
    private static Gen<Participant[]> Participants(Patient patient, int max = 30) =>
        from units in Organizations
        from kinds in Gen.Enum<ParticipantKind>().Array[0, max - 1]
        from keys in Key.Array[kinds.Length + 1]
        from leadPrincipal in Gen.OneOf(Principal.Region, Principal.Municipality)
        from unitChoice in Gen.Int[0, 1000].Array[kinds.Length + 1]
        from participants in Gen.Const(() => Layout(units, kinds, keys, unitChoice)).SelectMany(layout =>
            layout.Select((p, i) => Participant(p.Key, p.Kind, patient, p.Unit, needsPrincipal: true)
                .Select(made => i == 0 ? made with { Principal = leadPrincipal } : made)).ToArray().Combine())
        select participants;

    private static List<(string Key, ParticipantKind Kind, ParticipantOrganization? Unit)> Layout(
        ParticipantOrganization[] units, ParticipantKind[] kinds, string[] keys, int[] unitChoice)
    {
        var plan = new List<(string, ParticipantKind, ParticipantOrganization?)>
        {
            ($"{keys[0]}-0", ParticipantKind.Professional, units[unitChoice[0] % units.Length]),
        };
        var unitsTakenAsThemselves = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hasPatient = false;
        for (var i = 0; i < kinds.Length; i++)
        {
            var kind = kinds[i];
            if (kind == ParticipantKind.Patient)
            {
                if (hasPatient) kind = ParticipantKind.RelatedPerson;
                hasPatient = true;
            }
            var unit = units[unitChoice[i + 1] % units.Length];
            ParticipantOrganization? chosen = kind switch
            {
                ParticipantKind.Professional => unitChoice[i + 1] % 5 == 0 ? null : unit,
                ParticipantKind.Organization or ParticipantKind.FosterHome or ParticipantKind.Other
                    when unitChoice[i + 1] % 3 != 0 && unitsTakenAsThemselves.Add(unit.HsaId!) => unit,
                _ => null,
            };
            if (kind == ParticipantKind.Organization && chosen is null) kind = ParticipantKind.Professional;
            plan.Add(($"{keys[i + 1]}-{i + 1}", kind, chosen ?? (kind == ParticipantKind.Professional && unitChoice[i + 1] % 5 != 0 ? unit : null)));
        }
        return plan;
    }

    /// <summary>The sender's keys and ids: short tokens as most systems write them, or words with spaces and Swedish letters.</summary>
    private static readonly Gen<string> Key = Gen.Frequency(
        (3, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 8].Select(c => new string(c))),
        (1, Words(3)));

    // ---- the plan

    public static Gen<SipPlan> Plan(bool? protectedIdentity = null) =>
        from patient in Patient(protectedIdentity)
        from participants in Participants(patient)
        from goals in Goals(participants)
        from consent in Consent(patient, participants)
        from leadIndex in Gen.Int[0, participants.Length - 1]
        from status in Gen.Enum<PlanStatus>()
        from planDate in Date(Today.AddYears(-2), Today)
        from version in Gen.Int[1, 1000]
        from longTermGoals in Text.Array[0, 4]
        from views in View(participants).Array[0, 3]
        from optional in OptionalParts(participants, status, planDate)
        from sender in Unit
        from messageId in MessageId
        from planId in Gen.OneOf(Gen.Guid.Select(g => $"SIP-{g:N}"), Words(3))
        from situation in Text
        from leadNote in Text.Null()
        from followUp in Gen.Select(Date(planDate, planDate.AddYears(1)), Text.Null(), (d, t) => new FollowUp(d, t))
        let lead = participants.Where(p => p.Principal is Principal.Region or Principal.Municipality).ElementAt(
            leadIndex % participants.Count(p => p.Principal is Principal.Region or Principal.Municipality))
        select new SipPlan(messageId, sender, planId, version, status, planDate, patient, participants, consent, situation, longTermGoals,
            goals, views, new LeadResponsible(lead.Key, leadNote), followUp,
            optional.EpisodeId, optional.InvitationId, optional.Reason, optional.Strengths, optional.Disagreements, optional.CareContact,
            optional.ContactPoint, optional.SignedBy, optional.Closing, optional.EpisodeIssuer);

    private sealed record Optional(string? EpisodeId, string? EpisodeIssuer, string? InvitationId, string? Reason, string? Strengths, string? Disagreements,
        string? CareContact, ContactPoint? ContactPoint, IReadOnlyList<Signature>? SignedBy, PlanClosing? Closing);

    private static Gen<Optional> OptionalParts(Participant[] participants, PlanStatus status, DateOnly planDate) =>
        from episodeId in Gen.Select(Gen.Int[1, 99999], n => $"VT-2026-{n:00000}").Null()
        from issuer in EpisodeIssuer
        from invitationId in Words(2).Null()
        from reason in Text.Null()
        from strengths in Text.Null()
        from disagreements in Text.Null()
        from careContact in Gen.OneOf(participants).Select(p => p.Key).Null()
        from contactPoint in Gen.Select(Words(4), HsaId.Null(), Telecom.Null(), (n, h, t) => new ContactPoint(n, h, t)).Null()
        from signedBy in Gen.Select(Gen.OneOf(participants), DayOrInstant(planDate, Today), (p, at) => new Signature(p.Key, at)).Array[1, 6]
            .Select(s => (IReadOnlyList<Signature>)s).Null()
        from closing in Gen.Select(Gen.Enum<ClosingReason>(), DayOrInstant(planDate.AddDays(1), Today.AddDays(1)), Text.Null(), Gen.Int[1, 99999],
                // A plan merged into another names it: the contract requires it.
                (r, at, t, n) => new PlanClosing(r, at, t, r == ClosingReason.MergedInto ? $"SIP-ERSATT-{n:00000}" : null))
            .Null(status == PlanStatus.Active ? 0.8 : 0.2)
        select new Optional(episodeId, episodeId is null ? null : issuer, invitationId, reason, strengths, disagreements, careContact, contactPoint, signedBy, closing);

    private static Gen<PlanView> View(Participant[] participants) =>
        Gen.Select(Gen.OneOf(participants).Select(p => p.Key).Array[1, 2], Text.Null(), Gen.Bool.Nullable(),
            (by, text, pending) => new PlanView(by.Distinct().ToList(), text, pending));

    /// <summary>1–5 goals of 1–4 activities, ids unique in the plan; responsible parties from the participants.</summary>
    private static Gen<PlanGoal[]> Goals(Participant[] participants) =>
        from goalCount in Gen.Int[1, 5]
        from activityCounts in Gen.Int[1, 4].Array[goalCount]
        from goalIds in Key.Array[goalCount]
        from activityIds in Key.Array[activityCounts.Sum()]
        from descriptions in Text.Array[goalCount]
        from activities in Gen.Const(activityIds).SelectMany(drawn =>
        {
            var ids = drawn.Select((id, i) => $"{id}-{i}").ToArray();
            return ids.Select(id => Activity(id, participants, ids)).ToArray().Combine();
        })
        select Enumerable.Range(0, goalCount).Select(g => new PlanGoal($"{goalIds[g]}-{g}", descriptions[g],
            activities.Skip(activityCounts.Take(g).Sum()).Take(activityCounts[g]).ToList())).ToArray();

    private static Gen<PlanActivity> Activity(string id, Participant[] participants, string[] allActivityIds) =>
        from description in Text
        from responsible in Gen.Select(Gen.OneOf(participants), Gen.Enum<ResponsibilityRole>(), (p, r) => (p.Key, r)).Array[1, 3]
        from aimedAt in Gen.OneOf(participants).Select(p => p.Key).Array[1, 3].Select(k => (IReadOnlyList<string>)k.Distinct().ToList()).Null()
        from timing in Timing(allActivityIds.Where(a => a != id).ToArray())
        select new PlanActivity(id, description,
            responsible.DistinctBy(r => r.Key).Select((r, i) => new ResponsibleParty(r.Key, i == 0 ? ResponsibilityRole.Lead : r.r)).ToList(),
            timing, aimedAt);

    /// <summary>Words only, dates only, both, or nothing at all; with or without a status, a wait on other activities, a review date.</summary>
    public static Gen<ActivityTiming> Timing(string[] otherActivities) =>
        from start in Date(Today.AddYears(-1), Today.AddYears(1)).Nullable()
        from length in Gen.Int[0, 400].Nullable()
        from text in Gen.OneOf(Gen.OneOf("omgående", "varje dag", "vid behov", "2 tim varannan torsdag", "när nästa grupp startar"), Text).Null()
        from status in Gen.Enum<ActivityStatus>().Nullable()
        from after in otherActivities.Length == 0 ? Gen.Const(Array.Empty<string>()).Null(1.0) : Gen.OneOf(otherActivities).Array[1, 2].Null()
        from reviewAt in Date(Today, Today.AddYears(1)).Nullable()
        select new ActivityTiming(start, length is { } days && (start is not null || days % 2 == 0) ? (start ?? Today).AddDays(days) : null,
            text, status, after?.Distinct().ToList(), reviewAt);

    /// <summary>
    /// A consent that lets the plan stand: no one refuses (except guardians where an LVU decision or a secret placement
    /// decides), guardians basis only for a child, and then every guardian consents and the child's word is recorded.
    /// </summary>
    public static Gen<PlanConsent> Consent(Patient patient, Participant[] participants) =>
        from basis in Gen.Enum<ConsentBasis>().Where(b => b != ConsentBasis.Guardians || IsChild(patient))
        from form in Gen.Enum<ConsentForm>()
        from decisions in Gen.Enum<ConsentDecision>().Array[participants.Length]
        from include in Gen.Bool.Array[participants.Length]
        from notes in Words(4).Null().Array[participants.Length]
        from givenAt in DayOrInstant(Today.AddYears(-2), Today)
        from validUntil in DayOrInstant(Today.AddDays(1), Today.AddYears(3)).Nullable()
        from excluded in Gen.OneOf(participants).Select(p => p.Organization?.HsaId is { } unit && p.Key.Length % 2 == 0 ? unit : p.Key).Array[1, 3].Null(0.7)
        from information in Text.Array[1, 2].Null(0.7)
        select new PlanConsent(basis, form, Parties(basis, patient, participants, decisions, include, notes), givenAt, validUntil,
            excluded?.Distinct().ToList(), information);

    private static List<ConsentParty> Parties(ConsentBasis basis, Patient patient, Participant[] participants, ConsentDecision[] decisions,
        bool[] include, string?[] notes)
    {
        var guardiansDecide = basis is ConsentBasis.LvuDecision or ConsentBasis.SecretPlacement;
        var parties = new List<ConsentParty>();
        for (var i = 0; i < participants.Length; i++)
        {
            var p = participants[i];
            var decision = decisions[i];
            var mustRecord = basis == ConsentBasis.Guardians && p.Kind is ParticipantKind.Guardian or ParticipantKind.Patient;
            if (!include[i] && !mustRecord) continue;
            if (basis == ConsentBasis.Guardians && p.Kind == ParticipantKind.Guardian) decision = ConsentDecision.Consents;
            else if (decision == ConsentDecision.Refuses && !(guardiansDecide && p.Kind == ParticipantKind.Guardian)) decision = ConsentDecision.Consents;
            parties.Add(new ConsentParty(p.Key, decision, notes[i]));
        }
        if (parties.Count == 0) parties.Add(new ConsentParty(participants[0].Key, ConsentDecision.Consents));
        return parties;
    }

    // ---- the invitation and the notices

    public static Gen<SipInvitation> Invitation(bool? protectedIdentity = null) =>
        from sender in Unit
        from patient in Patient(protectedIdentity)
        from inviter in Gen.Select(HsaId, Name, (h, n) => new InvitingPerson(h, n, sender))
        from start in Instant(Today, Today.AddDays(30))
        from minutes in Gen.Int[15, 240]
        from place in Gen.Int[0, 2]
        from location in Words(5)
        from remote in Gen.Const("https://video.example.se/sip/4711")
        from participants in Participants(patient, max: 12)
        from episodeId in Gen.Select(Gen.Int[1, 99999], n => $"VT-2026-{n:00000}").Null()
        from issuer in EpisodeIssuer
        from agenda in Text.Null()
        from messageId in MessageId
        from invitationId in Words(2)
        from sentAt in Recent
        from requestId in RequestId.Null()
        from consent in Gen.Select(Gen.Enum<ConsentBasis>(), DayOrInstant(Today.AddYears(-1), Today), Name.Null(),
            (basis, at, givenBy) => new InvitationConsent(basis, at, givenBy)).Null()
        select new SipInvitation(messageId, sender, invitationId, patient, sentAt, inviter,
            new Meeting(start, start.AddMinutes(minutes), place == 1 ? null : location, place == 0 ? null : remote),
            participants.Select(p => p with { Principal = null }).ToList(), episodeId, agenda, episodeId is null ? null : issuer, requestId, consent);

    private static readonly Gen<string> RequestId = Gen.OneOf(Gen.Select(Gen.Int[1, 99999], n => $"BEG-2026-{n:00000}"), Words(3));

    /// <summary>
    /// A SIP request as any unit sends it: consent given (with or without its day), pending or refused, one to six units
    /// of every type asked, the initiative the unit's own or a person's.
    /// </summary>
    public static Gen<SipRequest> Request(bool? protectedIdentity = null) =>
        from sender in Unit
        from patient in Patient(protectedIdentity)
        from sentAt in Recent
        from reason in Text
        from asked in Gen.Select(HsaId, Gen.Enum<RecipientType>(), Words(5), (h, t, n) => new Recipient(h, t, n)).Array[1, 6]
        from status in Gen.Enum<RequestConsentStatus>()
        from consentAt in DayOrInstant(Today.AddDays(-30), Today).Nullable()
        from basis in Gen.Enum<ConsentBasis>().Nullable()
        from note in Text.Null()
        from initiator in Gen.Select(Gen.Enum<ParticipantKind>(), Name.Null(), Words(2).Null(), (k, n, r) => new RequestInitiator(k, n, r)).Null()
        from messageId in MessageId
        from requestId in RequestId
        select new SipRequest(messageId, sender, requestId, patient, sentAt, reason, asked, new RequestConsent(status, consentAt, basis, note), initiator);

    private static readonly Gen<string> EpisodeId = Gen.OneOf(Gen.Select(Gen.Int[1, 99999], n => $"VT-2026-{n:00000}"), Words(3));
    private static readonly Gen<string> PlanId = Gen.OneOf(Gen.Select(Gen.Int[1, 99999], n => $"SIP-2026-{n:00000}"), Words(3));

    /// <summary>The admitting unit that issued the episode id, or none (the unqualified namespace of contract v1.0).</summary>
    private static readonly Gen<string?> EpisodeIssuer = HsaId.Null();

    private static Gen<T> Qualified<T>(Gen<T> messages, Func<T, string?, T> withIssuer) => Gen.Select(messages, EpisodeIssuer, withIssuer);

    public static readonly Gen<AdmissionNotice> AdmissionNotice =
        from sender in Unit
        from episodeId in EpisodeId
        from patient in Patient(withAddress: true)
        from admittedAt in Recent
        from assessedHours in Gen.Int[1, 72].Nullable()
        from discharge in Date(Today, Today.AddDays(60))
        from recipients in Gen.Select(HsaId, Gen.Enum<RecipientType>(), Words(5), (h, t, n) => new Recipient(h, t, n)).Array[1, 8]
        from municipality in Gen.Int[114, 2584].Select(n => $"{n:0000}")
        from messageId in MessageId
        from issuer in EpisodeIssuer
        select new AdmissionNotice(messageId, sender, episodeId, patient, admittedAt, discharge, recipients, municipality,
            admittedAt.AddHours(assessedHours ?? 2), assessedHours is { } h ? admittedAt.AddHours(h) : null, issuer);

    public static readonly Gen<CareContactAppointed> CareContactAppointed =
        from sender in Unit
        from episodeId in EpisodeId
        from person in Gen.Select(HsaId, Name, Words(2).Null(), Telecom.Null(), (h, n, t, tel) => (h, n, t, tel))
        from at in Recent
        from messageId in MessageId
        from issuer in EpisodeIssuer
        select new CareContactAppointed(messageId, sender, episodeId, new CareContact(person.h, person.n, sender, person.t, person.tel), at, issuer);

    public static readonly Gen<DischargeDateChanged> DischargeDateChanged =
        Qualified(Gen.Select(MessageId, Unit, EpisodeId, Date(Today, Today.AddDays(60)), Recent, (m, s, e, d, at) => new DischargeDateChanged(m, s, e, d, at)),
            (m, issuer) => m with { EpisodeIssuer = issuer });

    public static readonly Gen<DischargeReady> DischargeReady =
        Qualified(Gen.Select(MessageId, Unit, EpisodeId, Recent, Gen.Int[0, 600], Gen.Bool, (m, s, e, ready, minutes, sip) =>
            new DischargeReady(m, s, e, ready, ready.AddMinutes(minutes), sip)), (m, issuer) => m with { EpisodeIssuer = issuer });

    public static readonly Gen<DischargeReadyWithdrawn> DischargeReadyWithdrawn =
        Qualified(Gen.Select(MessageId, Unit, EpisodeId, Recent, Text, (m, s, e, at, reason) => new DischargeReadyWithdrawn(m, s, e, at, reason)),
            (m, issuer) => m with { EpisodeIssuer = issuer });

    public static readonly Gen<DischargeNotice> DischargeNotice =
        Qualified(Gen.Select(MessageId, Unit, EpisodeId, Recent, Words(4).Null(), (m, s, e, at, d) => new DischargeNotice(m, s, e, at, d)),
            (m, issuer) => m with { EpisodeIssuer = issuer });

    public static readonly Gen<EpisodeCancelled> EpisodeCancelled =
        Qualified(Gen.Select(MessageId, Unit, EpisodeId, Recent, Gen.Enum<CancellationReason>(), (m, s, e, at, r) => new EpisodeCancelled(m, s, e, at, r)),
            (m, issuer) => m with { EpisodeIssuer = issuer });

    public static readonly Gen<ConsentWithdrawn> ConsentWithdrawn =
        Gen.Select(MessageId, Unit, Words(3), Recent, Name, (m, s, plan, at, by) => new ConsentWithdrawn(m, s, plan, at, by));

    public static readonly Gen<SipRequestWithdrawn> RequestWithdrawn =
        Gen.Select(MessageId, Unit, RequestId, Recent, Text.Null(), (m, s, request, at, reason) => new SipRequestWithdrawn(m, s, request, at, reason));

    public static readonly Gen<DeliveryReceipt> DeliveryReceipt =
        Gen.Select(MessageId, Unit, Gen.Guid, Gen.Enum<ReceiptStatus>(), Recent, Text.Null(), (m, s, d, status, at, reason) =>
            new DeliveryReceipt(m, s, d.ToString(), status, at, reason));

    /// <summary>Every inbound kind, by its wire name (<see cref="InboundKinds"/>), each from its own generator.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<IInboundMessage>> ByKind = new Dictionary<string, Gen<IInboundMessage>>
    {
        [InboundKinds.AdmissionNotice] = AdmissionNotice.Select(m => (IInboundMessage)m),
        [InboundKinds.DischargeDateChanged] = DischargeDateChanged.Select(m => (IInboundMessage)m),
        [InboundKinds.CareContactAppointed] = CareContactAppointed.Select(m => (IInboundMessage)m),
        [InboundKinds.DischargeReady] = DischargeReady.Select(m => (IInboundMessage)m),
        [InboundKinds.DischargeReadyWithdrawn] = DischargeReadyWithdrawn.Select(m => (IInboundMessage)m),
        [InboundKinds.DischargeNotice] = DischargeNotice.Select(m => (IInboundMessage)m),
        [InboundKinds.EpisodeCancelled] = EpisodeCancelled.Select(m => (IInboundMessage)m),
        [InboundKinds.SipInvitation] = Invitation().Select(m => (IInboundMessage)m),
        [InboundKinds.SipPlan] = Plan().Select(m => (IInboundMessage)m),
        [InboundKinds.ConsentWithdrawn] = ConsentWithdrawn.Select(m => (IInboundMessage)m),
        [InboundKinds.DeliveryReceipt] = DeliveryReceipt.Select(m => (IInboundMessage)m),
        [InboundKinds.SipRequest] = Request().Select(m => (IInboundMessage)m),
        [InboundKinds.SipRequestWithdrawn] = RequestWithdrawn.Select(m => (IInboundMessage)m),
    };

    /// <summary>Any kind, plans and invitations most often.</summary>
    public static readonly Gen<(string Kind, IInboundMessage Message)> AnyMessage = Gen.Frequency(ByKind
        .Select(k => (k.Key is InboundKinds.SipPlan or InboundKinds.SipInvitation ? 4 : 1, (IGen<(string, IInboundMessage)>)k.Value.Select(m => (k.Key, m))))
        .ToArray());

    /// <summary>
    /// Alerts as the hub raises them: every level, the contract's clocks and one it does not know yet, with or without an
    /// episode and municipality, a plan's follow-up (with or without its episode), a request's start, a retraction naming
    /// its breach, a deviation its subject, long Swedish text.
    /// </summary>
    public static readonly Gen<DeadlineAlert> Alert =
        Gen.Select(Gen.Guid, Gen.OneOf("admission-notice", "sip-invitation", "payment-liability", "sip-follow-up", "care-contact", "delivery-receipt",
                "sip-start", "sip-consent", "sip-plan"), Gen.Enum<AlertLevel>(), Recent, HsaId, Text, EpisodeId.Null(), Gen.Int[0, 9999].Select(n => $"{n:0000}").Null(),
            (id, clock, level, due, responsible, text, episode, municipality) => new DeadlineAlert(id.ToString(), clock, level, due, due.AddHours(1),
                responsible, text, episode, MunicipalityCode: municipality))
        .SelectMany(alert => Gen.Select(Gen.Guid, Gen.OneOf("no-outpatient-unit", "invitation-not-from-care-contact", "second-active-plan"), PlanId,
            (breach, subject, about) => alert with
            {
                Retracts = alert.Level == AlertLevel.Retracted ? breach.ToString() : null,
                Subject = alert.Level == AlertLevel.Deviation ? subject : null,
                PlanId = alert.Clock is "sip-follow-up" or "sip-consent" or "sip-plan" ? about : null,
                EpisodeId = alert.Clock == "sip-start" ? null : alert.EpisodeId,
                RequestId = alert.Clock == "sip-start" ? about : null,
            }));

    /// <summary>One generator after the other, as one generator of all their values.</summary>
    public static Gen<T[]> Combine<T>(this Gen<T>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, next) => all.SelectMany(values => next.Select(v => (T[])[.. values, v])));
}
