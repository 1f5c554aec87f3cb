using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ideogram.Sdk.Providers.Runflow;

/// <summary>The body of <c>POST /v1/models/ideogram/v3/runs</c>.</summary>
internal sealed class RunflowCreateRun
{
    [JsonPropertyName("input")]
    public RunflowIdeogramInput Input { get; set; } = new();

    [JsonPropertyName("callback_url")]
    public string? CallbackUrl { get; set; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; set; }

    [JsonPropertyName("client_ref")]
    public string? ClientRef { get; set; }
}

/// <summary>The <c>input</c> object of <c>ideogram/v3</c>.</summary>
internal sealed class RunflowIdeogramInput
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("num_images")]
    public int? NumImages { get; set; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; set; }

    [JsonPropertyName("style")]
    public string? Style { get; set; }

    [JsonPropertyName("style_preset")]
    public string? StylePreset { get; set; }

    [JsonPropertyName("expand_prompt")]
    public bool? ExpandPrompt { get; set; }

    [JsonPropertyName("rendering_speed")]
    public string? RenderingSpeed { get; set; }

    [JsonPropertyName("color_palette")]
    public RunflowColorPalette? ColorPalette { get; set; }

    [JsonPropertyName("style_codes")]
    public List<string>? StyleCodes { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("image_urls")]
    public List<string>? ImageUrls { get; set; }

    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; set; }
}

/// <summary>
/// <c>color_palette</c>: <c>{"name": preset}</c> or <c>{"members": [...]}</c>. Unconfirmed: the page describes members
/// only as "hexadecimal representations of the color with optional weights"; Ideogram's own spelling
/// (<c>color_hex</c>, <c>color_weight</c>) is used.
/// </summary>
internal sealed class RunflowColorPalette
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("members")]
    public List<RunflowColorPaletteMember>? Members { get; set; }
}

internal sealed class RunflowColorPaletteMember
{
    [JsonPropertyName("color_hex")]
    public string ColorHex { get; set; } = string.Empty;

    [JsonPropertyName("color_weight")]
    public double? ColorWeight { get; set; }
}

/// <summary>
/// A run as Runflow reports it: the run object (create answer, <c>GET /v1/runs/{id}</c>) and the callback payload
/// share this type, so both are read by the same code. Run objects say <c>id</c> and <c>status_code</c>; callbacks say
/// <c>run_id</c>, <c>status</c> and <c>event</c>.
/// </summary>
internal sealed class RunflowRun
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("run_id")]
    public string? RunId { get; set; }

    [JsonPropertyName("batch_id")]
    public string? BatchId { get; set; }

    [JsonPropertyName("status_code")]
    public string? StatusCode { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("event")]
    public string? Event { get; set; }

    /// <summary>Read once, with the run: the documented output object, or the raw value when it is anything else.</summary>
    [JsonPropertyName("output")]
    public RunflowRunOutput? Output { get; set; }

    [JsonPropertyName("failure_code")]
    public string? FailureCode { get; set; }

    [JsonPropertyName("failure_message")]
    public string? FailureMessage { get; set; }

    [JsonPropertyName("failure_stage_code")]
    public string? FailureStageCode { get; set; }

    [JsonPropertyName("failure_stage")]
    public string? FailureStage { get; set; }

    /// <summary>The official SDK's spelling of a failure: <c>{code?, message?}</c>.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    /// <summary>Decimal USD, documented as a string (a number is read too; anything else is no cost).</summary>
    [JsonPropertyName("cost")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Cost { get; set; }

    [JsonPropertyName("created_at")]
    public string? CreatedAt { get; set; }

    [JsonPropertyName("completed_at")]
    public string? CompletedAt { get; set; }

    /// <summary>The official SDK's name for <c>completed_at</c>.</summary>
    [JsonPropertyName("finished_at")]
    public string? FinishedAt { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }
}

/// <summary>
/// A succeeded run's <c>output</c>. Documented as <c>{outputs: [{url, type, width, height, ...}], seed, nsfw_detected,
/// timing}</c>; other documented shapes are <c>{image_urls: [...]}</c> (the callbacks page), <c>{image: {url}}</c>,
/// <c>{url}</c> and <c>{output_url}</c> (the official SDK's fallbacks). On a failed run's callback it may be an error
/// envelope instead.
/// </summary>
internal sealed class RunflowOutput
{
    [JsonPropertyName("outputs")]
    public List<RunflowOutputItem?>? Outputs { get; set; }

