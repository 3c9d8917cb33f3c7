using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using SipHub.Fhir;

namespace SipHub.Hub.Plans;

/// <summary>
/// One Firely validator per process: loading the specification takes seconds, so it starts loading when the
/// hub starts. The validator lends one of its per-core instances to each call.
/// </summary>
public sealed class FhirValidation : IHostedService
{
    private Task<FhirValidator>? _validator;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Validator(); // warm up in the background
        return Task.CompletedTask;
    }

    // A load that failed is tried again on the next call rather than failing every plan until a restart.
    private Task<FhirValidator> Validator()
    {
        var current = _validator;
        if (current is null || current.IsFaulted)
        {
            var fresh = Task.Run(() => FhirValidator.CreateAsync());
            current = Interlocked.CompareExchange(ref _validator, fresh, current) == current ? fresh : _validator!;
        }
        return current;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        var validator = await Validator();
        return await validator.ValidateAsync(resource, cancellationToken);
    }
}
