namespace SipHub.Hub.Dashboard;

/// <summary>
/// SCB's codes and names of Sweden's regions (län, two digits) and municipalities (kommuner, four digits), shipped with the
/// hub (<c>municipalities.tsv</c>, embedded) so the figures name what they count without a call out.
/// </summary>
public static class Municipalities
{
    private static readonly Lazy<Dictionary<string, string>> Names = new(Load);

    /// <summary>The name of a municipality or region code; null for anything else (a unit, <c>okänd</c>).</summary>
    public static string? NameOf(string code) => Names.Value.GetValueOrDefault(code);

    /// <summary>How many municipalities the list holds (290 since 2003).</summary>
    public static int Count => Names.Value.Keys.Count(k => k.Length == 4);

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(Municipalities).Assembly.GetManifestResourceStream("SipHub.Hub.Dashboard.municipalities.tsv")
            ?? throw new InvalidOperationException("municipalities.tsv is not embedded in the hub");
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.StartsWith("code\t", StringComparison.Ordinal) || line.Length == 0) continue;
            var (code, name) = (line[..line.IndexOf('\t')], line[(line.IndexOf('\t') + 1)..]);
            names[code] = name;
        }
        return names;
    }
}
