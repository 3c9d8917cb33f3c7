using System.Globalization;
using System.Text.Json.Nodes;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>Wire messages as county systems write them: plain JSON, no C# contract types.</summary>
public static class SampleMessages
{
    public const string Hospital = "SE2321000032-1003";
    /// <summary>The classic Skatteverket test number; Luhn-valid.</summary>
    public const string Personnummer = "19121212-1212";

    public static JsonObject AdmissionNotice(string episodeId, string messageId, bool protectedIdentity = false) => new()
    {
        ["messageId"] = messageId,
        ["episodeId"] = episodeId,
        ["patient"] = new JsonObject
        {
            ["id"] = Personnummer,
            ["name"] = "Tolvan Tolvansson",
            ["address"] = new JsonObject
            {
                ["line"] = new JsonArray("Storgatan 1"),
                ["postalCode"] = "63220",
                ["city"] = "Eskilstuna",
            },
            ["protectedIdentity"] = protectedIdentity,
        },
        ["admittedAt"] = "2026-11-20T08:15:00+01:00",
        ["expectedDischargeDate"] = "2026-11-27",
        ["sender"] = Sender(),
        ["recipients"] = new JsonArray(
            new JsonObject { ["hsaId"] = "SE2321000032-2001", ["type"] = "regional-outpatient-care", ["name"] = "Vårdcentralen Fröslunda" },
            new JsonObject { ["hsaId"] = "SE2120000357-3001", ["type"] = "municipal-social-services", ["name"] = "Eskilstuna kommun, biståndsenheten" }),
        ["municipalityCode"] = "0484",
        ["sentAt"] = "2026-11-20T14:02:00+01:00",
    };

    /// <summary>A discharge-ready notice sent now, so its three-day clock is running whenever the test runs.</summary>
    public static JsonObject DischargeReady(string episodeId, string messageId)
    {
        var sentAt = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return new()
        {
            ["messageId"] = messageId,
            ["episodeId"] = episodeId,
            ["sender"] = Sender(),
            ["readyAt"] = sentAt,
            ["sentAt"] = sentAt,
            ["sipNeeded"] = true,
        };
    }

    public const string SocialServices = "SE2120000357-3001";

    /// <summary>The care contact's invitation to a SIP meeting in two days, with social services invited.</summary>
    public static JsonObject Invitation(string episodeId, string messageId)
    {
        string At(int hours) => DateTimeOffset.Now.AddHours(hours).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return new()
        {
            ["messageId"] = messageId,
            ["episodeId"] = episodeId,
            ["invitationId"] = $"INV-{episodeId}",
            ["sender"] = Sender(),
            ["sentAt"] = At(0),
            ["patient"] = new JsonObject { ["id"] = Personnummer, ["name"] = "Tolvan Tolvansson" },
            ["sentBy"] = new JsonObject { ["hsaId"] = "SE2321000032-4F7Q", ["name"] = "Elin Sandberg", ["unit"] = Sender() },
            ["meeting"] = new JsonObject { ["start"] = At(48), ["end"] = At(49), ["location"] = "Mälarsjukhuset, konferensrum 2" },
            ["participants"] = new JsonArray(new JsonObject
            {
                ["key"] = "socialtjansten", ["name"] = "Eskilstuna kommun, biståndsenheten", ["role"] = "biståndshandläggare",
                ["kind"] = "organization", ["hsaId"] = SocialServices,
            }),
        };
    }

    /// <summary>A worked plan of guide 001 Bilaga 2 (default Jesper 6B) under a new plan id and message id, as contract JSON.</summary>
    public static JsonObject Plan(string planId, int version = 1, string? sender = null, string example = "sip-plan.json")
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "contracts", "examples", example)))!.AsObject();
        plan["planId"] = planId;
        plan["version"] = version;
        plan["messageId"] = NewId("PLAN");
        if (sender is not null) plan["sender"]!["hsaId"] = sender;
        return plan;
    }

    public static JsonObject Sender() => new() { ["hsaId"] = Hospital, ["name"] = "Mälarsjukhuset, medicinavdelning 3" };

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Today in Sweden, as the hub's day-based deadlines count.</summary>
    public static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Now, Stockholm).DateTime);

    /// <summary>Midnight after <paramref name="day"/>, Swedish time: when a deadline "by the end of that day" falls.</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Stockholm.GetUtcOffset(midnight));
    }
}
