using SipHub.Hub.Hosting;

namespace SipHub.Hub.Retention;

public static class RetentionExtensions
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(RetentionOptions.Read(builder.Configuration));
        if (HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Scheduler)) builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
