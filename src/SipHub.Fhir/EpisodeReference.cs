using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>The inpatient episode a plan or invitation belongs to: its id, assigned by the admitting unit where the message names it.</summary>
internal static class EpisodeReference
{
    public static ResourceReference Of(string episodeId, string? issuer) => new()
    {
        Identifier = new Identifier(FhirSystems.EpisodeId, episodeId)
        {
            Assigner = issuer is null ? null : new ResourceReference { Identifier = new Identifier(FhirSystems.HsaId, issuer) },
        },
        Display = $"Vårdtillfälle {episodeId}",
    };

    /// <summary>The episode id and its issuer, when the reference is to an episode.</summary>
    public static (string? EpisodeId, string? Issuer) Read(ResourceReference? reference) =>
        reference?.Identifier is { System: FhirSystems.EpisodeId, Value: { } episodeId } identifier
            ? (episodeId, identifier.Assigner?.Identifier is { System: FhirSystems.HsaId, Value: { } issuer } ? issuer : null)
            : (null, null);
}
