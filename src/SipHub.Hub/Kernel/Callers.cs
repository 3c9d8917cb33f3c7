namespace SipHub.Hub.Kernel;

/// <summary>Who did something over HTTP, as the hub records it: an API key's name, a signed-in person, or loopback.</summary>
public static class Callers
{
    /// <summary>The embedded default's trusted loopback caller, who has no name of its own.</summary>
    public const string Loopback = "loopback";

    private const string PrincipalItem = "siphub.principal";

    /// <summary>The key name or signed-in person the request was let through as; <see cref="Loopback"/> for the trusted caller.</summary>
    public static string? Principal(this HttpContext context) => context.Items[PrincipalItem] as string;

    /// <summary>Set by the role check once it lets the caller through.</summary>
    public static void SetPrincipal(this HttpContext context, string name) => context.Items[PrincipalItem] = name;

    /// <summary>Who an operator's action (a replay, a retry) is recorded as.</summary>
    public static string Actor(this HttpContext context) => context.Principal() ?? Loopback;
}
