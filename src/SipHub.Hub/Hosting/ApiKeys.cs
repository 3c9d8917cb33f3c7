using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Hosting;

/// <summary>What a key may do over HTTP.</summary>
public enum ApiRole
{
    /// <summary>Posts inbound messages for the HSA-ids <c>Authorization:Senders</c> gives its name.</summary>
    Sender,
    /// <summary>Reads episodes, alerts and the set-aside list.</summary>
    Viewer,
    /// <summary>A viewer who may also replay or discard set-aside messages.</summary>
    Operator,
    /// <summary>Everything.</summary>
    Admin,
}

/// <summary>
/// HTTP callers present <c>Authorization: Bearer &lt;key&gt;</c>; <c>Authorization:Keys:&lt;name&gt;:Key</c> and
/// <c>:Role</c> configure them. With no key configured the hub listens on loopback only and trusts its callers.
/// </summary>
public sealed class ApiKeys
{
    public const string Section = "Authorization:Keys";

    private readonly List<(string Name, byte[] Key, ApiRole Role)> _keys;

    public ApiKeys(IConfiguration configuration)
    {
        _keys = [];
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            if (entry.Key == Callers.Loopback)
                throw new InvalidOperationException($"{Section}:{entry.Key}: '{entry.Key}' names the embedded default's trusted caller; give the key another name.");
            var key = entry["Key"];
            if (string.IsNullOrEmpty(key) || key.Length < 16)
                throw new InvalidOperationException($"{Section}:{entry.Key}:Key must be at least 16 characters.");
            var role = Enum.TryParse<ApiRole>(entry["Role"], ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:{entry.Key}:Role must be one of sender, viewer, operator, admin.");
            _keys.Add((entry.Key, Encoding.UTF8.GetBytes(key), role));
        }
    }

    public bool Enabled => _keys.Count > 0;

    /// <summary>The key's name and role, or null when no key matches (compared in constant time).</summary>
    public (string Name, ApiRole Role)? Find(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (name, key, role) in _keys)
            if (CryptographicOperations.FixedTimeEquals(bytes, key)) return (name, role);
        return null;
    }
}

/// <summary>Who calls: a system by its bearer key, a person signed in through OpenID Connect, or a trusted loopback caller.</summary>
/// <param name="UnitHsaId">A signed-in person's unit, from their token.</param>
public sealed record ApiCaller(string Name, ApiRole Role, string Via, string? UnitHsaId = null);

public static class ApiKeyExtensions
{
    /// <summary>
    /// The caller, or null when nobody is identified. A bearer key is checked first (systems and scripts); then the
    /// signed-in person's session. With no keys and no sign-in configured the embedded default trusts loopback callers,
    /// but not a request a proxy passed on: behind a reverse proxy on the same host every caller would be loopback.
    /// </summary>
    public static ApiCaller? Identify(this HttpContext http, out bool trusted)
    {
        var keys = http.RequestServices.GetRequiredService<ApiKeys>();
        var signIn = http.RequestServices.GetRequiredService<SignInSettings>();
        trusted = !keys.Enabled && !signIn.Enabled && IsDirectLoopback(http);
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return keys.Find(header["Bearer ".Length..].Trim()) is { } key ? new ApiCaller(key.Name, key.Role, "key") : null;
        if (signIn.Enabled && http.User.Identity?.IsAuthenticated == true && signIn.RoleOf(http.User) is { } role)
            return new ApiCaller(signIn.NameOf(http.User), role, "oidc", signIn.UnitOf(http.User));
        return null;
    }

    // X-Original-For: what ASP.NET Core leaves when it has applied a known proxy's X-Forwarded-For.
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP", "X-Original-For"];

    // Behind a proxy the region has named, every request comes through it: nobody is trusted for being near.
    private static bool IsDirectLoopback(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
        && !ProxyHeaders.Any(http.Request.Headers.ContainsKey)
        && !http.RequestServices.GetRequiredService<KnownProxies>().Any;

    /// <summary>The caller's role; admin for the embedded default's trusted loopback caller.</summary>
    public static ApiRole CallerRole(this HttpContext http) =>
        http.Identify(out var trusted)?.Role ?? (trusted ? ApiRole.Admin : throw new InvalidOperationException("an endpoint without RequireApiRole asked for the caller's role"));

    /// <summary>
    /// The unit whose work list the caller sees, and only it: a viewer signed in with a unit. Deadlines and alerts are then
    /// those the unit is responsible for; operators and admins see all.
    /// </summary>
    public static string? WorkListUnit(this HttpContext http) =>
        http.Identify(out _) is { Role: ApiRole.Viewer, UnitHsaId: { } unit } ? unit : null;

    /// <summary>Lets through callers with one of <paramref name="roles"/> (admin always); everyone when nothing is configured.</summary>
    public static TBuilder RequireApiRole<TBuilder>(this TBuilder builder, params ApiRole[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Refusal(StatusCodes.Status401Unauthorized), Refusal(StatusCodes.Status403Forbidden)).AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.Identify(out var trusted);
            if (caller is null)
            {
                if (!trusted)
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in or present an API key",
                        detail: "Present Authorization: Bearer <key>, or sign in at /login.");
                context.HttpContext.SetPrincipal(Callers.Loopback);
                return await next(context);
            }
            if (caller.Role != ApiRole.Admin && !roles.Contains(caller.Role))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for this role",
                    detail: $"'{caller.Name}' has role {caller.Role}; this needs {string.Join(" or ", roles)}.");
            // Systems send, with their keys; a person's session never does (nor shares a sending system's rules by name).
            if (roles is [ApiRole.Sender] && caller.Via != "key")
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Messages are sent by systems",
                    detail: "Send with a key that Authorization:Senders names, not with a signed-in session.");
            context.HttpContext.SetPrincipal(caller.Name);
            return await next(context);
        });

    /// <summary>The refusals the role check answers with, so the OpenAPI description lists them for every endpoint it guards.</summary>
    private static ProducesResponseTypeMetadata Refusal(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);
}
