using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

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
        // The description of the HTTP API as the endpoints declare it (their typed results and refusals).
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SipHub";
                document.Info.Description = "The hub's HTTP API: inbound messages, episodes, plans, deadlines, deliveries, set-aside messages and the directory.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(FrameworkRefusals);
        });
        return builder;
    }

    /// <summary>
    /// What ASP.NET Core itself answers before a handler runs, so the description tells it too: 400 for a query or route
    /// value that does not bind (a date, a number, a required value left out), 415 for a body of another media type.
    /// </summary>
    private static Task FrameworkRefusals(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        // A route value that is text always binds (the route matched); a query value may be missing or of the wrong type.
        var parameters = context.Description.ParameterDescriptions;
        if (parameters.Any(p => (p.Source == BindingSource.Query && (p.Type != typeof(string) || p.IsRequired))
                || (p.Source == BindingSource.Path && p.Type != typeof(string))))
            operation.Responses.TryAdd("400", new OpenApiResponse { Description = "A query or route value that does not bind" });
        if (context.Description.SupportedRequestFormats.Count > 0)
            operation.Responses.TryAdd("415", new OpenApiResponse { Description = "A body of another media type" });
        return Task.CompletedTask;
    }

    /// <summary>The read API's JSON: camelCase, enums in the contract's kebab-case ("met-late").</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    /// <summary><c>/health/live</c>, <c>/health/ready</c> and the OpenAPI description at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapSipHubHosting(this WebApplication app)
    {
        // For the systems that call the hub and the people who build them: any known caller.
        app.MapOpenApi().RequireApiRole(ApiRole.Sender, ApiRole.Viewer, ApiRole.Operator);
        // Live: the process answers. Ready: the database and the bus answer.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new()
        {
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        return app;
    }
}