    [JsonPropertyName("image_urls")]
    public List<string?>? ImageUrls { get; set; }

    [JsonPropertyName("image")]
    public RunflowOutputItem? Image { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("output_url")]
    public string? OutputUrl { get; set; }

    /// <summary>A number, or a number written as a string; anything else is no seed.</summary>
    [JsonPropertyName("seed")]
    [JsonConverter(typeof(LenientInt64Converter))]
    public long? Seed { get; set; }

    [JsonPropertyName("nsfw_detected")]
    public bool? NsfwDetected { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    /// <summary>An error envelope's <c>failure_code</c> (text only; any other value is ignored, as it is not an output field).</summary>
    [JsonPropertyName("failure_code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? FailureCode { get; set; }

    /// <summary>An error envelope's <c>failure_message</c> (text only).</summary>
    [JsonPropertyName("failure_message")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? FailureMessage { get; set; }

    /// <summary>An error envelope's <c>detail</c> (text only).</summary>
    [JsonPropertyName("detail")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Detail { get; set; }
}

/// <summary>
/// A run's <c>output</c>, read in the same pass as the run: an object of the documented shape becomes
/// <see cref="Read"/>; any other value (a string, an array, an object that does not read as <see cref="RunflowOutput"/>)
/// is kept as <see cref="Raw"/>, with the reason an object did not read in <see cref="Problem"/>.
/// </summary>
[JsonConverter(typeof(RunflowRunOutputConverter))]
internal sealed class RunflowRunOutput(RunflowOutput? read, JsonElement? raw, JsonException? problem)
{
    public RunflowOutput? Read { get; } = read;

    public JsonElement? Raw { get; } = raw;

    public JsonException? Problem { get; } = problem;

    /// <summary>Whether the output is a JSON object (read or not).</summary>
    public bool IsObject => Read is not null || Raw?.ValueKind == JsonValueKind.Object;
}

/// <summary>Reads <see cref="RunflowRunOutput"/>: the documented object without keeping a copy of its JSON, anything else as it is.</summary>
internal sealed class RunflowRunOutputConverter : JsonConverter<RunflowRunOutput>
{
    public override RunflowRunOutput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var probe = reader;
            try
            {
                var read = JsonSerializer.Deserialize(ref probe, RunflowJsonContext.Default.RunflowOutput);
                reader = probe;
                return new RunflowRunOutput(read, null, null);
            }
            catch (JsonException e)
            {
                return new RunflowRunOutput(null, JsonElement.ParseValue(ref reader), e);
            }
        }

        return new RunflowRunOutput(null, JsonElement.ParseValue(ref reader), null);
    }

    public override void Write(Utf8JsonWriter writer, RunflowRunOutput value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A run's output is only read.");
}

/// <summary>A number, or a number written as a string (<see cref="NumberStyles.Number"/>); any other value reads as <see langword="null"/>.</summary>
internal sealed class LenientDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var number) ? number : null;
            case JsonTokenType.String:
                return decimal.TryParse(reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only read.");
}

/// <summary>A whole number, or one written as a string (<see cref="NumberStyles.Integer"/>); any other value reads as <see langword="null"/>.</summary>
internal sealed class LenientInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number : null;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only read.");
}

/// <summary>A string; any other value reads as <see langword="null"/>.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Only read.");
}

/// <summary>One entry of <c>outputs</c>: <c>url</c> and <c>type</c> are shown in examples; the rest are optional.</summary>
internal sealed class RunflowOutputItem
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("width")]
    public int? Width { get; set; }

    [JsonPropertyName("height")]
    public int? Height { get; set; }

    [JsonPropertyName("content_type")]
    public string? ContentType { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RunflowCreateRun))]
[JsonSerializable(typeof(RunflowRun))]
[JsonSerializable(typeof(RunflowOutput))]
internal sealed partial class RunflowJsonContext : JsonSerializerContext;
