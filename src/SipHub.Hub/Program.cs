using SipHub.Hub.Clocks;
using SipHub.Hub.Dashboard;
using SipHub.Hub.Episodes;
using SipHub.Hub.Hosting;
using SipHub.Hub.Inbound;
using SipHub.Hub.Messaging;
using SipHub.Hub.Participants;
using SipHub.Hub.Persistence;
using SipHub.Hub.Plans;
using SipHub.Hub.Routing;
using SipHub.Hub.SetAside;

// appsettings.json travels with the binary; the SQLite file stays in the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddSipHubHosting();
builder.AddSignIn();
builder.AddSipHubPersistence();
builder.AddSipHubMessaging();
builder.AddInbound();
builder.AddEpisodes();
builder.AddClocks();
builder.AddSetAside();
builder.AddNoticeRouting();
builder.AddPlans();
builder.AddParticipants();
builder.AddDashboard();

var app = builder.Build();

app.MapSipHubHealth();
app.MapSignIn();
app.MapDashboard();
app.MapInbound();
app.MapEpisodes();
app.MapClocks();
app.MapSetAside();
app.MapPlans();
app.MapDeliveries();
app.MapParticipants();

app.Run();

/// <summary>Visible to the tests' host factory.</summary>
public partial class Program;
