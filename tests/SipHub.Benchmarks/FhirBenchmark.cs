using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using SipHub.Contracts;
using SipHub.Domain.Plans;
using SipHub.Fhir;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Benchmarks;

/// <summary>
/// Issue 9's figures for a Bilaga-2-sized plan (Linus's, plan 4 of the guide's worked examples, the largest): map + serialize on one
/// core, reading a reply back, and Firely's full validation (core + SipHub's profiles and extensions) warm, on one thread and on every core.
/// </summary>
[MemoryDiagnoser]
public class FhirBenchmark
{
    private const int ParallelBundles = 32;
    private SipPlan _plan = null!;
    private MessageDestination _destination = null!;
    private Bundle _bundle = null!;
    private string _json = null!;
    private FhirValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(RepositoryPaths.Root, "contracts", "examples", "bilaga2", "sip-plan.linus-4.json");
        _plan = JsonSerializer.Deserialize<SipPlan>(File.ReadAllText(file), JsonSerializerOptions.Web)!;
        _destination = MessageDestination.ForUnit(PlanRecipients.Of(_plan)[0]);
        _bundle = Map();
        _json = FhirJson.Serialize(_bundle);
        _validator = FhirValidator.CreateAsync().GetAwaiter().GetResult();
        var outcome = _validator.Validate(_bundle);
        if (!FhirValidator.Passes(outcome)) throw new InvalidOperationException($"the benchmark's Bundle does not validate: {outcome.ToJson()}");
    }

    private Bundle Map() => PlanBundleMapper.Map(_plan, _destination, new Delivery(Guid.NewGuid(), DateTimeOffset.UtcNow));

    [Benchmark(Description = "map")]
    public Bundle MapOnly() => Map();

    [Benchmark(Description = "serialize")]
    public string SerializeOnly() => FhirJson.Serialize(_bundle);

    [Benchmark(Description = "map + serialize")]
    public string MapAndSerialize() => FhirJson.Serialize(Map());

    /// <summary>Inbound FHIR: a participant's reply parsed and read back as the plan (validation apart).</summary>
    [Benchmark(Description = "parse + read back")]
    public SipPlan? ParseAndRead() => PlanBundleReader.Read(Parser.Deserialize<Bundle>(_json)).Plan;

    private static readonly FhirJsonDeserializer Parser = new();

    [Benchmark(Description = "validate, one thread")]
    public OperationOutcome Validate() => _validator.Validate(_bundle);

    [Benchmark(Description = "validate, every core", OperationsPerInvoke = ParallelBundles)]
    public void ValidateOnEveryCore() =>
        Parallel.For(0, ParallelBundles, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ => _validator.Validate(_bundle));

    public static void Run()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(15))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "siphub-benchmarkdotnet"));
        var summary = BenchmarkRunner.Run<FhirBenchmark>(config);
        Console.WriteLine();
        Console.WriteLine($"FHIR benchmark, {Environment.ProcessorCount} cores, Linus's plan (guide 001 Bilaga 2, plan 4):");
        Print(summary, nameof(MapOnly), "map alone", null);
        Print(summary, nameof(SerializeOnly), "serialize alone", null);
        Print(summary, nameof(MapAndSerialize), "map + serialize, one core", 5_000);
        Print(summary, nameof(ParseAndRead), "parse + read back (inbound FHIR, before validation)", null);
        Print(summary, nameof(Validate), "full validation (core + profiles), one thread", 300);
        Print(summary, nameof(ValidateOnEveryCore), $"full validation, {Environment.ProcessorCount} threads", 300);
    }

    private static void Print(Summary summary, string method, string label, int? target)
    {
        var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        var perSecond = 1e9 / report.ResultStatistics!.Mean;
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        Console.WriteLine($"  {label}: {perSecond:N0} Bundles/s ({report.ResultStatistics.Mean / 1e6:N2} ms each), "
            + $"{allocated / 1024.0 / 1024.0:N2} MB allocated per Bundle"
            + (target is { } t ? $" (target >= {t:N0}/s, {(perSecond >= t ? "met" : "missed")})" : ""));
    }
}
