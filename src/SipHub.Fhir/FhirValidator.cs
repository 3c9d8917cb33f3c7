using System.Collections.Concurrent;
using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;
using SipHub.Contracts;

namespace SipHub.Fhir;

/// <summary>
/// Firely's full validator over the R4 specification (cardinality, types, bindings, every core FHIRPath
/// invariant) and SipHub's own profiles, which an instance selects through <c>meta.profile</c>. Loading the
/// specification takes seconds, so build one per process and share it.
/// </summary>
/// <remarks>
/// Firely's <c>Validator</c> and its resolvers are not safe to share across threads (its README; the first use of a
/// profile corrects the StructureDefinition in place), so this holds one complete validator per core, each with its
/// own resolvers and copy of the profiles, and lends each to one caller at a time. A validator keeps its built schemas
/// and the terminology it has read, not the definitions it built them from (<see cref="TerminologyCache"/>): about
/// 25 MB each.
/// </remarks>
public sealed class FhirValidator
{
    private readonly ConcurrentBag<Validator> _idle;
    private readonly SemaphoreSlim _available;

    private FhirValidator(IReadOnlyCollection<Validator> validators, IReadOnlyList<StructureDefinition> profiles)
    {
        _idle = new ConcurrentBag<Validator>(validators);
        _available = new SemaphoreSlim(validators.Count, validators.Count);
        Instances = validators.Count;
        Profiles = profiles;
    }

    /// <summary>SipHub's profiles with the snapshots generated at start.</summary>
    public IReadOnlyList<StructureDefinition> Profiles { get; }

    /// <summary>How many Bundles it validates at once.</summary>
    public int Instances { get; }

    /// <summary>
    /// Reads the R4 specification zip, generates the snapshots of SipHub's profiles from their differentials, and builds
    /// <paramref name="instances"/> validators (default: one per core, at most four), each of which checks a plan's and
    /// an invitation's Bundle once: a validator's first Bundle takes seconds (it builds its schemas), and none should be
    /// first on real work. They are built at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">A profile's snapshot cannot be generated.</exception>
    public static async Task<FhirValidator> CreateAsync(int? instances = null)
    {
        // Each validator is one Bundle at a time: more than four gain nothing on the machines the hub is sized for.
        var count = Math.Clamp(instances ?? Environment.ProcessorCount, 1, 4);
        var profiles = await SnapshotsAsync(new CachedResolver(ZipSource.CreateValidationSource())).ConfigureAwait(false);
        // The snapshots' generation has unpacked the specification: the instances only read it, and build at once.
        var validators = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, count)
            .Select(_ => System.Threading.Tasks.Task.Run(() => Build(profiles)))).ConfigureAwait(false);
        return new FhirValidator(validators, profiles);
    }

    private static Validator Build(IReadOnlyList<StructureDefinition> profiles)
    {
        var specification = new TerminologyCache(ZipSource.CreateValidationSource());
        var resolver = new MultiResolver(new InMemoryResourceResolver(profiles.Select(p => (Resource)p.DeepCopy())), specification);
        // Without a compiler in the settings Firely builds one (and its symbol table) on every call; this one lives
        // as long as its validator. No CachingTerminologyService: it keys its answers on a 32-bit hash of the
        // question, and a collision would let a wrong code through.
        var compiler = new FhirPathCompiler(new SymbolTable().AddStandardFP().AddFhirExtensions());
        var validator = new Validator(resolver, new LocalTerminologyService(resolver), null, new ValidationSettings { FhirPathCompiler = compiler });
        foreach (var bundle in WarmUpBundles()) validator.Validate(bundle);
        specification.Loaded();
        return validator;
    }

    /// <summary>Validates against the core and every profile the resource (and each resource it contains) declares.</summary>
    public OperationOutcome Validate(Resource resource)
    {
        _available.Wait();
        return ValidateWithHeldSlot(resource);
    }

    /// <summary>As <see cref="Validate"/>, waiting for a free validator without holding a thread.</summary>
    public async Task<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        return ValidateWithHeldSlot(resource);
    }

    private OperationOutcome ValidateWithHeldSlot(Resource resource)
    {
        _idle.TryTake(out var validator);
        try
        {
            return validator!.Validate(resource);
        }
        finally
        {
            _idle.Add(validator!);
            _available.Release();
        }
    }

    private static IEnumerable<Bundle> WarmUpBundles()
    {
        var delivery = new Delivery(Guid.Empty, DateTimeOffset.UnixEpoch);
        var plan = ReadExample<SipPlan>("sip-plan.json");
        // With a family copy, so its DocumentReference's schemas are built too (the files' bytes do not matter to them).
        var copy = new PlanDocumentFiles($"{plan.PlanId}/{plan.Version}", DateTimeOffset.UnixEpoch, true,
            [new DocumentFile("application/pdf", "Samordnad individuell plan", [0x25, 0x50, 0x44, 0x46], "/api/plans/warm-up/document?format=pdf")]);
        yield return PlanBundleMapper.Map(plan, MessageDestination.ForUnit(plan.Sender), delivery, copy);
        var invitation = ReadExample<SipInvitation>("sip-invitation.json");
        yield return InvitationBundleMapper.Map(invitation, MessageDestination.ForUnit(invitation.Sender), delivery);
    }

    private static T ReadExample<T>(string name)
    {
        using var stream = typeof(FhirValidator).Assembly.GetManifestResourceStream($"SipHub.Fhir.WarmUp.{name}")
            ?? throw new InvalidOperationException($"embedded example {name} is missing");
        return JsonSerializer.Deserialize<T>(stream, ContractJson.Options) ?? throw new InvalidOperationException($"embedded example {name} is JSON null");
    }

    private static async Task<List<StructureDefinition>> SnapshotsAsync(IAsyncResourceResolver core)
    {
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
        return profiles;
    }

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
