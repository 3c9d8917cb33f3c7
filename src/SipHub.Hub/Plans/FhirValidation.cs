using System.Diagnostics;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SipHub.Fhir;
using Task = System.Threading.Tasks.Task;

namespace SipHub.Hub.Plans;

/// <summary>
/// One Firely validator per process: loading the specification takes seconds, so it starts loading when the
/// hub starts, and a hub with the workers role is not ready until every validator instance is built and warmed up
/// (<see cref="HealthCheck"/>): a plan posted at the moment it says ready is applied at full speed, and nothing of the load
/// competes with the first minute's work. The validator lends one of its per-core instances to each call.
/// </summary>
/// <param name="configuration"><c>SipHub:Fhir:Validators</c>: how many validator instances (each about 25 MB);
/// default one per core, at most four.</param>
public sealed class FhirValidation(ILogger<FhirValidation> logger, IConfiguration configuration) : IHostedService
{
    private Task<FhirValidator>? _validator;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Validator(); // warm up in the background
        return Task.CompletedTask;
    }

    /// <summary>True once a validator can take a Bundle.</summary>
    public bool IsLoaded => _validator is { IsCompletedSuccessfully: true };

    // A load that failed is tried again on the next call rather than failing every plan until a restart.
    private Task<FhirValidator> Validator()
    {
        var current = _validator;
        if (current is null || current.IsFaulted)
        {
            var fresh = Task.Run(LoadAsync);
            current = Interlocked.CompareExchange(ref _validator, fresh, current) == current ? fresh : _validator!;
        }
        return current;
    }

    private async Task<FhirValidator> LoadAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var validator = await FhirValidator.CreateAsync(configuration.GetValue<int?>("SipHub:Fhir:Validators"));
        // Loading parsed the specification more than once (the profiles' snapshots, each instance): what only the loading
        // needed is given back to the system before the hub says ready, rather than kept as the heap's high-water mark.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("FHIR validator loaded in {Milliseconds} ms: {Instances} instances, each warmed up; {Megabytes} MB resident",
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, validator.Instances, Environment.WorkingSet / 1048576);
        return validator;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        var validator = await Validator();
        return await validator.ValidateAsync(resource, cancellationToken);
    }

    /// <summary>Not ready while the validator loads: every plan and invitation waits for it.</summary>
    public sealed class HealthCheck(FhirValidation validation) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(validation.IsLoaded
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(validation._validator is { IsFaulted: true } failed
                    ? $"the FHIR validator failed to load: {failed.Exception?.GetBaseException().Message}"
                    : "the FHIR validator is loading"));
    }
}
