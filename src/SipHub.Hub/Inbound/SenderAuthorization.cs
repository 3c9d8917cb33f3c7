using SipHub.Hub.Kernel;

namespace SipHub.Hub.Inbound;

/// <summary>
/// Who may send for which unit: <c>Authorization:Senders:&lt;broker user or key name&gt;:&lt;n&gt;</c> lists the
/// HSA-ids that user or key may send for (<c>*</c> for any). A trusted loopback caller of the embedded default is
/// named <see cref="Callers.Loopback"/>. Closed by default wherever a stranger could reach the hub: on RabbitMQ, or
/// once any API key exists, a hub without entries refuses to start (<see cref="RequiredBy"/>); only the embedded
/// default, reachable from this machine alone, may run without and then trusts every caller.
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

    /// <summary>
    /// Why this configuration needs sender rules, or null when it may run without them: a broker other systems
    /// publish to, or API keys (the hub then listens beyond loopback).
    /// </summary>
    public static string? RequiredBy(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("RabbitMq")) ? "RabbitMQ (ConnectionStrings:RabbitMq)"
        : configuration.GetSection(Hosting.ApiKeys.Section).GetChildren().Any() ? $"API keys ({Hosting.ApiKeys.Section})"
        : null;

    /// <summary>Whether <paramref name="principal"/> may send for some unit at all: checked before a body is read.</summary>
    public bool MaySendForAny(string? principal) =>
        !Enabled || (principal is not null && _senders.TryGetValue(principal, out var units) && units.Count > 0);

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
