using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

// A region's identity provider, as small as OpenID Connect's code flow allows, for the hub's sign-in tests: discovery,
// signing keys, an authorization endpoint that signs in whoever the test last named (no login form), and a token
// endpoint that checks the client's secret and PKCE and issues an RS256 id_token with the person's roles.
//   dotnet SipHub.FakeIdentityProvider.dll --urls http://127.0.0.1:<port> --ClientId <id> --ClientSecret <secret>
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var issuer = app.Configuration["urls"]!.TrimEnd('/');
var (clientId, clientSecret) = (app.Configuration["ClientId"], app.Configuration["ClientSecret"]);
var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "siphub-test-1" };
var grants = new ConcurrentDictionary<string, Grant>();
var person = new Person("ingen", "Ingen inloggad", [], null);

app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
{
    ["issuer"] = issuer,
    ["authorization_endpoint"] = $"{issuer}/authorize",
    ["token_endpoint"] = $"{issuer}/token",
    ["jwks_uri"] = $"{issuer}/jwks",
    ["response_types_supported"] = new[] { "code" },
    ["response_modes_supported"] = new[] { "query" },
    ["subject_types_supported"] = new[] { "public" },
    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
    ["code_challenge_methods_supported"] = new[] { "S256" },
    ["scopes_supported"] = new[] { "openid", "profile" },
    ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
}));

app.MapGet("/jwks", () =>
{
    var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(signingKey);
    return Results.Json(new { keys = new[] { new { kty = key.Kty, kid = key.Kid, use = "sig", alg = "RS256", n = key.N, e = key.E } } });
});

app.MapGet("/authorize", (HttpRequest request) =>
{
    var q = request.Query;
    if (q["client_id"] != clientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
        return Results.BadRequest("unknown client, or not the code flow with PKCE");
    var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    grants[code] = new Grant(person, q["nonce"].ToString(), q["redirect_uri"].ToString(), q["code_challenge"].ToString());
    return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}&iss={Uri.EscapeDataString(issuer)}");
});

app.MapPost("/token", async (HttpRequest request) =>
{
    var form = await request.ReadFormAsync();
    if (form["client_id"] != clientId || form["client_secret"] != clientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
    if (form["grant_type"] != "authorization_code" || !grants.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"])
        return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
    var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
    if (challenge != grant.Challenge) return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400);
    var now = DateTime.UtcNow;
    var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer, Audience = clientId, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(10),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = grant.Person.Sub, ["name"] = grant.Person.Name, ["roles"] = grant.Person.Roles, ["nonce"] = grant.Nonce,
        }.Concat(grant.Person.Unit is { } unit ? [new KeyValuePair<string, object>("unit_hsa_id", unit)] : []).ToDictionary(),
        SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
    });
    return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 600, id_token = idToken });
});

// Who signs in next.
app.MapPut("/person", (Person next) =>
{
    person = next;
    return Results.NoContent();
});

app.Run();

/// <param name="Unit">The HSA-id of the person's unit, as a region's identity provider puts it in the token.</param>
internal sealed record Person(string Sub, string Name, string[] Roles, string? Unit);

internal sealed record Grant(Person Person, string Nonce, string RedirectUri, string Challenge);
