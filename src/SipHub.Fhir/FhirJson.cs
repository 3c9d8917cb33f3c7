using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace SipHub.Fhir;

/// <summary>
/// A resource as compact FHIR JSON, the same text as Firely's <c>ToJson()</c>, written into a buffer each thread keeps:
/// <c>ToJson()</c> grows a fresh stream from empty for every Bundle, and those copies were a fifth of a plan's cost.
/// </summary>
public static class FhirJson
{
    /// <summary>FHIR's JSON media type, as the hub sends and takes Bundles.</summary>
    public const string ContentType = "application/fhir+json";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    public static string Serialize(Resource resource)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256 * 1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        FhirJsonSerializer.Default.Serialize(resource, writer);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
