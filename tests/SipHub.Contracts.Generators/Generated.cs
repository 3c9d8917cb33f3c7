using CsCheck;

namespace SipHub.Contracts.Generators;

/// <summary>
/// Which cases a property tries. CI tries the same cases every run: case <c>i</c> is generated from a seed made from
/// <c>i</c>, so a run is repeatable. A failure prints CsCheck's seed of the shrunk case and the message itself.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>CsCheck_Seed=&lt;seed&gt;</c> (as printed) runs that one case again;</item>
/// <item><c>SIPHUB_PROPERTY_CASES=&lt;n&gt;</c> tries n cases per property instead of CI's count;</item>
/// <item><c>SIPHUB_PROPERTY_START=&lt;k&gt;</c> starts at case k, to explore cases CI never tries;</item>
/// <item><c>SIPHUB_PROPERTY_SHRINK_SECONDS=&lt;s&gt;</c> bounds how long a failure is shrunk (default 60).</item>
/// </list>
/// </remarks>
public static class Generated
{
    public static int Cases(int ci) => Number("SIPHUB_PROPERTY_CASES") ?? ci;

    /// <summary>Runs <paramref name="assert"/> on each case and returns how many it tried.</summary>
    public static int Check<T>(Gen<T> gen, int ciCases, Action<T> assert, Func<T, string> print)
    {
        if (Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } replay)
        {
            gen.Sample(assert, seed: replay, iter: 1, threads: 1, print: print);
            return 1;
        }
        var start = Number("SIPHUB_PROPERTY_START") ?? 0;
        var cases = Cases(ciCases);
        for (var i = start; i < start + cases; i++)
        {
            try
            {
                gen.Sample(assert, seed: SeedOf(i), iter: 1, threads: 1, print: print);
            }
            catch (CsCheckException)
            {
                // Shrink: from the failing case, CsCheck keeps any smaller case that fails too, and reports the smallest.
                gen.Sample(assert, seed: SeedOf(i), iter: ShrinkTries, time: ShrinkSeconds, threads: 1, print: print);
                throw;
            }
        }
        return cases;
    }

    private const int ShrinkTries = 100_000;

    /// <summary>How long a failure is shrunk: <c>SIPHUB_PROPERTY_SHRINK_SECONDS</c>, default a minute.</summary>
    private static int ShrinkSeconds => Number("SIPHUB_PROPERTY_SHRINK_SECONDS") ?? 60;

    /// <summary>CsCheck's seed string for case <paramref name="i"/>.</summary>
    public static string SeedOf(int i) => new PCG(19, (ulong)i * 0x9E3779B97F4A7C15UL).ToString();

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n >= 0 ? n : null;
}
