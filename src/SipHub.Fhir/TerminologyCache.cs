using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace SipHub.Fhir;

/// <summary>
/// A validator's view of the specification: everything it reads is kept while it loads, and once it is warmed up
/// (<see cref="Loaded"/>) only the ValueSets and CodeSystems.
/// </summary>
/// <remarks>
/// Firely's validator reads a StructureDefinition only to build its schema, which it then keeps; building asks for the
/// same base definitions hundreds of times, and after the warm-up Bundles it asks for none again. Its terminology
/// service asks for the same ValueSets and CodeSystems on every coded element. Keeping every definition for good, as a
/// <see cref="CachedResolver"/> does, held 155 MB of a validator's 178 MB (issue 25). Only what was found is kept: a
/// canonical an inbound Bundle names that the specification lacks is asked for again, not remembered.
/// </remarks>
internal sealed class TerminologyCache(IAsyncResourceResolver source) : IAsyncResourceResolver
{
    private readonly ConcurrentDictionary<string, Resource> _kept = new(StringComparer.Ordinal);
    private volatile bool _loading = true;

    /// <summary>Forgets every definition but the terminology, and keeps no other from now on.</summary>
    public void Loaded()
    {
        _loading = false;
        foreach (var (uri, resource) in _kept)
            if (!IsTerminology(resource)) _kept.TryRemove(uri, out _);
    }

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri)
    {
        if (_kept.TryGetValue(uri, out var kept)) return new ResolverResult(kept);
        var result = await source.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false);
        if (result.Success && (_loading || IsTerminology(result.Value))) _kept.TryAdd(uri, result.Value);
        return result;
    }

    public Task<ResolverResult> TryResolveByUriAsync(string uri) => source.TryResolveByUriAsync(uri);

#pragma warning disable CS0618 // the interface still requires its older members; they answer as the ones above do
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;

    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;
#pragma warning restore CS0618

    private static bool IsTerminology(Resource resource) => resource is ValueSet or CodeSystem;
}
