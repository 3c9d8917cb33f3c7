using System.Collections.Concurrent;
using System.Text.Json;

// A participant's record system taking deliveries over FHIR REST, for the hub's tests: it checks the bearer token,
// records every attempt in arrival order, keeps each delivery once (by X-SipHub-Delivery-Id, as a real one would),
// and answers as the test scripted for each participant (a 503 with Retry-After, a refusal with its reason), otherwise 200.
//   dotnet SipHub.FakeRecordSystem.dll --urls http://127.0.0.1:<port> --Token <token>
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var token = app.Configuration["Token"];
var attempts = new ConcurrentQueue<Attempt>();
var kept = new ConcurrentDictionary<string, bool>();
var scripts = new ConcurrentDictionary<string, ConcurrentQueue<Answer>>();

app.MapPost("/fhir/{participant}/$process-message", async (string participant, HttpRequest request) =>
{
    using var body = await JsonDocument.ParseAsync(request.Body);
    var deliveryId = request.Headers["X-SipHub-Delivery-Id"].ToString();
    var answer = request.Headers.Authorization != $"Bearer {token}" ? new Answer(401, null, "wrong or missing bearer token")
        : scripts.TryGetValue(participant, out var script) && script.TryDequeue(out var scripted) ? scripted
        : new Answer(200, null, null);
    var duplicate = answer.Status == 200 && !kept.TryAdd(deliveryId, true);
    attempts.Enqueue(new Attempt(DateTimeOffset.UtcNow, participant, deliveryId, request.Headers["X-SipHub-Kind"].ToString(),
        request.ContentType, answer.Status, duplicate, body.RootElement.Clone()));
    if (answer.RetryAfterSeconds is { } seconds) request.HttpContext.Response.Headers.RetryAfter = seconds.ToString();
    var severity = answer.Status == 200 ? "information" : "error";
    return Results.Json(new
    {
        resourceType = "OperationOutcome",
        issue = new[] { new { severity, code = answer.Status == 200 ? "informational" : "processing", diagnostics = answer.Reason ?? "mottaget" } },
    }, statusCode: answer.Status, contentType: "application/fhir+json");
});

app.MapGet("/attempts", () => attempts.ToArray());
app.MapDelete("/script/{participant}", (string participant) => scripts.TryRemove(participant, out _) ? Results.NoContent() : Results.NotFound());
app.MapPost("/script/{participant}", (string participant, Answer[] answers) =>
{
    var script = scripts.GetOrAdd(participant, _ => new ConcurrentQueue<Answer>());
    foreach (var answer in answers) script.Enqueue(answer);
    return Results.NoContent();
});

app.Run();

internal sealed record Attempt(DateTimeOffset At, string Participant, string DeliveryId, string Kind, string? ContentType, int Status,
    bool Duplicate, JsonElement Body);

internal sealed record Answer(int Status, int? RetryAfterSeconds, string? Reason);
