using System.Text.Json.Nodes;

namespace SipHub.Contracts.Tests;

/// <summary>Broken copies of the examples fail validation: the schemas (and these tests) can say no.</summary>
public class SchemaRejectsTests
{
    private static JsonNode Example(string kind) => ContractFiles.LoadJson(ContractFiles.ExamplePath(kind));

    private static void AssertInvalid(string kind, JsonNode broken, string because)
    {
        var errors = ContractFiles.Validate(kind, broken);
        Assert.True(errors.Count > 0, $"{kind}: expected invalid because {because}, but it validated");
    }

    private static void AssertValid(string kind, JsonNode node)
    {
        var errors = ContractFiles.Validate(kind, node);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>(kind, top-level required field) for every kind.</summary>
    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in InboundKinds.MessageTypes.Keys.Order(StringComparer.Ordinal))
            foreach (var field in ContractFiles.LoadJson(ContractFiles.SchemaPath(kind))["required"]!.AsArray())
                data.Add(kind, field!.GetValue<string>());
        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Missing_required_field_fails(string kind, string field)
    {
        var broken = Example(kind).AsObject();
        Assert.True(broken.Remove(field), $"the {kind} example lacks required field {field}");
        AssertInvalid(kind, broken, $"'{field}' is missing");
    }

    [Theory]
    [InlineData("episode-cancelled", "reason", "died")]
    [InlineData("delivery-receipt", "status", "Accepted")]
    [InlineData("sip-plan", "status", "aktiv")]
    public void Bad_enum_value_fails(string kind, string field, string value)
    {
        var broken = Example(kind);
        broken[field] = value;
        AssertInvalid(kind, broken, $"{field} = '{value}' is not a contract value");
    }

    [Fact]
    public void Bad_nested_enum_values_fail()
    {
        var plan = Example("sip-plan");
        plan["goals"]![0]!["activities"]![0]!["responsible"]![0]!["role"] = "with_support_of";
        AssertInvalid("sip-plan", plan, "responsible role is snake_case");

        plan = Example("sip-plan");
        plan["consent"]!["parties"]![2]!["decision"] = "doesNotObject";
        AssertInvalid("sip-plan", plan, "consent decision is camelCase");

        var notice = Example("admission-notice");
        notice["recipients"]![0]!["type"] = "primary-care";
        AssertInvalid("admission-notice", notice, "recipient type is unknown");
    }

    [Theory]
    [InlineData("2026-11-20 11:42")]
    [InlineData("20/11/2026 11:42")]
    [InlineData("2026-11-20T11:42:00+0100x")]
    [InlineData("2026-11-31T11:42:00+01:00")]
    [InlineData("idag")]
    public void Bad_date_time_fails(string value)
    {
        var broken = Example("discharge-ready");
        broken["readyAt"] = value;
        AssertInvalid("discharge-ready", broken, $"readyAt '{value}' is not an RFC 3339 date-time");
    }

    [Theory]
    [InlineData("2026-11-24T00:00:00+01:00")]
    [InlineData("24/11/2026")]
    [InlineData("2026-02-30")]
    public void Bad_date_fails(string value)
    {
        var broken = Example("discharge-date-changed");
        broken["expectedDischargeDate"] = value;
        AssertInvalid("discharge-date-changed", broken, $"'{value}' is not a date");
    }

    [Fact]
    public void Offsets_and_utc_are_both_valid_date_times()
    {
        var utc = Example("discharge-ready");
        utc["readyAt"] = "2026-11-20T10:30:00Z";
        AssertValid("discharge-ready", utc);
    }

    [Theory]
    [InlineData("SE2321000032")]
    [InlineData("2321000032-B4Q8")]
    [InlineData("SE232100003-B4Q8")]
    [InlineData("SE2321000032-B4Q8-extra")]
    public void Bad_hsa_id_fails(string value)
    {
        var broken = Example("discharge-ready");
        broken["sender"]!["hsaId"] = value;
        AssertInvalid("discharge-ready", broken, $"'{value}' is not an HSA-id");
    }

    [Fact]
    public void Message_id_is_1_to_128_characters()
    {
        var ok = Example("discharge-ready");
        ok["messageId"] = new string('x', 128);
        AssertValid("discharge-ready", ok);

        var tooLong = Example("discharge-ready");
        tooLong["messageId"] = new string('x', 129);
        AssertInvalid("discharge-ready", tooLong, "messageId is 129 characters");

        var empty = Example("discharge-ready");
        empty["messageId"] = "";
        AssertInvalid("discharge-ready", empty, "messageId is empty");
    }

