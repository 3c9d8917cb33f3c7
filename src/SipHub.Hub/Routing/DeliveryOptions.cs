namespace SipHub.Hub.Routing;

/// <summary><c>SipHub:Delivery</c>: how deliveries to participants are retried and watched.</summary>
/// <param name="ReceiptTimeout">No receipt this long after a delivery was made raises a <c>delivery-receipt</c> alert; zero turns the watch off.</param>
/// <param name="MaxBackoff">The longest wait between two attempts of a failing delivery (the wait doubles from one second).</param>
/// <param name="FhirRestTimeout">How long one POST to a participant's FHIR endpoint may take.</param>
/// <param name="Tokens">The bearer token for each fhir-rest participant, by HSA-id (<c>SipHub:Delivery:Tokens:&lt;hsa-id&gt;</c>).</param>
public sealed record DeliveryOptions(TimeSpan ReceiptTimeout, TimeSpan MaxBackoff, TimeSpan FhirRestTimeout, IReadOnlyDictionary<string, string> Tokens)
{
    public const string Section = "SipHub:Delivery";

    /// <summary>After this many failed attempts in a row a delivery counts as failed; it is still tried, at <see cref="MaxBackoff"/>.</summary>
    public const int FailedAfterAttempts = 5;

    public static DeliveryOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        // GetValue names the key and the value it cannot read, and the hub does not start.
        var options = new DeliveryOptions(
            section.GetValue<TimeSpan?>("ReceiptTimeout") ?? TimeSpan.FromHours(1),
            section.GetValue<TimeSpan?>("MaxBackoff") ?? TimeSpan.FromMinutes(5),
            section.GetValue<TimeSpan?>("FhirRestTimeout") ?? TimeSpan.FromSeconds(30),
            section.GetSection("Tokens").GetChildren().Where(t => !string.IsNullOrEmpty(t.Value)).ToDictionary(t => t.Key, t => t.Value!));
        if (options.ReceiptTimeout < TimeSpan.Zero || options.MaxBackoff < TimeSpan.FromSeconds(1) || options.FhirRestTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException(
                $"{Section}: ReceiptTimeout must not be negative, MaxBackoff must be at least 00:00:01 and FhirRestTimeout positive.");
        return options;
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failure in a row: 1 s, 2 s, 4 s … up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)), MaxBackoff.TotalSeconds));
}
