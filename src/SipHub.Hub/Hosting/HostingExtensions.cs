using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SipHub.Domain.Clocks;

namespace SipHub.Hub.Hosting;

public static class HostingExtensions
{
    /// <summary>The embedded default's address: loopback only, trusted without keys.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddSipHubHosting(this WebApplicationBuilder builder)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(urls);
        }
        RefuseOpenBindingWithoutKeys(urls);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new HubRoleSet(HubRolesConfiguration.Read(builder.Configuration)));
        builder.Services.AddSingleton(RegionalPolicyConfiguration.Read(builder.Configuration));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    /// <summary>The read API's JSON: camelCase, enums in the contract's kebab-case ("met-late").</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    public static WebApplication MapSipHubHealth(this WebApplication app)
    {
        // Live: the process answers. Ready: the database and the bus answer.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new()
        {
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        return app;
    }

    // Bearer keys are not built yet, so only loopback callers can be trusted (wire contract: any other
    // binding refuses to start without keys).
    private static void RefuseOpenBindingWithoutKeys(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = new Uri(url.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0")).Host;
            var loopback = host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
                throw new InvalidOperationException(
                    $"Refusing to listen on {url}: only loopback addresses are allowed until API keys are configured, and API keys are not supported yet.");
        }
    }
}
