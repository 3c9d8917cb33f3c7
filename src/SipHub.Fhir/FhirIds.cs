using System.Security.Cryptography;
using System.Text;

namespace SipHub.Fhir;

/// <summary>
/// Resource ids derived from what they stand for (plan, version, destination, key), so the same plan version
/// maps to the same Bundle every time: a re-sent delivery is byte-identical and golden files stay reviewable.
/// </summary>
internal static class FhirIds
{
    /// <summary>A name-based UUID (RFC 9562 version 5 layout over SHA-1) of the parts.</summary>
    public static string Uuid(params string[] parts)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
