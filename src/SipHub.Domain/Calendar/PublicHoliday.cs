namespace SipHub.Domain.Calendar;

/// <summary>An allmän helgdag (lag 1989:253) on its date in a given year.</summary>
public sealed record PublicHoliday(DateOnly Date, string SwedishName, string EnglishName);
