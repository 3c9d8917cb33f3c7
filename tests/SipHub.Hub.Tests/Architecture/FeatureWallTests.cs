using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SipHub.Hub.Tests.Architecture;

/// <summary>
/// The hub's folders are rooms in one order, each using only the rooms below it (README, Layout). Read from the compiled
/// hub (every type, signature and instruction), so a new reference across a wall fails here, naming both types.
/// </summary>
public sealed class FeatureWallTests
{
    /// <summary>Bottom first. The app root (<c>SipHubApp</c>, <c>Program</c>, the banner and the commands) composes them all.</summary>
    public static readonly string[] Rooms =
        ["Persistence", "Kernel", "Hosting", "Messaging", "Participants", "Routing", "Clocks", "Episodes", "Plans", "Inbound", "SetAside", "Retention", "Dashboard", "App"];

    [Fact]
    public void Every_room_uses_only_the_rooms_below_it()
    {
        var crossings = Dependencies().Where(d => Array.IndexOf(Rooms, d.To) >= Array.IndexOf(Rooms, d.From) && d.To != d.From)
            .Select(d => $"{d.From} -> {d.To}: {d.FromType} uses {d.ToType}").Distinct().Order().ToList();
        Assert.True(crossings.Count == 0, "back-edges:\n" + string.Join("\n", crossings));
    }

    [Fact]
    public void Every_folder_is_a_room_in_the_order()
    {
        var unknown = Dependencies().SelectMany(d => new[] { d.From, d.To }).Where(r => !Rooms.Contains(r)).Distinct().ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_reading_sees_the_references_it_must()
    {
        // The wall test is only as good as its reading: a known downward use from each kind of place it looks.
        var edges = Dependencies().ToList();
        Assert.Contains(edges, d => d is { FromType: "SipHub.Hub.Inbound.InboundCommit", To: "Clocks" });
        Assert.Contains(edges, d => d is { FromType: "SipHub.Hub.Kernel.PatientAccessLog", ToType: "SipHub.Hub.Persistence.AccessLogRow" });
        Assert.Contains(edges, d => d is { From: "App", To: "Dashboard" });
    }

    private sealed record Dependency(string From, string FromType, string To, string ToType);

    private static IEnumerable<Dependency> Dependencies()
    {
        using var module = ModuleDefinition.ReadModule(typeof(SipHubApp).Assembly.Location);
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            if (RoomOf(owner) is not { } from) continue;
            foreach (var used in References(type).Select(Resolve).OfType<TypeDefinition>().Select(Outermost).Distinct())
                if (used != owner && RoomOf(used) is { } to)
                    yield return new(from, owner.FullName, to, used.FullName);
        }

        TypeDefinition? Resolve(TypeReference reference) =>
            reference.Scope == module ? reference.Resolve() : reference as TypeDefinition;
    }

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    /// <summary>The folder under <c>SipHub.Hub</c>; the migrations are Persistence's, the root namespace the app's.</summary>
    private static string? RoomOf(TypeDefinition type) => type.Namespace switch
    {
        "" => type.Name == "Program" ? "App" : null,
        "SipHub.Hub" => "App",
        var ns when ns.StartsWith("SipHub.Hub.", StringComparison.Ordinal) => ns["SipHub.Hub.".Length..].Split('.')[0],
        _ => null,
    };

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        IEnumerable<TypeReference> own =
        [
            .. type.BaseType is { } baseType ? [baseType] : Array.Empty<TypeReference>(),
            .. type.Interfaces.Select(i => i.InterfaceType),
            .. type.CustomAttributes.Select(a => a.AttributeType),
            .. type.Fields.Select(f => f.FieldType),
            .. type.Properties.Select(p => p.PropertyType),
            .. type.GenericParameters.SelectMany(g => g.Constraints.Select(c => c.ConstraintType)),
        ];
        var methods = type.Methods.SelectMany(m => Signature(m).Concat(m.HasBody ? Body(m.Body) : []));
        return own.Concat(methods).SelectMany(Expand);
    }

    private static IEnumerable<TypeReference> Signature(MethodReference method) =>
        new[] { method.ReturnType, method.DeclaringType }.Concat(method.Parameters.Select(p => p.ParameterType))
            .Concat(method is GenericInstanceMethod generic ? generic.GenericArguments : []);

    private static IEnumerable<TypeReference> Body(MethodBody body) =>
        body.Variables.Select(v => v.VariableType).Concat(body.Instructions.SelectMany(i => i.Operand switch
        {
            TypeReference type => [type],
            MethodReference method => Signature(method),
            FieldReference field => [field.DeclaringType, field.FieldType],
            _ => Array.Empty<TypeReference>(),
        }));

    /// <summary>A type with what it is made of: <c>List&lt;EpisodeRow&gt;[]</c> uses EpisodeRow.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type) => type switch
    {
        GenericInstanceType generic => Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)),
        TypeSpecification specification => Expand(specification.ElementType),
        GenericParameter => [],
        _ => [type],
    };
}
