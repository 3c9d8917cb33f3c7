using System.Text.Json;
using SipHub.Contracts;

namespace SipHub.Domain.Tests.Plans;

/// <summary>The worked plans of <c>contracts/examples</c> (sip-plan.json is Jesper 6B; bilaga2/ holds the others of guide 001 Bilaga 2).</summary>
internal static class PlanExamples
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<string> LazyExamples = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SipHub.sln"))) return Path.Combine(dir.FullName, "contracts", "examples");
        throw new InvalidOperationException($"no SipHub.sln above {AppContext.BaseDirectory}");
    });

    public static TheoryData<string> Files() => new(
        Directory.EnumerateFiles(LazyExamples.Value, "sip-plan*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(LazyExamples.Value, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    public static SipPlan Load(string file) =>
        JsonSerializer.Deserialize<SipPlan>(File.ReadAllText(Path.Combine(LazyExamples.Value, file)), Json)
        ?? throw new InvalidOperationException($"{file} is JSON null");

    /// <summary>Jesper 6B: a child, both guardians, an SPU with a care contact.</summary>
    public static SipPlan Jesper => Load("sip-plan.json");

    public static SipPlan Josef => Load("bilaga2/sip-plan.josef-1.json");

    public static SipPlan Alice => Load("bilaga2/sip-plan.alice-2.json");

    public static SipPlan Kasim => Load("bilaga2/sip-plan.kasim-3.json");

    public static DateOnly DayOf(SipPlan plan) => plan.PlanDate;

    public static SipPlan WithActivity(this SipPlan plan, int goal, int activity, Func<PlanActivity, PlanActivity> change) =>
        plan with
        {
            Goals = plan.Goals.Select((g, gi) => gi != goal ? g : g with
            {
                Activities = g.Activities.Select((a, ai) => ai == activity ? change(a) : a).ToList(),
            }).ToList(),
        };

    public static SipPlan WithParticipant(this SipPlan plan, string key, Func<Participant, Participant> change) =>
        plan with { Participants = plan.Participants.Select(p => p.Key == key ? change(p) : p).ToList() };

    public static SipPlan WithParties(this SipPlan plan, params ConsentParty[] parties) =>
        plan with { Consent = plan.Consent with { Parties = parties } };
}
