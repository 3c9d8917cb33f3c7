using System.Text.RegularExpressions;
using SipHub.Contracts;
using SipHub.Domain.Identity;

namespace SipHub.Domain.Episodes;

/// <summary>
/// How the hub names an episode. A hospital system's episode ids are unique only within it: a message that names the
/// id's issuer (the admitting unit, <c>episodeIssuer</c>) reaches <c>&lt;episodeId&gt;@&lt;issuer&gt;</c>, apart from
/// any other hospital's episode of the same id. A message without it reads the id in the one unqualified namespace
/// the contract had before issuers, where the first admitting unit owns it (<see cref="EpisodeAuthority"/>).
/// </summary>
public static partial class EpisodeKey
{
    /// <summary>The longest key the hub stores: an id with its issuer must fit.</summary>
    public const int MaxLength = 128;

    public static string Of(string episodeId, string? issuer) =>
        issuer is null ? episodeId : $"{episodeId}@{(HsaId.TryParse(issuer, out var hsaId) ? hsaId.Value : issuer)}";

    /// <summary>The episode a message belongs to, if any.</summary>
    public static string? Of(IEpisodeMessage message) => message.EpisodeId is { } id ? Of(id, message.EpisodeIssuer) : null;

    /// <summary>The episode id as its hospital wrote it, and the issuer where the key names one.</summary>
    public static (string EpisodeId, string? Issuer) Split(string key) =>
        IssuerOf(key) is { } issuer ? (key[..^(issuer.Length + 1)], issuer) : (key, null);

    /// <summary>The issuer a key names; null for an unqualified id.</summary>
    public static string? IssuerOf(string key) => Qualified().Match(key) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Whether a raw id would read as a qualified key, and so could reach another hospital's episode: refused.</summary>
    public static bool LooksQualified(string episodeId) => Qualified().IsMatch(episodeId);

    [GeneratedRegex(@"@(SE\d{10}-[A-Za-z0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Qualified();
}
