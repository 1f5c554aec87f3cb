using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.Emulator.Hosting;
using Ideogram.Sdk.Emulator.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator.Providers.Ideogram;

/// <summary>
/// Ideogram's API: <c>POST /v1/ideogram-v3/{generate, generate-transparent, edit, inpaint, remix, reframe,
/// replace-background}</c>, <c>POST /describe</c> and <c>POST /upscale</c>, authenticated with the <c>Api-Key</c> header.
/// Every route takes <c>multipart/form-data</c>; generate and generate-transparent also take <c>application/json</c>.
/// Errors are <c>{"error": "..."}</c>: 401 for a missing or refused key, 400 for a broken rule, 415 for another
/// content type, 422 for a failed safety check.
/// </summary>
internal sealed partial class IdeogramEndpoints : IProviderEndpoints
{
    /// <summary>Status for a missing or refused key. The spec lists 403 instead of 401 on remix and upscale; 401 is served everywhere.</summary>
    private const int UnauthorizedStatus = StatusCodes.Status401Unauthorized;

    private const long MaxSeed = 2147483647;
    private const int MaxFileBytes = 10 * 1024 * 1024;

    private static readonly FrozenSet<string> GenerateFields = Set(
        "prompt", "seed", "resolution", "aspect_ratio", "rendering_speed", "magic_prompt", "negative_prompt", "num_images",
        "color_palette", "style_codes", "style_type", "style_preset", "custom_model_uri", "style_reference_images",
        "character_reference_images", "character_reference_images_mask", "enable_copyright_detection");

    private static readonly FrozenSet<string> TransparentFields = Set(
        "prompt", "seed", "upscale_factor", "aspect_ratio", "rendering_speed", "magic_prompt", "negative_prompt",
        "num_images", "custom_model_uri");

    private static readonly FrozenSet<string> EditFields = Set(
        "image", "mask", "prompt", "magic_prompt", "num_images", "seed", "rendering_speed", "style_type", "style_preset",
        "custom_model_uri", "color_palette", "style_codes", "style_reference_images", "character_reference_images",
        "character_reference_images_mask");

    private static readonly FrozenSet<string> RemixFields = Set(
        "image", "prompt", "image_weight", "seed", "resolution", "aspect_ratio", "rendering_speed", "magic_prompt",
        "negative_prompt", "num_images", "color_palette", "style_codes", "style_type", "style_preset", "custom_model_uri",
        "style_reference_images", "character_reference_images", "character_reference_images_mask");

    private static readonly FrozenSet<string> ReframeFields = Set(
        "image", "resolution", "num_images", "seed", "rendering_speed", "style_preset", "color_palette", "style_codes",
        "style_reference_images");

    private static readonly FrozenSet<string> ReplaceBackgroundFields = Set(
        "image", "prompt", "magic_prompt", "num_images", "seed", "rendering_speed", "style_preset", "color_palette",
        "style_codes", "style_reference_images");

    private static readonly FrozenSet<string> DescribeFields = Set("image_file", "describe_model_version");
    private static readonly FrozenSet<string> UpscaleFields = Set("image_file", "image_request");
    private static readonly FrozenSet<string> UpscaleRequestFields = Set(
        "prompt", "resemblance", "detail", "magic_prompt_option", "magic_prompt_version", "num_images", "seed");

    private static readonly FrozenSet<string> PaletteFields = Set("name", "members");
    private static readonly FrozenSet<string> PaletteMemberFields = Set("color_hex", "color_weight");

    /// <inheritdoc/>
    public EmulatedProvider Provider => EmulatedProvider.Ideogram;

