namespace SipHub.Hub.Hosting;

/// <summary>What one hub process does. Every role runs by default; production may run them apart and scale each.</summary>
[Flags]
public enum HubRoles
{
    None = 0,
    /// <summary>The HTTP inbound gateway (<c>POST /api/inbound/{kind}</c>).</summary>
    Inbound = 1,
    /// <summary>The dashboard and the read and operator APIs.</summary>
    Web = 2,
    /// <summary>The consumers of the inbound queues.</summary>
    Workers = 4,
    /// <summary>The clustered Quartz scheduler that sweeps the legal clocks, receipts and unknown episodes.</summary>
    Scheduler = 8,
    /// <summary>The senders of the outbox: the AMQP relay and the FHIR REST channel.</summary>
    Delivery = 16,
    /// <summary>The earlier name of inbound + web, still read.</summary>
    Gateway = Inbound | Web,
    All = Inbound | Web | Workers | Scheduler | Delivery,
}

public static class HubRolesConfiguration
{
    public const string Key = "SipHub:Roles";

    /// <summary>Reads <c>SipHub:Roles</c>: "all" (default) or a comma list of inbound, web, workers, scheduler, delivery.</summary>
    public static HubRoles Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text)) return HubRoles.All;
        var roles = HubRoles.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= Enum.TryParse<HubRoles>(part, ignoreCase: true, out var role) && !int.TryParse(part, out _) && role != HubRoles.None
                ? role
                : throw new InvalidOperationException($"{Key}: unknown role '{part}'; use all, or any of inbound, web, workers, scheduler, delivery.");
        }
        return roles;
    }
}

/// <summary>The roles this process runs, as a service.</summary>
public sealed record HubRoleSet(HubRoles Roles)
{
    public bool Runs(HubRoles role) => Roles.HasFlag(role);
}
