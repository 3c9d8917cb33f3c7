using SipHub.Contracts;
using SipHub.Domain.Episodes;
using SipHub.Domain.Plans;
using SipHub.Hub.Kernel;
using Model = SipHub.Domain.Episodes;
using Wire = SipHub.Contracts;

namespace SipHub.Hub.Inbound;

/// <summary>A wire message checked by the rules a schema cannot express, and turned into what the domain sees.</summary>
/// <param name="Sender">The sender's HSA-id, normalized: the inbox key.</param>
public sealed record Translation(string Sender, string? EpisodeId, EpisodeEvent? Event, Dictionary<string, List<string>> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The edge between the wire contract and the domain: identifiers (Luhn, HSA-id), the sender rules, and
/// the mapping of each kind onto an episode event. Null checks are here because a message from AMQP may
/// not have passed the schema.
/// </summary>
public static class InboundTranslator
{
    public static Translation Translate(IInboundMessage message, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        var check = new Checker(errors);
        check.Text("messageId", message.MessageId, maxLength: 128);
        var sender = check.Unit("sender", message.Sender);
        // 2 kap. Lag 2017:612: the admission notice carries the registered address (folkbokföringsadress).
        if (message is AdmissionNotice { Patient.Address: null })
            FieldPath.Add(errors, "patient.address", "is required in an admission notice");

        (string? EpisodeId, EpisodeEvent? Event) result = message switch
        {
            AdmissionNotice m => (EpisodeKey.Of(m), new AdmissionNoticed(
                m.MessageId, sender, m.Sender?.Name ?? "",
                check.Patient("patient", m.Patient, today)!,
                m.AdmittedAt, m.AssessedAt, m.ExpectedDischargeDate,
                check.Recipients("recipients", m.Recipients),
                check.Text("municipalityCode", m.MunicipalityCode, pattern: "^[0-9]{4}$"),
                m.SentAt)),
            Wire.DischargeDateChanged m => (EpisodeKey.Of(m),
                new Model.DischargeDateChanged(m.MessageId, sender, m.ExpectedDischargeDate, m.SentAt)),
            Wire.CareContactAppointed m => (EpisodeKey.Of(m), check.CareContact(m, sender)),
            DischargeReady m => (EpisodeKey.Of(m), new DischargeReadyNoticed(m.MessageId, sender, m.ReadyAt, m.SentAt, m.SipNeeded)),
            Wire.DischargeReadyWithdrawn m => (EpisodeKey.Of(m),
                new Model.DischargeReadyWithdrawn(m.MessageId, sender, m.WithdrawnAt, check.Text("reason", m.Reason, maxLength: int.MaxValue))),
            DischargeNotice m => (EpisodeKey.Of(m), new Discharged(m.MessageId, sender, m.DischargedAt, m.Destination)),
            Wire.EpisodeCancelled m => (EpisodeKey.Of(m),
                new Model.EpisodeCancelled(m.MessageId, sender, m.CancelledAt, WireName.Of(m.Reason))),
            SipInvitation m => check.Invitation(m, sender, today),
            SipPlan m => check.Plan(m, sender, today),
            SipRequest m => check.Request(m, sender, today),
            SipRequestWithdrawn m => check.RequestWithdrawn(m),
            // Not about an episode: kept in the inbox for the plan and delivery features.
            ConsentWithdrawn or DeliveryReceipt => (null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "not a kind of wire contract v1"),
        };

        if (result.Event is not null) check.Episode((IEpisodeMessage)message);
        check.Times(message);
        return new(sender, result.EpisodeId, errors.Count == 0 ? result.Event : null, errors);
    }

    private sealed class Checker(Dictionary<string, List<string>> errors)
    {
        /// <param name="maxLength">Names and ids are bounded; a reason in words is as long as the sender needs.</param>
        public string Text(string field, string? value, int maxLength = 1000, string? pattern = null)
        {
            if (string.IsNullOrWhiteSpace(value)) FieldPath.Add(errors, field, "is required");
            else if (value.Length > maxLength) FieldPath.Add(errors, field, $"is longer than {maxLength} characters");
            // Ids and names travel on as AMQP properties and HTTP headers, where a line break would split them.
            else if (maxLength <= 1000 && value.Any(char.IsControl)) FieldPath.Add(errors, field, "contains a control character (a line break, a tab)");
            else if (pattern is not null && !System.Text.RegularExpressions.Regex.IsMatch(value, pattern))
                FieldPath.Add(errors, field, $"does not match {pattern}");
            return value ?? "";
        }

        /// <summary>The episode's id, and its issuer where the message names one.</summary>
        public void Episode(IEpisodeMessage message)
        {
            var (episodeId, issuer) = (message.EpisodeId, message.EpisodeIssuer);
            Text("episodeId", episodeId, maxLength: 128);
            if (episodeId is not null && EpisodeKey.LooksQualified(episodeId))
                FieldPath.Add(errors, "episodeId", "ends like an issuer-qualified id (@SE…); send the issuer in episodeIssuer");
            if (issuer is not null && HsaId("episodeIssuer", issuer) is var hsaId && episodeId is not null
                && EpisodeKey.Of(episodeId, hsaId).Length > EpisodeKey.MaxLength)
                FieldPath.Add(errors, "episodeId", $"is at most {EpisodeKey.MaxLength - 1 - hsaId.Length} characters with this episodeIssuer");
        }

        /// <summary>A time left out of a typed message reads as year 1; name it rather than start a clock then.</summary>
        public void Times(IInboundMessage message)
        {
            foreach (var property in message.GetType().GetProperties().Where(p => p.PropertyType == typeof(DateTimeOffset)))
                if ((DateTimeOffset)property.GetValue(message)! == default)
                    FieldPath.Add(errors, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name), "is required");
        }

        public string HsaId(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) { FieldPath.Add(errors, field, "is required"); return ""; }
            if (SipHub.Domain.Identity.HsaId.TryParse(value, out var id)) return id.Value;
            FieldPath.Add(errors, field, $"'{value}' is not an HSA-id (SE + 10 digits + '-' + local part)");
            return value;
        }

        public string Unit(string field, Wire.Unit? unit)
        {
            if (unit is null) { FieldPath.Add(errors, field, "is required"); return ""; }
            Text($"{field}.name", unit.Name);
            return HsaId($"{field}.hsaId", unit.HsaId);
        }

        public EpisodePatient? Patient(string field, Wire.Patient? patient, DateOnly today)
        {
            if (patient is null) { FieldPath.Add(errors, field, "is required"); return null; }
            Text($"{field}.name", patient.Name);
            if (!PatientIdentity.TryRead(patient, today, out var id, out var why))
            {
                FieldPath.Add(errors, $"{field}.id", why);
                return null;
            }
            var address = patient.Address is { } a ? new PatientAddress(a.Line ?? [], a.PostalCode, a.City) : null;
            return new EpisodePatient(id, patient.Name ?? "", address, patient.ProtectedIdentity ?? false);
        }

        public IReadOnlyList<NoticeRecipient> Recipients(string field, IReadOnlyList<Recipient>? recipients)
        {
            if (recipients is null || recipients.Count == 0) { FieldPath.Add(errors, field, "needs at least one recipient"); return []; }
            return recipients.Select((r, i) => new NoticeRecipient(
                HsaId($"{field}[{i}].hsaId", r?.HsaId), r is null ? "" : WireName.Of(r.Type), Text($"{field}[{i}].name", r?.Name))).ToList();
        }

        public Model.CareContactAppointed? CareContact(Wire.CareContactAppointed m, string sender)
        {
            if (m.CareContact is not { } c) { FieldPath.Add(errors, "careContact", "is required"); return null; }
            return new Model.CareContactAppointed(m.MessageId, sender,
                HsaId("careContact.hsaId", c.HsaId), Text("careContact.name", c.Name), c.Title,
                Unit("careContact.unit", c.Unit), c.Unit?.Name ?? "", c.Telecom ?? [], m.AppointedAt);
        }

        public (string?, EpisodeEvent?) Invitation(SipInvitation m, string sender, DateOnly today)
        {
            Patient("patient", m.Patient, today);
            Text("invitationId", m.InvitationId, maxLength: 128);
            HsaId("sentBy.hsaId", m.SentBy?.HsaId);
            // 4 kap. 3 §: the care contact invites; the unit that sends must be the inviter's unit.
            if (m.SentBy?.Unit is { } unit && Unit("sentBy.unit", unit) is var inviter && inviter != sender)
                FieldPath.Add(errors, "sentBy.unit.hsaId", $"must be the sender's unit ({sender})");
            if (m.Meeting is not { } meeting) FieldPath.Add(errors, "meeting", "is required");
            else
            {
                if (meeting.End <= meeting.Start) FieldPath.Add(errors, "meeting.end", "must be after meeting.start");
                if (string.IsNullOrWhiteSpace(meeting.Location) && string.IsNullOrWhiteSpace(meeting.Remote))
                    FieldPath.Add(errors, "meeting", "needs a location or a remote link");
            }
            UniqueKeys("participants", m.Participants);
            return m.EpisodeId is null
                ? (null, null)
                : (EpisodeKey.Of(m), new InvitationSent(m.MessageId, sender, m.InvitationId, m.SentAt, m.Meeting?.Start ?? default, m.SentBy?.Unit?.HsaId));
        }

        public (string?, EpisodeEvent?) Plan(SipPlan m, string sender, DateOnly today)
        {
            Patient("patient", m.Patient, today);
            Text("planId", m.PlanId, maxLength: 128);
            if (m.Version < 1) FieldPath.Add(errors, "version", "must be 1 or more");
            // The legal minimum, keys and consent (SipHub.Domain.Plans); a refusal or an expired consent stops the plan.
            if (m.Participants is not null && m.Goals is not null && m.Consent is not null && m.LeadResponsible is not null)
                foreach (var violation in PlanRules.Validate(m, today, PlanPolicy.Law))
                    FieldPath.Add(errors, violation.Field, violation.Message);
            return m.EpisodeId is null
                ? (null, null)
                : (EpisodeKey.Of(m), new PlanRecorded(m.MessageId, sender, m.PlanId, m.Version,
                    WireName.Of(m.Status), m.PlanDate, m.FollowUp?.Date ?? m.PlanDate));
        }

        public (string?, EpisodeEvent?) Request(SipRequest m, string sender, DateOnly today)
        {
            Patient("patient", m.Patient, today);
            Text("requestId", m.RequestId, maxLength: 128);
            Text("reason", m.Reason, maxLength: int.MaxValue);
            Recipients("askedUnits", m.AskedUnits);
            if (m.Consent is null) FieldPath.Add(errors, "consent", "is required");
            if (m.AskedUnits?.Any(u => string.Equals(u?.HsaId, sender, StringComparison.OrdinalIgnoreCase)) == true)
                FieldPath.Add(errors, "askedUnits", $"asks its own sender ({sender}); name the other units");
            return (null, null);
        }

        public (string?, EpisodeEvent?) RequestWithdrawn(SipRequestWithdrawn m)
        {
            Text("requestId", m.RequestId, maxLength: 128);
            return (null, null);
        }

        private void UniqueKeys(string field, IReadOnlyList<Participant>? participants)
        {
            if (participants is null) { FieldPath.Add(errors, field, "is required"); return; }
            foreach (var duplicate in participants.GroupBy(p => p.Key).Where(g => g.Count() > 1))
                FieldPath.Add(errors, field, $"key '{duplicate.Key}' is used more than once");
        }
    }
}
