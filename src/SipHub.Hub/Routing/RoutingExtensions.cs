using SipHub.Hub.Hosting;

namespace SipHub.Hub.Routing;

public static class RoutingExtensions
{
    /// <summary>
    /// Forwarding to recipients through the outbox. The relay runs with the workers on RabbitMQ; on the
    /// in-memory transport there is no recipient to reach, so deliveries stay in the outbox table, unsent.
    /// </summary>
    public static WebApplicationBuilder AddNoticeRouting(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NoticeForwarder>();
        builder.Services.AddScoped<Deliveries>();
        builder.Services.AddSingleton<OutboxSignal>();
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        if (!string.IsNullOrWhiteSpace(rabbit) && HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Workers))
            builder.Services.AddHostedService(sp => new OutboxRelay(sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<OutboxSignal>(), new Uri(rabbit), sp.GetRequiredService<ILogger<OutboxRelay>>()));
        return builder;
    }
}
