namespace SipHub.Hub.Inbound;

/// <summary>
/// Who may send for which unit: <c>Authorization:Senders:&lt;broker user or key name&gt;:&lt;n&gt;</c> lists the
/// HSA-ids that user or key may send for (<c>*</c> for any). With no entry at all every sender is accepted
/// (and the hub warns at start).
/// </summary>
public sealed class SenderAuthorization
{
    public const string Section = "Authorization:Senders";

    private readonly Dictionary<string, HashSet<string>> _senders;

    public SenderAuthorization(IConfiguration configuration)
    {
        _senders = configuration.GetSection(Section).GetChildren().ToDictionary(
            principal => principal.Key,
            principal => principal.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0)
                .ToHashSet(StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal);
    }

    public bool Enabled => _senders.Count > 0;

    public bool MayActFor(string? principal, string senderHsaId) =>
        !Enabled
        || (principal is not null && _senders.TryGetValue(principal, out var units) && (units.Contains("*") || units.Contains(senderHsaId)));

    /// <summary>Throws the rejection the contract asks for when <paramref name="principal"/> may not send for the sender.</summary>
    public void Demand(string? principal, string senderHsaId)
    {
        if (!MayActFor(principal, senderHsaId))
            throw new InboundRejectedException(RejectionCodes.UnauthorizedSender,
                principal is null
                    ? $"no broker user or key identifies the caller, so it may not send for {senderHsaId}"
                    : $"'{principal}' may not send for {senderHsaId}",
                new Dictionary<string, List<string>> { ["sender.hsaId"] = [$"not allowed for {principal ?? "an unidentified caller"}"] });
    }
}
