using SipHub.Hub.Clocks;
using SipHub.Hub.Hosting;

namespace SipHub.Hub.Plans;

public static class PlansExtensions
{
    public static WebApplicationBuilder AddPlans(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FhirValidation>();
        // The workers validate every plan and invitation, so they load the validators at start and are ready only once
        // one is loaded; a web node (a replay) loads them on first use.
        if (HubRolesConfiguration.Read(builder.Configuration).HasFlag(HubRoles.Workers))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<FhirValidation>());
            builder.Services.AddHealthChecks().AddCheck<FhirValidation.HealthCheck>("fhir-validator");
        }
        builder.Services.AddScoped<FhirDeliveries>();
        builder.Services.AddScoped<PatientProtection>();
        builder.Services.AddScoped<PlanCopies>();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddScoped<IDueWork, PlanBackfill>();
        builder.Services.AddScoped<IDueWork, ConsentExpiry>();
        return builder;
    }
}
