using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipHub.Contracts;

/// <summary>
/// A calendar day (<c>2027-12-05</c>) or a point in time (<c>2027-12-05T14:30:00+01:00</c>), for the fields a person
/// writes either way: when a consent was given and until when it holds ("gäller till och med"), a signature, a closing.
/// The form the sender chose is kept, on the wire and in FHIR (whose dateTime takes both). A day counts in
/// Europe/Stockholm; a consent valid until a day holds through the end of it.
/// </summary>
[JsonConverter(typeof(DayOrInstantJsonConverter))]
public readonly record struct DayOrInstant
{
    private DayOrInstant(DateOnly? day, DateTimeOffset? instant) => (Day, Instant) = (day, instant);

    /// <summary>Set when a day was written; then <see cref="Instant"/> is null.</summary>
    public DateOnly? Day { get; }

    /// <summary>Set when a point in time was written; then <see cref="Day"/> is null.</summary>
    public DateTimeOffset? Instant { get; }

    public static DayOrInstant OfDay(DateOnly day) => new(day, null);

    public static DayOrInstant OfInstant(DateTimeOffset instant) => new(null, instant);

    public static implicit operator DayOrInstant(DateOnly day) => OfDay(day);

    public static implicit operator DayOrInstant(DateTimeOffset instant) => OfInstant(instant);

    /// <summary>Reads the contract's form: <c>YYYY-MM-DD</c> or an RFC 3339 date-time with its offset.</summary>
    public static bool TryParse(string? text, out DayOrInstant value)
    {
        value = default;
        if (text is null) return false;
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = OfDay(day);
            return true;
        }
        // An instant names its offset (or Z); a date-time without one would be read in the machine's zone.
        if (text.Length > 19 && text[10] is 'T' or 't' && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            value = OfInstant(instant);
            return true;
        }
        return false;
    }

    /// <summary>
    /// The contract's form, which FHIR's dateTime also takes: the day, or the instant with its offset and only as many
    /// fractional digits as it has.
    /// </summary>
    public override string ToString() =>
        Day is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Instant is { } instant ? instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
        : "";
}

/// <summary>Reads and writes <see cref="DayOrInstant"/> in the form the sender chose.</summary>
public sealed class DayOrInstantJsonConverter : JsonConverter<DayOrInstant>
{
    public override DayOrInstant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && DayOrInstant.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException("expected a date (YYYY-MM-DD) or a date-time with its offset");

    public override void Write(Utf8JsonWriter writer, DayOrInstant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