    /// <inheritdoc/>
    /// <remarks>Every POST is a paid operation. Images: <c>num_images</c> (default 1; upscale: inside <c>image_request</c>); describe asks for none.</remarks>
    public async ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return RequestProfile.Other;
        }

        if (string.Equals(path, "/describe", StringComparison.OrdinalIgnoreCase))
        {
            return RequestProfile.Submission(0);
        }

        if (string.Equals(path, "/upscale", StringComparison.OrdinalIgnoreCase))
        {
            var imageRequest = await BodyPeek.MultipartTextAsync(request.ContentType, body, "image_request", cancellationToken);
            return RequestProfile.Submission(imageRequest is null ? 1 : BodyPeek.JsonInteger(Encoding.UTF8.GetBytes(imageRequest), "num_images") ?? 1);
        }

        if (!path.StartsWith("/v1/ideogram-v3/", StringComparison.OrdinalIgnoreCase))
        {
            return RequestProfile.Other;
        }

        var count = EmuHttp.HasMediaType(request.HttpContext, "application/json")
            ? BodyPeek.JsonInteger(body, "num_images")
            : BodyPeek.Integer(await BodyPeek.MultipartTextAsync(request.ContentType, body, "num_images", cancellationToken));
        return RequestProfile.Submission(count ?? 1);
    }

    /// <inheritdoc/>
    public void Map(IEndpointRouteBuilder routes, EmulatorContext context)
    {
        Route(routes, context, "/v1/ideogram-v3/generate", acceptsJson: true, GenerateAsync);
        Route(routes, context, "/v1/ideogram-v3/generate-transparent", acceptsJson: true, TransparentAsync);
        Route(routes, context, "/v1/ideogram-v3/edit", acceptsJson: false, EditAsync);
        Route(routes, context, "/v1/ideogram-v3/inpaint", acceptsJson: false, EditAsync);
        Route(routes, context, "/v1/ideogram-v3/remix", acceptsJson: false, RemixAsync);
        Route(routes, context, "/v1/ideogram-v3/reframe", acceptsJson: false, ReframeAsync);
        Route(routes, context, "/v1/ideogram-v3/replace-background", acceptsJson: false, ReplaceBackgroundAsync);
        Route(routes, context, "/describe", acceptsJson: false, DescribeAsync);
        Route(routes, context, "/upscale", acceptsJson: false, UpscaleAsync);
        routes.MapPost("/v1/ideogram-v3/{operation}", (HttpContext http) =>
            EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status404NotFound, "Not found."));
    }

    private static void Route(
        IEndpointRouteBuilder routes,
        EmulatorContext context,
        string path,
        bool acceptsJson,
        Func<FieldReader, EmulatorContext, Task<JsonObject>> handler) =>
        routes.MapPost(path, async (HttpContext http) =>
        {
            if (!context.IsKeyAccepted(EmuHttp.Header(http, "Api-Key")))
            {
                await EmuHttp.WriteJsonErrorAsync(http, UnauthorizedStatus, "Not authorized to generate an image.");
                return;
            }

            try
            {
                FieldReader fields;
                if (EmuHttp.HasMediaType(http, "multipart/form-data"))
                {
                    fields = await FieldReader.FromMultipartAsync(http);
                }
                else if (acceptsJson && EmuHttp.HasMediaType(http, "application/json"))
                {
                    fields = await FieldReader.FromJsonAsync(http);
                }
                else
                {
                    throw new RequestValidationException(
                        $"Unsupported Content-Type '{http.Request.ContentType}'; expected multipart/form-data{(acceptsJson ? " or application/json" : "")}.",
                        StatusCodes.Status415UnsupportedMediaType);
                }

                var body = await handler(fields, context);
                await EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, body);
            }
            catch (RequestValidationException ex)
            {
                await EmuHttp.WriteJsonErrorAsync(http, ex.StatusCode, ex.Message);
            }
        });

    private static Task<JsonObject> GenerateAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(GenerateFields, context.Options.AllowUnknownFields);
        var prompt = fields.RequiredString("prompt");
        var size = SizeFromResolutionOrAspectRatio(fields) ?? (1024, 1024);
        var common = ReadCommon(fields, context, styleType: true, references: true, characters: true, palette: true);
        fields.String("negative_prompt");
        fields.String("custom_model_uri");
        fields.Boolean("enable_copyright_detection");
        CheckPromptSafety(prompt);
        return Task.FromResult(Result(context, prompt, size, common, transparentFactor: null));
    }

    private static Task<JsonObject> TransparentAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(TransparentFields, context.Options.AllowUnknownFields);
        var prompt = fields.RequiredString("prompt");
        var aspect = fields.Enum("aspect_ratio", IdeogramCatalog.AspectRatioNames) ?? "1x1";
        var factor = IdeogramCatalog.UpscaleFactors[fields.Enum("upscale_factor", IdeogramCatalog.UpscaleFactorNames) ?? "X1"];
        var common = ReadCommon(fields, context, styleType: false, references: false, characters: false, palette: false);
        if (common.RenderingSpeed == "FLASH")
        {
            throw new RequestValidationException("FLASH is not supported for transparent-background generation.");
        }

        fields.String("negative_prompt");
        fields.String("custom_model_uri");
        CheckPromptSafety(prompt);
        return Task.FromResult(Result(context, prompt, IdeogramCatalog.AspectRatios[aspect], common, factor));
    }

    private static Task<JsonObject> EditAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(EditFields, context.Options.AllowUnknownFields);
        var image = RequiredImage(fields, "image");
        var mask = RequiredImage(fields, "mask");
        var prompt = fields.RequiredString("prompt");
        var size = ImageSize(image.Bytes);
        if (PngImage.TryReadSize(mask.Bytes, out var mw, out var mh) && PngImage.TryReadSize(image.Bytes, out var iw, out var ih)
            && (mw != iw || mh != ih))
        {
            throw new RequestValidationException($"The mask ({mw}x{mh}) must be the same size as the image ({iw}x{ih}).");
        }

        var common = ReadCommon(fields, context, styleType: true, references: true, characters: true, palette: true);
        fields.String("custom_model_uri");
        CheckPromptSafety(prompt);
        return Task.FromResult(Result(context, prompt, size, common, transparentFactor: null));
    }

    private static Task<JsonObject> RemixAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(RemixFields, context.Options.AllowUnknownFields);
        RequiredImage(fields, "image");
        var prompt = fields.RequiredString("prompt");
        fields.Integer("image_weight", 1, 100);
        var size = SizeFromResolutionOrAspectRatio(fields) ?? (1024, 1024);
        var common = ReadCommon(fields, context, styleType: true, references: true, characters: true, palette: true);
        fields.String("negative_prompt");
        fields.String("custom_model_uri");
        CheckPromptSafety(prompt);
        return Task.FromResult(Result(context, prompt, size, common, transparentFactor: null));
    }

    private static Task<JsonObject> ReframeAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(ReframeFields, context.Options.AllowUnknownFields);
        RequiredImage(fields, "image");
        var resolution = fields.Enum("resolution", IdeogramCatalog.Resolutions)
            ?? throw new RequestValidationException("'resolution' is required.");
        var common = ReadCommon(fields, context, styleType: false, references: true, characters: false, palette: true);

        // Reframe has no prompt; the response still carries one (the prompt Ideogram used).
        return Task.FromResult(Result(context, "Reframed image", IdeogramCatalog.ParseResolution(resolution), common, transparentFactor: null));
    }

    private static Task<JsonObject> ReplaceBackgroundAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(ReplaceBackgroundFields, context.Options.AllowUnknownFields);
        var image = RequiredImage(fields, "image");
        var prompt = fields.RequiredString("prompt");
        var common = ReadCommon(fields, context, styleType: false, references: true, characters: false, palette: true);
        CheckPromptSafety(prompt);
        return Task.FromResult(Result(context, prompt, ImageSize(image.Bytes), common, transparentFactor: null));
    }

    private static Task<JsonObject> DescribeAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(DescribeFields, context.Options.AllowUnknownFields);
        var image = RequiredImage(fields, "image_file");
        fields.Enum("describe_model_version", IdeogramCatalog.DescribeModelVersions);
        var (width, height) = ImageSize(image.Bytes);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"A {width}x{height} image with a smooth diagonal colour gradient crossed by a bright band, in a clean, minimal style.");
        return Task.FromResult(new JsonObject
        {
            ["descriptions"] = new JsonArray(new JsonObject { ["text"] = text }),
        });
    }

    private static Task<JsonObject> UpscaleAsync(FieldReader fields, EmulatorContext context)
    {
        fields.RejectUnknown(UpscaleFields, context.Options.AllowUnknownFields);
        var image = RequiredImage(fields, "image_file");
        var request = fields.Object("image_request") ?? throw new RequestValidationException("'image_request' is required.");
        foreach (var property in request.EnumerateObject())
        {
            if (!context.Options.AllowUnknownFields && !UpscaleRequestFields.Contains(property.Name))
            {
                throw new RequestValidationException($"Unknown field 'image_request.{property.Name}'.");
            }
        }

        var prompt = JsonString(request, "prompt", "image_request.prompt");
        JsonInteger(request, "resemblance", 1, 100);
        JsonInteger(request, "detail", 1, 100);
        JsonEnum(request, "magic_prompt_option", IdeogramCatalog.MagicPromptOptions);
        JsonEnum(request, "magic_prompt_version", IdeogramCatalog.MagicPromptVersions);
        var count = (int)(JsonInteger(request, "num_images", 1, 8) ?? 1);
        var seed = JsonInteger(request, "seed", 0, MaxSeed);
        CheckPromptSafety(prompt);

        // The upscaler doubles each side; resolution is the input's, upscaled_resolution the output's.
        var (width, height) = ImageSize(image.Bytes);
        var data = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var imageSeed = NthSeed(seed, i);
            var text = prompt ?? "An upscaled image.";
            var stored = context.Images.Create(EmulatedProvider.Ideogram, width * 2, height * 2, imageSeed, text);
            data.Add(new JsonObject
            {
                ["url"] = stored.Url.AbsoluteUri,
                ["prompt"] = text,
                ["resolution"] = Resolution(width, height),
                ["upscaled_resolution"] = Resolution(width * 2, height * 2),
                ["is_image_safe"] = true,
                ["seed"] = imageSeed,
                ["style_type"] = "GENERAL",
            });
        }

        return Task.FromResult(new JsonObject { ["created"] = Created(context), ["data"] = data });
    }

    private static CommonFields ReadCommon(FieldReader fields, EmulatorContext context, bool styleType, bool references, bool characters, bool palette)
    {
        var seed = fields.Integer("seed", 0, MaxSeed);
        var count = (int)(fields.Integer("num_images", 1, 8) ?? 1);
        var speed = fields.Enum("rendering_speed", IdeogramCatalog.RenderingSpeeds) ?? "DEFAULT";
        var magic = fields.Enum("magic_prompt", IdeogramCatalog.MagicPromptOptions);
        var style = styleType ? fields.Enum("style_type", IdeogramCatalog.StyleTypes) : null;
        if (fields.Has("style_preset"))
        {
            fields.Enum("style_preset", IdeogramCatalog.StylePresets);
        }

        if (palette && fields.Object("color_palette") is { } paletteJson)
        {
            ValidatePalette(paletteJson, context.Options.AllowUnknownFields);
        }

        var styleReferences = references ? fields.Files("style_reference_images") : [];
        CheckImages(styleReferences, "style_reference_images");

        if (fields.Has("style_codes"))
        {
            var codes = fields.StringList("style_codes")!;
            foreach (var code in codes)
            {
                if (!StyleCode().IsMatch(code))
                {
                    throw new RequestValidationException($"Each style code must be 8 hexadecimal characters; got '{code}'.");
                }
            }

            if (codes.Count > 0 && style is not null)
            {
                throw new RequestValidationException("'style_codes' cannot be used in conjunction with 'style_type'.");
            }

            if (codes.Count > 0 && styleReferences.Count > 0)
            {
                throw new RequestValidationException("'style_codes' cannot be used in conjunction with 'style_reference_images'.");
            }
        }

        if (characters)
        {
            var characterImages = fields.Files("character_reference_images");
            var masks = fields.Files("character_reference_images_mask");
            CheckImages(characterImages, "character_reference_images");
            CheckImages(masks, "character_reference_images_mask");
            if (characterImages.Count > 1)
            {
                throw new RequestValidationException("Only 1 character reference image is currently supported.");
            }

            if (masks.Count > 0 && masks.Count != characterImages.Count)
            {
                throw new RequestValidationException(
                    "The number of 'character_reference_images_mask' must match the number of 'character_reference_images'.");
            }
        }

        return new CommonFields(seed, count, speed, magic, style);
    }

    private static void ValidatePalette(JsonElement palette, bool allowUnknown)
    {
        foreach (var property in palette.EnumerateObject())
        {
            if (!allowUnknown && !PaletteFields.Contains(property.Name))
            {
                throw new RequestValidationException($"Unknown field 'color_palette.{property.Name}'.");
            }
        }

        var hasName = palette.TryGetProperty("name", out var name);
        var hasMembers = palette.TryGetProperty("members", out var members);
        if (hasName == hasMembers)
        {
            throw new RequestValidationException("'color_palette' must specify either 'name' or 'members', not both or neither.");
        }

        if (hasName)
        {
            if (name.ValueKind != JsonValueKind.String || !IdeogramCatalog.PalettePresets.Contains(name.GetString()!))
            {
                throw new RequestValidationException(
                    $"'color_palette.name' must be one of: {string.Join(", ", IdeogramCatalog.PalettePresets.Order(StringComparer.Ordinal))}.");
            }

            return;
        }

        if (members.ValueKind != JsonValueKind.Array || members.GetArrayLength() is < 1 or > 8)
        {
            throw new RequestValidationException("'color_palette.members' must be an array of 1 to 8 colours.");
        }

        foreach (var member in members.EnumerateArray())
        {
            if (member.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException("Each 'color_palette.members' item must be an object.");
            }

            foreach (var property in member.EnumerateObject())
            {
                if (!allowUnknown && !PaletteMemberFields.Contains(property.Name))
                {
                    throw new RequestValidationException($"Unknown field 'color_palette.members[].{property.Name}'.");
                }
            }

            if (!member.TryGetProperty("color_hex", out var hex) || hex.ValueKind != JsonValueKind.String || !ColorHex().IsMatch(hex.GetString()!))
            {
                throw new RequestValidationException("'color_hex' is required and must look like #RGB or #RRGGBB.");
            }

            if (member.TryGetProperty("color_weight", out var weight)
                && (weight.ValueKind != JsonValueKind.Number || weight.GetDouble() is < 0.05 or > 1.0))
            {
                throw new RequestValidationException("'color_weight' must be a number between 0.05 and 1.0.");
            }
        }
    }

    private static (int Width, int Height)? SizeFromResolutionOrAspectRatio(FieldReader fields)
    {
        var resolution = fields.Enum("resolution", IdeogramCatalog.Resolutions);
        var aspect = fields.Enum("aspect_ratio", IdeogramCatalog.AspectRatioNames);
        if (resolution is not null && aspect is not null)
        {
            throw new RequestValidationException("'resolution' cannot be used in conjunction with 'aspect_ratio'.");
        }

        return resolution is not null ? IdeogramCatalog.ParseResolution(resolution)
            : aspect is not null ? IdeogramCatalog.AspectRatios[aspect]
            : null;
    }

    private static UploadedFile RequiredImage(FieldReader fields, string name)
    {
        var files = fields.Files(name);
        if (files.Count == 0)
        {
            throw new RequestValidationException($"'{name}' is required.");
        }

        if (files.Count > 1)
        {
            throw new RequestValidationException($"'{name}' must be a single file.");
        }

        CheckImages(files, name);
        return files[0];
    }

    private static void CheckImages(IReadOnlyList<UploadedFile> files, string name)
    {
        long total = 0;
        foreach (var file in files)
        {
            if (file.Bytes.Length > MaxFileBytes)
            {
                throw new RequestValidationException($"'{name}' must be at most 10MB.");
            }

            if (!PngImage.LooksLikeSupportedImage(file.Bytes))
            {
                throw new RequestValidationException($"'{name}' must be a JPEG, PNG or WebP image.");
            }

            if (MagicWords.In(file.FileName, MagicWords.UnsafeInput))
            {
                throw new RequestValidationException(
                    "Image provided failed safety check due to the inclusion of prohibited content.",
                    StatusCodes.Status422UnprocessableEntity);
            }

            total += file.Bytes.Length;
        }

        if (total > MaxFileBytes)
        {
            throw new RequestValidationException($"'{name}' must total at most 10MB.");
        }
    }

    private static void CheckPromptSafety(string? prompt)
    {
        if (MagicWords.In(prompt, MagicWords.UnsafePrompt))
        {
            throw new RequestValidationException(
                "Prompt provided failed safety check due to the inclusion of prohibited content.",
                StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static (int Width, int Height) ImageSize(byte[] bytes) =>
        PngImage.TryReadSize(bytes, out var width, out var height) ? (width, height) : (1024, 1024);

    private static JsonObject Result(EmulatorContext context, string prompt, (int Width, int Height) size, CommonFields common, int? transparentFactor)
    {
        var usedPrompt = common.MagicPrompt == "ON" ? prompt + ", rendered in rich detail with balanced composition and lighting" : prompt;
        var styleType = common.StyleType is null or "AUTO" ? "GENERAL" : common.StyleType;
        var unsafeOutput = MagicWords.In(prompt, MagicWords.UnsafeOutput);
        var data = new JsonArray();
        for (var i = 0; i < common.Count; i++)
        {
            var seed = NthSeed(common.Seed, i);
            var factor = transparentFactor ?? 1;
            var item = new JsonObject
            {
                ["url"] = unsafeOutput
                    ? null
                    : context.Images.Create(
                        EmulatedProvider.Ideogram, size.Width * factor, size.Height * factor, seed, usedPrompt, transparent: transparentFactor is not null).Url.AbsoluteUri,
                ["prompt"] = usedPrompt,
                ["resolution"] = Resolution(size.Width, size.Height),
            };
            if (transparentFactor is > 1)
            {
                item["upscaled_resolution"] = Resolution(size.Width * factor, size.Height * factor);
            }

            item["is_image_safe"] = !unsafeOutput;
            item["seed"] = seed;
            item["style_type"] = styleType;
            data.Add(item);
        }

        return new JsonObject { ["created"] = Created(context), ["data"] = data };
    }

    /// <summary>The seed of the <paramref name="index"/>-th image: the requested seed plus the index, or a random one.</summary>
    private static long NthSeed(long? seed, int index) => seed is { } s ? (s + index) % (MaxSeed + 1) : Ids.NewSeed();

    /// <summary>Python <c>isoformat()</c> in UTC with microseconds, as real responses show: <c>2024-10-30T22:46:49.796902+00:00</c>.</summary>
    private static string Created(EmulatorContext context) =>
        context.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00";

    private static string Resolution(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");

    private static string? JsonString(JsonElement json, string name, string label) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new RequestValidationException($"'{label}' must be a string.");

    private static long? JsonInteger(JsonElement json, string name, long min, long max)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var parsed))
        {
            throw new RequestValidationException($"'image_request.{name}' must be an integer.");
        }

        return parsed < min || parsed > max
            ? throw new RequestValidationException($"'image_request.{name}' must be between {min} and {max}; got {parsed}.")
            : parsed;
    }

    private static void JsonEnum(JsonElement json, string name, FrozenSet<string> allowed)
    {
        var value = JsonString(json, name, "image_request." + name);
        if (value is not null && !allowed.Contains(value))
        {
            throw new RequestValidationException(
                $"'image_request.{name}' must be one of: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}; got '{value}'.");
        }
    }

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex("^[0-9a-fA-F]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex StyleCode();

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}){1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColorHex();

    private sealed record CommonFields(long? Seed, int Count, string RenderingSpeed, string? MagicPrompt, string? StyleType);
}
