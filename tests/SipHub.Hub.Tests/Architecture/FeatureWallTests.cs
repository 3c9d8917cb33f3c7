using Mono.Cecil;
using Mono.Cecil.Cil;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Architecture;

/// <summary>
/// The hub's folders are rooms in one order, each using only the rooms below it (README, Layout). Read from the compiled
/// hub (every type, signature and instruction), so a new reference across a wall fails here, naming both types.
/// </summary>
public sealed class FeatureWallTests
{
    /// <summary>Bottom first. The app root (<c>SipHubApp</c>, <c>Program</c>, the banner and the commands) composes them all.</summary>
    public static readonly string[] Rooms =
    [
        "Persistence", "Kernel", "Hosting", "Messaging", "Participants", "Routing", "Clocks", "Episodes", "Plans", "Requests", "Inbound", "SetAside",
        "Retention", "Dashboard", "App",
    ];

    [Fact]
    public void Every_room_uses_only_the_rooms_below_it()
    {
        var crossings = Dependencies().Where(d => Array.IndexOf(Rooms, d.To) >= Array.IndexOf(Rooms, d.From) && d.To != d.From)
            .Select(d => $"{d.From} -> {d.To}: {d.FromType} uses {d.ToType}").Distinct().Order().ToList();
        Assert.True(crossings.Count == 0, "back-edges:\n" + string.Join("\n", crossings));
    }

    /// <summary>
    /// What leaves no trace in the IL: a constant or an enum value is compiled in as its value. So the source is read too:
    /// a <c>using</c> of a room above, or a name qualified by one, is a back-edge as well.
    /// </summary>
    [Fact]
    public void No_source_file_names_a_room_above_its_own()
    {
        var hub = Path.Combine(RepositoryPaths.Root, "src", "SipHub.Hub");
        var crossings = new List<string>();
        foreach (var file in Directory.EnumerateFiles(hub, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(hub, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            var from = relative.Contains(Path.DirectorySeparatorChar) ? relative.Split(Path.DirectorySeparatorChar)[0] : "App";
            foreach (System.Text.RegularExpressions.Match named in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"\bSipHub\.Hub\.(\w+)"))
            {
                var to = named.Groups[1].Value;
                if (Rooms.Contains(to) && Array.IndexOf(Rooms, to) > Array.IndexOf(Rooms, from))
                    crossings.Add($"{relative} names {named.Value}");
            }
        }
        Assert.True(crossings.Count == 0, "back-edges in the source:\n" + string.Join("\n", crossings.Distinct()));
    }

    /// <summary>The README's table of rooms says what each uses: the same as the code, so the picture stays true.</summary>
    [Fact]
    public void The_readmes_table_of_rooms_is_what_the_code_uses()
    {
        var used = Dependencies().Where(d => d.From != d.To && d.From != "App").GroupBy(d => d.From)
            .ToDictionary(g => g.Key, g => g.Select(d => d.To).Distinct().OrderBy(r => Array.IndexOf(Rooms, r)).ToList());
        var table = File.ReadLines(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\| `(\w+)/` \|.*\| ([^|]*) \|$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim() == "—" ? [] : m.Groups[2].Value.Split(',').Select(r => r.Trim()).ToList());
        Assert.Equal(Rooms.Where(r => r != "App").Order(), table.Keys.Order());
        var wrong = table.Keys.Where(room => !table[room].SequenceEqual(used.GetValueOrDefault(room) ?? []))
            .Select(room => $"README says {room} uses {string.Join(", ", table[room])}; the code: {string.Join(", ", used.GetValueOrDefault(room) ?? [])}")
            .ToList();
        Assert.True(wrong.Count == 0, "the README's rooms, bottom first:\n" + string.Join("\n", wrong));
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
            .. type.Fields.Select(f => f.FieldType),
            .. type.Properties.Select(p => p.PropertyType),
            .. type.Events.Select(e => e.EventType),
            .. type.GenericParameters.SelectMany(g => g.Constraints.Select(c => c.ConstraintType)),
        ];
        IEnumerable<ICustomAttributeProvider> annotated =
            [type, .. type.Fields, .. type.Properties, .. type.Events, .. type.Methods, .. type.Methods.SelectMany(m => m.Parameters)];
        var methods = type.Methods.SelectMany(m => Signature(m)
            .Concat(m.GenericParameters.SelectMany(g => g.Constraints.Select(c => c.ConstraintType)))
            .Concat(m.HasBody ? Body(m.Body) : []));
        return own.Concat(annotated.SelectMany(Attributes)).Concat(methods).SelectMany(Expand);
    }

    /// <summary>An attribute's type, and the types its arguments name (<c>typeof</c>).</summary>
    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => new[] { a.AttributeType }
            .Concat(a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)).Concat(a.Fields.Select(f => f.Argument))
                .Select(argument => argument.Value).OfType<TypeReference>()));

    private static IEnumerable<TypeReference> Signature(MethodReference method) =>
        new[] { method.ReturnType, method.DeclaringType }.Concat(method.Parameters.Select(p => p.ParameterType))
            .Concat(method is GenericInstanceMethod generic ? generic.GenericArguments : []);

    private static IEnumerable<TypeReference> Body(MethodBody body) =>
        body.Variables.Select(v => v.VariableType)
            .Concat(body.ExceptionHandlers.Select(h => h.CatchType).OfType<TypeReference>())
            .Concat(body.Instructions.SelectMany(i => i.Operand switch
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
