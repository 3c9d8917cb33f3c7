namespace SipHub.Contracts;

/// <summary>The inbound kinds of wire contract v1: the routing key on <c>siphub.inbound</c> and the HTTP path segment.</summary>
public static class InboundKinds
{
    public const string AdmissionNotice = "admission-notice";
    public const string DischargeDateChanged = "discharge-date-changed";
    public const string CareContactAppointed = "care-contact-appointed";
    public const string DischargeReady = "discharge-ready";
    public const string DischargeReadyWithdrawn = "discharge-ready-withdrawn";
    public const string SipInvitation = "sip-invitation";
    public const string SipPlan = "sip-plan";
    public const string DischargeNotice = "discharge-notice";
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string EpisodeCancelled = "episode-cancelled";
    public const string DeliveryReceipt = "delivery-receipt";
    public const string SipRequest = "sip-request";
    public const string SipRequestWithdrawn = "sip-request-withdrawn";

    /// <summary>Every kind with its record type.</summary>
    public static IReadOnlyDictionary<string, Type> MessageTypes { get; } = new Dictionary<string, Type>
    {
        [AdmissionNotice] = typeof(AdmissionNotice),
        [DischargeDateChanged] = typeof(DischargeDateChanged),
        [CareContactAppointed] = typeof(CareContactAppointed),
        [DischargeReady] = typeof(DischargeReady),
        [DischargeReadyWithdrawn] = typeof(DischargeReadyWithdrawn),
        [SipInvitation] = typeof(SipInvitation),
        [SipPlan] = typeof(SipPlan),
        [DischargeNotice] = typeof(DischargeNotice),
        [ConsentWithdrawn] = typeof(ConsentWithdrawn),
        [EpisodeCancelled] = typeof(EpisodeCancelled),
        [DeliveryReceipt] = typeof(DeliveryReceipt),
        [SipRequest] = typeof(SipRequest),
        [SipRequestWithdrawn] = typeof(SipRequestWithdrawn),
    };

    /// <summary>The kind of a record type of this contract.</summary>
    public static string KindOf(Type messageType) => MessageTypes.Single(k => k.Value == messageType).Key;

    /// <summary>The RabbitMQ exchanges of the contract.</summary>
    public static class Exchanges
    {
        public const string Inbound = "siphub.inbound";
        public const string Outbound = "siphub.outbound";
        public const string Alerts = "siphub.alerts";
    }
}
