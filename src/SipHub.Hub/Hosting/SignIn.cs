using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Hosting;

/// <summary>
/// People sign in through OpenID Connect (<c>Authentication:Oidc</c>): the standard ASP.NET Core handler, code flow
/// with PKCE, then a session cookie. The values of the role claim (viewer, operator, admin) are the API roles; the
/// name claim is what the access log and the retry audit record; the unit claim (<c>UnitClaim</c>, default
/// <c>unit_hsa_id</c>) is the HSA-id of the person's unit, whose work list a viewer sees. Systems keep their bearer keys.
/// </summary>
public sealed class SignInSettings(bool enabled, string roleClaim, string nameClaim, string unitClaim)
{
    public const string Section = "Authentication:Oidc";

    public bool Enabled { get; } = enabled;

    /// <summary>The strongest SipHub role among the person's role claims; null when they have none.</summary>
    public ApiRole? RoleOf(ClaimsPrincipal user) =>
        user.FindAll(roleClaim).Select(c => Enum.TryParse<ApiRole>(c.Value, ignoreCase: true, out var role) && role != ApiRole.Sender ? role : (ApiRole?)null)
            .Where(r => r is not null).Max();

    public string NameOf(ClaimsPrincipal user) => user.FindFirst(nameClaim)?.Value ?? user.FindFirst("sub")?.Value ?? "okänd";

    /// <summary>The person's unit, when the token names one that reads as an HSA-id.</summary>
    public string? UnitOf(ClaimsPrincipal user) =>
        Domain.Identity.HsaId.TryParse(user.FindFirst(unitClaim)?.Value, out var unit) ? unit.Value : null;

    public static SignInSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new SignInSettings(!string.IsNullOrWhiteSpace(section["Authority"]), section["RoleClaim"] ?? "roles", section["NameClaim"] ?? "name",
            section["UnitClaim"] ?? "unit_hsa_id");
    }
}

public static class SignIn
{
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        var settings = SignInSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (!settings.Enabled) return builder;
        var oidc = builder.Configuration.GetSection(SignInSettings.Section);
        // The provider's metadata and every cookie of the sign-in travel over HTTPS only (behind a TLS proxy: SipHub:Proxies).
        var requireHttps = oidc.GetValue("RequireHttps", oidc.GetValue("RequireHttpsMetadata", true)); // the earlier name still read
        if (string.IsNullOrWhiteSpace(oidc["ClientId"]))
            throw new InvalidOperationException($"{SignInSettings.Section}:ClientId is required with {SignInSettings.Section}:Authority.");

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "siphub-session";
                o.Cookie.HttpOnly = true;
                // Never over plain HTTP, where anyone on the path could take the session; RequireHttps false is for tests on loopback.
                o.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                // Lax: the page's own calls carry the session; another site's form posts do not (no cross-site retries).
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // The API answers 401 rather than redirecting a script to the identity provider.
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The answer comes back as a top-level GET, so Lax correlation cookies are enough, on any site layout.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.RequireHttpsMetadata = requireHttps;
                o.MapInboundClaims = false;
                o.Scope.Clear();
                foreach (var scope in (oidc["Scopes"] ?? "openid profile").Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = oidc["NameClaim"] ?? "name";
                o.TokenValidationParameters.RoleClaimType = oidc["RoleClaim"] ?? "roles";
            });
        return builder;
    }

    /// <summary><c>/login</c>, <c>/logout</c> and <c>/api/me</c> (who the page is talking as).</summary>
    public static WebApplication MapSignIn(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SignInSettings>();
        if (settings.Enabled)
        {
            app.UseAuthentication();
            app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }));
            app.MapGet("/logout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.Redirect("/");
            });
        }
        app.MapGet("/api/me", (HttpContext http) =>
        {
            var caller = http.Identify(out var trusted);
            return TypedResults.Ok(new Me(
                caller?.Name ?? (trusted ? Callers.Loopback : null),
                caller is not null ? WireName.Of(caller.Role) : trusted ? WireName.Of(ApiRole.Admin) : null,
                caller?.UnitHsaId,
                http.WorkListUnit(),
                caller?.Via ?? (trusted ? Callers.Loopback : null),
                settings.Enabled ? "oidc" : null));
        }).WithTags("Sign-in");
        return app;
    }
}

/// <summary>Who the page is talking as: nothing is set for a caller the hub does not know.</summary>
/// <param name="WorkList">The unit whose work list the caller sees, and only it.</param>
/// <param name="Via">key, oidc or loopback.</param>
/// <param name="SignIn">oidc when people sign in.</param>
public sealed record Me(string? Name, string? Role, string? UnitHsaId, string? WorkList, string? Via, string? SignIn);
