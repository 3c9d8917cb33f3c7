using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SipHub.Hub.Kernel;

namespace SipHub.Hub.Hosting;

/// <summary>
/// OpenTelemetry's wiring (the instruments are <see cref="Telemetry"/>'s): OTLP export when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Prometheus scrapes <c>/metrics</c>.
/// </summary>
public static class TelemetryExtensions
{
    public static WebApplicationBuilder AddSipHubTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "siphub"))
            .WithTracing(t => t.SetSampler(new ParentBasedSampler(new SkipUntracedDatabaseCalls()))
                .AddSource(Telemetry.Name, "MassTransit", "Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddMeter(Telemetry.Name, "MassTransit").AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter());
        if (otlp) telemetry.UseOtlpExporter();
        // Log lines carry the trace and span ids of the work they describe.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.AddSingleton<TelemetrySampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetrySampler>());
        return builder;
    }

    public static WebApplication MapSipHubTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>
    /// Database calls outside any traced work (the relay's, the scheduler's and the live feed's polling) are not
    /// recorded: thousands of root spans a minute that say nothing. Inside a trace they are, as its children.
    /// </summary>
    private sealed class SkipUntracedDatabaseCalls : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters)
        {
            var database = parameters.Name == "postgresql";
            if (parameters.Tags is not null)
                foreach (var tag in parameters.Tags)
                    database |= tag.Key == "db.system";
            return new SamplingResult(database ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
        }
    }
}
