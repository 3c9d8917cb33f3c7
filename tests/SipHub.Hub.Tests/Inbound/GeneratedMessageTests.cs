using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using SipHub.Contracts;
using SipHub.Contracts.Generators;
using SipHub.Domain.Calendar;
using SipHub.Hub.Inbound;
using Xunit.Abstractions;

namespace SipHub.Hub.Tests.Inbound;

/// <summary>
/// The gateway's check (the published JSON Schema, then the contract's rules) over generated messages of every kind
/// (<see cref="ContractGen"/>): every valid message is accepted, and a message made invalid in one place is refused
/// naming that place. In process: the check needs no broker or database.
/// </summary>
public sealed class GeneratedMessageTests(ITestOutputHelper output)
{
    private static readonly InboundCheck Check = new(new InboundSchemas(), new FixedTime(Stockholm.At(ContractGen.Today, new TimeOnly(12, 0))));

    private static string Print((string Kind, IInboundMessage Message) m) => $"{m.Kind}: {Json(m.Message)}";

    private static string Json(IInboundMessage message) => JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options);

    [Fact]
    public void Every_generated_message_of_every_kind_is_accepted()
    {
        var byKind = new Dictionary<string, int>();
        var tried = Generated.Check(ContractGen.AnyMessage, 600, m =>
        {
            var (message, errors) = Check.Check(m.Kind, JsonDocument.Parse(Json(m.Message)).RootElement);
            Assert.True(message is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            lock (byKind) byKind[m.Kind] = byKind.GetValueOrDefault(m.Kind) + 1;
        }, Print);

        output.WriteLine($"Accepted {tried} generated messages: {string.Join(", ", byKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        Assert.Equal(InboundKinds.MessageTypes.Keys.Order(), byKind.Keys.Order());
        Assert.True(byKind[InboundKinds.SipPlan] >= Math.Min(150, tried / 6), "plans are the contract's largest space and are tried most");
    }

    [Fact]
    public void Every_generated_plan_is_accepted()
    {
        var tried = Generated.Check(ContractGen.Plan(), 200, plan =>
        {
            var (message, errors) = Check.Check(InboundKinds.SipPlan, JsonDocument.Parse(Json(plan)).RootElement);
            Assert.True(message is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }, plan => Json(plan));
        output.WriteLine($"Accepted {tried} generated plans");
    }

    /// <summary>
    /// One place of a valid message is broken in a way no reading of the contract allows (a value of the wrong JSON type,
    /// a malformed date, an HSA-id, an enum value or a personnummer check digit that cannot be), and the answer names it.
    /// </summary>
    [Fact]
    public void A_message_broken_in_one_place_is_refused_naming_that_place()
    {
        var byMutation = new Dictionary<string, int>();
        var gen = ContractGen.AnyMessage.SelectMany(m => Gen.Int[0, int.MaxValue - 1].Select(pick => (m.Kind, m.Message, Pick: pick)));
        var tried = Generated.Check(gen, 600, m =>
        {
            var body = JsonNode.Parse(Json(m.Message))!;
            var places = Places(body, "").ToList();
            var (path, node) = places[m.Pick % places.Count];
            var mutation = Break(body, node, path, m.Kind);

            var (message, errors) = Check.Check(m.Kind, JsonDocument.Parse(body.ToJsonString()).RootElement);

            Assert.Null(message);
            Assert.True(errors.ContainsKey(path), $"{mutation} at '{path}', but the answer names {string.Join(", ", errors.Keys.Select(k => $"'{k}'"))}");
            lock (byMutation) byMutation[mutation] = byMutation.GetValueOrDefault(mutation) + 1;
        }, m => $"{m.Kind} (place {m.Pick}): {Json(m.Message)}");

        output.WriteLine($"Refused {tried} broken messages, each naming the broken place: " +
            string.Join(", ", byMutation.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
    }

    /// <summary>Every value in the message by its field path, as the answer names fields ("recipients[0].hsaId").</summary>
    private static IEnumerable<(string Path, JsonNode Node)> Places(JsonNode node, string path)
    {
        if (path.Length > 0) yield return (path, node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                    foreach (var place in Places(child!, path.Length == 0 ? name : $"{path}.{name}")) yield return place;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var place in Places(a[i]!, $"{path}[{i}]")) yield return place;
                break;
        }
    }

    /// <summary>Whether the field at the path is one of the contract's enums (a participant's role and most reasons are words).</summary>
    private static bool IsEnum(string path, string name, string kind) => name switch
    {
        "type" or "kind" or "principal" or "attendance" or "status" or "basis" or "form" or "decision" or "idType" => true,
        "role" => path.Contains(".responsible[", StringComparison.Ordinal),
        "reason" => path == "closing.reason" || kind == InboundKinds.EpisodeCancelled,
        _ => false,
    };

    /// <summary>Breaks the value in place and says how; each way is invalid whatever else the message says.</summary>
    private static string Break(JsonNode root, JsonNode node, string path, string kind)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        var value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        JsonNode replacement;
        string how;
        if (value is not null && name.EndsWith("hsaId", StringComparison.Ordinal) && !path.StartsWith("consent.excludedParticipants", StringComparison.Ordinal))
            (replacement, how) = ("SE123-ABC", "an HSA-id of the wrong shape");
        else if (value is not null && DayOrInstant.TryParse(value, out _) && name is not ("text" or "note" or "name" or "situation" or "description"))
            (replacement, how) = (value.Length == 10 ? "2026-02-30" : "2026-11-20 08:15", "an impossible date or a time without offset");
        else if (value is not null && IsEnum(path, name, kind))
            (replacement, how) = ("not-a-wire-name", "a value outside the enum");
        else if (value is not null && path == "patient.id" && root["patient"]?["idType"]?.GetValue<string>() is null or "personnummer" or "samordningsnummer")
            (replacement, how) = (value[..^1] + (char)('0' + (value[^1] - '0' + 1) % 10), "a personnummer with a wrong check digit");
        else
            (replacement, how) = node.GetValueKind() switch
            {
                JsonValueKind.String => ((JsonNode)42, "a number for a string"),
                JsonValueKind.Number => ("one", "a string for a number"),
                JsonValueKind.True or JsonValueKind.False => ("yes", "a string for a boolean"),
                JsonValueKind.Array => ("[]", "a string for an array"),
                _ => ((JsonNode)7, "a number for an object"),
            };
        node.ReplaceWith(replacement);
        return how;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
