using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>What a validated <c>ideogram/v3</c> input asks the emulator to produce.</summary>
/// <param name="Prompt">The prompt (also drawn into the image).</param>
/// <param name="Count">Number of images (<c>num_images</c>).</param>
/// <param name="Width">Width of the <c>image_size</c> preset.</param>
/// <param name="Height">Height of the <c>image_size</c> preset.</param>
/// <param name="Seed">The caller's seed, or <see langword="null"/> for a generated one.</param>
/// <param name="SyncMode">Whether outputs are data URIs instead of URLs (<c>sync_mode</c>).</param>
internal sealed record RunflowInputPlan(string Prompt, int Count, int Width, int Height, long? Seed, bool SyncMode);

/// <summary>One field-level problem, served in the 422 body's <c>errors</c> array.</summary>
/// <param name="Field">Dotted path of the field, for example <c>input.rendering_speed</c>.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record RunflowFieldError(string Field, string Message);

/// <summary>Strict validation of the <c>input</c> object of <c>ideogram/v3</c>, per Runflow's model page.</summary>
internal static class RunflowInput
{
    /// <summary>Validates <paramref name="input"/>; returns the plan, or <see langword="null"/> with <paramref name="errors"/> filled.</summary>
    public static RunflowInputPlan? Validate(JsonElement input, bool allowUnknownFields, List<RunflowFieldError> errors)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("input", "input must be an object."));
            return null;
        }

        if (!allowUnknownFields)
        {
            foreach (var property in input.EnumerateObject())
            {
                if (!RunflowCatalog.InputFields.Contains(property.Name))
                    errors.Add(new("input." + property.Name, $"Extra inputs are not permitted: '{property.Name}' is not a field of ideogram/v3."));
            }
        }

        string prompt = string.Empty;
        if (!input.TryGetProperty("prompt", out var promptElement) || promptElement.ValueKind == JsonValueKind.Null)
            errors.Add(new("input.prompt", "Field required."));
        else if (promptElement.ValueKind != JsonValueKind.String)
            errors.Add(new("input.prompt", "prompt must be a string."));
        else if ((prompt = promptElement.GetString()!).Trim().Length == 0)
            errors.Add(new("input.prompt", "prompt must not be empty."));

        var count = 1;
        if (Present(input, "num_images", out var numImages))
        {
            if (numImages.ValueKind != JsonValueKind.Number || !numImages.TryGetInt32(out count))
                errors.Add(new("input.num_images", "num_images must be an integer."));
            else if (count is < RunflowCatalog.MinImages or > RunflowCatalog.MaxImages)
                errors.Add(new("input.num_images", $"num_images must be between {RunflowCatalog.MinImages} and {RunflowCatalog.MaxImages}."));
        }

        var size = RunflowCatalog.ImageSizes[RunflowCatalog.DefaultImageSize];
        if (Present(input, "image_size", out var imageSize))
        {
            if (imageSize.ValueKind != JsonValueKind.String || !RunflowCatalog.ImageSizes.TryGetValue(imageSize.GetString()!, out size))
                errors.Add(new("input.image_size", "image_size must be one of: " + string.Join(", ", RunflowCatalog.ImageSizes.Keys) + "."));
        }

        CheckEnum(input, "style", RunflowCatalog.Styles, errors);
        CheckEnum(input, "style_preset", RunflowCatalog.StylePresets, errors);
        CheckEnum(input, "rendering_speed", RunflowCatalog.RenderingSpeeds, errors);
        CheckBoolean(input, "expand_prompt", errors);
        var syncMode = CheckBoolean(input, "sync_mode", errors) ?? false;

        if (Present(input, "negative_prompt", out var negative) && negative.ValueKind != JsonValueKind.String)
            errors.Add(new("input.negative_prompt", "negative_prompt must be a string."));

        long? seed = null;
        if (Present(input, "seed", out var seedElement))
        {
            if (seedElement.ValueKind == JsonValueKind.Number && seedElement.TryGetInt64(out var value))
                seed = value;
            else
                errors.Add(new("input.seed", "seed must be an integer."));
        }

        CheckColorPalette(input, errors);
        var hasStyleCodes = CheckStyleCodes(input, errors);
        var hasImageUrls = CheckImageUrls(input, errors);
        if (hasStyleCodes && Present(input, "style", out _))
            errors.Add(new("input.style_codes", "style_codes cannot be used together with style."));
        if (hasStyleCodes && hasImageUrls)
            errors.Add(new("input.style_codes", "style_codes cannot be used together with image_urls (style reference images)."));

        return errors.Count == 0 ? new RunflowInputPlan(prompt, count, size.Width, size.Height, seed, syncMode) : null;
    }

    /// <summary>Whether <paramref name="value"/> is an absolute http(s) URL with a host.</summary>
    public static bool IsHttpUrl(string value, out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private static bool Present(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static void CheckEnum(JsonElement input, string name, FrozenSet<string> allowed, List<RunflowFieldError> errors)
    {
        if (Present(input, name, out var value) && (value.ValueKind != JsonValueKind.String || !allowed.Contains(value.GetString()!)))
            errors.Add(new("input." + name, $"{name} must be one of: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}."));
    }

    private static bool? CheckBoolean(JsonElement input, string name, List<RunflowFieldError> errors)
    {
        if (!Present(input, name, out var value))
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        errors.Add(new("input." + name, $"{name} must be a boolean."));
        return null;
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsHexColor(string value) =>
        value.Length == 7 && value[0] == '#' && !value.AsSpan(1).ContainsAnyExcept(HexDigits);

    private static bool IsStyleCode(string value) =>
        value.Length == 8 && !value.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>
    /// <c>color_palette</c>: either <c>{"name": preset}</c> or <c>{"members": [...]}</c>, not both. Unconfirmed member shape:
    /// the page says "hexadecimal representations of the color with optional weights", so a member is
    /// <c>{"color_hex": "#RRGGBB", "color_weight": 0.05..1}</c> (Ideogram's spelling); the <c>{"rgb": {r, g, b}}</c>
    /// spelling of the schema Runflow mirrors is accepted in place of <c>color_hex</c>.
    /// </summary>
    private static void CheckColorPalette(JsonElement input, List<RunflowFieldError> errors)
    {
        if (!Present(input, "color_palette", out var palette))
            return;
        if (palette.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("input.color_palette", "color_palette must be an object with either name or members."));
            return;
        }

        var hasName = Present(palette, "name", out var name);
        var hasMembers = Present(palette, "members", out var members);
        foreach (var property in palette.EnumerateObject())
        {
            if (property.Name is not ("name" or "members"))
                errors.Add(new("input.color_palette." + property.Name, "Extra inputs are not permitted."));
        }

        if (hasName == hasMembers)
        {
            errors.Add(new("input.color_palette", "color_palette must specify exactly one of name or members."));
            return;
        }

        if (hasName)
        {
            if (name.ValueKind != JsonValueKind.String || !RunflowCatalog.PalettePresets.Contains(name.GetString()!))
                errors.Add(new("input.color_palette.name", "name must be one of: " + string.Join(", ", RunflowCatalog.PalettePresets.Order(StringComparer.Ordinal)) + "."));
            return;
        }

        if (members.ValueKind != JsonValueKind.Array || members.GetArrayLength() == 0)
        {
            errors.Add(new("input.color_palette.members", "members must be a non-empty array."));
            return;
        }

        var index = 0;
        foreach (var member in members.EnumerateArray())
        {
            var path = $"input.color_palette.members[{index++}]";
            if (member.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "A member must be an object."));
                continue;
            }

            var colors = 0;
            foreach (var property in member.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "color_hex":
                        colors++;
                        if (property.Value.ValueKind != JsonValueKind.String || !IsHexColor(property.Value.GetString()!))
                            errors.Add(new(path + ".color_hex", "color_hex must be a hex color like #a1b2c3."));
                        break;
                    case "rgb":
                        colors++;
                        if (!IsRgb(property.Value))
                            errors.Add(new(path + ".rgb", "rgb must be {\"r\", \"g\", \"b\"} with integers 0-255."));
                        break;
                    case "color_weight":
                        if (property.Value.ValueKind != JsonValueKind.Number || property.Value.GetDouble() is < 0.05 or > 1.0)
                            errors.Add(new(path + ".color_weight", "color_weight must be a number between 0.05 and 1.0."));
                        break;
                    default:
                        errors.Add(new(path + "." + property.Name, "Extra inputs are not permitted."));
                        break;
                }
            }

            if (colors != 1)
                errors.Add(new(path, "A member needs exactly one of color_hex or rgb."));
        }
    }

    private static bool IsRgb(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return false;
        var seen = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name is not ("r" or "g" or "b")
                || property.Value.ValueKind != JsonValueKind.Number
                || !property.Value.TryGetInt32(out var channel)
                || channel is < 0 or > 255)
            {
                return false;
            }

            seen++;
        }

        return seen == 3;
    }

    private static bool CheckStyleCodes(JsonElement input, List<RunflowFieldError> errors)
    {
        if (!Present(input, "style_codes", out var codes))
            return false;
        if (codes.ValueKind != JsonValueKind.Array || codes.GetArrayLength() == 0)
        {
            errors.Add(new("input.style_codes", "style_codes must be a non-empty array of 8-character hex codes."));
            return true;
        }

        var index = 0;
        foreach (var code in codes.EnumerateArray())
        {
            if (code.ValueKind != JsonValueKind.String || !IsStyleCode(code.GetString()!))
                errors.Add(new($"input.style_codes[{index}]", "A style code must be 8 hexadecimal characters."));
            index++;
        }

        return true;
    }

    private static bool CheckImageUrls(JsonElement input, List<RunflowFieldError> errors)
    {
        if (!Present(input, "image_urls", out var urls))
            return false;
        if (urls.ValueKind != JsonValueKind.Array || urls.GetArrayLength() == 0)
        {
            errors.Add(new("input.image_urls", "image_urls must be a non-empty array of URLs."));
            return true;
        }

        var index = 0;
        long inlineBytes = 0;
        foreach (var url in urls.EnumerateArray())
        {
            var path = $"input.image_urls[{index++}]";
            var text = url.ValueKind == JsonValueKind.String ? url.GetString()! : null;
            if (text is null)
            {
                errors.Add(new(path, "An image URL must be a string."));
            }
            else if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                var size = DataUriImageSize(text);
                if (size < 0)
                    errors.Add(new(path, "A data URI must be data:image/(png|jpeg|webp);base64,<data>."));
                else
                    inlineBytes += size;
            }
            else if (!IsHttpUrl(text, out _))
            {
                errors.Add(new(path, $"media URL must use HTTP(S) or data URI, got '{SchemeOf(text)}'."));
            }
        }

        if (inlineBytes > RunflowCatalog.MaxStyleReferenceBytes)
            errors.Add(new("input.image_urls", "Style reference images exceed the 10 MB total."));
        return true;
    }

    private static string SchemeOf(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? text[..colon] : text;
    }

    /// <summary>Decoded size of a JPEG, PNG or WebP base64 data URI, or -1 when it is not one.</summary>
    private static long DataUriImageSize(string text)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
            return -1;
        var header = text[5..comma];
        if (header is not ("image/png;base64" or "image/jpeg;base64" or "image/jpg;base64" or "image/webp;base64"))
            return -1;
        var payload = text.AsSpan(comma + 1);
        var buffer = new byte[payload.Length / 4 * 3 + 3];
        return payload.Length > 0 && Convert.TryFromBase64Chars(payload, buffer, out var written) ? written : -1;
    }
}
