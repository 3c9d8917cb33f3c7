using System.Net.Http.Json;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>A region's OpenID Connect provider (tests/SipHub.FakeIdentityProvider) as a real process on loopback.</summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "siphub-dashboard";
    public const string ClientSecret = "fake-idp-client-secret-0123456789";
    private readonly LoopbackApp _app = new(RepositoryPaths.FakeIdentityProviderAssembly, "/.well-known/openid-configuration",
        "--ClientId", ClientId, "--ClientSecret", ClientSecret);

    public string Authority => _app.BaseAddress.ToString().TrimEnd('/');

    /// <summary>The hub's configuration for signing in here (plain HTTP on loopback, so metadata over HTTP is allowed).</summary>
    public IEnumerable<KeyValuePair<string, string>> HubConfiguration() =>
    [
        new("Authentication:Oidc:Authority", Authority),
        new("Authentication:Oidc:ClientId", ClientId),
        new("Authentication:Oidc:ClientSecret", ClientSecret),
        new("Authentication:Oidc:RequireHttps", "false"),
    ];

    public Task StartAsync() => _app.StartAsync();

    /// <summary>Whoever signs in next is this person, with these SipHub roles in the <c>roles</c> claim.</summary>
    public Task SignsInNextAsync(string sub, string name, params string[] roles) => SignsInNextOfUnitAsync(sub, name, unit: null, roles);

    /// <summary>As above, of the unit <paramref name="unit"/> (an HSA-id in the <c>unit_hsa_id</c> claim).</summary>
    public async Task SignsInNextOfUnitAsync(string sub, string name, string? unit, params string[] roles)
    {
        using var http = _app.Client();
        (await http.PutAsJsonAsync("/person", new { sub, name, roles, unit })).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
