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
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton(new HubRoleSet(HubRolesConfiguration.Read(builder.Configuration)));
        builder.Services.AddSingleton(RegionalPolicyConfiguration.Read(builder.Configuration));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddHealthChecks();
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
}
