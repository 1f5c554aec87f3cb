using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Providers;

/// <summary>
/// Puts a request's <see cref="ImageRequest.ExtraWireFields"/> into a provider's wire body, verbatim, beside the fields
/// the adapter wrote; a name the adapter already wrote is refused (before anything is sent).
/// </summary>
internal static class ExtraWireFields
{
    /// <summary>
    /// Serializes a JSON body, with the extra fields added to the object <paramref name="target"/> picks out of it (the
    /// body itself, its <c>input</c>, the task inside an array). Without extra fields this is the plain serialization.
    /// </summary>
    public static byte[] Serialize<T>(T body, JsonTypeInfo<T> typeInfo, PreparedRequest request, IdeogramProvider provider, Func<JsonNode, JsonObject> target)
    {
        if (request.ExtraWireFields.Count == 0)
        {
            return JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        }

        var root = JsonSerializer.SerializeToNode(body, typeInfo)!;
        var into = target(root);
        foreach (var (name, value) in request.ExtraWireFields)
        {
            if (into.ContainsKey(name))
            {
                throw Collision(name, request, provider);
            }

            into[name] = value?.DeepClone();
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Adds the extra fields to a form as text parts (a JSON string as its text, any other value as JSON).</summary>
    public static void AddTo(Multipart form, PreparedRequest request, IdeogramProvider provider)
    {
        foreach (var (name, value) in request.ExtraWireFields)
        {
            if (form.Has(name))
            {
                throw Collision(name, request, provider);
            }

            form.Text(name, value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null");
        }
    }

    private static IdeogramValidationException Collision(string name, PreparedRequest request, IdeogramProvider provider) =>
        new(nameof(ImageRequest.ExtraWireFields), provider, request.Operation,
            $"names '{name}', a field the SDK already sends for this request",
            "names of fields the SDK does not send; set modelled fields through the request's own properties");
}
