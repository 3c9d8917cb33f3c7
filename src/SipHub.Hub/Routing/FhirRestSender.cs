using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SipHub.Hub.Kernel;
using SipHub.Hub.Participants;
using SipHub.Hub.Persistence;

namespace SipHub.Hub.Routing;

/// <summary>
/// The fhir-rest channel: POSTs each delivery to the participant's endpoint (the FHIR message Bundle, or a notice's
/// JSON, as <c>content_type</c> says) with the participant's bearer token. The answer is the receipt: 2xx accepted;
/// a refusal (4xx other than 401, 403, 404, 408 and 429) rejected with the participant's words; anything else is
/// tried again with a doubling backoff, and a 429 or 503 with <c>Retry-After</c> holds every delivery to that
/// participant until then.
/// <para>
/// Several hubs share the work. A claimed row is leased (its next attempt pushed past the time its sending can take)
/// in a short transaction and sent outside it, so no database lock waits on a participant; a hub that dies mid-send
/// leaves the lease to run out and another sends the row again under the same delivery id, which recipients
/// deduplicate (as on AMQP). The ordering rule of <see cref="DeliveryClaims"/> holds here too.
/// </para>
/// </summary>
internal sealed class FhirRestSender(IServiceScopeFactory scopes, OutboxSignal signal, DeliveryOptions options, IHttpClientFactory http,
    TimeProvider time, ILogger<FhirRestSender> logger) : BackgroundService
{
    public const string HttpClientName = "fhir-rest";
    private const int BatchSize = 50;
    private const int ParallelParticipants = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await SendBatchAsync(stoppingToken)) await signal.WaitAsync(DeliveryChannel.FhirRest, TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away: leased rows come back when their lease runs out.
                logger.LogWarning(e, "FHIR REST delivery interrupted; retrying in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <returns>Whether to claim again at once (<see cref="DeliveryClaims.MoreAtOnceAsync"/>).</returns>
    private async Task<bool> SendBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SipHubDbContext>();
        var now = time.GetUtcNow();
        List<OutboxRow> rows;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            rows = await DeliveryClaims.NextAsync(db, DeliveryChannel.FhirRest, BatchSize, now, cancellationToken);
            if (rows.Count == 0) return false;
            foreach (var group in rows.GroupBy(r => r.RoutingKey))
                foreach (var row in group)
                    row.NextAttemptAt = now + options.FhirRestTimeout * group.Count() + TimeSpan.FromSeconds(30);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var recipients = rows.Select(r => r.RoutingKey).Distinct().ToList();
        var endpoints = await db.Participants.AsNoTracking().Where(p => recipients.Contains(p.HsaId))
            .ToDictionaryAsync(p => p.HsaId, p => p.Endpoint, cancellationToken);
        var paused = new ConcurrentDictionary<string, DateTimeOffset>();
        // Participants in parallel, each one's deliveries in order; the rows are distinct objects, so no two threads touch one.
        await Parallel.ForEachAsync(rows.GroupBy(r => r.RoutingKey),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelParticipants, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                var ordered = group.OrderBy(r => r.Id).ToList();
                for (var i = 0; i < ordered.Count; i++)
                {
                    var row = ordered[i];
                    Outcome outcome;
                    // The POST continues the trace of the message that caused it (HttpClient sends its traceparent).
                    using (Telemetry.StartFromOutbox("fhir-rest deliver", ActivityKind.Client, row.TraceParent))
                        outcome = await SendAsync(row, endpoints.GetValueOrDefault(group.Key), token);
                    var at = time.GetUtcNow();
                    row.Attempts++;
                    if (outcome.Retry)
                    {
                        Telemetry.DeliveryFailures.Add(1, new("participant", row.RoutingKey), new("channel", "fhir-rest"));
                        row.LastError = outcome.Text;
                        row.NextAttemptAt = outcome.NotBefore ?? at + options.BackoffAfter(row.Attempts);
                        // The participant is not taking deliveries now: the rest of its batch waits as long.
                        foreach (var rest in ordered.Skip(i + 1)) rest.NextAttemptAt = row.NextAttemptAt;
                        if (outcome.NotBefore is { } until) paused[group.Key] = until;
                        logger.LogWarning("Delivery {DeliveryId} to {Recipient} over FHIR REST failed ({Error}); next attempt at {NextAttempt:o}",
                            row.MessageId, row.RoutingKey, outcome.Text, row.NextAttemptAt);
                        return;
                    }
                    Telemetry.DeliveryLatency.Record((at - row.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("channel", "fhir-rest"));
                    row.SentAt = row.ReceiptAt = at;
                    row.NextAttemptAt = null;
                    row.ReceiptStatus = outcome.Accepted ? "accepted" : "rejected";
                    row.ReceiptReason = outcome.Accepted ? null : outcome.Text;
                    logger.LogInformation("Delivered {DeliveryId} to {Recipient} over FHIR REST: {Status}", row.MessageId, row.RoutingKey, row.ReceiptStatus);
                }
            });
        await db.SaveChangesAsync(cancellationToken);
        // Retry-After speaks for the whole system: its other deliveries, in later batches too, wait as well.
        foreach (var (hsaId, until) in paused)
            await db.Outbox.Where(r => r.RoutingKey == hsaId && r.SentAt == null && (r.NextAttemptAt == null || r.NextAttemptAt < until))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, until), cancellationToken);
        return await DeliveryClaims.MoreAtOnceAsync(db, rows, BatchSize, cancellationToken);
    }

    private sealed record Outcome(bool Accepted, bool Retry, string? Text, DateTimeOffset? NotBefore = null);

    private async Task<Outcome> SendAsync(OutboxRow row, string? endpoint, CancellationToken cancellationToken)
    {
        if (endpoint is null) return new Outcome(false, true, $"the directory has no fhir-rest endpoint for {row.RoutingKey}");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !FhirRestEndpoint.IsAllowed(uri))
            return new Outcome(false, true, $"the directory's endpoint for {row.RoutingKey} is not https; nothing is sent there");
        HttpRequestMessage request;
        try
        {
            request = Request(row, uri);
        }
        catch (FormatException e)
        {
            // One row that cannot become a request (a header value the checks let through) fails alone, for good.
            return new Outcome(false, false, $"the hub could not make it a request: {e.Message}");
        }
        try
        {
            using (request)
            using (var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                if (response.IsSuccessStatusCode) return new Outcome(true, false, null);
                var status = (int)response.StatusCode;
                var text = $"HTTP {status}: {ReasonIn(await BeginningOfAsync(response.Content, cancellationToken), response.ReasonPhrase)}";
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && RetryAfter(response) is { } wait)
                    return new Outcome(false, true, text, time.GetUtcNow() + wait);
                var refusal = status is >= 400 and < 500 and not (401 or 403 or 404 or 408 or 429);
                return new Outcome(false, !refusal, text);
            }
        }
        catch (HttpRequestException e)
        {
            return new Outcome(false, true, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, true, $"no answer within {options.FhirRestTimeout}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else one delivery meets stays with it: tried again after its backoff, the rest of the batch goes on.
            return new Outcome(false, true, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private HttpRequestMessage Request(OutboxRow row, Uri endpoint)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(row.Body, Encoding.UTF8, row.ContentType) };
        if (options.Tokens.TryGetValue(row.RoutingKey, out var token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The AMQP properties, as headers: recipients deduplicate on the delivery id.
        request.Headers.Add("X-SipHub-Delivery-Id", row.MessageId);
        request.Headers.Add("X-SipHub-Kind", row.Kind);
        request.Headers.Add("X-Correlation-Id", row.CorrelationId);
        if (row.EpisodeId is not null)
        {
            var (episodeId, issuer) = Domain.Episodes.EpisodeKey.Split(row.EpisodeId);
            request.Headers.Add("X-SipHub-Episode-Id", episodeId);
            if (issuer is not null) request.Headers.Add("X-SipHub-Episode-Issuer", issuer);
        }
        return request;
    }

    /// <summary>An answer is read for its reason only: the first 64 KiB, however much a participant sends.</summary>
    private static async Task<string> BeginningOfAsync(HttpContent content, CancellationToken cancellationToken)
    {
        const int cap = 64 * 1024;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[cap];
        var read = 0;
        for (int n; read < cap && (n = await stream.ReadAsync(buffer.AsMemory(read, cap - read), cancellationToken)) > 0;) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The participant's own words: an OperationOutcome's issues, or the start of whatever it answered.</summary>
    private static string ReasonIn(string body, string? reasonPhrase)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("issue", out var issues) && issues.ValueKind == JsonValueKind.Array)
            {
                var words = issues.EnumerateArray()
                    .Select(i => i.TryGetProperty("diagnostics", out var d) ? d.GetString()
                        : i.TryGetProperty("details", out var details) && details.TryGetProperty("text", out var t) ? t.GetString() : null)
                    .OfType<string>().ToList();
                if (words.Count > 0) return string.Join("; ", words);
            }
        }
        catch (JsonException)
        {
            // not JSON: its text will do
        }
        var text = body.Trim();
        return text.Length == 0 ? reasonPhrase ?? "no reason given" : text.Length > 500 ? text[..500] + "…" : text;
    }
}
