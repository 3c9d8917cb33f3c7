using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;
using SipHub.Hub.Tests.Security;

namespace SipHub.Hub.Tests.Hosting;

/// <summary>
/// The OpenAPI description the hub serves tells the truth: every operation it lists is called as a stranger, as a viewer
/// and as an admin with ids nobody has, and as an admin with a value no query parameter takes; each answer's status is
/// one the description gives for that operation.
/// </summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private JsonObject _document = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync(SecureHub.Settings());
        using var admin = _hub.As("admin");
        _document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!.AsObject();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_description_is_for_known_callers_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _hub.Http.GetAsync("/openapi/v1.json")).StatusCode);
        using var sender = _hub.As("hospital");
        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public void Every_guarded_operation_lists_its_success_and_both_refusals()
    {
        var operations = Operations().Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && o.Path != "/api/me").ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations described");
        foreach (var operation in operations)
        {
            Assert.Contains(operation.Statuses, s => s is >= 200 and < 300);
            Assert.Contains(401, operation.Statuses);
            Assert.Contains(403, operation.Statuses);
        }
    }

    [Fact]
    public async Task Every_answer_has_a_status_its_operation_describes()
    {
        var undescribed = new List<string>();
        foreach (var operation in Operations())
            foreach (var (caller, query) in new[] { ((string?)null, ""), ("viewer", ""), ("admin", ""), ("admin", "not-a-value") })
            {
                var status = await CallAsync(operation, caller, query);
                if (!operation.Statuses.Contains(status))
                    undescribed.Add($"{operation.Method} {operation.Path}{(query.Length > 0 ? $"?…={query}" : "")} as {caller ?? "a stranger"}: {status}");
            }
        Assert.True(undescribed.Count == 0, "answers the description does not give:\n" + string.Join("\n", undescribed));
    }

    [Fact]
    public void Typed_answers_carry_their_shapes()
    {
        var plan = Operations().Single(o => o is { Method: "GET", Path: "/api/plans/{planId}" });
        Assert.Equal([200, 401, 403, 404], plan.Statuses.Order());
        var inbound = Operations().Single(o => o is { Method: "POST", Path: "/api/inbound/{kind}" });
        Assert.Equal([202, 400, 401, 403, 404, 409, 415, 429], inbound.Statuses.Order());
        Assert.NotNull(_document["components"]?["schemas"]?["PlanView"]);
        Assert.NotNull(_document["components"]?["schemas"]?["DeliveryView"]);
    }

    private sealed record Operation(string Method, string Path, IReadOnlySet<int> Statuses, IReadOnlyList<string> Query);

    private IEnumerable<Operation> Operations() =>
        _document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(method => new Operation(method.Key.ToUpperInvariant(), path.Key,
            method.Value!["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(),
            method.Value["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList() ?? [])));

    /// <summary>
    /// The operation with every path value an id nobody has, an empty JSON object where it takes a body, and every query
    /// parameter <paramref name="query"/> where that is given.
    /// </summary>
    private async Task<int> CallAsync(Operation operation, string? caller, string query)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(operation.Path, @"\{(\w+)\}",
            m => m.Groups[1].Value == "id" ? Guid.NewGuid().ToString() : $"nobody-{Guid.NewGuid():N}");
        if (query.Length > 0 && operation.Query.Count > 0) path += "?" + string.Join("&", operation.Query.Select(q => $"{q}={query}"));
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (operation.Method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecureHub.Callers[caller].Key);
        // The alert stream never ends: its status line is the answer.
        using var response = await _hub.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }
}
