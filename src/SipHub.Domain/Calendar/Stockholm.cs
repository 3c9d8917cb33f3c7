namespace SipHub.Domain.Calendar;

/// <summary>
/// Local rules (calendar days, the 12:00 cut-off, end of day) are evaluated in Europe/Stockholm,
/// whatever offset a sender wrote.
/// </summary>
public static class Stockholm
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The instant as Stockholm's wall clock shows it (offset +01:00 or +02:00).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The local calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The local calendar date of a day or an instant, as the sender wrote it.</summary>
    public static DateOnly DateOf(SipHub.Contracts.DayOrInstant value) => value.Day ?? DateOf(value.Instant!.Value);

    /// <summary>Today's date in Stockholm: what "today" means for ages and calendar days.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>Local midnight starting <paramref name="date"/>, with the offset in force then.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>
    /// A local wall time as an instant. A time in the spring-forward gap (02:00–02:59 on the last
    /// Sunday of March) does not exist and moves forward by the gap (02:30 becomes 03:30 +02:00); an
    /// ambiguous autumn time (02:00–02:59 on the last Sunday of October) takes its first occurrence (+02:00).
    /// </summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Read with the offset in force before the jump, the wall time lands the gap's length later.
            var offsetBeforeGap = Zone.GetUtcOffset(local.AddDays(-1));
            return ToLocal(new DateTimeOffset(local, offsetBeforeGap));
        }
        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max() // the larger offset is the earlier instant
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
