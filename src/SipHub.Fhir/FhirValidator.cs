using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace SipHub.Fhir;

/// <summary>
/// Firely's full validator over the R4 specification (cardinality, types, bindings, every core FHIRPath
/// invariant) and SipHub's own profiles, which an instance selects through <c>meta.profile</c>. Loading the
/// specification takes seconds, so build one per process and share it.
/// </summary>
public sealed class FhirValidator
{
    private readonly Validator _validator;

    private FhirValidator(Validator validator, IReadOnlyList<StructureDefinition> profiles)
    {
        _validator = validator;
        Profiles = profiles;
    }

    /// <summary>SipHub's profiles with the snapshots generated at start.</summary>
    public IReadOnlyList<StructureDefinition> Profiles { get; }

    /// <summary>
    /// Reads the R4 specification zip (behind a cache, so each definition is parsed once), generates the
    /// snapshots of SipHub's profiles from their differentials, and serves them in front of the core.
    /// </summary>
    /// <exception cref="InvalidOperationException">A profile's snapshot cannot be generated.</exception>
    public static async Task<FhirValidator> CreateAsync()
    {
        var core = new CachedResolver(ZipSource.CreateValidationSource());
        var profiles = new List<StructureDefinition>();
        var generator = new SnapshotGenerator(core);
        foreach (var differential in LoadDifferentials())
        {
            await generator.UpdateAsync(differential).ConfigureAwait(false);
            var errors = generator.Outcome?.Issue
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList() ?? [];
            if (errors.Count > 0 || differential.Snapshot is null)
                throw new InvalidOperationException(
                    $"profile {differential.Url}: no snapshot: {string.Join("; ", errors.Select(e => e.Details?.Text ?? e.Diagnostics))}");
            profiles.Add(differential);
        }

        var resolver = new MultiResolver(new InMemoryResourceResolver(profiles), core);
        var validator = new Validator(resolver, new LocalTerminologyService(resolver));
        return new FhirValidator(validator, profiles);
    }

    /// <summary>Validates against the core and every profile the resource (and each resource it contains) declares.</summary>
    public OperationOutcome Validate(Resource resource) => _validator.Validate(resource);

    /// <summary>True when the outcome has no error or fatal issue; warnings and information pass.</summary>
    public static bool Passes(OperationOutcome outcome) =>
        !outcome.Issue.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);

    private static IEnumerable<StructureDefinition> LoadDifferentials()
    {
        var assembly = typeof(FhirValidator).Assembly;
        var deserializer = new FhirJsonDeserializer();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("SipHub.Fhir.Profiles.", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"embedded profile {name} is missing"));
            yield return (StructureDefinition)deserializer.DeserializeResource(reader.ReadToEnd());
        }
    }
}
