using SipHub.Hub.Hosting;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Routing;

public static class RoutingExtensions
{
    /// <summary>
    /// Deliveries to participants through the outbox, by each one's channel in the directory. The AMQP relay runs
    /// with the delivery role on RabbitMQ (on the in-memory transport there is no queue to reach, so those deliveries stay
    /// unsent in the outbox table); the FHIR REST sender runs with the delivery role on any transport.
    /// </summary>
    public static WebApplicationBuilder AddSipHubRouting(this WebApplicationBuilder builder)
    {
        var options = DeliveryOptions.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<NoticeForwarder>();
        builder.Services.AddScoped<Deliveries>();
        builder.Services.AddSingleton<OutboxSignal>();
        if (!HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Delivery)) return builder;

        builder.Services.AddHttpClient(FhirRestSender.HttpClientName, c => c.Timeout = options.FhirRestTimeout);
        builder.Services.AddHostedService<FhirRestSender>();
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        if (!string.IsNullOrWhiteSpace(rabbit))
            builder.Services.AddHostedService(sp => new OutboxRelay(sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<OutboxSignal>(), options, new Uri(rabbit), sp.GetRequiredService<ILogger<OutboxRelay>>()));
        return builder;
    }
}
