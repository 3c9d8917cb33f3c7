namespace SipHub.Hub.Participants;

/// <summary>Where a fhir-rest delivery may go: https, or plain http to a loopback address (a sidecar, a test's record system).</summary>
public static class FhirRestEndpoint
{
    public static bool IsAllowed(Uri endpoint) =>
        endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback);
}
