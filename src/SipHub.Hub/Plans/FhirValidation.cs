using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using SipHub.Fhir;

namespace SipHub.Hub.Plans;

/// <summary>
/// One Firely validator per process: loading the specification takes seconds, so it starts loading when the
/// hub starts. Calls are serialized, as the validator is not documented as safe to share across threads.
/// </summary>
public sealed class FhirValidation : IHostedService
{
    private readonly Lazy<Task<FhirValidator>> _validator = new(FhirValidator.CreateAsync);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = _validator.Value; // warm up in the background
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        var validator = await _validator.Value;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return validator.Validate(resource);
        }
        finally
        {
            _gate.Release();
        }
    }
}