    [Fact]
    public void Wrong_json_types_fail()
    {
        var notice = Example("discharge-ready");
        notice["sipNeeded"] = "true";
        AssertInvalid("discharge-ready", notice, "sipNeeded is a string");

        var plan = Example("sip-plan");
        plan["version"] = "1";
        AssertInvalid("sip-plan", plan, "version is a string");
    }

    [Fact]
    public void Optional_fields_are_left_out_not_null()
    {
        var notice = Example("discharge-notice");
        notice["destination"] = null;
        AssertInvalid("discharge-notice", notice, "destination is null");
    }

    [Fact]
    public void Extra_fields_are_ignored_never_fatal()
    {
        var notice = Example("admission-notice");
        notice["x-regionSormland-ward"] = "BUP-avd 1";
        notice["patient"]!["x-local"] = new JsonObject { ["anything"] = 1 };
        AssertValid("admission-notice", notice);
    }

    [Fact]
    public void Admission_notice_requires_the_registered_address()
    {
        var notice = Example("admission-notice");
        notice["patient"]!.AsObject().Remove("address");
        AssertInvalid("admission-notice", notice, "the patient has no folkbokföringsadress");

        // Elsewhere the address is optional.
        var invitation = Example("sip-invitation");
        invitation["patient"]!.AsObject().Remove("address");
        AssertValid("sip-invitation", invitation);
    }

    [Fact]
    public void Reservnummer_needs_its_issuing_system_and_is_not_pattern_checked()
    {
        var invitation = Example("sip-invitation");
        invitation["patient"] = new JsonObject { ["id"] = "RES-99-004711", ["idType"] = "reservnummer", ["name"] = "Okänd pojke" };
        AssertInvalid("sip-invitation", invitation, "a reservnummer without idSystem");

        invitation["patient"]!["idSystem"] = "1.2.752.97.3.1.3";
        AssertValid("sip-invitation", invitation);

        invitation["patient"] = new JsonObject { ["id"] = "LMA 0123-4567", ["idType"] = "lma", ["name"] = "Kasim" };
        AssertValid("sip-invitation", invitation);
    }

    [Fact]
    public void Meeting_needs_start_end_and_a_location_or_a_remote_link()
    {
        var both = Example("sip-invitation");
        AssertValid("sip-invitation", both);

        var remoteOnly = Example("sip-invitation");
        remoteOnly["meeting"]!.AsObject().Remove("location");
        AssertValid("sip-invitation", remoteOnly);

        var neither = Example("sip-invitation");
        neither["meeting"]!.AsObject().Remove("location");
        neither["meeting"]!.AsObject().Remove("remote");
        AssertInvalid("sip-invitation", neither, "the meeting has neither location nor remote");

        var noEnd = Example("sip-invitation");
        noEnd["meeting"]!.AsObject().Remove("end");
        AssertInvalid("sip-invitation", noEnd, "the meeting has no end");
    }

    [Fact]
    public void Plan_needs_a_goal_and_every_activity_a_responsible_party()
    {
        var noGoals = Example("sip-plan");
        noGoals["goals"] = new JsonArray();
        AssertInvalid("sip-plan", noGoals, "there are no goals");

        var noResponsible = Example("sip-plan");
        noResponsible["goals"]![0]!["activities"]![0]!["responsible"] = new JsonArray();
        AssertInvalid("sip-plan", noResponsible, "an activity has no responsible party");

        var noTiming = Example("sip-plan");
        noTiming["goals"]![0]!["activities"]![0]!.AsObject().Remove("timing");
        AssertInvalid("sip-plan", noTiming, "an activity has no timing");

        var badVersion = Example("sip-plan");
        badVersion["version"] = 0;
        AssertInvalid("sip-plan", badVersion, "version 0");
    }

    [Fact]
    public void Plan_key_references_are_the_hubs_job_not_the_schemas()
    {
        // A dangling key is well-formed JSON for the schema; the hub refuses it, naming the field.
        var plan = Example("sip-plan");
        plan["leadResponsible"]!["participant"] = "nobody";
        AssertValid("sip-plan", plan);
    }

    [Fact]
    public void Alert_rejects_an_unknown_level_and_accepts_a_new_clock()
    {
        var alert = Example("alert");
        alert["level"] = "late";
        AssertInvalid("alert", alert, "level 'late' is not a contract value");

        alert = Example("alert");
        alert["clock"] = "sip-outside-discharge";
        AssertValid("alert", alert);
    }
}
