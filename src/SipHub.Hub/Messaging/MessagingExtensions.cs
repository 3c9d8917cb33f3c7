using MassTransit;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// <c>ConnectionStrings:RabbitMq</c> (amqp://user:pass@host:5672/vhost) selects RabbitMQ; without it the
    /// hub runs on MassTransit's in-memory transport, in one process. The bus itself, with its consumers, is Inbound's.
    /// </summary>
    public static WebApplicationBuilder AddSipHubMessaging(this WebApplicationBuilder builder)
    {
        var roles = HubRolesConfiguration.Read(builder.Configuration);
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        if (string.IsNullOrWhiteSpace(rabbit) && roles.HasFlag(HubRoles.Inbound) && !roles.HasFlag(HubRoles.Workers))
            throw new InvalidOperationException(
                "The in-memory transport reaches only this process: without ConnectionStrings:RabbitMq the workers role must run beside inbound.");

        builder.Services.AddSingleton(BrokerUser.From(rabbit));
        builder.Services.AddSingleton(sp => new InboundBacklog(string.IsNullOrWhiteSpace(rabbit) ? null : new Uri(rabbit),
            roles.HasFlag(HubRoles.Workers), sp.GetRequiredService<ILogger<InboundBacklog>>()));
        if (roles.HasFlag(HubRoles.Workers)) builder.Services.AddReceiveObserver<InboundReceiveObserver>();
        if (!string.IsNullOrWhiteSpace(rabbit))
            builder.Services.AddHostedService(sp => new TopologyDeclarer(new Uri(rabbit), sp.GetRequiredService<ILogger<TopologyDeclarer>>()));

        return builder;
    }
}
