using Hl7.Fhir.Model;

namespace SipHub.Fhir;

/// <summary>Making and reading SipHub's extensions; a complex one's parts are named by their relative url.</summary>
internal static class Extensions
{
    /// <summary>A complex extension of the parts that have a value, in the order given.</summary>
    public static Extension Complex(string url, params (string Name, DataType? Value)[] parts) => new()
    {
        Url = url,
        Extension = parts.Where(p => p.Value is not null).Select(p => new Extension(p.Name, p.Value!)).ToList(),
    };

    /// <summary>A repeating part: one sub-extension per value.</summary>
    public static IEnumerable<(string, DataType?)> Each(string name, IEnumerable<string>? values) =>
        (values ?? []).Select(v => (name, (DataType?)new FhirString(v)));

    /// <summary>Adds the extension, unless it has neither a value nor parts: FHIR refuses an empty one (ext-1).</summary>
    public static T With<T>(this T element, Extension extension) where T : Element
    {
        if (extension.Value is not null || extension.Extension.Count > 0) element.Extension.Add(extension);
        return element;
    }

    public static Extension? Find(this IExtendable element, string url) => element.Extension.FirstOrDefault(e => e.Url == url);

    public static string? Text(this Extension? extension, string part) =>
        (extension?.Extension.FirstOrDefault(e => e.Url == part)?.Value as PrimitiveType)?.ToString();

    public static IReadOnlyList<string> Texts(this Extension? extension, string part) =>
        extension?.Extension.Where(e => e.Url == part).Select(e => (e.Value as PrimitiveType)?.ToString()).OfType<string>().ToList() ?? [];
}
