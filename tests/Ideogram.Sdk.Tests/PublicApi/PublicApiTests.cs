using System.Reflection;
using System.Text;

namespace Ideogram.Sdk.Tests.PublicApi;

/// <summary>
/// The package's public surface, held equal to a checked-in listing, so every change to it is deliberate and reviewed.
/// When the surface changes on purpose, copy <c>Ideogram.Sdk.api.received.txt</c> from the test output folder over
/// <c>tests/Ideogram.Sdk.Tests/PublicApi/Ideogram.Sdk.api.txt</c>.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_public_api_matches_the_checked_in_listing()
    {
        var actual = Render(typeof(IdeogramClient).Assembly);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "Ideogram.Sdk.api.received.txt"), actual);
        var approved = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi", "Ideogram.Sdk.api.txt")).ReplaceLineEndings("\n");

        Assert.Equal(approved, actual);
    }

    [Fact]
    public void No_public_type_leaks_an_internal_namespace_or_a_settable_secret()
    {
        var types = typeof(IdeogramClient).Assembly.GetExportedTypes();
        Assert.DoesNotContain(types, t => t.Namespace is null);
        Assert.Null(typeof(ApiKey).GetProperty("Key"));
        Assert.Null(typeof(ApiKey).GetProperty("Value"));
    }

    internal static string Render(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(Name(type));
            var bases = new List<string>();
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
            {
                bases.Add(Name(b));
            }

            bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
            if (bases.Count > 0)
            {
                text.Append(" : ").Append(string.Join(", ", bases));
            }

            text.Append('\n');
            foreach (var member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var c in type.GetConstructors(flags).Where(Visible))
        {
            yield return $"{Access(c)}ctor({Parameters(c)})";
        }

        foreach (var m in type.GetMethods(flags).Where(m => Visible(m) && !m.IsSpecialName && !m.Name.StartsWith('<')))
        {
            var generic = m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            yield return $"{Access(m)}{(m.IsStatic ? "static " : string.Empty)}{(m.IsAbstract && !type.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !type.IsInterface ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}{generic}({Parameters(m)})";
        }

        foreach (var m in type.GetMethods(flags).Where(m => Visible(m) && m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal)))
        {
            yield return $"operator {Name(m.ReturnType)} {m.Name}({Parameters(m)})";
        }

        foreach (var p in type.GetProperties(flags))
        {
            var get = p.GetMethod is { } g && Visible(g) ? "get; " : string.Empty;
            var set = p.SetMethod is { } s && Visible(s)
                ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ")
                : string.Empty;
            if (get.Length + set.Length > 0)
            {
                var index = p.GetIndexParameters();
                var name = index.Length == 0 ? p.Name : $"this[{string.Join(", ", index.Select(i => Name(i.ParameterType)))}]";
                yield return $"{(p.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(p.PropertyType)} {name} {{ {get}{set}}}";
            }
        }

        foreach (var f in type.GetFields(flags).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            yield return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}";
        }

        foreach (var e in type.GetEvents(flags))
        {
            yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? string.Empty : "protected ";

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
        + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)
        + " " + p.Name
        + (p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : string.Empty)));

    private static string Kind(Type t) =>
        t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? (t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
        : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";

    private static string Name(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner)
        {
            return Name(inner) + "?";
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[]";
        }

        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        var name = (t.IsNested ? Name(t.DeclaringType!) + "." : t.Namespace + ".") + t.Name;
        if (t.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
