using System.Text.Json.Serialization;

namespace SipHub.Hub.Kernel;

/// <summary>How a participant's record system takes its deliveries.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryChannel>))]
public enum DeliveryChannel
{
    /// <summary>Its own queue, <c>siphub.deliver.&lt;hsa-id&gt;</c> (the default).</summary>
    [JsonStringEnumMemberName("amqp")] Amqp,
    /// <summary>POST of the message Bundle to its FHIR endpoint.</summary>
    [JsonStringEnumMemberName("fhir-rest")] FhirRest,
}

/// <summary>Wakes the senders of both channels as soon as a transaction with outbox rows commits, or the directory changes.</summary>
public sealed class OutboxSignal
{
    private readonly Dictionary<DeliveryChannel, SemaphoreSlim> _signals = Enum.GetValues<DeliveryChannel>().ToDictionary(c => c, _ => new SemaphoreSlim(0, 1));
    private int _directoryChanged;

    public void Notify()
    {
        foreach (var signal in _signals.Values)
            if (signal.CurrentCount == 0) try { signal.Release(); } catch (SemaphoreFullException) { /* another caller signalled it first */ }
    }

    /// <summary>A participant was added or changed: its queue is made before anything is sent to it.</summary>
    public void NotifyDirectoryChanged()
    {
        Interlocked.Exchange(ref _directoryChanged, 1);
        Notify();
    }

    public bool TakeDirectoryChange() => Interlocked.Exchange(ref _directoryChanged, 0) == 1;

    public Task WaitAsync(DeliveryChannel channel, TimeSpan timeout, CancellationToken cancellationToken) =>
        _signals[channel].WaitAsync(timeout, cancellationToken);
}
