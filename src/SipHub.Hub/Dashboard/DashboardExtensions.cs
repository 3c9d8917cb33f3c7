using SipHub.Hub.Hosting;

namespace SipHub.Hub.Dashboard;

public static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ComplianceReport>();
        builder.Services.AddMemoryCache();
        if (!HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Web)) return builder;
        builder.Services.AddSingleton<AlertFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertFeed>());
        return builder;
    }
}
