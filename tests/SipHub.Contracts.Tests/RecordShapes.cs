using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SipHub.Contracts.Tests;

/// <summary>Reflection over the contract records: their JSON names, which members are required, enum spellings.</summary>
public static class RecordShapes
{
    /// <summary>How the hub reads the contract: System.Text.Json web defaults (camelCase, case-insensitive).</summary>
    public static JsonSerializerOptions ReadOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>How a .NET publisher should write it: web defaults, optional members left out rather than null.</summary>
    public static JsonSerializerOptions WriteOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly NullabilityInfoContext Nullability = new();

    public sealed record Member(string JsonName, PropertyInfo Property, Type Type, bool Required, bool Nullable);

    /// <summary>A contract record's members in constructor order; required = a constructor parameter without default.</summary>
    public static IReadOnlyList<Member> Members(Type record)
    {
        var ctor = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return ctor.GetParameters().Select(p =>
        {
            var property = record.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{record.Name} has no property for parameter {p.Name}");
            var nullable = Nullability.Create(p).WriteState == NullabilityState.Nullable;
            return new Member(JsonNamingPolicy.CamelCase.ConvertName(p.Name!), property, p.ParameterType, !p.HasDefaultValue, nullable);
        }).ToList();
    }

    public static bool IsContractRecord(Type t) =>
        t.IsClass && t != typeof(string) && t.Namespace == typeof(Unit).Namespace && t.Assembly == typeof(Unit).Assembly;

    public static Type? ListElementType(Type t) =>
        t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? t.GetGenericArguments()[0] : null;

    /// <summary>The wire spellings of an enum ([JsonStringEnumMemberName]).</summary>
    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                         ?? throw new InvalidOperationException($"{enumType.Name}.{f.Name} has no [JsonStringEnumMemberName]"))
            .ToList();

    /// <summary>Every non-optional member of the record graph that is null, as JSON paths.</summary>
    public static IReadOnlyList<string> NullRequiredMembers(object? value, string path = "$")
    {
        var found = new List<string>();
        Walk(value, path, found);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found)
    {
        if (value is null) return;
        var type = value.GetType();
        if (value is IEnumerable list and not string)
        {
            var i = 0;
            foreach (var item in list)
            {
                if (item is null) found.Add($"{path}[{i}]");
                else Walk(item, $"{path}[{i}]", found);
                i++;
            }
            return;
        }
        if (!IsContractRecord(type)) return;
        foreach (var member in Members(type))
        {
            var child = member.Property.GetValue(value);
            var childPath = $"{path}.{member.JsonName}";
            if (child is null && (member.Required || !member.Nullable)) found.Add(childPath);
            else Walk(child, childPath, found);
        }
    }

    /// <summary>Every object-property path in a JSON document (array indices kept), e.g. <c>$.goals[0].activities[0].for</c>.</summary>
    public static ISet<string> PropertyPaths(JsonNode? node, string path = "$")
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(node, path, paths);
        return paths;

        static void Collect(JsonNode? node, string path, ISet<string> paths)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        var p = $"{path}.{name}";
                        paths.Add(p);
                        Collect(child, p, paths);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++) Collect(array[i], $"{path}[{i}]", paths);
                    break;
            }
        }
    }
}
