using PdfSharp.Fonts;

namespace SipHub.Documents;

/// <summary>
/// DejaVu Sans, regular and bold, from this assembly: PDF/A needs every font embedded, and a hub on a fresh machine has no
/// fonts of its own to find. Every family PDFsharp asks for resolves to it.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans", Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is EmbeddedFonts) return;
            GlobalFontSettings.FontResolver = new EmbeddedFonts();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    // Read from the assembly once: PDFsharp asks for a face again for each document.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    private static byte[] Load(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"SipHub.Documents.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"font {faceName} is not embedded in {typeof(EmbeddedFonts).Assembly.GetName().Name}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
