using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace SipHub.Fhir;

/// <summary>
/// A validator's view of the specification that keeps the ValueSets and CodeSystems it has read, and nothing else.
/// </summary>
/// <remarks>
/// Firely's validator reads a StructureDefinition only to build its schema, which it then keeps; after the warm-up
/// Bundles it asks for none again. Its terminology service asks for the same ValueSets and CodeSystems on every coded
/// element. A <see cref="CachedResolver"/> would also keep every definition it parsed: measured, 155 MB of a validator's
/// 178 MB (issue 25). Only what was found is kept: a canonical an inbound Bundle names that the specification lacks is
/// asked for again, not remembered.
/// </remarks>
internal sealed class TerminologyCache(IAsyncResourceResolver source) : IAsyncResourceResolver
{
    private readonly ConcurrentDictionary<string, Resource> _terminology = new(StringComparer.Ordinal);

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri)
    {
        if (_terminology.TryGetValue(uri, out var kept)) return new ResolverResult(kept);
        var result = await source.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false);
        if (result.Success && result.Value is ValueSet or CodeSystem) _terminology.TryAdd(uri, result.Value);
        return result;
    }

    public Task<ResolverResult> TryResolveByUriAsync(string uri) => source.TryResolveByUriAsync(uri);

#pragma warning disable CS0618 // the interface still requires its older members; they answer as the ones above do
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;

    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;
#pragma warning restore CS0618
}
