using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;

namespace SipHub.Hub.Hosting;

/// <summary>
/// What stands between the hub and the network before any endpoint runs: the proxies it believes
/// (<c>SipHub:Proxies</c>), the size of a request body (<c>SipHub:Limits:MaxBodyBytes</c>), how fast one caller may
/// send (<c>SipHub:Limits:InboundPerSecond</c>, <c>:InboundBurst</c>), and no state-changing request another site's
/// page made. The host names it answers to are ASP.NET Core's <c>AllowedHosts</c> (loopback names by default, against
/// DNS rebinding); the keys that sign session cookies are kept in the database (<c>AddSipHubPersistence</c>).
/// </summary>
public static class WebEdge
{
    public const string InboundRateLimit = "inbound";

    public static WebApplicationBuilder AddWebEdge(this WebApplicationBuilder builder)
    {
        var limits = EdgeLimits.Read(builder.Configuration);
        builder.Services.AddSingleton(limits);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes);

        var proxies = KnownProxies.Read(builder.Configuration);
        builder.Services.AddSingleton(proxies);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the proxies named: the defaults would believe any process on this host.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxies.Addresses) o.KnownProxies.Add(address);
            foreach (var network in proxies.Networks) o.KnownIPNetworks.Add(network);
            o.ForwardLimit = 1;
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            // Per caller: the key it presented (however it spells the header), else its address. One runaway system
            // cannot starve the others.
            o.AddPolicy(InboundRateLimit, http => RateLimitPartition.GetTokenBucketLimiter(
                http.Identify(out _) is { } caller ? $"{caller.Via}:{caller.Name}" : $"address:{http.Connection.RemoteIpAddress}",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.InboundBurst,
                    TokensPerPeriod = limits.InboundPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });

        return builder;
    }

    public static WebApplication UseWebEdge(this WebApplication app)
    {
        if (app.Services.GetRequiredService<KnownProxies>().Any) app.UseForwardedHeaders();
        var limits = app.Services.GetRequiredService<EdgeLimits>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebEdge));
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > limits.MaxBodyBytes)
            {
                logger.LogWarning("Refused {Method} {Path}: a body of {Length} bytes is over {Limit}", http.Request.Method, http.Request.Path,
                    http.Request.ContentLength, limits.MaxBodyBytes);
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large",
                    detail: $"At most {limits.MaxBodyBytes} bytes (SipHub:Limits:MaxBodyBytes).").ExecuteAsync(http);
                return;
            }
            if (!IsSafe(http.Request.Method) && CrossSiteOrigin(http.Request) is { } origin)
            {
                // A form or script on another site, riding on the person's session or on loopback trust.
                logger.LogWarning("Refused a cross-site {Method} {Path} from {Origin}", http.Request.Method, http.Request.Path, origin);
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                    detail: "The hub changes nothing for a page of another site.").ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The other site a browser says the request comes from; null for the hub's own page and for non-browser callers.</summary>
    private static string? CrossSiteOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
            return origin.Length > 0 ? origin : "another site";
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase) ? origin : null;
    }
}

/// <param name="MaxBodyBytes">The largest request body (a plan Bundle with long texts is well under a megabyte).</param>
/// <param name="InboundPerSecond">Messages one caller may post each second, sustained.</param>
/// <param name="InboundBurst">Messages one caller may post at once (a backlog after an outage).</param>
public sealed record EdgeLimits(long MaxBodyBytes, int InboundPerSecond, int InboundBurst)
{
    public const string Section = "SipHub:Limits";

    public static EdgeLimits Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new(section.GetValue("MaxBodyBytes", 4L * 1024 * 1024), section.GetValue("InboundPerSecond", 500), section.GetValue("InboundBurst", 5000));
    }
}

/// <summary>
/// <c>SipHub:Proxies:Addresses:&lt;n&gt;</c> and <c>:Networks:&lt;n&gt;</c> (CIDR): the reverse proxies whose
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> the hub believes. None by default.
/// </summary>
public sealed record KnownProxies(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks)
{
    public const string Section = "SipHub:Proxies";

    public bool Any => Addresses.Count > 0 || Networks.Count > 0;

    public static KnownProxies Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        IEnumerable<string> Values(string key) => section.GetSection(key).GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0);
        return new(
            Values("Addresses").Select(a => IPAddress.TryParse(a, out var ip) ? ip
                : throw new InvalidOperationException($"{Section}:Addresses: '{a}' is not an IP address")).ToList(),
            Values("Networks").Select(n => System.Net.IPNetwork.TryParse(n, out var net) ? net
                : throw new InvalidOperationException($"{Section}:Networks: '{n}' is not a network in CIDR notation")).ToList());
    }
}
