using MassTransit;
using SipHub.Contracts;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Inbound;

public static class InboundExtensions
{
    public static WebApplicationBuilder AddInbound(this WebApplicationBuilder builder)
    {
        // Closed by default: wherever a stranger can reach the hub, who may send for which unit must be written down.
        if (SenderAuthorization.RequiredBy(builder.Configuration) is { } exposure
            && !builder.Configuration.GetSection(SenderAuthorization.Section).GetChildren().Any())
            throw new InvalidOperationException(
                $"{SenderAuthorization.Section} has no entries: with {exposure} every caller could send for every unit. " +
                $"List, for each broker user and API key that sends, the HSA-ids it may send for ({SenderAuthorization.Section}:<user or key>:0 = <HSA-id>, '*' for any).");
        builder.Services.AddSingleton<InboundSchemas>();
        builder.Services.AddSingleton<InboundCheck>();
        builder.Services.AddSingleton<SenderAuthorization>();
        builder.Services.AddScoped<InboundProcessor>();
        builder.Services.AddScoped<InboundCommit>();
        builder.Services.AddSingleton<InboundBatcher>();
        builder.Services.AddScoped<FhirIntake>();
        builder.Services.AddScoped<InboundPipeline>();

        var roles = HubRolesConfiguration.Read(builder.Configuration);
        var rabbit = builder.Configuration.GetConnectionString("RabbitMq");
        builder.Services.AddMassTransit(bus =>
        {
            if (roles.HasFlag(HubRoles.Workers)) bus.AddInboundConsumers(rabbitMq: !string.IsNullOrWhiteSpace(rabbit));

            if (string.IsNullOrWhiteSpace(rabbit))
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            else
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit));
                    cfg.ConfigureEndpoints(context);
                });
        });
        return builder;
    }

    /// <summary>Registers one consumer per inbound kind, each on its own queue, and the catch-all for unknown kinds.</summary>
    public static void AddInboundConsumers(this IBusRegistrationConfigurator bus, bool rabbitMq)
    {
        foreach (var type in InboundKinds.MessageTypes.Values)
            bus.AddConsumer(typeof(InboundConsumer<>).MakeGenericType(type), typeof(InboundConsumerDefinition<>).MakeGenericType(type));
        // Over HTTP an unknown kind is a 404; only the broker needs the catch-all.
        if (rabbitMq) bus.AddConsumer<UnroutedConsumer, UnroutedConsumerDefinition>();
    }
}
