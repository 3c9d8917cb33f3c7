using System.Net.Http.Headers;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// A hub set up as a region would: every caller has a key of its own role, each sending system may send for its own units
/// only. The boundary tests act as one caller at a time (<see cref="As"/>).
/// </summary>
public static class SecureHub
{
    public const string OtherHospital = "SE2321000016-7777";
    public const string PrimaryCare = "SE2321000032-2001";
    /// <summary>The unit that sends the example plan (BUP öppenvård), and one that takes part in it (habiliteringen).</summary>
    public const string PlanSender = "SE2321000032-B4Q8";
    public const string PlanParticipant = "SE2321000032-H9T2";

    public static readonly IReadOnlyDictionary<string, (string Key, string Role, string[] Units)> Callers = new Dictionary<string, (string, string, string[])>
    {
        ["hospital"] = ("hospital-key-0123456789abcdef", "sender", [SampleMessages.Hospital]),
        ["other-hospital"] = ("other-hospital-key-0123456789", "sender", [OtherHospital]),
        ["primary-care"] = ("primary-care-key-0123456789ab", "sender", [PrimaryCare]),
        ["bup"] = ("bup-key-0123456789abcdef0123", "sender", [PlanSender]),
        ["habilitation"] = ("habilitation-key-0123456789ab", "sender", [PlanParticipant]),
        // A sending system not yet given any unit.
        ["idle"] = ("idle-key-0123456789abcdef01234", "sender", []),
        ["viewer"] = ("viewer-key-0123456789abcdef01", "viewer", []),
        ["ops"] = ("operator-key-0123456789abcdef", "operator", []),
        ["admin"] = ("admin-key-0123456789abcdef0123", "admin", []),
    };

    /// <summary>Every caller's key, role and sender rules, <paramref name="extra"/> on top.</summary>
    public static Dictionary<string, string> Settings(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>();
        foreach (var (name, (key, role, units)) in Callers)
        {
            settings[$"Authorization:Keys:{name}:Key"] = key;
            settings[$"Authorization:Keys:{name}:Role"] = role;
            for (var i = 0; i < units.Length; i++) settings[$"Authorization:Senders:{name}:{i}"] = units[i];
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    /// <summary>A client of the hub that presents <paramref name="caller"/>'s key.</summary>
    public static HttpClient As(this TestHub hub, string caller) => new()
    {
        BaseAddress = hub.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", Callers[caller].Key) },
    };

    /// <summary>Starts <paramref name="hub"/>'s own client as the operator, who reads everything the waits read.</summary>
    public static TestHub AsOperator(this TestHub hub)
    {
        hub.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Callers["ops"].Key);
        return hub;
    }
}
