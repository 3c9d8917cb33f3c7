using SipHub.Hub.Clocks;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;
using SipHub.Hub.Messaging;
using SipHub.Hub.Participants;
using SipHub.Hub.Persistence;
using SipHub.Hub.Plans;
using SipHub.Hub.Requests;
using SipHub.Hub.Retention;
using SipHub.Hub.Routing;
using SipHub.Hub.SetAside;

namespace SipHub.Hub;

/// <summary>The hub's composition in one place: <c>Program</c> runs it; the tests host it in-process (InProcessHub).</summary>
public static class SipHubApp
{
    /// <param name="configure">Last word on the services before the app is built (the tests capture the log and the spans).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        builder.AddSipHubHosting();
        builder.Services.AddHostedService<StartupBanner>();
        builder.AddWebEdge();
        builder.AddSipHubTelemetry();
        builder.AddSipHubPersistence();
        builder.AddSignIn();
        builder.AddSipHubMessaging();
        builder.AddInbound();
        builder.AddEpisodes();
        builder.AddClocks();
        builder.AddSetAside();
        builder.AddSipHubRouting();
        builder.AddPlans();
        builder.AddRequests();
        builder.AddParticipants();
        builder.AddDashboard();
        builder.AddRetention();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseWebEdge();
        app.MapSipHubHosting();
        app.MapSipHubTelemetry();
        app.MapSignIn();
        app.MapDashboardApi();
        app.MapInboundApi();
        app.MapEpisodesApi();
        app.MapClocksApi();
        app.MapSetAsideApi();
        app.MapPlansApi();
        app.MapRequestsApi();
        app.MapRoutingApi();
        app.MapParticipantsApi();
        return app;
    }

    /// <summary>The hub's configuration sources, for the hub and its commands alike.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        // appsettings.json travels with the binary; the SQLite file stays in the working directory.
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
}
