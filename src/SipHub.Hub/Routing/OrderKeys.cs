namespace SipHub.Hub.Routing;

/// <summary>The sequences deliveries keep per recipient (<see cref="Persistence.OutboxRow.OrderKey"/>).</summary>
public static class OrderKeys
{
    /// <summary>An episode's notices (and its invitations), in the order the hub accepted them.</summary>
    public static string Episode(string episodeId) => $"episode:{episodeId}";

    /// <summary>A plan's versions: version 3 never overtakes version 2.</summary>
    public static string Plan(string planId) => $"plan:{planId}";

    /// <summary>An episode's alerts to one unit: a retraction never overtakes its breach, and a stuck notice holds no alert back.</summary>
    public static string Alerts(string episodeId) => $"alerts:{episodeId}";

    /// <summary>A SIP request and its withdrawal: the withdrawal never overtakes the request.</summary>
    public static string Request(string requestId) => $"request:{requestId}";

    /// <summary>An invitation outside any episode (a SIP requested in the community).</summary>
    public static string Invitation(string invitationId) => $"invitation:{invitationId}";
}
