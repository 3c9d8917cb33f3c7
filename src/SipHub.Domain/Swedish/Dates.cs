using System.Globalization;
using SipHub.Contracts;
using SipHub.Domain.Calendar;

namespace SipHub.Domain.Swedish;

/// <summary>Days and instants as a Swedish reader writes them ("3 februari 2027", "3 februari 2027 kl. 14:30", Swedish time).</summary>
public static class Dates
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Swedish);

    public static string DateTime(DateTimeOffset instant) => Stockholm.ToLocal(instant).ToString("d MMMM yyyy 'kl.' HH:mm", Swedish);

    /// <summary>A day as a date, an instant as a date and time.</summary>
    public static string DayOrTime(DayOrInstant value) => value.Day is { } day ? Date(day) : DateTime(value.Instant!.Value);
}
