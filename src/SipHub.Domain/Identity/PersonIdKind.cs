namespace SipHub.Domain.Identity;

/// <summary>What kind of identifier a patient carries.</summary>
public enum PersonIdKind
{
    /// <summary>Personnummer, issued by Skatteverket.</summary>
    Personnummer,
    /// <summary>Samordningsnummer: like a personnummer, with day + 60.</summary>
    Samordningsnummer,
    /// <summary>A region's temporary id for a patient without a usable number; meaningful only within its issuing system.</summary>
    Reservnummer,
    /// <summary>An asylum seeker's LMA number (lagen om mottagande av asylsökande).</summary>
    Lma,
}
