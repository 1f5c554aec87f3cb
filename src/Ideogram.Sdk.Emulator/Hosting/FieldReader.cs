using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// Typed, strict access to a request's fields, whether they came as multipart parts (text values and files) or as the
/// properties of a JSON object. Every accessor throws <see cref="RequestValidationException"/> on a wrong type.
/// </summary>
internal sealed class FieldReader
{
    private readonly Dictionary<string, List<string>> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<UploadedFile>> _files = new(StringComparer.Ordinal);
    private readonly JsonElement? _json;

    private FieldReader(JsonElement? json) => _json = json;

    /// <summary>Whether the fields came from a JSON body.</summary>
    public bool IsJson => _json is not null;

    /// <summary>Every field name present.</summary>
    public IEnumerable<string> Names => _json is { } json
        ? json.EnumerateObject().Select(p => p.Name)
        : _texts.Keys.Concat(_files.Keys).Distinct(StringComparer.Ordinal);

    /// <summary>Reads a <c>multipart/form-data</c> body.</summary>
    public static async Task<FieldReader> FromMultipartAsync(HttpContext http)
    {
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            throw new RequestValidationException("Malformed multipart body: " + ex.Message);
        }
        catch (IOException ex)
        {
            throw new RequestValidationException("Malformed multipart body: " + ex.Message);
        }

        var reader = new FieldReader(null);
        foreach (var (name, values) in form)
        {
            reader._texts[name] = [.. values.Select(v => v ?? "")];
        }

        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, http.RequestAborted);
            if (!reader._files.TryGetValue(file.Name, out var list))
            {
                reader._files[file.Name] = list = [];
            }

            list.Add(new UploadedFile(file.Name, file.FileName, file.ContentType, buffer.ToArray()));
        }

        return reader;
    }

    /// <summary>Reads a JSON object body.</summary>
    public static async Task<FieldReader> FromJsonAsync(HttpContext http)
    {
        var bytes = await EmuHttp.ReadBodyAsync(http);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException("The request body must be a JSON object.");
            }

            return new FieldReader(document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new RequestValidationException("Invalid JSON body: " + ex.Message);
        }
    }

    /// <summary>Rejects any field outside <paramref name="allowed"/> unless <paramref name="allowUnknown"/>.</summary>
    public void RejectUnknown(IReadOnlySet<string> allowed, bool allowUnknown)
    {
        if (allowUnknown)
        {
            return;
        }

        foreach (var name in Names)
        {
            if (!allowed.Contains(name))
            {
                throw new RequestValidationException($"Unknown field '{name}'.");
            }
        }
    }

    /// <summary>Whether the field is present (a JSON <c>null</c> counts as absent).</summary>
    public bool Has(string name) => _json is { } json
        ? json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
        : _texts.ContainsKey(name) || _files.ContainsKey(name);

    /// <summary>A string field, or <see langword="null"/> when absent.</summary>
    public string? String(string name)
    {
        if (_json is { } json)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new RequestValidationException($"'{name}' must be a string.");
        }

        RejectFile(name);
        if (!_texts.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new RequestValidationException($"'{name}' must be given once.");
    }

    /// <summary>A required, non-empty string field.</summary>
    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw new RequestValidationException($"'{name}' is required.");

    /// <summary>A string field whose value must be one of <paramref name="allowed"/> (exact spelling).</summary>
    public string? Enum(string name, IReadOnlySet<string> allowed)
    {
        var value = String(name);
        if (value is not null && !allowed.Contains(value))
        {
            throw new RequestValidationException(
                $"'{name}' must be one of: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}; got '{value}'.");
        }

        return value;
    }

    /// <summary>An integer field within [<paramref name="min"/>, <paramref name="max"/>], or <see langword="null"/> when absent.</summary>
    public long? Integer(string name, long min, long max)
    {
        long parsed;
        if (_json is { } json)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out parsed))
            {
                throw new RequestValidationException($"'{name}' must be an integer.");
            }
        }
        else
        {
            var text = String(name);
            if (text is null)
            {
                return null;
            }

            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed))
            {
                throw new RequestValidationException($"'{name}' must be an integer.");
            }
        }

        return parsed < min || parsed > max
            ? throw new RequestValidationException($"'{name}' must be between {min} and {max}; got {parsed}.")
            : parsed;
    }

    /// <summary>A boolean field, or <see langword="null"/> when absent.</summary>
    public bool? Boolean(string name)
    {
        if (_json is { } json)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new RequestValidationException($"'{name}' must be a boolean."),
            };
        }

        return String(name) switch
        {
            null => null,
            var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
            var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new RequestValidationException($"'{name}' must be true or false."),
        };
    }

    /// <summary>
    /// A JSON object field: a JSON object property, or a multipart text part holding JSON text (how Ideogram sends
    /// <c>color_palette</c> and <c>image_request</c>).
    /// </summary>
    public JsonElement? Object(string name)
    {
        if (_json is { } json)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Object
                ? value
                : throw new RequestValidationException($"'{name}' must be a JSON object.");
        }

        var text = String(name);
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new RequestValidationException($"'{name}' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new RequestValidationException($"'{name}' must be a JSON object.");
        }
    }

    /// <summary>
    /// A list of strings: a JSON array of strings, or in multipart one part per item (repeated name), or leniently one
    /// part holding a JSON array. <see langword="null"/> when absent.
    /// </summary>
    public IReadOnlyList<string>? StringList(string name)
    {
        if (_json is { } json)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new RequestValidationException($"'{name}' must be an array of strings.");
            }

            return [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new RequestValidationException($"'{name}' must be an array of strings."))];
        }

        RejectFile(name);
        if (!_texts.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count == 1 && values[0].TrimStart().StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(values[0]);
                return [.. document.RootElement.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw new RequestValidationException($"'{name}' must be a list of strings."))];
            }
            catch (JsonException)
            {
                throw new RequestValidationException($"'{name}' must be a list of strings.");
            }
        }

        return values;
    }

    /// <summary>The file parts named <paramref name="name"/> (empty when absent). A text value under that name is an error.</summary>
    public IReadOnlyList<UploadedFile> Files(string name)
    {
        if (_json is { } json)
        {
            return json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? throw new RequestValidationException($"'{name}' must be uploaded as a multipart file part.")
                : [];
        }

        if (_texts.ContainsKey(name))
        {
            throw new RequestValidationException($"'{name}' must be a file.");
        }

        return _files.TryGetValue(name, out var files) ? files : [];
    }

    private void RejectFile(string name)
    {
        if (_files.ContainsKey(name))
        {
            throw new RequestValidationException($"'{name}' must be a text field, not a file.");
        }
    }
}
