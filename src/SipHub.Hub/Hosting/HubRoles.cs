namespace SipHub.Hub.Hosting;

/// <summary>What one hub process does. Every role runs by default; production scales them apart.</summary>
[Flags]
public enum HubRoles
{
    None = 0,
    /// <summary>HTTP inbound gateway and read API.</summary>
    Gateway = 1,
    /// <summary>Consumers of the inbound queues.</summary>
    Workers = 2,
    All = Gateway | Workers,
}

public static class HubRolesConfiguration
{
    public const string Key = "SipHub:Roles";

    /// <summary>Reads <c>SipHub:Roles</c>: "all" (default) or a comma list of "gateway", "workers".</summary>
    public static HubRoles Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text)) return HubRoles.All;
        var roles = HubRoles.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= Enum.TryParse<HubRoles>(part, ignoreCase: true, out var role)
                ? role
                : throw new InvalidOperationException($"{Key}: unknown role '{part}'; use all, gateway or workers.");
        }
        return roles;
    }
}

/// <summary>The roles this process runs, as a service.</summary>
public sealed record HubRoleSet(HubRoles Roles)
{
    public bool Runs(HubRoles role) => Roles.HasFlag(role);
}
