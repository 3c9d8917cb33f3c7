using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SipHub.Fhir;

/// <summary>
/// Resource ids derived from what they stand for (plan, version, destination, key), so the same plan version
/// maps to the same Bundle every time: a re-sent delivery is byte-identical and golden files stay reviewable.
/// </summary>
internal static class FhirIds
{
    // Every Bundle of a plan (one per destination, again for each version) asks for the same ids, and each SHA-1 is a
    // call into OpenSSL; the answers are kept, up to a bound, as they never change.
    private const int CacheLimit = 100_000;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>A name-based UUID (RFC 9562 version 5 layout over SHA-1) of the parts.</summary>
    public static string Uuid(params string[] parts)
    {
        var name = string.Join('\u001f', parts);
        if (Cache.TryGetValue(name, out var known)) return known;
        if (Cache.Count >= CacheLimit) Cache.Clear();
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Cache[name] = new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
