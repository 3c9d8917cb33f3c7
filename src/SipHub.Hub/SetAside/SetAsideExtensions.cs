using SipHub.Hub.Clocks;
using SipHub.Hub.Inbound;

namespace SipHub.Hub.SetAside;

public static class SetAsideExtensions
{
    public static WebApplicationBuilder AddSetAside(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SetAsideStore>();
        builder.Services.AddScoped<SetAsideBodies>();
        builder.Services.AddSingleton(UnknownEpisodeOptions.Read(builder.Configuration));
        builder.Services.AddScoped<UnknownEpisodeSweep>();
        builder.Services.AddScoped<IDueWork>(sp => sp.GetRequiredService<UnknownEpisodeSweep>());
        // Whatever an inbound consumer could not take is kept here, with its bytes and reason.
        builder.Services.AddSingleton<InboundFailureFilter>(sp => kind => new SetAsideFilter(sp.GetRequiredService<IServiceScopeFactory>(), kind));
        return builder;
    }
}
